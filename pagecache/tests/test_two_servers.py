"""Two app servers (gunicorn) on one Redis and one database, as production runs them: what an
editor changes through one is what readers get from the other on their very next request,
and nothing of a signed-in user's ever reaches, or comes from, the shared page cache."""

import json
import re

import pytest

from .servers import (
    EDITOR,
    PREPARE,
    Client,
    FormFields,
    app_server,
    cached_twice,
    editor_form,
    manage,
    publish_title,
    redis_server,
    servers_environment,
)

pytestmark = pytest.mark.xdist_group("two_servers")


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("two_servers")
    with redis_server() as redis_url:
        env = servers_environment(tmp_path, redis_url)
        manage(env, "migrate", "--noinput", "-v0")
        # The development settings make the demo's logins (an editor among them).
        manage(env, "load_demo_content", settings="config.settings.dev")
        stories = json.loads(manage(env, "shell", "-c", PREPARE).strip().splitlines()[-1])
        with app_server(env) as first, app_server(env) as second:
            yield {"first": first, "second": second, "stories": stories}


def test_a_page_edited_and_published_on_one_server_is_new_on_the_other(servers):
    story = servers["stories"][0]
    for base in (servers["first"], servers["second"]):
        assert story["title"] in cached_twice(base, story["url"])
        cached_twice(base, "/journeys/")
    editor = Client(servers["first"])
    editor.sign_in(*EDITOR)

    publish_title(editor, story["id"], "A title changed on the first server")

    reader = Client(servers["second"])
    reply = reader.get(story["url"])
    assert reply.headers["x-page-cache"] == "miss"
    assert "A title changed on the first server" in reply.text
    listing = reader.get("/journeys/")
    assert "A title changed on the first server" in listing.text


def test_a_page_unpublished_on_one_server_is_gone_from_the_other(servers):
    story = servers["stories"][1]
    cached_twice(servers["second"], story["url"])
    assert story["title"] in cached_twice(servers["second"], "/journeys/")
    editor = Client(servers["first"])
    editor.sign_in(*EDITOR)
    path = f"/admin/pages/{story['id']}/unpublish/"
    reply = editor.post(path, editor_form(editor, path, "unpublish"))
    assert reply.status == 302

    reader = Client(servers["second"])
    assert reader.get(story["url"]).status == 404
    assert story["title"] not in reader.get("/journeys/").text


def test_a_draft_and_its_preview_never_reach_readers(servers):
    story = servers["stories"][2]
    cached_twice(servers["first"], story["url"])
    editor = Client(servers["first"])
    editor.sign_in(*EDITOR)
    publish_title(editor, story["id"], "A draft title nobody may read yet", action=None)
    preview = editor.get(f"/admin/pages/{story['id']}/view_draft/")
    assert "A draft title nobody may read yet" in preview.text
    assert preview.headers.get("x-page-cache") is None

    for base in (servers["first"], servers["second"]):
        for _ in range(2):
            reply = Client(base).get(story["url"])
            assert reply.status == 200
            assert story["title"] in reply.text
            assert "A draft title nobody may read yet" not in reply.text


def test_a_signed_in_editor_never_gets_a_cached_page_nor_fills_the_cache(servers):
    story = servers["stories"][3]
    cached_twice(servers["second"], story["url"])
    editor = Client(servers["second"])
    editor.sign_in(*EDITOR)
    for _ in range(2):
        reply = editor.get(story["url"])
        assert reply.status == 200
        assert reply.headers.get("x-page-cache") is None
        assert "no-store" in reply.headers["cache-control"]

    # The editor's requests kept nothing: after a change, readers' first request renders.
    publish_title(editor, story["id"], "Retitled while signed in")
    editor.get(story["url"])
    editor.get("/journeys/")
    reader = Client(servers["first"])
    assert reader.get(story["url"]).headers["x-page-cache"] == "miss"
    assert reader.get("/journeys/").headers["x-page-cache"] == "miss"


CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def make_private(editor, page_id, password):
    path = f"/admin/pages/{page_id}/privacy/"
    form = FormFields.of(json.loads(editor.get(path).text)["html"], "privacy")
    form.update(restriction_type=["password"], password=[password])
    reply = editor.post(path, form)
    assert reply.status == 200 and json.loads(reply.text)["step"] == "set_privacy_done"


def test_a_cached_page_carries_no_visitors_cookie_or_csrf_token(servers):
    story = servers["stories"][4]
    cached_twice(servers["second"], story["url"])
    editor = Client(servers["first"])
    editor.sign_in(*EDITOR)
    make_private(editor, story["id"], "a-password-for-friends")

    # The page is now a password form: each visitor gets a token and a cookie of their own.
    tokens = set()
    for base in (servers["second"], servers["first"], servers["second"]):
        reply = Client(base).get(story["url"])
        assert reply.headers.get("x-page-cache") != "hit"
        assert story["title"] not in reply.text
        [token] = CSRF_TOKEN.findall(reply.text)
        tokens.add(token)
        assert any(cookie.startswith("csrftoken=") for cookie in reply.cookies_set)
    assert len(tokens) == 3

    for path in ("/", "/journeys/", "/search/?q=django"):
        reply = Client(servers["second"]).get(path)
        assert reply.status == 200
        assert reply.cookies_set == []
        assert "csrfmiddlewaretoken" not in reply.text
        assert reply.headers["cache-control"].startswith("public")
