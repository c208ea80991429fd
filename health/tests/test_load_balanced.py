"""Two app servers behind a load balancer, as production runs them, on one machine: gunicorn
with the production settings, haproxy in front (TLS, round robin, /healthz probes), two
background workers (``manage.py run_worker``), and a PostgreSQL, a Redis and an S3 store
(moto's server) of the test's own that they all share.

What an editor does through one server holds on the other; a scheduled page is published
once by two workers; a rolling restart of the app servers loses no reader's request;
PostgreSQL restarted under load costs readers a few seconds at most, and no publish
half-written; Redis stopped costs the page cache, nothing else. The figures (requests sent,
how many failed, seconds to recover) are printed, and listed at the end of the run
(``conftest.py``).

Here rather than beside the page cache's two-server tests: what is proven is what a load
balancer relies on, the probes this app answers (``/healthz``, ``/readyz``) first.
"""

import http.client
import itertools
import json
import os
import re
import secrets
import shutil
import threading
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass

import boto3
import pytest
from django.conf import settings
from PIL import Image as PILImage

from pagecache.tests.servers import (
    EDITOR,
    PREPARE,
    PRODUCTION,
    SITE_HOST,
    Client,
    app,
    cached_twice,
    editor_form,
    manage,
    publish_title,
    redis,
    running,
    servers_environment,
    worker,
)
from uploads.tests.helpers import CREDENTIALS, REGION, S3Server, image_bytes, public_policy

from . import load_balancer, postgres
from .readers import Readers


def _missing_programs():
    needs = {
        "haproxy": (load_balancer.HAPROXY, load_balancer.INSTALL),
        "initdb": (postgres.bindir() and postgres.bindir() / "initdb", postgres.INSTALL),
        "redis-server": (shutil.which("redis-server"), "apt-get install redis-server"),
        "openssl": (shutil.which("openssl"), "apt-get install openssl"),
    }
    return [
        f"{name} ({install})"
        for name, (path, install) in needs.items()
        if not path or not os.path.exists(path)
    ]


def _skip_or_fail():
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip(
            "production runs on PostgreSQL: run with DATABASE_URL=postgres://… (the test "
            "makes a PostgreSQL cluster of its own, to restart it)"
        )
    missing = _missing_programs()
    if missing:
        reason = f"the load-balanced test needs {', '.join(missing)}."
        if os.environ.get("BJ_REQUIRE_LOAD_BALANCER") == "1":
            pytest.fail(reason + " BJ_REQUIRE_LOAD_BALANCER=1 makes this a failure.")
        pytest.skip(reason)


pytestmark = pytest.mark.xdist_group("load_balanced")

BUCKET = "bj-load-balanced"
# The production settings' variables, as a deployment sets them, for loopback: the site's
# one name, behind one proxy, media in the bucket; the secret is made for this run.
PRODUCTION_ENV = {
    "DJANGO_ALLOWED_HOSTS": SITE_HOST,
    "SITE_BASE_URL": f"https://{SITE_HOST}",
    "TRUSTED_PROXY_COUNT": "1",  # haproxy
    "LOG_LEVEL": "WARNING",
    "AWS_STORAGE_BUCKET_NAME": BUCKET,
    "AWS_S3_REGION_NAME": REGION,
    **CREDENTIALS,
}
READERS_PER_SECOND = 20


