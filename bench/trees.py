"""The versions page_benchmark compares: this tree, and another commit checked out in a
temporary git worktree (removed afterwards), with what running it from this venv needs."""

import shutil
import subprocess
from pathlib import Path

from django.core.management.base import CommandError

SHIM_SETTINGS = "bj_pagebench_settings"
SHIM_MIDDLEWARE = "bj_pagebench_query_count"


def git(repo, *args, check=True):
    done = subprocess.run(  # noqa: S603
        ["git", "-C", str(repo), *args],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    if check and done.returncode != 0:
        raise CommandError(f"`git {' '.join(args)}` failed: {done.stderr.strip()}")
    return done.stdout.strip()


def describe_head(repo):
    """This tree's commit, short, with "+ changes" when the working tree differs from it."""
    sha = git(repo, "rev-parse", "--short", "HEAD", check=False) or "no git"
    dirty = git(repo, "status", "--porcelain", "--untracked-files=no", check=False)
    return f"{sha} + changes" if dirty else sha


def resolve(repo, commit):
    """The full hash of ``commit``, or an error that says what to do."""
    sha = git(repo, "rev-parse", "--verify", "--quiet", f"{commit}^{{commit}}", check=False)
    if not sha:
        raise CommandError(
            f"{commit!r} is not a commit of {repo}: check the name, or `git fetch` it first."
        )
    return sha


def add_worktree(repo, sha, path):
    git(repo, "worktree", "add", "--detach", str(path), sha)


def remove_worktree(repo, path):
    git(repo, "worktree", "remove", "--force", str(path), check=False)
    shutil.rmtree(path, ignore_errors=True)
    git(repo, "worktree", "prune", check=False)


def requirements_changes(repo, sha):
    """The lines of requirements.txt that differ between ``sha`` and this tree: that commit
    runs with this tree's venv, so these are what `pip check` might see differently."""
    diff = git(repo, "diff", "--no-color", "-U0", sha, "--", "requirements.txt", check=False)
    return [
        line
        for line in diff.splitlines()
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def file_text(repo, sha, path):
    """A file of commit ``sha``, or of the working tree when ``sha`` is None; None if absent."""
    if sha is None:
        file = Path(repo) / path
        return file.read_text() if file.exists() else None
    done = subprocess.run(  # noqa: S603
        ["git", "-C", str(repo), "show", f"{sha}:{path}"],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout if done.returncode == 0 else None


def has_synthetic_stories(repo, sha=None):
    """Whether that version can add synthetic stories (bench/synthetic.py, or the older
    search/benchmark.py), each with a ``fill(count)``."""
    return any(
        "def fill(" in (file_text(repo, sha, name) or "")
        for name in ("bench/synthetic.py", "search/benchmark.py")
    )


def reads_query_count_variable(repo, sha=None):
    """Whether that version's production settings install the query counter on
    BENCH_COUNT_QUERIES=1."""
    return "BENCH_COUNT_QUERIES" in (file_text(repo, sha, "config/settings/production.py") or "")


def write_settings_shim(folder, this_tree):
    """A settings module for a tree whose settings lack the query counter: its production
    settings plus a copy of this tree's middleware. Returns the module's name."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(Path(this_tree) / "bench" / "query_count.py", folder / f"{SHIM_MIDDLEWARE}.py")
    (folder / f"{SHIM_SETTINGS}.py").write_text(
        '"""page_benchmark: production settings, counting queries."""\n\n'
        "from config.settings.production import *  # noqa: F403\n\n"
        f'MIDDLEWARE = ["{SHIM_MIDDLEWARE}.QueryCountMiddleware", *MIDDLEWARE]  # noqa: F405\n'
    )
    return SHIM_SETTINGS
