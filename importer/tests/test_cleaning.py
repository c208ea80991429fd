"""Clean-up of text written elsewhere: mojibake, titles, plain text, platform leftovers."""

from importer import cleaning

BODY = "I learned Django at night.\n\nThen I got the job.\n\nIt took two years.\n\nThe end."


def test_fix_text_repairs_mojibake_and_line_endings():
    broken = "weekend\u2019s plan".encode().decode("cp1252")  # UTF-8 read as cp1252
    assert broken != "weekend\u2019s plan"
    assert cleaning.fix_text(f"\ufeff{broken}\r\nnext\rlast") == "weekend\u2019s plan\nnext\nlast"


def test_fix_text_leaves_what_a_writer_meant():
    text = "Use &lt;div&gt; and \u201cquotes\u201d, \ufb01ne, \uff26\uff55\uff4c\uff4c"
    assert cleaning.fix_text(text) == text


def test_fold_ignores_case_and_accents():
    assert cleaning.fold("  José   NÚÑEZ ") == cleaning.fold("jose nunez")


def test_repeated_title_line_is_dropped_once():
    body, dropped = cleaning.drop_repeated_title("\n# My Title\n\nText.\n", "my title")
    assert dropped and body.strip() == "Text."
    body, dropped = cleaning.drop_repeated_title("Other\n\nText.", "my title")
    assert not dropped and body == "Other\n\nText."


def test_title_line_or_derived_title():
    assert cleaning.split_title_line("A Title\n\nText.")[0] == "A Title"
    assert cleaning.split_title_line("Title\n=====\nText.") == ("Title", "Text.")
    assert cleaning.split_title_line("This is a sentence. And another.\nMore.")[0] is None
    long_sentence = "word " * 40 + "end. Next sentence."
    title = cleaning.derive_title(long_sentence)
    assert title.endswith("…") and len(title) <= cleaning.DERIVED_TITLE_CUT + 1
    assert cleaning.derive_title("Short first sentence. Then more.") == "Short first sentence"


def test_one_long_sentence_on_the_first_line_is_a_title_not_prose():
    line = "Word " * 60
    assert cleaning.looks_like_title(line)
    assert not cleaning.looks_like_title("First sentence here. " * 10)


def test_plain_text_lines_become_paragraphs_and_bullets_a_list():
    text = "One line.\nTwo line.\n  • first\n  • second"
    assert cleaning.plain_text_to_markdown(text) == "One line.\n\nTwo line.\n\n- first\n\n- second"


def test_trailing_platform_leftovers_are_removed_and_reported():
    cleaned = cleaning.remove_leftovers(BODY + "\nTop comments (0)\n")
    assert cleaned.text == BODY
    assert cleaned.removed == ("“Top comments (0)” (DEV.to)",)


def test_a_comment_section_goes_with_everything_after_it():
    tail = "\n\n3 thoughts on “My post”\n\nBob\n\nNice!\n\nLeave a Comment\n\nScroll to Top\n"
    cleaned = cleaning.remove_leftovers(BODY + tail)
    assert cleaned.text == BODY
    (removed,) = cleaned.removed
    assert removed.startswith("“3 thoughts on “My post”” and 4 line(s) after it")
    assert "“Leave a Comment”" in removed and "“Scroll to Top”" in removed


def test_newsletter_footer_gives_away_the_byline():
    tail = (
        "\nSubscribe to my newsletter\nRead articles from Ann Example directly inside your"
        " inbox. Subscribe to the newsletter, and don't miss out.\nWritten by\n"
    )
    cleaned = cleaning.remove_leftovers(BODY + tail)
    assert cleaned.text == BODY
    assert cleaned.author == "Ann Example"
    assert len(cleaned.removed) == 3


def test_originally_published_at_gives_the_canonical_url():
    cleaned = cleaning.remove_leftovers(BODY + "\n\nOriginally published at https://ex.com/a.\n")
    assert cleaned.canonical_url == "https://ex.com/a"


def test_the_same_words_inside_the_text_stay():
    body = "Leave a comment\n\nis what I never did.\n\nSubscribe\n\nto good habits, I say."
    assert cleaning.remove_leftovers(body).text == body


def test_a_medium_footer_goes_whole_and_gives_the_byline_and_the_canonical_url():
    tail = (
        "\n\n*Originally published at [https://ex.com/a](https://ex.com/a) on May 2, 2023.*"
        "\n\n1.2K\n\n14\n\nWritten by Ann Example\n\n310 Followers\n\n"
        "Baker turned backend developer.\n\nFollow\n\nMore from Ann Example\n\nAnother post"
        "\n\nRecommended from Medium\n\nHelp\n\nStatus\n"
    )
    cleaned = cleaning.remove_leftovers(BODY + tail)
    assert cleaned.text == BODY
    assert (cleaned.author, cleaned.canonical_url) == ("Ann Example", "https://ex.com/a")
    removed = " ".join(cleaned.removed)
    assert "“Originally published at" in removed and "“1.2K”" in removed
    assert "“Written by Ann Example” and the author box under it (2 line(s))" in removed


def test_a_hashnode_author_box_and_the_rule_above_the_footer_go():
    tail = (
        "\n\n---\n\nSubscribe to my newsletter\n\nSubscribe\n\nWritten by\n\nAnn Example\n\n"
        "I write about queues and the people who run them.\n\nShare this\n"
    )
    cleaned = cleaning.remove_leftovers(BODY + tail)
    assert cleaned.text == BODY
    assert cleaned.author == "Ann Example"
    assert "“Written by” and the author box under it (2 line(s)) (Hashnode)" in cleaned.removed


def test_leftovers_written_as_markdown_headings_or_emphasis_are_found():
    cleaned = cleaning.remove_leftovers(BODY + "\n\n## Top comments (2)\n\nNice!\n\nThanks.\n")
    assert cleaned.text == BODY
    assert cleaned.removed == ("“Top comments (2)” and 2 line(s) after it (DEV.to)",)
    cleaned = cleaning.remove_leftovers(BODY + "\n\n**Leave a Comment**\n")
    assert cleaned.text == BODY


def test_a_reading_list_naming_authors_is_not_an_author_box():
    body = (
        BODY + "\n\n## Books\n\nClean Code\n\nWritten by Robert Martin\n\nTwo Scoops of Django"
        "\n\nStill on my desk."
    )
    assert cleaning.remove_leftovers(body).text == body
    # A bare number that ends a text is the text's, without platform furniture after it.
    assert cleaning.remove_leftovers(BODY + "\n\n2024").text == BODY + "\n\n2024"
