"""Reading values (``importer/values.py``): lists of names, dates in the platforms' formats,
durations and levels."""

import datetime

import pytest
from django.db import models

from importer.parsing import read_document
from importer.problems import ImportProblem
from importer.values import as_field

from .import_helpers import TEXT, parse


def test_tags_as_a_list_or_a_comma_string_are_the_same():
    listed = parse(f"---\ntitle: A\ntags: [Python, '#django', python]\n---\n{TEXT}").tags
    commas = parse(f"---\ntitle: A\ntags: 'Python, #django, python'\n---\n{TEXT}").tags
    assert listed == commas == ["Python", "django"]


def test_tutorial_fields():
    story = parse(
        "---\ntitle: T\ntype: tutorial\nlevel: hard\nestimated_time: PT1H15M\n"
        "prerequisites: [Python, Git]\nseries: {name: Basics, part: 2}\n---\n" + TEXT
    )
    assert (story.kind, story.difficulty, story.estimated_minutes) == ("tutorial", "advanced", 75)
    assert story.prerequisites == "Python\nGit"
    assert (story.series, story.series_position) == ("Basics", 2)


def test_hashnode_export_dates_in_javascripts_format():
    story = parse(
        "---\ntitle: From Hashnode\n"
        "datePublished: Mon Feb 12 2024 23:30:00 GMT+0530 (India Standard Time)\n"
        "---\n" + TEXT
    )
    assert story.original_published_at == datetime.date(2024, 2, 12)
    assert not any("not used" in note for note in story.notes)


def test_the_original_date_is_the_day_the_writer_wrote_in_their_time_zone():
    story = parse(f"---\ntitle: Late\ndate: 2023-08-14T23:30:00-07:00\n---\n{TEXT}")
    assert story.original_published_at == datetime.date(2023, 8, 14)  # 06:30 on the 15th in UTC


def test_jekyll_space_separated_categories_and_tags_are_tags_together():
    story = parse(
        "---\nlayout: post\ntitle: Queues\ncategories: python celery\ntags: [Redis, python]\n"
        f"---\n{TEXT}"
    )
    assert story.tags == ["Redis", "python", "celery"]
    assert parse(f"---\ntitle: A\ntags: docker, dev ops\n---\n{TEXT}").tags == [
        "docker",
        "dev ops",
    ]


def test_a_field_without_a_reader_of_its_own_is_read_and_checked_by_its_model_field():
    # What a page type added later to ``blog.kinds`` gets for its own fields.
    doc = read_document(b"---\ntitle: T\nguest: Ana\nepisode: two\n---\nText.\n", name="t.md")
    guest = models.CharField(max_length=3)
    episode = models.PositiveSmallIntegerField(null=True)
    assert as_field("Ana", "guest", doc, guest) == "Ana"
    assert as_field("7", "episode", doc, episode) == 7
    assert as_field(None, "episode", doc, episode) is None
    with pytest.raises(ImportProblem) as too_long:
        as_field("Anastasia", "guest", doc, guest)
    assert "at most 3 characters" in str(too_long.value) and too_long.value.line == 3
    with pytest.raises(ImportProblem) as not_a_number:
        as_field("two", "episode", doc, episode)
    assert "episode:" in str(not_a_number.value) and not_a_number.value.line == 4
