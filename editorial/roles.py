"""The two roles and the one workflow, as data: applied by a migration on every fresh
database and by ``manage.py sync_roles`` to repair a site whose settings were edited by
hand. Both take an ``apps`` registry so the same code runs on historical models.

- Contributors: create stories and tutorials, edit pages they own, upload and choose
  images, submit for review. No publish, no "edit any page".
- Editors: edit, publish, unpublish, schedule, lock every page under the home page; review
  the "Editorial review" workflow; manage images, documents, tags and tutorial series.
"""

CONTRIBUTORS = "Contributors"
EDITORS = "Editors"
WORKFLOW_NAME = "Editorial review"
TASK_NAME = "Editors' review"
# Its earlier name, which read as a status ("Awaiting Editors approve"): renamed in place.
LEGACY_TASK_NAMES = ["Editors approve"]

CONTRIBUTOR_PAGE_PERMISSIONS = ["add_page"]
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
CONTRIBUTOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
]
EDITOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtailimages", "delete_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtaildocs", "delete_document"),
]
EDITOR_MODEL_PERMISSIONS = [
    ("taggit", "add_tag"),
    ("taggit", "change_tag"),
    ("taggit", "delete_tag"),
    ("blog", "add_tutorialseries"),
    ("blog", "change_tutorialseries"),
    ("blog", "delete_tutorialseries"),
    ("wagtailsearchpromotions", "add_query"),
    ("wagtailsearchpromotions", "change_query"),
    ("wagtailsearchpromotions", "delete_query"),
]
# Wagtail's own starting groups and workflow, replaced by the two roles above.
WAGTAIL_DEFAULT_GROUPS = ["Moderators"]
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"


def _permission(apps, app_label, codename):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


def _ensure_permissions_exist(apps):
    """Permissions are normally made after all migrations; a fresh database needs them now.

    Only for a migration's historical registry: on the live registry (sync_roles, the demo
    loader) migrate has already made them, and create_permissions would clear the
    ContentType cache under running code for nothing.
    """
    from django.apps import apps as live_apps
    from django.contrib.auth.management import create_permissions

    if apps is live_apps:
        return
    for app_config in apps.get_app_configs():
        # Historical app configs have no models module, which create_permissions skips.
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def _set_group_permissions(apps, group, wanted):
    """Give ``group`` exactly the model permissions in ``wanted`` (app_label, codename)."""
    permissions = [p for p in (_permission(apps, *pair) for pair in wanted) if p is not None]
    group.permissions.set(permissions)


def _sync_rows(manager, group, target_field, target, permissions):
    """Make ``group`` hold exactly ``permissions`` on ``target``, touching only what differs."""
    wanted = {p.pk for p in permissions if p is not None}
    existing = manager.filter(group=group)
    existing.exclude(**{target_field: target}, permission_id__in=wanted).delete()
    have = set(existing.filter(**{target_field: target}).values_list("permission_id", flat=True))
    for permission_id in wanted - have:
        manager.create(group=group, permission_id=permission_id, **{target_field: target})


def _set_collection_permissions(apps, group, root_collection, wanted):
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    permissions = [_permission(apps, *pair) for pair in wanted]
    _sync_rows(GroupCollectionPermission.objects, group, "collection", root_collection, permissions)


def _set_page_permissions(apps, group, page, codenames):
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    permissions = [_permission(apps, "wagtailcore", codename) for codename in codenames]
    _sync_rows(GroupPagePermission.objects, group, "page", page, permissions)


def apply_roles(apps):
    """Create or repair the roles and the workflow. Running it twice changes nothing."""
    _ensure_permissions_exist(apps)
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")

    home = Page.objects.filter(depth=2).order_by("path").first()
    root_collection = Collection.objects.filter(depth=1).first()
    access_admin = ("wagtailadmin", "access_admin")

    contributors, _ = Group.objects.get_or_create(name=CONTRIBUTORS)
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    _set_group_permissions(apps, contributors, [access_admin])
    _set_group_permissions(apps, editors, [access_admin, *EDITOR_MODEL_PERMISSIONS])
    if root_collection is not None:
        _set_collection_permissions(
            apps, contributors, root_collection, CONTRIBUTOR_COLLECTION_PERMISSIONS
        )
        _set_collection_permissions(apps, editors, root_collection, EDITOR_COLLECTION_PERMISSIONS)
    if home is not None:
        _set_page_permissions(apps, contributors, home, CONTRIBUTOR_PAGE_PERMISSIONS)
        _set_page_permissions(apps, editors, home, EDITOR_PAGE_PERMISSIONS)

    workflow = _apply_workflow(apps, editors, home)
    _retire_wagtail_defaults(apps, keep=workflow)


def _apply_workflow(apps, editors, home):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    ContentType = apps.get_model("contenttypes", "ContentType")

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.filter(name__in=LEGACY_TASK_NAMES).first()
        if task is not None:
            task.name = TASK_NAME
            task.save()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=task_type)
    if not task.active:
        task.active = True
        task.save()
    task.groups.set([editors])

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if not workflow.active:
        workflow.active = True
        workflow.save()
    WorkflowTask.objects.filter(workflow=workflow).exclude(task=task).delete()
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    # The home page carries it so every index made later is covered; the story, tutorial
    # and author indexes carry it by name too, once they exist.
    Page = apps.get_model("wagtailcore", "Page")
    indexes = Page.objects.filter(
        content_type__app_label="blog",
        content_type__model__in=["storyindexpage", "tutorialindexpage", "authorindexpage"],
    )
    for page in [*([home] if home is not None else []), *indexes]:
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    return workflow


def _retire_wagtail_defaults(apps, keep):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    for workflow in Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW).exclude(pk=keep.pk):
        WorkflowPage.objects.filter(workflow=workflow).delete()
        workflow.active = False
        workflow.save()
    Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS).delete()
