"""Who may see what in the admin.

Wagtail lets anyone with "add" permission under a page explore every page below it, so a
contributor would see other people's drafts in the explorer, the admin search, the page
chooser and the site history. ``WriterAwarePagePermissionPolicy`` narrows what such users
can explore: stories, tutorials and author profiles that are not theirs appear only when
they are live with no unpublished changes (what any reader can already see). Everything in
the admin that asks Wagtail's policy registry gets the narrower answer.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import policy_registry

from blog import kinds
from search.candidates import searchable


def is_editor(user):
    """Editors and superusers: anyone who may publish."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or policy_registry.get_by_type(Page).user_has_permission(
        user, "publish"
    )


def writer_content_types():
    """The reader page types writers own pages of (``blog.kinds``): their pieces and profile."""
    return ContentType.objects.get_for_models(*kinds.models()).values()


def may_create(user, page_class):
    """Editors create any page; contributors only the types whose kind says they may
    (journey stories and tutorials): profiles are made for them, indexes are the editors'."""
    return is_editor(user) or page_class in kinds.contributor_models()


def creation_refused(page_class):
    """What a writer is told when ``may_create`` says no."""
    allowed = " and ".join(model.kind.plural.lower() for model in kinds.contributor_models())
    return f"Only editors can create a {page_class._meta.verbose_name}. You can write {allowed}."


def may_upload(user):
    """Anyone who may add pages somewhere: contributors, editors, superusers."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or policy_registry.get_by_type(Page).user_has_permission(user, "add")


def others_unpublished_work(user):
    """Pages a writer must not see in the admin: other people's drafts and draft changes."""
    return (
        Q(content_type__in=[ct.pk for ct in writer_content_types()])
        & ~Q(owner=user)
        & (Q(live=False) | Q(has_unpublished_changes=True))
    )


def without_others_unpublished_work(pages, user):
    """``pages`` less ``others_unpublished_work(user)``, as a queryset every search backend
    can filter: the page chooser searches it, and ``has_unpublished_changes`` and ``owner``
    are not indexed fields (filtering on them answers 500 on every search)."""
    return searchable(pages.exclude(others_unpublished_work(user)), universe=pages)


class WriterAwarePagePermissionPolicy(PagePermissionPolicy):
    def explorable_instances(self, user):
        pages = super().explorable_instances(user)
        if not user.is_active or user.is_superuser or self.user_has_permission(user, "publish"):
            return pages
        return pages.exclude(others_unpublished_work(user))


def register():
    """Call once from AppConfig.ready: more specific than Wagtail's AbstractPage policy."""
    policy_registry.register(Page, WriterAwarePagePermissionPolicy(Page))
