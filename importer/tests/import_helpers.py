"""Helpers for the importer's tests: the page tree, story files on disk, running the command
and counting what is in the database (to show that a failed file left nothing behind)."""

import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Page, PageLogEntry, Revision

from blog.models import AuthorPage
from blog.tests import factories as f
from importer.parsing import parse_story
from importer.problems import ImportProblem

SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"

# "Billion laughs": nine lists of nine aliases of the one before, 10**9 strings once read.
LAUGHS = "\n".join(
    ['lol0: &lol0 "lol"']
    + [f"lol{n}: &lol{n} [{', '.join([f'*lol{n - 1}'] * 9)}]" for n in range(1, 10)]
)


def site_tree():
    """The three indexes the importer puts pages and profiles under."""
    return f.story_index(), f.tutorial_index(), f.author_index()


def seeds_folder():
    if not SEEDS.is_dir():
        pytest.skip(
            f"{SEEDS} does not exist: the five seed posts are kept next to the repository "
            "(../shared/seeds), never in it, so these tests need that folder."
        )
    return SEEDS


def write(folder, name, content):
    path = Path(folder) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


@dataclass
class Run:
    out: str
    err: str
    failed: bool  # the command ended with CommandError (exit status 1 on a command line)

    @property
    def text(self):
        return self.out + self.err


def run_import(*paths, **options):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_stories", *map(str, paths), stdout=out, stderr=err, **options)
    except CommandError as error:
        err.write(f"CommandError: {error}\n")
        return Run(out.getvalue(), err.getvalue(), True)
    return Run(out.getvalue(), err.getvalue(), False)


def media_files():
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def counts():
    """Everything an import can write."""
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "authors": AuthorPage.objects.count(),
        "images": get_image_model().objects.count(),
        "tags": Tag.objects.count(),
        "log entries": PageLogEntry.objects.count(),
        "media files": media_files(),
    }


def story_file(title="A story of mine", *, body=None, **meta):
    """Markdown with YAML front matter, from keyword arguments (lists stay lists)."""
    lines = ["---", f"title: {title!r}" if title is not None else ""]
    for key, value in meta.items():
        lines.append(f"{key}: {value!r}" if not isinstance(value, list) else f"{key}: {value}")
    lines.append("---")
    text = "\n".join(line for line in lines if line) + "\n\n"
    return text + (body or "I moved from a till to a terminal, one evening class at a time.\n")


TEXT = "I moved from a till to a terminal, one evening class at a time."


def parse(data, name="post.md"):
    """A file read as the importer reads it: its ``StoryData``."""
    return parse_story(data.encode() if isinstance(data, str) else data, name=name)


def problem(data, name="post.md"):
    """The ``ImportProblem`` a file is refused with."""
    with pytest.raises(ImportProblem) as info:
        parse(data, name)
    return info.value
