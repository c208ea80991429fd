from wagtail import hooks
from wagtail.models import Page

from .actions import EditorialCreatePageAction


@hooks.register("register_actions")
def register_editorial_page_actions(registry):
    # Runs after Wagtail's defaults, so this replaces CreatePageAction for every page type.
    registry.register(Page, EditorialCreatePageAction)
