"""A document to a story (``importer/mapping.py``): the keys of each platform's dialect, the
title, the summary and the excerpt, and what the mapping notes for the person importing."""

import datetime

from .import_helpers import TEXT, parse


def test_dev_to_front_matter():
    story = parse(
        "---\ntitle: From DEV\npublished: false\ndescription: A short one.\n"
        "tags: python, career\ncanonical_url: https://dev.to/a/b\n"
        "cover_image: https://img.example/c.png\nseries: Night school\n---\n\n" + TEXT
    )
    assert (story.title, story.summary, story.draft) == ("From DEV", "A short one.", True)
    assert story.tags == ["python", "career"]
    assert story.canonical_url == "https://dev.to/a/b"
    assert story.cover_image == "https://img.example/c.png"


def test_jekyll_and_hugo_keys():
    story = parse(
        "---\ntitle: Jekyll\ndate: 2020-02-03 10:00:00 +0100\ncategories: [web, sql]\n"
        "excerpt: From Jekyll.\nauthor: Ada Obi\n---\n" + TEXT
    )
    assert story.original_published_at == datetime.date(2020, 2, 3)
    assert story.tags == ["web", "sql"] and story.authors == ["Ada Obi"]
    assert story.summary == "From Jekyll."


def test_plain_text_title_rules():
    assert parse(f"My title\n\nMy title\n\n{TEXT}", "a.txt").body == TEXT
    story = parse(f"{TEXT} And more.\nSecond line.", "a.txt")
    assert story.title == TEXT.rstrip(".")
    assert any("no title line" in note for note in story.notes)


def test_a_long_summary_is_cut_to_fit():
    story = parse(f"---\ntitle: A\nsummary: {'word ' * 100}\n---\n{TEXT}")
    assert len(story.summary) <= 300 and story.summary.endswith("…")


def test_the_excerpt_separator_gives_the_summary_and_leaves_the_body():
    story = parse(f"---\ntitle: A\n---\nThe opening words.\n<!--more-->\n\n{TEXT}")
    assert story.summary == "The opening words."
    assert story.body == f"The opening words.\n\n{TEXT}"
    own = parse(f"---\ntitle: A\nexcerpt_separator: '[cut]'\n---\nFirst bit. [cut] {TEXT}")
    assert (own.summary, own.body) == ("First bit.", f"First bit. {TEXT}")
    assert not any("not used" in note for note in own.notes)


def test_a_series_on_a_story_is_reported_not_dropped_silently():
    story = parse(f"---\ntitle: A\nseries: Night school\n---\n{TEXT}")
    assert any("series “Night school” left out" in note for note in story.notes)


def test_unused_keys_are_named_as_the_file_writes_them():
    story = parse(
        f"---\ntitle: A\nexcerptSeparator: x\ncoverImage: a.png\nogImage: b.png\n---\n{TEXT}"
    )
    assert "front matter keys not used: ogImage" in story.notes


def test_a_link_in_a_footer_is_the_canonical_url_only_when_it_is_a_web_address():
    footer = "\n\nOriginally published at [my blog](https://ann.example/a-post).\n"
    body = f"{TEXT}\n\nA second paragraph.\n\nA third one.\n\nThe end."
    story = parse(f"---\ntitle: A\n---\n{body}{footer}")
    assert (story.canonical_url, story.body) == ("https://ann.example/a-post", body)
    broken = footer.replace("https://ann.example/a-post", "https://" + "a" * 600)
    story = parse(f"---\ntitle: A\n---\n{body}{broken}")
    assert (story.canonical_url, story.body) == ("", body)
