"""Admin hooks for the editorial roles: what contributors may create and see, the Markdown
editor (its preview, icons, picture upload and help page), Write (its page, menu item and
dashboard panel), the dashboard panels, the editor's desk (queue, review, featuring), the
admin's messages in the editorial vocabulary, avatars without Gravatar, and tag management
for editors."""

from django.contrib import messages
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from taggit.models import Tag
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import desk, wording
from .avatars import profile_avatar_url
from .panels import ReviewQueuePanel, WritePanel, WriterPiecesPanel
from .permissions import creation_refused, is_editor, may_create, without_others_unpublished_work
from .privacy import may_see_reports
from .views import MarkdownHelpView, WriteView
from .write import WRITE_URL_NAME, may_write, write_url

PUBLISH_REFUSED = "You cannot publish: submit the page for review instead."


def _posts_publish(request):
    return request.method == "POST" and bool(request.POST.get("action-publish"))


# Wagtail quietly saves a draft when someone without publish permission posts the publish
# button; a refused action should change nothing, so these hooks refuse it outright.
@hooks.register("before_edit_page")
def refuse_publish_without_permission_on_edit(request, page):
    if _posts_publish(request) and not page.permissions_for_user(request.user).can_publish():
        messages.error(request, PUBLISH_REFUSED)
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_create_page")
def only_stories_and_tutorials_for_contributors(request, parent_page, page_class):
    perms = parent_page.permissions_for_user(request.user)
    if _posts_publish(request) and not perms.can_publish_subpage():
        messages.error(request, PUBLISH_REFUSED)
        return redirect("wagtailadmin_explore", parent_page.pk)
    if may_create(request.user, page_class):
        return None
    messages.error(request, creation_refused(page_class))
    return redirect("wagtailadmin_explore", parent_page.pk)


@hooks.register("construct_page_chooser_queryset")
def hide_others_drafts_in_chooser(pages, request):
    if is_editor(request.user):
        return pages
    return without_others_unpublished_work(pages, request.user)


@hooks.register("construct_reports_menu")
def reports_for_editors_only(request, menu_items):
    # The URLs are refused too (editorial.privacy); an empty Reports menu is not shown.
    if not may_see_reports(request.user):
        menu_items[:] = []


@hooks.register("insert_editor_js")
def markdown_editor_settings():
    # EasyMDE's own preview renders Markdown in the browser without sanitising it; the
    # editor uses Wagtail's preview instead, which shows the sanitised page readers get.
    # The script also gives the toolbar its icons, the picture upload and our help page,
    # whose addresses it reads from its own tag (no inline script under the CSP).
    return format_html(
        '<script src="{}" data-upload-url="{}" data-help-url="{}"></script>',
        static("js/admin-markdown.js"),
        reverse("markdown_image_upload"),
        reverse("markdown_help"),
    )


@hooks.register("insert_editor_js")
def autosave_guard():
    # "Save draft" clicked while an autosave is on its way waits for it, so a new page's
    # first autosave and the click never both create the page.
    return format_html('<script src="{}"></script>', static("js/admin-autosave-guard.js"))


@hooks.register("insert_global_admin_css")
def markdown_editor_icons():
    # The toolbar's icons, drawn from our own SVG files (EasyMDE would fetch Font Awesome
    # from a CDN, which WAGTAILMARKDOWN turns off), and the picture dialog. Every admin
    # page: Wagtail 8 has no editor-only CSS hook, and the rules only match the editor.
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin-markdown.css"))


@hooks.register("register_admin_urls")
def register_writing_help_url():
    return [path("writing-help/", MarkdownHelpView.as_view(), name="markdown_help")]


# Wagtail's own workflow panels name the task ("Awaiting Editors' review") rather than the
# piece's state; the writer's panel and the editors' queue summary replace them.
WAGTAIL_WORKFLOW_PANELS = {"user_objects_in_workflow_moderation", "workflow_objects_to_moderate"}


@hooks.register("construct_homepage_panels")
def add_writer_pieces_panel(request, panels):
    panels[:] = [p for p in panels if getattr(p, "name", "") not in WAGTAIL_WORKFLOW_PANELS]
    panels.insert(0, WriterPiecesPanel(request.user))
    panels.insert(0, WritePanel(request.user))
    if is_editor(request.user):
        panels.insert(0, ReviewQueuePanel())


class WriteMenuItem(MenuItem):
    def is_shown(self, request):
        return may_write(request.user)


@hooks.register("register_admin_urls")
def register_write_url():
    # /admin/write/: the one address of "Write" (the site header links to it too); the
    # admin sends a signed-out visitor to log in and back here.
    return [path("write/", WriteView.as_view(), name=WRITE_URL_NAME)]


@hooks.register("register_admin_menu_item")
def register_write_menu_item():
    return WriteMenuItem("Write", write_url(), name="write", icon_name="edit", order=50)


