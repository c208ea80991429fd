"""The admin's editorial rules for writes through Wagtail's API.

Wagtail's API runs every write through its actions (create, edit, publish, copy, move,
delete...), which check the same page permissions as the admin: a contributor edits only
their own pages and publishes nothing. One rule of ours lives in an admin hook the API
never calls (``editorial/wagtail_hooks.py``): contributors create journey stories and
tutorials, nothing else. ``EditorialCreatePageAction`` applies it to the API as well.
"""

from wagtail.actions import CreatePageAction, CreatePermissionError

from editorial.permissions import is_editor
from editorial.wagtail_hooks import CONTRIBUTOR_CREATABLE


class EditorialCreatePageAction(CreatePageAction):
    def check(self, skip_permission_checks=False):
        if (
            self.user
            and not skip_permission_checks
            and not is_editor(self.user)
            and not isinstance(self.instance, CONTRIBUTOR_CREATABLE)
        ):
            raise CreatePermissionError(
                f"Only editors can create a {self.instance._meta.verbose_name}. "
                "You can write journey stories and tutorials."
            )
        super().check(skip_permission_checks=skip_permission_checks)
