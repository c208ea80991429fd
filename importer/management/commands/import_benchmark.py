"""How fast import_stories goes: generate N Markdown files with front matter, import them
and print files per second.

    python manage.py import_benchmark            # 2,000 files
    python manage.py import_benchmark --files 200

It writes into the current database inside one transaction that it rolls back at the end,
so it leaves nothing behind (point DATABASE_URL at a throw-away database to be doubly
sure). Each file still gets its own savepoint, as in a real import. Missing story, tutorial
and author indexes are created inside that transaction. Timings are printed, never
asserted: the numbers belong in a note, not in a test.
"""

import random
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Site

from blog.models import AuthorIndexPage, StoryIndexPage, TutorialIndexPage
from importer.services import collect_sources, stories_import

WORDS = [
    "backend",
    "django",
    "python",
    "database",
    "query",
    "index",
    "cache",
    "queue",
    "server",
    "request",
    "response",
    "deploy",
    "test",
    "migration",
    "model",
    "view",
    "template",
    "api",
    "token",
    "session",
    "worker",
    "log",
    "metric",
    "learned",
    "started",
    "failed",
    "tried",
    "again",
    "mentor",
    "course",
    "evening",
    "weekend",
    "job",
    "interview",
]
TAGS = ["python", "django", "career", "sql", "testing", "devops", "apis", "postgres"]
NAMES = ["Ada Obi", "Grace Wanjiru", "Linus Mwangi", "José Núñez", "Mei Chen", "Ola Nordmann"]


class _Rollback(Exception):  # noqa: N818 (control flow, not an error)
    pass


def _sentence(rng, words=12):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def story_text(n, rng):
    """One generated story: YAML front matter, a few headed sections, a code block."""
    kind = "tutorial" if n % 5 == 0 else "story"
    tags = rng.sample(TAGS, 3)
    meta = [
        "---",
        f"title: Generated story number {n}",
        f"summary: {_sentence(rng, 10)}",
        f"date: 20{rng.randint(15, 24)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        f"tags: [{', '.join(tags)}]",
        f"authors: [{rng.choice(NAMES)}]",
        f"canonical_url: https://example.com/posts/{n}",
    ]
    if kind == "tutorial":
        meta += ["type: tutorial", "difficulty: beginner", "duration: 30 min"]
    meta.append("---")
    sections = []
    for s in range(3):
        paragraphs = "\n\n".join(" ".join(_sentence(rng) for _ in range(4)) for _ in range(2))
        sections.append(f"## Part {s + 1}\n\n{paragraphs}")
    code = "```python\nprint('hello')\n```"
    return "\n".join(meta) + "\n\n" + "\n\n".join([*sections, code]) + "\n"


def _ensure_indexes():
    root = Site.objects.get(is_default_site=True).root_page
    for model, title in (
        (StoryIndexPage, "Journeys"),
        (TutorialIndexPage, "Tutorials"),
        (AuthorIndexPage, "Authors"),
    ):
        if not model.objects.exists():
            root.add_child(instance=model(title=title, slug=f"bench-{title.lower()}"))


class Command(BaseCommand):
    help = (
        "Generate N Markdown story files (default 2000), import them inside a transaction "
        "that is rolled back at the end (nothing is kept) and print files per second."
    )

    def add_arguments(self, parser):
        parser.add_argument("--files", type=int, default=2000, help="How many files (2000).")
        parser.add_argument("--seed", type=int, default=6, help="Random seed for the text.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only generate the files and time the parsing; nothing touches the database.",
        )

    def handle(self, *args, files, seed, dry_run, **options):
        if files < 1:
            raise CommandError("--files must be at least 1.")
        rng = random.Random(seed)  # noqa: S311 (sample text, not security)
        with tempfile.TemporaryDirectory(prefix="bj-import-bench-") as folder:
            started = time.perf_counter()
            for n in range(1, files + 1):
                Path(folder, f"story-{n:05d}.md").write_text(story_text(n, rng), "utf-8")
            generated = time.perf_counter() - started
            sources, _missing = collect_sources([folder])
            if options["verbosity"] >= 1:
                self.stdout.write(f"Generated {files} files in {generated:.1f} s.")
            if dry_run:
                report, elapsed = self._parse_only(sources)
            else:
                report, elapsed = self._import(sources)
        rate = files / elapsed if elapsed else float("inf")
        self.stdout.write(report.summary() if report is not None else "")
        what = "parsed" if dry_run else "imported"
        self.stdout.write(
            self.style.SUCCESS(
                f"{what} {files} files in {elapsed:.1f} s: {rate:.1f} files per second"
            )
        )
        if report is not None and report.failures:
            raise CommandError(f"{len(report.failures)} generated file(s) failed to import.")

    def _import(self, sources):
        report = None
        try:
            with transaction.atomic():
                _ensure_indexes()
                started = time.perf_counter()
                report = stories_import(sources=sources)
                elapsed = time.perf_counter() - started
                raise _Rollback
        except _Rollback:
            pass
        return report, elapsed

    def _parse_only(self, sources):
        from importer.parsing import parse_story

        started = time.perf_counter()
        for path, _root in sources:
            parse_story(path.read_bytes(), name=path.name)
        return None, time.perf_counter() - started