@dataclass
class Site:
    balancer: load_balancer.LoadBalancer
    app_servers: dict
    workers: dict
    redis: object
    postgres: postgres.Cluster
    env: dict
    stories: list

    def client(self, server=None, **options):
        """A browser on the site: through the load balancer, or at app server ``server``'s
        own address as the load balancer speaks to it."""
        base = self.app_servers[server].url if server else self.balancer.url
        return Client(base, https=True, context=self.balancer.tls, **options)

    @property
    def pages(self):
        return [story["url"] for story in self.stories] + ["/", "/journeys/"]

    def readers(self):
        """Anonymous readers through the load balancer: the stories, the home page and the
        journeys listing (answered by the page cache), and one search in ten nobody made
        before (rendered, from the database)."""
        counter = itertools.count()

        def next_path():
            n = next(counter)
            return f"/search/?q=journey+{n}" if n % 10 == 9 else self.pages[n % len(self.pages)]

        return Readers(client=self.client, paths=next_path, rate=READERS_PER_SECOND)

    def warm_up(self):
        """Each reader page once from each app server, before the load balancer sends them
        readers: the first renders make the images' renditions (shared, in the bucket),
        each worker loads the URL configuration."""
        for name in self.app_servers:
            for path in self.pages:
                reply = self.client(name).get(path)
                assert reply.status == 200, f"{path} answered {reply.status} on {name}"

    def wait_ready(self, server, seconds=60):
        """Until the app server answers /readyz with 200 (its database, Redis and bucket
        answer)."""
        deadline = time.monotonic() + seconds
        probe = Client(server.url, https=True)
        while time.monotonic() < deadline:
            server.process.check_alive()
            if probe.get("/readyz").status == 200:
                return
            time.sleep(0.2)
        raise AssertionError(f"{server.url} was not ready within {seconds} s")

    def shell(self, script):
        """``script`` run by ``manage.py shell`` with the servers' settings: its last line."""
        output = manage(self.env, "shell", "-c", script, settings=PRODUCTION)
        return (output.strip().splitlines() or [""])[-1]

    def pids(self):
        return {name: server.process.pid for name, server in self.app_servers.items()}

    def exited(self):
        """The app servers and workers whose process has ended."""
        processes = {name: server.process for name, server in self.app_servers.items()}
        processes.update(self.workers)
        return {name for name, process in processes.items() if process.popen.poll() is not None}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    _skip_or_fail()
    folder = tmp_path_factory.mktemp("load_balanced")
    s3 = S3Server().start()
    try:
        bucket = boto3.client(
            "s3",
            endpoint_url=s3.endpoint,
            region_name=REGION,
            aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        )
        bucket.create_bucket(Bucket=BUCKET)
        bucket.put_bucket_policy(Bucket=BUCKET, Policy=public_policy(BUCKET))
        with postgres.cluster() as database, running(redis(folder)) as cache:
            env = servers_environment(
                folder, cache.url, database=database.create_database("backend_journeys")
            )
            env.update(
                PRODUCTION_ENV,
                DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
                AWS_S3_ENDPOINT_URL=s3.endpoint,
            )
            manage(env, "migrate", "--noinput", "-v0", settings=PRODUCTION)
            # The development settings make the demo's logins (an editor among them).
            manage(env, "load_demo_content", settings="config.settings.dev")
            manage(env, "collectstatic", "--noinput", "-v0", settings=PRODUCTION)
            prepared = manage(env, "shell", "-c", PREPARE, settings=PRODUCTION)
            stories = json.loads(prepared.strip().splitlines()[-1])
            app_servers = {name: app(env, settings=PRODUCTION, workers=2) for name in ("a", "b")}
            # Two background workers, scheduled publishing every second rather than minute.
            workers = {
                name: worker(env, name, settings=PRODUCTION, interval=1)
                for name in ("worker 1", "worker 2")
            }
            with (
                running(app_servers["a"]),
                running(app_servers["b"]),
                running(workers["worker 1"]),
                running(workers["worker 2"]),
                load_balancer.load_balancer(folder, app_servers) as balancer,
            ):
                site = Site(balancer, app_servers, workers, cache, database, env, stories)
                site.warm_up()
                yield site
    finally:
        s3.stop()


@pytest.fixture(scope="module")
def editor(site):
    """The editor's browser, signed in once (through the load balancer): its cookies."""
    browser = site.client()
    browser.sign_in(*EDITOR)
    return browser.cookies


def report(record_property, text):
    """A figure for the run's summary (conftest.py lists them) and for ``pytest -s``."""
    record_property("figures", text)
    print(text)


def signed_in(reply):
    """The admin's dashboard, with its sign-out link: not the sign-in form."""
    return reply.status == 200 and "/admin/logout/" in reply.text


def test_a_session_made_on_one_server_is_valid_on_the_other(site):
    for first, other in (("a", "b"), ("b", "a")):
        assert site.client(other).get("/admin/").status == 302  # a stranger is sent away
        browser = site.client(first)
        browser.sign_in(*EDITOR)

        assert signed_in(site.client(other, cookies=browser.cookies).get("/admin/"))
        through = site.client(cookies=browser.cookies)
        replies = [through.get("/admin/") for _ in range(4)]
        assert all(signed_in(reply) for reply in replies)
        assert {reply.headers["x-served-by"] for reply in replies} == {"a", "b"}


