"""export_stories writes what readers see (or everything, with --all) as Markdown files the
importer reads back: exporting, then importing into an empty site, gives the same pieces."""

import datetime
import hashlib
import io
import tempfile
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.utils import timezone
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from wagtail.images import get_image_model

from blog.models import ArticlePage, AuthorPage, JourneyStoryPage, TutorialPage, TutorialSeries
from blog.tests import factories as f
from importer import cleaning
from importer.export import stories_export
from importer.mapping import PLACEHOLDER_AUTHORS
from importer.parsing import parse_story
from importer.services import collect_sources, stories_import

pytestmark = pytest.mark.django_db


def export(directory, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("export_stories", str(directory), *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def front_matter(path):
    text = Path(path).read_text(encoding="utf-8")
    assert text.startswith("---\n")
    raw, _, body = text[4:].partition("\n---\n")
    return yaml.safe_load(raw), body


def snapshot(page):
    """What a reader sees of a piece, in comparable form."""
    page = page.specific
    values = {
        "kind": page.type_kind,
        "title": page.title,
        "summary": page.summary,
        "date": page.display_date,
        "original_published_at": page.original_published_at,
        "tags": sorted(tag.name.casefold() for tag in page.tags.all()),
        "authors": [author.title for author in page.ordered_authors],
        "body": page.body.replace("\r\n", "\n").strip(),
        "canonical_url": page.canonical_url,
        "live": page.live,
        "cover": _image_hash(page.cover_image),
    }
    if isinstance(page, JourneyStoryPage):
        values |= {
            "starting_point": page.starting_point,
            "country": str(page.country.code or ""),
            "city": page.city,
            "journey_started_year": page.journey_started_year,
            "milestones": [(m.year, m.text) for m in page.milestones.all()],
        }
    else:
        values |= {
            "difficulty": page.difficulty,
            "estimated_minutes": page.estimated_minutes,
            "prerequisites": page.prerequisite_list,
            "series": (page.series.title, page.series_position) if page.series else None,
        }
    return values


def _image_hash(image):
    if image is None:
        return None
    with image.file.open("rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def empty_site():
    """Remove every piece, author, image and series: an empty site with its indexes."""
    for model in (ArticlePage, AuthorPage):
        for page in model.objects.order_by("-depth"):
            page.delete()
    get_image_model().objects.all().delete()
    TutorialSeries.objects.all().delete()


def import_folder(directory):
    files, problems = collect_sources([directory])
    assert not problems
    report = stories_import(sources=files, publish=True)
    assert not report.failures, [r.describe() for r in report.failures]
    return report


@pytest.fixture
def zoe():
    return f.author(name="Zoë Adeyemi")


@pytest.fixture
def content(zoe):
    other = f.author(name="Bram de Vries")
    when = timezone.make_aware(datetime.datetime(2024, 5, 6, 9, 30))
    cover = f.image(title="Cover", colour=(200, 10, 10))
    cover.get_file_hash()  # as an admin upload has it: the importer finds images by hash
    story = f.story(
        title="From the till to Django: a cashier's “second” career",
        summary="Yes: it took two years. No: I did not quit my job.",
        body="Intro with a colon: here.\n\n## What helped\n\n- `python -m venv`\n- patience",
        authors=[zoe, other],
        tags=["django", "career-change", "yes"],
        canonical_url="https://dev.to/zoe/from-the-till-to-django-1a2b?utm=x&y=null",
        original_published_at=datetime.date(2023, 11, 2),
        starting_point="retail cashier",
        country="KE",
        city="Nairobi",
        journey_started_year=2019,
        milestones=[(2019, "First tutorial"), (2022, "First backend job")],
        cover_image=cover,
        published=when,
    )
    series = f.series(title="Postgres for beginners")
    tutorial = f.tutorial(
        title="Indexes, explained",
        summary="How a B-tree finds your row.",
        body="# Not the title\n\nSome `SELECT` statements.",
        authors=[other],
        tags=["postgres"],
        difficulty="intermediate",
        estimated_minutes=45,
        prerequisites="Python 3\nA running PostgreSQL",
        series=series,
        series_position=2,
        published=when - datetime.timedelta(days=3),
    )
    draft = f.story(title="Still writing this one", authors=[zoe], live=False)
    return {"story": story, "tutorial": tutorial, "draft": draft, "zoe": zoe, "other": other}


def test_export_then_import_into_an_empty_site_gives_the_same_pieces(tmp_path, content):
    expected = sorted(
        (snapshot(page) for page in ArticlePage.objects.all()), key=lambda v: v["title"]
    )
    assert [piece["live"] for piece in expected].count(False) == 1  # the draft stays one
    first_published = {p.title: p.first_published_at for p in ArticlePage.objects.live()}
    output = export(tmp_path / "out", "--all")
    assert "Exported 2 journey stories and 1 tutorial (1 draft) with 1 image" in output

    empty_site()
    assert not ArticlePage.objects.exists()
    import_folder(tmp_path / "out")

    imported = sorted(
        (snapshot(page) for page in ArticlePage.objects.all()), key=lambda v: v["title"]
    )
    assert imported == expected
    for page in ArticlePage.objects.live():
        assert page.first_published_at == first_published[page.title].replace(microsecond=0)


def test_importing_an_export_into_the_same_site_changes_nothing(tmp_path, content):
    export(tmp_path, "--all")
    files, _ = collect_sources([tmp_path])
    report = stories_import(sources=files, publish=True)
    assert [r.status for r in report.results] == ["unchanged"] * 3, [
        (r.describe(), r.notes) for r in report.results
    ]


def test_files_are_named_by_slug_and_read_by_the_importer(tmp_path, content):
    export(tmp_path)
    story, tutorial = content["story"], content["tutorial"]
    meta, body = front_matter(tmp_path / f"{story.slug}.md")
    assert meta["title"] == story.title
    assert meta["type"] == "story"
    assert meta["date"] == datetime.date(2023, 11, 2)
    assert meta["authors"] == ["Zoë Adeyemi", "Bram de Vries"]
    assert meta["tags"] == ["career-change", "django", "yes"]
    assert meta["cover_image"].startswith("images/")
    assert meta["milestones"] == [
        {"year": 2019, "text": "First tutorial"},
        {"year": 2022, "text": "First backend job"},
    ]
    assert "draft" not in meta
    assert body.strip() == story.body.strip()

    meta, _ = front_matter(tmp_path / f"{tutorial.slug}.md")
    assert meta["type"] == "tutorial"
    assert meta["date"] == (timezone.localtime(tutorial.first_published_at).date())
    assert meta["original_published_at"] is None  # "date" is ours, not a date elsewhere
    assert meta["series"] == "Postgres for beginners"
    assert meta["series_position"] == 2
    assert meta["difficulty"] == "intermediate"
    assert meta["estimated_minutes"] == 45
    assert meta["prerequisites"] == ["Python 3", "A running PostgreSQL"]

    parsed = parse_story((tmp_path / f"{tutorial.slug}.md").read_bytes(), name="x.md")
    assert parsed.kind == "tutorial"
    assert parsed.series == "Postgres for beginners"
    assert parsed.prerequisites == "Python 3\nA running PostgreSQL"


def test_cover_images_are_copied_next_to_the_files(tmp_path, content):
    export(tmp_path)
    meta, _ = front_matter(tmp_path / f"{content['story'].slug}.md")
    copied = tmp_path / meta["cover_image"]
    assert copied.parent == tmp_path / "images"
    with content["story"].cover_image.file.open("rb") as original:
        assert copied.read_bytes() == original.read()


def test_a_missing_image_file_is_reported_and_the_piece_written_without_it(tmp_path, content):
    story = content["story"]
    story.cover_image.file.storage.delete(story.cover_image.file.name)
    with pytest.raises(CommandError, match="1 cover image"):
        export(tmp_path)
    meta, _ = front_matter(tmp_path / f"{story.slug}.md")
    assert meta["title"] == story.title
    assert "cover_image" not in meta


def test_drafts_are_left_out_unless_all(tmp_path, content):
    draft = content["draft"]
    export(tmp_path / "published")
    names = sorted(p.name for p in (tmp_path / "published").glob("*.md"))
    assert f"{draft.slug}.md" not in names
    assert len(names) == 2

    output = export(tmp_path / "all", "--all")
    assert "(1 draft)" in output
    meta, _ = front_matter(tmp_path / "all" / f"{draft.slug}.md")
    assert meta["draft"] is True
    assert parse_story((tmp_path / "all" / f"{draft.slug}.md").read_bytes(), name="d.md").draft


def test_a_newer_unpublished_revision_never_leaks_into_the_published_export(tmp_path, content):
    story = content["story"]
    live_title, live_body = story.title, story.body
    newer = story.get_latest_revision_as_object()
    newer.title = "SECRET draft title"
    newer.body = "SECRET draft body"
    newer.tags.set(["secret-tag"])
    newer.save_revision()

    export(tmp_path / "published")
    text = (tmp_path / "published" / f"{story.slug}.md").read_text(encoding="utf-8")
    assert "SECRET" not in text and "secret-tag" not in text
    meta, body = front_matter(tmp_path / "published" / f"{story.slug}.md")
    assert meta["title"] == live_title
    assert body.strip() == live_body.strip()

    export(tmp_path / "all", "--all")
    meta, body = front_matter(tmp_path / "all" / f"{story.slug}.md")
    assert meta["title"] == "SECRET draft title"
    assert body.strip() == "SECRET draft body"
    assert meta["tags"] == ["secret-tag"]


def test_author_filter_ignores_case_and_accents(tmp_path, content):
    output = export(tmp_path, "--author", "  zoe ADEYEMI")
    names = sorted(p.name for p in tmp_path.glob("*.md"))
    assert names == [f"{content['story'].slug}.md"]
    assert "Exported 1 journey story and 0 tutorials" in output


def test_unknown_author_is_an_error_and_writes_nothing(tmp_path, content):
    with pytest.raises(CommandError, match="No author profile is named “Nobody”"):
        export(tmp_path / "out", "--author", "Nobody")
    assert not (tmp_path / "out").exists()


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_shows_on_a_terminal_only(tmp_path, content, monkeypatch):
    monkeypatch.setattr("importer.progress.MIN_ITEMS", 1)
    terminal = Terminal()
    call_command("export_stories", str(tmp_path / "a"), stdout=terminal)
    assert "\r[" in terminal.getvalue()
    assert "2/2" in terminal.getvalue()
    assert terminal.getvalue().rstrip().endswith(f"with 1 image to {tmp_path / 'a'}.")

    piped = io.StringIO()
    call_command("export_stories", str(tmp_path / "b"), stdout=piped)
    assert "\r" not in piped.getvalue()
    quiet = io.StringIO()
    call_command("export_stories", str(tmp_path / "c"), stdout=quiet, verbosity=0)
    assert quiet.getvalue().count("\n") == 1  # the summary only


def test_dry_run_lists_and_writes_nothing(tmp_path, content):
    output = export(tmp_path / "out", "--dry-run", "--all")
    assert f"Would write journey story “{content['story'].title}”" in output
    assert f"to {content['draft'].slug}.md" in output
    assert "nothing was written" in output
    assert not (tmp_path / "out").exists()


def test_a_file_where_the_folder_should_be_is_a_clear_error(tmp_path, content):
    target = tmp_path / "a-file"
    target.write_text("not a folder")
    with pytest.raises(CommandError, match="is a file, not a folder"):
        export(target)
    with pytest.raises(CommandError, match="Cannot write to"):
        export(target / "inside")
    assert target.read_text() == "not a folder"


def test_same_slug_in_both_indexes_gives_two_files(tmp_path, content):
    f.story(title="Same slug story", slug="same")
    f.tutorial(title="Same slug tutorial", slug="same")
    export(tmp_path)
    same = sorted(p.name for p in tmp_path.glob("same*.md"))
    assert len(same) == 2
    titles = {front_matter(tmp_path / name)[0]["title"] for name in same}
    assert titles == {"Same slug story", "Same slug tutorial"}
    # Stable: a second export writes the same names.
    export(tmp_path / "again")
    assert sorted(p.name for p in (tmp_path / "again").glob("same*.md")) == same


def test_export_queries_do_not_grow_with_the_pieces(tmp_path, django_assert_max_num_queries):
    authors = [f.author() for _ in range(3)]
    series = f.series()

    def add(count, start):
        for n in range(count):
            f.story(authors=authors[: 1 + n % 3], tags=[f"t{n % 4}"], cover_image=f.image(),
                    milestones=[(2020, "x")])  # fmt: skip
            f.tutorial(authors=authors[:1], series=series, series_position=start + n)
            draft = f.story(live=False)
            draft.title = "changed"
            draft.save_revision()

    add(2, 1)
    with django_assert_max_num_queries(15) as small:
        stories_export(directory=tmp_path / "small", include_drafts=True)
    add(4, 3)
    with django_assert_max_num_queries(len(small.captured_queries)):
        report = stories_export(directory=tmp_path / "large", include_drafts=True)
    assert len(report.pieces) == 18


# Generated stories -------------------------------------------------------------------------

# Strings YAML or Markdown read as something else when they are not quoted or escaped.
TRICKY = [
    "yes", "no", "null", "~", "true", "False", "- x", "# not a heading", "#hash", "key: value",
    "a: b: c", "'single'", '"double"', "[list]", "{map}", "&anchor", "*alias", "!tag", "%pct",
    "@at", "`tick`", "| pipe", "> fold", "2024-01-01", "1e3", "0x1F", "---", "...", "+++",
    "Zoë\u2019s café", "naïve façade", "日本語", "🚀 launch", "it's", "a \\ b", "50%: done",
]  # fmt: skip
WORD = st.text(
    alphabet=st.characters(categories=["L", "N", "P", "S"], exclude_characters="\\"),
    min_size=1,
    max_size=8,
)
LINE = st.lists(st.one_of(st.sampled_from(TRICKY), WORD), min_size=1, max_size=6).map(
    lambda words: cleaning.one_line(" ".join(words))
)
NAME = st.lists(
    st.text(alphabet=st.characters(categories=["L"]), min_size=2, max_size=10),
    min_size=1,
    max_size=3,
).map(" ".join)
BLOCK = st.one_of(
    LINE, LINE.map("## {}".format), LINE.map("- {}".format), LINE.map("> {}".format),
    LINE.map("```\n{}\n```".format), st.sampled_from(TRICKY),
)  # fmt: skip
URL = st.one_of(
    st.just(""),
    st.from_regex(r"[a-z0-9-]{1,20}", fullmatch=True).map(
        lambda slug: f"https://example.com/posts/{slug}?ref=yes&x=null#part-2"
    ),
)


def _stable(text):
    return cleaning.fix_text(text) == text


def _has_word(text):
    return any(ch.isalnum() for ch in text)


@st.composite
def pieces(draw):
    title = draw(LINE.filter(lambda t: _has_word(t) and len(t) <= 200))
    body = "\n\n".join(draw(st.lists(BLOCK, min_size=1, max_size=5)))
    tags = draw(st.lists(LINE.filter(lambda t: len(t) <= 100), max_size=4))
    tags = [t for t in tags if _has_word(t) and not t.startswith("#")]
    names = draw(st.lists(NAME, min_size=1, max_size=2, unique_by=cleaning.fold))
    piece = {
        "kind": draw(st.sampled_from(["story", "tutorial"])),
        "title": title,
        "summary": draw(LINE.filter(lambda s: len(s) <= 300)),
        "body": body,
        "tags": list({t.casefold(): t for t in tags}.values()),
        "authors": names,
        "canonical_url": draw(URL),
        "original_published_at": draw(
            st.none() | st.dates(datetime.date(1995, 1, 1), datetime.date(2025, 12, 31))
        ),
        "prerequisites": "\n".join(draw(st.lists(LINE, max_size=3))),
    }
    texts = [title, body, piece["summary"], piece["prerequisites"], *tags, *names]
    assume(all(_stable(text) for text in texts))
    assume(not any(cleaning.fold(name) in PLACEHOLDER_AUTHORS for name in names))
    # Not the importer's clean-up at work: no repeated title line, no platform footer.
    assume(cleaning.drop_repeated_title(body, title)[1] is False)
    assume(not cleaning.remove_leftovers(body).removed)
    return piece


def _make(piece):
    authors = [f.author(name=name) for name in piece["authors"]]
    fields = {
        key: piece[key]
        for key in ("title", "summary", "body", "tags", "canonical_url", "original_published_at")
    }
    if piece["kind"] == "story":
        return f.story(authors=authors, **fields)
    return f.tutorial(
        authors=authors, prerequisites=piece["prerequisites"], difficulty="advanced", **fields
    )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(piece=pieces())
def test_generated_pieces_survive_export_and_import(db, piece):
    empty_site()
    page = _make(piece)
    expected = snapshot(page)
    with tempfile.TemporaryDirectory() as directory:
        stories_export(directory=directory)
        empty_site()
        import_folder(directory)
    imported = ArticlePage.objects.get()
    assert snapshot(imported) == expected
    assert isinstance(imported.specific, TutorialPage if piece["kind"] == "tutorial" else
                      JourneyStoryPage)  # fmt: skip
