"""Editors see how many follow by email, on the admin dashboard: counts only. No follower,
subscription or address is registered in the admin for anyone."""

from wagtail import hooks
from wagtail.admin.ui.components import Component

from editorial.permissions import is_editor

from .selectors import follow_counts


class FollowCountsPanel(Component):
    name = "follow_counts"
    order = 300
    template_name = "follow/panels/follow_counts.html"

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context.update(follow_counts())
        return context


@hooks.register("construct_homepage_panels")
def add_follow_counts_panel(request, panels):
    if is_editor(request.user):
        panels.append(FollowCountsPanel())