def test_a_story_published_through_one_is_seen_on_the_others_next_request(site, editor):
    story = site.stories[0]
    tls = site.balancer.tls
    b = site.app_servers["b"].url
    assert story["title"] in cached_twice(b, story["url"], https=True, context=tls)

    publish_title(site.client("a", cookies=editor), story["id"], "Published through a")

    reply = site.client("b").get(story["url"])
    assert reply.headers["x-page-cache"] == "miss"
    assert "Published through a" in reply.text
    replies = [site.client().get(story["url"]) for _ in range(2)]
    assert all("Published through a" in reply.text for reply in replies)
    assert {reply.headers["x-served-by"] for reply in replies} == {"a", "b"}


def test_an_image_uploaded_through_one_is_served_through_the_other(site, editor):
    on_a = site.client("a", cookies=editor)
    form = editor_form(on_a, "/admin/images/add/", "images/add")
    form["title"] = ["Uploaded through a"]
    png = image_bytes(size=(320, 200), colour=(200, 40, 40))
    reply = on_a.post("/admin/images/add/", form, files={"file": ("through-a.png", png)})
    assert reply.status == 302, reply.text[:2000]

    on_b = site.client("b", cookies=editor)
    listing = on_b.get("/admin/images/?q=Uploaded+through+a")
    [image_id] = set(re.findall(r'href="/admin/images/(\d+)/"', listing.text))
    edit_page = on_b.get(f"/admin/images/{image_id}/")
    # The preview server b made from the original in the bucket, at the bucket's address.
    sources = re.findall(r'<img[^>]* src="([^"]+)"', edit_page.text)
    [preview] = [src for src in sources if src.startswith(f"{site.env['AWS_S3_ENDPOINT_URL']}/")]
    assert f"/{BUCKET}/public/images/" in preview
    with urllib.request.urlopen(preview, timeout=30) as served:  # noqa: S310 (moto on loopback)
        image = PILImage.open(served)
        assert image.size == (320, 200)
        assert image.convert("RGB").getpixel((5, 5)) == (200, 40, 40)


SCHEDULE = """
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Page
page = Page.objects.get(pk={page_id}).specific
page.title = {title!r}
page.go_live_at = timezone.now() + timedelta(seconds={seconds})
# As the admin's Publish with a go-live time to come: the revision waits for its time.
page.save_revision(user=get_user_model().objects.get(username="editor")).publish()
"""
PUBLICATIONS = """
from wagtail.models import PageLogEntry
print(PageLogEntry.objects.filter(page_id={page_id}, action="wagtail.publish.scheduled").count())
"""


def test_a_scheduled_page_is_published_once_by_two_workers(site):
    story = site.stories[3]
    title = "Published on time by one of two workers"
    site.shell(SCHEDULE.format(page_id=story["id"], title=title, seconds=3))
    assert title not in site.client().get(story["url"]).text  # not before its time

    deadline = time.monotonic() + 30
    while title not in site.client().get(story["url"]).text:
        assert time.monotonic() < deadline, "the scheduled page was not published in time"
        time.sleep(0.5)
    time.sleep(2)  # both workers have had another round since
    assert site.shell(PUBLICATIONS.format(page_id=story["id"])) == "1"
    assert site.exited() == set()
    for process in site.workers.values():
        assert "publish_scheduled: done" in process.log.read_text()


def test_restarting_one_app_server_then_the_other_loses_no_request(site, record_property):
    before = site.pids()
    with site.readers() as load:
        time.sleep(2)
        timings = {}
        for name in ("a", "b"):
            started = time.monotonic()
            site.balancer.rolling_restart(name, ready=site.wait_ready)
            timings[name] = (started, time.monotonic())
            time.sleep(2)
    report(
        record_property,
        f"rolling restart through haproxy at {READERS_PER_SECOND}/s: {load.summary()}; "
        + ", ".join(f"{name} out {end - start:.1f} s" for name, (start, end) in timings.items()),
    )
    assert all(site.pids()[name] != pid for name, pid in before.items())
    assert len(load.answers) >= READERS_PER_SECOND * 6
    assert load.failed() == []
    for name, (start, end) in timings.items():
        others = load.served_by(since=start + 0.5, until=end - 0.5) - {name}
        assert others, f"nobody answered while {name} restarted"
        assert load.served_by(since=end + 0.5) == {"a", "b"}


