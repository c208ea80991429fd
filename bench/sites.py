"""A site to benchmark, per tree: its own PostgreSQL database, migrated and filled with the
demo content (and synthetic stories) by that tree's own manage.py, static files collected,
and the addresses of the pages to load read back from it."""

import json
import subprocess
import sys
from urllib.parse import urlsplit, urlunsplit

from django.core.management.base import CommandError

PREFIX = "bj_pagebench_"

# Run by each tree's `manage.py shell -c`: only names every version of the site has.
SYNTHETIC = """
import importlib, sys
for name in ("bench.synthetic", "search.benchmark"):
    try:
        module = importlib.import_module(name)
    except ImportError:
        continue
    if hasattr(module, "fill"):
        module.fill({count})
        if hasattr(module, "analyze"):
            module.analyze()
        break
else:
    sys.exit("no bench.synthetic or search.benchmark with fill(): cannot add stories")
"""

DISCOVER = """
import json
from django.db.models import Count
from django.urls import reverse
from blog.models import ArticleTag, AuthorPage, JourneyStoryPage, StoryIndexPage, TutorialPage

def urls(model):
    pages = model.objects.live().public().exclude(slug__startswith="bench-").order_by("path")
    return [page.url for page in pages[:50]]

tags = (
    ArticleTag.objects.filter(content_object__live=True).values("tag__slug")
    .annotate(n=Count("id")).order_by("-n", "tag__slug")[:10]
)
print("BJ_PAGES " + json.dumps({
    "story": urls(JourneyStoryPage),
    "tutorial": urls(TutorialPage),
    "home": ["/"],
    "journeys": urls(StoryIndexPage),
    "author": urls(AuthorPage),
    "tag": [reverse("blog:tag_detail", args=[tag["tag__slug"]]) for tag in tags],
    "search": ["/search/?q=django"],
    "static": ["/static/css/site.css"],
}))
"""


def database_url(server_url, name):
    """``server_url`` (any database on the PostgreSQL server) pointing at database ``name``."""
    parts = urlsplit(server_url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _admin(server_url):
    import psycopg

    try:
        return psycopg.connect(database_url(server_url, "postgres"), autocommit=True)
    except psycopg.OperationalError as error:
        raise CommandError(
            f"PostgreSQL is not reachable at {database_url(server_url, '')} ({error}). Start it, "
            "or point --postgres (or DATABASE_URL) at a server where this user may create "
            "databases."
        ) from None


def recreate_database(server_url, name):
    if not name.startswith(PREFIX):
        raise CommandError(f"Refusing to touch {name!r}: benchmark databases start {PREFIX}.")
    with _admin(server_url) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(server_url, name):
    if name.startswith(PREFIX):
        with _admin(server_url) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(tree, env, *args, label, log):
    """Run ``manage.py`` of ``tree``; its output goes to ``log``, and to the error if it fails."""
    done = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    with open(log, "a") as out:
        out.write(f"$ manage.py {' '.join(args[:2])}\n{done.stdout}{done.stderr}\n")
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-12:])
        raise CommandError(
            f"{label}: `manage.py {args[0]}` failed (exit {done.returncode}); the whole output "
            f"is in {log}. It ended:\n{tail}\nRun it by hand in {tree} with the same "
            "DATABASE_URL to see why (pass --keep to keep the database)."
        )
    return done.stdout


def fill(tree, env, *, stories, label, log, progress):
    """Migrate, load the demo, add synthetic stories and collect static files, with the
    tree's own commands."""
    progress(f"{label}: migrate…")
    manage(tree, env, "migrate", "--noinput", label=label, log=log)
    progress(f"{label}: load_demo_content…")
    manage(tree, env, "load_demo_content", label=label, log=log)
    if stories:
        progress(f"{label}: {stories} synthetic stories…")
        code = SYNTHETIC.format(count=int(stories))
        manage(tree, env, "shell", "-c", code, label=label, log=log)
    progress(f"{label}: collectstatic…")
    manage(tree, env, "collectstatic", "--noinput", "--verbosity", "0", label=label, log=log)


def discover(tree, env, *, label, log):
    """Candidate addresses for each page key, best first, read from the tree's database."""
    out = manage(tree, env, "shell", "-c", DISCOVER, label=label, log=log)
    for line in out.splitlines():
        if line.startswith("BJ_PAGES "):
            return json.loads(line.removeprefix("BJ_PAGES "))
    raise CommandError(f"{label}: could not read the pages' addresses (see {log}).")


def choose(candidates, keys):
    """One address per page key and tree: the first of this tree's candidates that every
    tree has (the same story on both versions), else each tree's own first.

    ``candidates`` maps a tree key ("this" first) to its ``discover`` answer."""
    chosen = {tree: {} for tree in candidates}
    for key in keys:
        lists = {tree: found.get(key) or [] for tree, found in candidates.items()}
        missing = [tree for tree, paths in lists.items() if not paths]
        if missing:
            raise CommandError(
                f"The {' and '.join(missing)} tree's demo content has no {key} page: leave it "
                "out with --pages."
            )
        common = [path for path in lists["this"] if all(path in p for p in lists.values())]
        for tree, paths in lists.items():
            chosen[tree][key] = common[0] if common else paths[0]
    return chosen
