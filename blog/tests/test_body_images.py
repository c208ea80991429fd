"""Pictures in a body: ``![alt](image:42)`` renders as a responsive rendition (WebP and a
fallback, ``srcset``, ``sizes``, lazy), never the original, in the stored HTML, within the
story page's query budget; the sanitiser stays strict; a writer may name only the images
they may choose."""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from blog.images import markdown_reference, referenced_image_ids, resolve_images
from blog.rendering import render_markdown
from editorial.roles import CONTRIBUTORS
from editorial.tests.admin_forms import form_fields

from . import factories as f
from .test_queries import ARTICLE_BUDGET, assert_within

pytestmark = pytest.mark.django_db


def test_a_reference_renders_as_a_picture_of_webp_and_png_renditions():
    image = f.image(size=(1200, 800))
    story = f.story(body=f"Intro.\n\n{markdown_reference(image.pk, 'Crates at dawn')}\n")
    html = story.body_html
    picture = re.search(r"<picture>.*?</picture>", html, re.S).group(0)
    source = re.search(r'<source [^>]*type="image/webp"[^>]*>', picture).group(0)
    assert "480w" in source and "960w" in source and "1200w" in source, source
    img = re.search(r"<img [^>]*>", picture).group(0)
    assert 'alt="Crates at dawn"' in img
    assert 'loading="lazy"' in img and 'sizes="' in img and "srcset=" in img
    assert ".png 480w" in img
    # Renditions only: never the original file.
    assert image.file.name not in html
    assert "original_images" not in html
    assert "1440w" not in picture  # no rendition wider than the original


def test_the_reader_page_shows_it_within_the_story_budget(client, django_assert_max_num_queries):
    images = [f.image() for _ in range(3)]
    body = "\n\n".join(markdown_reference(img.pk, f"Picture {n}") for n, img in enumerate(images))
    story = f.story(body=body, cover_image=f.image())
    response = assert_within(client, story.url, ARTICLE_BUDGET, django_assert_max_num_queries)
    html = response.content.decode()
    assert html.count('type="image/webp"') >= 3
    for n in range(3):
        assert f'alt="Picture {n}"' in html


def test_an_unknown_image_leaves_its_alt_text_and_no_broken_picture():
    html = resolve_images(render_markdown("![A lost picture](image:999999)").html)
    assert "<img" not in html and "A lost picture" in html


def test_alt_text_is_escaped():
    image = f.image()
    html = resolve_images(render_markdown(f'![<script>x</script> "q"](image:{image.pk})').html)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html or "script" not in html


@pytest.mark.parametrize(
    "markdown",
    [
        '<img src="https://evil.example/x.png" srcset="https://evil.example/y.png 2x">',
        '<picture><source srcset="https://evil.example/y.png"><img src="/media/x.png"></picture>',
        "[a link](image:1)",
        '<img src="image:1" onerror="alert(1)">',
    ],
)
def test_the_sanitiser_stays_strict(markdown):
    html = render_markdown(markdown).html
    assert "srcset" not in html and "<source" not in html and "<picture" not in html
    assert "onerror" not in html
    assert 'href="image:' not in html


def test_references_are_found_in_markdown():
    text = '![a](image:4) and ![b](image:12 "title") but not image:7 or [c](image:8)'
    assert referenced_image_ids(text) == {4, 12, 8}
    assert markdown_reference(3, "a [bracketed]\nname") == r"![a \[bracketed\] name](image:3)"


@pytest.fixture
def writers(django_user_model):
    people = {}
    for name in ("ann", "ben"):
        user = django_user_model.objects.create_user(name, f"{name}@example.com", "pw-12345678")
        user.groups.add(Group.objects.get(name=CONTRIBUTORS))
        client = Client()
        client.force_login(user)
        people[name] = (user, client, f.author(name=name.title(), user=user))
    return people


def edit_form_data(client, page, body):
    """The page's edit form as ``client``'s user sees it, with ``body``."""
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    return {**form_fields(response.content.decode(), "form#page-edit-form"), "body": body}


def test_a_writer_cannot_show_another_writers_draft_picture(writers):
    ann, ann_client, ann_profile = writers["ann"]
    ben, _, _ = writers["ben"]
    theirs = f.image()
    theirs.uploaded_by_user = ben
    theirs.save()
    mine = f.image()
    mine.uploaded_by_user = ann
    mine.save()
    draft = f.story(authors=[ann_profile], live=False, owner=ann)
    url = f"/admin/pages/{draft.pk}/edit/"

    response = ann_client.post(url, edit_form_data(ann_client, draft, f"![x](image:{theirs.pk})"))
    assert response.status_code == 200
    assert "a picture you cannot use here" in response.content.decode()
    draft.refresh_from_db()
    assert f"image:{theirs.pk}" not in draft.get_latest_revision_as_object().body

    response = ann_client.post(url, edit_form_data(ann_client, draft, f"![mine](image:{mine.pk})"))
    assert response.status_code == 302, response.content.decode()[:2000]
    draft.refresh_from_db()
    latest = draft.get_latest_revision_as_object()
    assert 'alt="mine"' in latest.body_html and "<picture>" in latest.body_html


def test_a_picture_an_editor_put_in_a_writers_draft_stays(writers):
    ann, ann_client, ann_profile = writers["ann"]
    editors_picture = f.image()  # uploaded by an editor: not one ann may choose
    draft = f.story(authors=[ann_profile], live=False, owner=ann)
    text = f"{markdown_reference(editors_picture.pk, 'Chosen by the editor')}\n\nMore."
    draft.body = text
    draft.save_revision()
    draft.refresh_from_db()
    url = f"/admin/pages/{draft.pk}/edit/"
    data = edit_form_data(ann_client, draft, text + "\n\nAnn's new line.")

    response = ann_client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    draft.refresh_from_db()
    assert 'alt="Chosen by the editor"' in draft.get_latest_revision_as_object().body_html