@hooks.register("register_admin_urls")
def editor_desk_urls():
    return [
        path("desk/", desk.queue, name="editorial_desk"),
        path("desk/<int:page_id>/", desk.review, name="editorial_review"),
        path("desk/<int:page_id>/approve/", desk.approve, name="editorial_approve"),
        path(
            "desk/<int:page_id>/request-changes/",
            desk.request_changes,
            name="editorial_request_changes",
        ),
        path("desk/<int:page_id>/schedule/", desk.schedule, name="editorial_schedule"),
        path("desk/<int:page_id>/feature/", desk.feature, name="editorial_feature"),
    ]


class EditorsMenuItem(MenuItem):
    def is_shown(self, request):
        return is_editor(request.user)


@hooks.register("register_admin_menu_item")
def review_queue_menu_item():
    return EditorsMenuItem(
        "Review queue", reverse("editorial_desk"), name="review-queue", icon_name="tasks", order=150
    )


@hooks.register("register_page_header_buttons")
def desk_buttons(page, user, view_name, next_url=None):
    if not is_editor(user):
        return
    if page.workflow_in_progress:
        yield Button(
            "Review: approve, request changes or schedule",
            reverse("editorial_review", args=[page.pk]),
            icon_name="tasks",
            priority=5,
        )
    kind = getattr(page.specific_class, "kind", None)
    if page.live and kind is not None and kind.article:
        yield Button(
            "Feature on the home page",
            reverse("editorial_feature", args=[page.pk]),
            icon_name="pick",
            priority=45,
        )


def _replace_success_message(request, text):
    """Wagtail has queued its generic "Page '…' has been updated." by the time this hook
    runs; the one message shown says what happened instead."""
    storage = messages.get_messages(request)
    queued = getattr(storage, "_queued_messages", None)  # Django's BaseStorage
    if queued is not None:
        queued[:] = [m for m in queued if m.level != messages.SUCCESS]
    messages.success(request, text)


@hooks.register("after_edit_page")
def say_what_happened_and_go_on(request, page):
    """After a submit or a review decision on the edit screen: the message in the editorial
    vocabulary, and the next place to be (the writer's dashboard; the editor's queue)."""
    if request.method != "POST" or not request.accepts("text/html"):
        return None  # the autosave's JSON answer carries no message
    if request.POST.get("action-submit") or request.POST.get("action-restart-workflow"):
        _replace_success_message(request, wording.submitted(page))
        return redirect("wagtailadmin_home")
    if request.POST.get("action-publish"):
        page.refresh_from_db()
        _replace_success_message(request, wording.published(page))
        return None  # Wagtail's own next place: the explorer, or ?next=
    if request.POST.get("action-workflow-action"):
        action = request.POST.get("workflow-action-name")
        page.refresh_from_db()
        if action == "reject":
            state = page.workflow_states.order_by("-created_at", "-pk").first()
            writer = state.requested_by if state else None
            note = _workflow_comment(request)
            _replace_success_message(request, wording.changes_requested(writer, note))
        elif action == "approve":
            _replace_success_message(request, wording.approved(page))
        else:
            return None
        return redirect("editorial_desk")
    if not any(key.startswith("action-") for key in request.POST):
        _replace_success_message(request, wording.saved(page))
    return None


@hooks.register("after_create_page")
def say_what_happened_on_create(request, page):
    if request.method != "POST":
        return None
    if request.POST.get("action-submit"):
        _replace_success_message(request, wording.submitted(page))
        return redirect("wagtailadmin_home")
    if request.POST.get("action-publish"):
        page.refresh_from_db()
        _replace_success_message(request, wording.published(page))
    elif not any(key.startswith("action-") for key in request.POST):
        _replace_success_message(request, wording.created(page))
    return None


@hooks.register("after_unpublish_page")
def say_unpublished(request, page):
    """Wagtail adds its message only when this hook answers nothing: answer, in our words,
    with the place Wagtail would have gone."""
    messages.success(request, wording.unpublished(page))
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return redirect(next_url)
    return redirect("wagtailadmin_explore", page.get_parent().pk)


def _workflow_comment(request):
    import json

    try:
        data = json.loads(request.POST.get("workflow-action-extra-data") or "{}")
    except ValueError:
        return ""
    return str(data.get("comment", "")).strip() if isinstance(data, dict) else ""


@hooks.register("get_avatar_url")
def avatar_from_author_profile(user, size):
    """The writer's own profile picture, from our media; never Gravatar (which is off)."""
    return profile_avatar_url(user, size)


@hooks.register("insert_global_admin_css")
def editorial_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin-editorial.css"))


class TagViewSet(SnippetViewSet):
    model = Tag
    icon = "tag"
    menu_label = "Tags"
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["name", "slug"]
    search_fields = ["name"]
    panels = [FieldPanel("name"), FieldPanel("slug")]


register_snippet(TagViewSet)
