"""The admin's editorial rules for writes through Wagtail's API.

Wagtail's API runs every write through its actions (create, edit, publish, copy, move,
delete...), which check the same page permissions as the admin: a contributor edits only
their own pages and publishes nothing. One rule of ours is applied by an admin hook the API
never calls: contributors create only the page types whose kind allows it (journey stories
and tutorials, ``editorial.permissions.may_create``). ``EditorialCreatePageAction`` applies
it to the API as well.
"""

from wagtail.actions import CreatePageAction, CreatePermissionError

from editorial.permissions import creation_refused, may_create


class EditorialCreatePageAction(CreatePageAction):
    def check(self, skip_permission_checks=False):
        if (
            self.user
            and not skip_permission_checks
            and not may_create(self.user, type(self.instance))
        ):
            raise CreatePermissionError(creation_refused(type(self.instance)))
        super().check(skip_permission_checks=skip_permission_checks)
