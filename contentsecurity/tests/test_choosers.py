"""Wagtail's admin pages carry no inline script the policy would refuse: choosers, panels
and date pickers are started from data by our Stimulus controller (bj-init), and the one
template that keeps an inline script gives it the response's nonce."""

import json
import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.admin.widgets import AdminPageChooser
from wagtail.admin.widgets.workflows import AdminTaskChooser
from wagtail.images.widgets import AdminImageChooser
from wagtail.models import Page

from blog.tests import factories as f

from .policy import policy_of

pytestmark = pytest.mark.django_db

DATA_TYPES = {"application/json", "application/ld+json", "text/template"}


def refused_scripts(response):
    """Inline scripts the browser would refuse under the response's policy."""
    nonces = {source for source in policy_of(response)["script-src"] if "nonce-" in source}
    page = BeautifulSoup(response.content, "html.parser")
    return [
        str(script)[:200]
        for script in page.select("script")
        if not script.get("src")
        and script.get("type") not in DATA_TYPES
        and f"'nonce-{script.get('nonce')}'" not in nonces
    ]


def init_calls(html):
    """(call, arguments) asked of bj-init in ``html``, decoded as the controller does."""
    page = BeautifulSoup(html, "html.parser")
    return [
        (
            element["data-bj-init-call-value"],
            json.loads(json.loads(f'"{element["data-bj-init-args-value"]}"')),
        )
        for element in page.select('[data-controller="bj-init"]')
    ]


def test_a_chooser_is_started_by_the_controller_not_a_script():
    image = f.image(title="Harbour")
    html = AdminImageChooser().render("cover", image.pk, {"id": "id_cover"})

    assert "<script" not in html
    assert 'id="id_cover"' in html and "Harbour" in html
    [(call, (element_id, options))] = init_calls(html)
    assert (call, element_id) == ("ImageChooser", "id_cover")
    assert options["modalUrl"] == reverse("wagtailimages_chooser:choose")


def test_a_page_chooser_keeps_its_options():
    html = AdminPageChooser(target_models=[Page], can_choose_root=True).render(
        "page", None, {"id": "id_page"}
    )
    [(call, (element_id, options))] = init_calls(html)
    assert (call, element_id) == ("PageChooser", "id_page")
    assert options["canChooseRoot"] is True


def test_the_task_chooser_calls_its_function():
    html = AdminTaskChooser().render("task", None, {"id": "id_task"})
    assert init_calls(html) == [("createTaskChooser", ["id_task"])]


def test_arguments_are_escaped_so_inline_panels_can_number_new_children():
    html = AdminImageChooser().render("x", None, {"id": "id_authors-__prefix__-image"})
    raw = re.search(r'data-bj-init-args-value="([^"]*)"', html).group(1)
    # Every string ends in \u0022, where InlinePanel stops replacing __prefix__.
    assert raw.startswith("[\\u0022id_authors\\u002D__prefix__\\u002Dimage\\u0022, ")
    assert raw.replace("__prefix__", "3") in AdminImageChooser().render(
        "x", None, {"id": "id_authors-3-image"}
    )


def test_markup_in_arguments_stays_text():
    html = AdminImageChooser().render("x", None, {"id": 'id_x"></span><script>alert(1)'})
    assert "<script" not in html
    [(_, (element_id, _))] = init_calls(html)
    assert element_id == 'id_x"></span><script>alert(1)'


def test_editors_admin_pages_have_no_script_the_policy_refuses(admin_client):
    story = f.story(title="Harbour", milestones=[(2019, "First loop")], cover_image=f.image())
    index = story.get_parent()
    urls = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_pages:add", args=["blog", "journeystorypage", index.pk]),
        reverse("wagtailadmin_pages:edit", args=[story.pk]),
        reverse("wagtailadmin_pages:edit", args=[f.tutorial(title="Indexes").pk]),
        reverse("wagtailadmin_pages:edit", args=[story.article_authors.first().author.pk]),
        reverse("wagtailadmin_pages:move", args=[story.pk]),
        reverse("wagtailadmin_pages:copy", args=[story.pk]),
        reverse("wagtailimages:edit", args=[story.cover_image.pk]),
        reverse("wagtailimages:add_multiple"),
        reverse("wagtaildocs:add_multiple"),
        reverse("wagtailsearchpromotions:add"),
        reverse("wagtailredirects:add"),
        reverse("wagtailsites:add"),
        reverse("wagtailadmin_workflows:add"),
        reverse("wagtailusers_users:add"),
    ]
    for url in urls:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert refused_scripts(response) == [], url
