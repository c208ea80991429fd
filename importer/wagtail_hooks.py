"""Admin hooks for importing: the "Import stories" upload (menu item and URL) for
contributors and editors, and the log entry each imported revision gets."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter

from editorial.permissions import may_upload

from .services import IMPORT_ACTION
from .views import StoryUploadStatusView, StoryUploadView


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_upload(request.user)


@hooks.register("register_admin_urls")
def register_import_url():
    return [
        path("import-stories/", StoryUploadView.as_view(), name="importer_upload"),
        path(
            "import-stories/<uuid:result_id>/", StoryUploadStatusView.as_view(),
            name="importer_upload_status",
        ),
    ]  # fmt: skip


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        "Import stories", reverse("importer_upload"), name="import-stories", icon_name="upload",
        order=350,
    )  # fmt: skip


class ImportFormatter(LogFormatter):
    """ "Imported from post.md; removed: …": the history says what the clean-up took out,
    so an editor can check it."""

    label = "Import"

    def format_message(self, log_entry):
        data = log_entry.data or {}
        message = f"Imported from {data.get('source') or 'a file'}"
        removed = data.get("removed") or []
        if removed:
            message += "; removed: " + "; ".join(removed)
        return message

    def format_comment(self, log_entry):
        return "\n".join((log_entry.data or {}).get("notes") or [])


@hooks.register("register_log_actions")
def register_import_action(actions):
    actions.register_action(IMPORT_ACTION)(ImportFormatter)
