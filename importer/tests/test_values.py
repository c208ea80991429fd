"""Reading values (``importer/values.py``): lists of names, dates in the platforms' formats,
durations and levels."""

import datetime

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
