"""Admin hooks for the editorial roles: what contributors may create and see, the Markdown
editor (its preview, icons, picture upload and help page), Write (its page, menu item and
dashboard panel), the writer's dashboard panel, and tag management for editors."""

from django.contrib import messages
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from taggit.models import Tag
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .panels import WritePanel, WriterPiecesPanel
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


@hooks.register("insert_global_admin_css")
def markdown_editor_icons():
    # The toolbar's icons, drawn from our own SVG files (EasyMDE would fetch Font Awesome
    # from a CDN, which WAGTAILMARKDOWN turns off), and the picture dialog. Every admin
    # page: Wagtail 8 has no editor-only CSS hook, and the rules only match the editor.
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin-markdown.css"))


@hooks.register("register_admin_urls")
def register_writing_help_url():
    return [path("writing-help/", MarkdownHelpView.as_view(), name="markdown_help")]


@hooks.register("construct_homepage_panels")
def add_writer_pieces_panel(request, panels):
    panels.insert(0, WriterPiecesPanel(request.user))
    panels.insert(0, WritePanel(request.user))


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