STATE = """
import json
from wagtail.models import Page, PageLogEntry
page = Page.objects.get(pk={page_id}).specific
published = PageLogEntry.objects.filter(page=page, action="wagtail.publish")
print(json.dumps({{
    "title": page.title,
    "live_revision_title": page.live_revision.content["title"],
    "latest_is_live": page.latest_revision_id == page.live_revision_id,
    "has_unpublished_changes": page.has_unpublished_changes,
    "published_titles": [entry.revision.content["title"] for entry in published],
}}))
"""


def test_postgresql_restarted_under_load(site, editor, record_property):
    """Readers keep being answered (the page cache needs no database) but for the searches
    sent while PostgreSQL was down; once it is back, every request is answered by the app
    servers as they are (each worker's kept connection checked before use: Django's
    CONN_HEALTH_CHECKS), and the background workers go on. An editor publishing all along
    gets a publish or an error, and the page stays whole."""
    before = site.pids()
    story = site.stories[1]
    publishes, stop = [], threading.Event()

    def publish_all_along():
        browser = site.client(cookies=editor)
        for n in itertools.count(1):
            if stop.is_set():
                return
            title, started = f"Published while PostgreSQL restarts {n}", time.monotonic()
            try:
                publish_title(browser, story["id"], title)
            except (AssertionError, OSError, http.client.HTTPException) as error:
                publishes.append((started, title, str(error).split(":")[0][:60]))
                stop.wait(0.2)  # then tries again, as an editor would, not in a tight loop
            else:
                publishes.append((started, title, "published"))

    publisher = threading.Thread(target=publish_all_along)
    with site.readers() as load:
        publisher.start()
        time.sleep(3)
        down = time.monotonic()
        logged = {name: len(process.log.read_bytes()) for name, process in site.workers.items()}
        site.postgres.restart()
        back = time.monotonic()
        time.sleep(8)
        stop.set()
        publisher.join(60)

    failed = load.failed()
    recovered = max([answer.sent - back for answer in failed] + [0.0])
    published = [title for _started, title, outcome in publishes if outcome == "published"]
    not_published = [
        (started, outcome) for started, _title, outcome in publishes if outcome != "published"
    ]
    report(
        record_property,
        f"PostgreSQL restarted ({back - down:.1f} s) under {READERS_PER_SECOND}/s readers "
        f"through haproxy: {load.summary()}; recovered {recovered:.1f} s after PostgreSQL "
        f"was back; publishes: {len(published)} published, not published: "
        f"{dict(Counter(outcome for _started, outcome in not_published)) or 'none'}",
    )
    assert load.failed(since=back + 1) == []
    assert {answer.status for answer in failed} <= {None, 500, 502, 503}
    assert site.pids() == before  # no app server was restarted
    assert site.exited() == set()  # nor any worker, and each went on with its rounds:
    for name, process in site.workers.items():
        assert b"publish_scheduled: done" in process.log.read_bytes()[logged[name] :]
    assert [started for started, _outcome in not_published if started > back + 1] == []
    assert published and published[-1] == publishes[-1][1]  # publishing works again

    state = json.loads(site.shell(STATE.format(page_id=story["id"])))
    assert set(published) <= set(state["published_titles"])  # none lost
    assert state["title"] == state["live_revision_title"] == published[-1]  # none half-written
    assert state["latest_is_live"] and not state["has_unpublished_changes"]
    assert published[-1] in site.client().get(story["url"]).text


def test_with_redis_stopped_pages_are_served_uncached_and_sign_in_works(site, record_property):
    story = site.stories[2]
    tls = site.balancer.tls
    cached_twice(site.balancer.url, story["url"], https=True, context=tls)
    site.redis.stop()
    try:
        with site.readers() as load:
            browser = site.client()
            browser.sign_in(*EDITOR)
            assert signed_in(browser.get("/admin/"))
            time.sleep(4)
        report(record_property, f"Redis stopped, readers through haproxy: {load.summary()}")
        assert len(load.answers) >= READERS_PER_SECOND * 3
        assert load.failed() == []
        assert "hit" not in {answer.page_cache for answer in load.answers}
    finally:
        site.redis.start()
    assert story["title"] in cached_twice(site.balancer.url, story["url"], https=True, context=tls)
