"""page_benchmark --dry-run prints the plan (trees, databases, servers, pages, notes) and
starts nothing; its options are checked before anything runs."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from bench import plan, servers, sites, trees


@pytest.fixture
def nothing_starts(monkeypatch):
    """Any attempt to start a process, make a database or a worktree fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("a dry run started something")

    monkeypatch.setattr(servers.Process, "start", refuse)
    monkeypatch.setattr(sites, "recreate_database", refuse)
    monkeypatch.setattr(sites, "manage", refuse)
    monkeypatch.setattr(trees, "add_worktree", refuse)


def dry_run(*args):
    out = StringIO()
    call_command("page_benchmark", "--dry-run", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_plan_names_the_databases_servers_and_pages(nothing_starts):
    text = dry_run("--pages", "home,static", "--rounds", "2", "--duration", "3", "--workers", "3")
    assert "tree this tree (" in text  # its commit
    assert "): " + str(plan.Path(__file__).parents[2]) in text
    assert "database bj_pagebench_this on postgres://" in text
    assert (
        "server this tree (cache off): gunicorn, 3 sync workers, config.settings.production, "
        "PAGE_CACHE=off" in text
    )
    assert "server this tree (cache on)" in text and "PAGE_CACHE=on" in text
    assert "pages: home, static" in text
    assert "2 round(s) of 3 s" in text
    assert "about 0 min 32 s of load" in text  # 2 rounds x 2 pages x 2 servers x (3 + 1) s
    assert "wrk: " in text
    assert "592def8" not in text and "(cache off): gunicorn" in text


def test_against_adds_the_other_commit_with_its_own_database(nothing_starts):
    head = trees.resolve(plan.Path(__file__).parents[2], "HEAD")
    text = dry_run("--against", "HEAD", "--keep")
    assert f"tree {head[:7]} ({head}): a temporary git worktree" in text
    assert f"database bj_pagebench_{head[:7]}" in text and "(kept afterwards)" in text
    assert f"server {head[:7]} (cache off)" in text
    assert f"server {head[:7]} (cache on)" not in text
    assert "pages: story, tutorial, home, journeys, author, tag, search, static" in text


def test_an_older_commit_is_noted_where_it_differs(monkeypatch, nothing_starts):
    """A commit whose settings lack the counter gets the settings shim; changed requirements
    and a missing synthetic stories module are said."""
    monkeypatch.setattr(trees, "resolve", lambda repo, commit: "592def8" + "0" * 33)
    monkeypatch.setattr(
        trees, "file_text", lambda repo, sha, path: None if sha else "BENCH_COUNT_QUERIES"
    )
    monkeypatch.setattr(trees, "requirements_changes", lambda repo, sha: ["+django-csp==4.0"])
    text = dry_run("--against", "592def8")
    assert "bj_pagebench_settings (production + query counter)" in text
    assert "592def8's settings do not read BENCH_COUNT_QUERIES" in text
    assert "+django-csp==4.0" in text
    assert "592def8 cannot add synthetic stories: neither tree gets any" in text
    assert "0 synthetic stories" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--pages", "home,admin"], "--pages takes some of story,tutorial"),
        (["--rounds", "0"], "must be at least 1"),
        (["--threads", "8", "--connections", "4"], "at least as many --connections"),
        (["--against", "no-such-commit-anywhere"], "is not a commit"),
    ],
)
def test_bad_options_say_what_to_change(args, message, nothing_starts):
    with pytest.raises(CommandError, match=message):
        dry_run(*args)
