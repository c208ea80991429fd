"""Reading, as readers see it in Chromium: no page scrolls sideways for a long word, grids
never leave a card alone in a row, code blocks show their language and copy their code, and
the reading faces are our own files, used, with nothing fetched from another host."""

from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from blog.tests import factories as f

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FONTS = Path(__file__).resolve().parents[2] / "static" / "fonts"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
LONG_WORD = "Supercalifragilisticexpialidociousbackendjourneyswithoutspaces"  # 62 characters

ROWS = """cards => {
  const rows = new Map();
  for (const card of cards) {
    const top = Math.round(card.getBoundingClientRect().top + window.scrollY);
    rows.set(top, (rows.get(top) || 0) + 1);
  }
  return [...rows.entries()].sort((a, b) => a[0] - b[0]).map(([, count]) => count);
}"""

# How many characters each line of an element's text holds, as laid out.
CHARACTERS_PER_LINE = """element => {
  const lines = new Map();
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  while (walker.nextNode()) {
    const node = walker.currentNode;
    for (let i = 0; i < node.length; i++) {
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const box = range.getClientRects()[0];
      if (!box) continue;
      const top = Math.round(box.top);
      lines.set(top, (lines.get(top) || 0) + 1);
    }
  }
  return [...lines.entries()].sort((a, b) => a[0] - b[0]).map(([, count]) => count);
}"""

PARAGRAPH = (
    "I learned to read a stack trace the way I used to read a till receipt: from the bottom, "
    "looking for the line that did not add up. It took me months to see that the database was "
    "not a mystery but a very patient colleague who answered exactly the question I asked, "
    "and that most of my slow pages were questions asked a hundred times instead of once."
)
CODE = 'def greet(name):\n    return f"Hello, {name} <b>&</b>"'


def _scroll_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


def test_no_page_scrolls_sideways_for_a_long_word(live_server, browser):
    author = f.author(name=f"Amina {LONG_WORD}", location=LONG_WORD)
    story = f.story(
        title=f"From the till to {LONG_WORD}",
        summary=f"A summary with {LONG_WORD} in it.",
        body=f"## {LONG_WORD}\n\n{PARAGRAPH} {LONG_WORD}.\n\n```python\n{CODE}\n```",
        tags=[LONG_WORD.lower(), "django"],
        authors=[author],
        starting_point=LONG_WORD,
    )
    f.story(title=f"Another {LONG_WORD}", tags=[LONG_WORD.lower()], authors=[author])
    tutorial = f.tutorial(
        title=f"Part one of {LONG_WORD}",
        series=f.series(title=f"The {LONG_WORD} series"),
        series_position=1,
        prerequisites=f"Knowing {LONG_WORD}",
        tags=[LONG_WORD.lower()],
        authors=[author],
    )
    tag = story.tags.get(name=LONG_WORD.lower())
    paths = [
        "/",
        story.url,
        tutorial.url,
        f"/tags/{tag.slug}/",
        "/tags/",
        author.url,
        "/authors/",
        "/journeys/",
        "/tutorials/",
        f"/tutorials/series/{tutorial.series.slug}/",
        f"/search/?q={LONG_WORD}",
        f"/search/?q={LONG_WORD}+{LONG_WORD[::-1]}+{LONG_WORD.upper()}",
    ]
    for viewport in (PHONE, DESKTOP):
        page = browser.new_page(viewport=viewport)
        for path in paths:
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            assert LONG_WORD.lower() in page.content().lower(), path  # the word is shown
            assert _scroll_width(page) <= viewport["width"], (viewport, path)
        page.close()


def _grid_groups():
    """Tutorials in groups of 2 to 5, each group under its own tag: a tag page lists n
    cards, and a tutorial's Read next shows the other n - 1 (at most 3)."""
    author = f.author(name="Grid Writer")
    groups = {}
    for size in range(2, 6):
        groups[size] = [
            f.tutorial(title=f"Grid {size} part {n}", tags=[f"grid{size}"], authors=[author])
            for n in range(size)
        ]
    return groups


def _rows(page, selector):
    return page.eval_on_selector_all(selector, ROWS)


def test_card_grids_never_leave_a_card_alone_in_a_row(live_server, browser):
    groups = _grid_groups()
    checked = []
    for viewport in (DESKTOP, PHONE):
        page = browser.new_page(viewport=viewport)
        for size, tutorials in groups.items():
            page.goto(f"{live_server.url}/tags/grid{size}/")
            rows = _rows(page, "main .card-grid > .card")
            assert sum(rows) == size
            checked.append((viewport["width"], f"tag of {size}", rows))
            page.goto(live_server.url + tutorials[0].url)
            rows = _rows(page, ".related .card-grid > .card")
            assert sum(rows) == min(size - 1, 3)
            checked.append((viewport["width"], f"read next of {sum(rows)}", rows))
        page.goto(live_server.url + "/tutorials/")
        checked.append((viewport["width"], "tutorials", _rows(page, "main .card-grid > .card")))
        page.goto(live_server.url + "/authors/")  # 1 author here: fine alone
        page.close()
    for width, where, rows in checked:
        if sum(rows) < 2:
            continue
        if width == PHONE["width"]:
            assert set(rows) == {1}, (width, where, rows)  # one column on a phone
        else:
            assert 1 not in rows, (width, where, rows)
            assert max(rows) <= 3, (width, where, rows)
    # On a desktop, two cards share a row and three make one row, not a column.
    desktop = {where: rows for width, where, rows in checked if width == DESKTOP["width"]}
    assert desktop["tag of 2"] == [2]
    assert desktop["tag of 3"] == [3]
    assert desktop["tag of 4"] == [2, 2]
    assert desktop["tag of 5"] == [3, 2]
    assert desktop["read next of 3"] == [3]


def test_author_grid_never_leaves_an_author_alone_in_a_row(live_server, browser):
    for n in range(5):
        f.author(name=f"Writer {n}")
    page = browser.new_page(viewport=DESKTOP)
    page.goto(live_server.url + "/authors/")
    rows = _rows(page, ".author-grid > .author-card")
    assert sum(rows) == 5 and 1 not in rows, rows


def test_code_block_shows_its_language_and_copies_its_code(live_server, browser):
    story = f.story(title="Greeting people", body=f"{PARAGRAPH}\n\n```python\n{CODE}\n```")
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(live_server.url + story.url)
    block = page.locator(".prose .code-block")
    assert block.locator(".code-block__language").inner_text().casefold() == "python"
    assert block.locator("pre").inner_text().rstrip("\n") == CODE
    expect(block.get_by_role("button", name="Copy Python code")).to_be_visible()
    button = block.locator("button.code-block__copy")
    button.click()
    assert page.evaluate("navigator.clipboard.readText()") == CODE
    expect(button).to_have_text("Copied Python code")
    expect(page.get_by_role("status").filter(has_text="clipboard")).to_have_text(
        "The Python code is copied to the clipboard."
    )
    context.close()

    # Without JavaScript: the same label and code, and no button that would do nothing.
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + story.url)
    block = page.locator(".prose .code-block")
    assert block.locator(".code-block__language").inner_text().casefold() == "python"
    assert block.locator("pre").inner_text().rstrip("\n") == CODE
    assert page.locator("button.code-block__copy").count() == 0
    assert page.locator(".prose button").count() == 0
    context.close()


def test_reader_pages_use_our_own_fonts_and_call_no_other_host(
    live_server, browser, record_property
):
    author = f.author(name="Nguyễn Thị Lan", avatar=f.image(title="Lan's avatar"))
    story = f.story(
        title="Reading faces",
        body=f"{PARAGRAPH}\n\n*An aside in italics.*\n\n```python\n{CODE}\n```",
        tags=["django"],
        authors=[author],
        cover_image=f.image(title="A cover"),
    )
    tutorial = f.tutorial(
        title="A tutorial",
        body=f"{PARAGRAPH}\n\n```python\n{CODE}\n```",
        tags=["django"],
        authors=[author],
        series=(series := f.series(title="Reading series")),
        series_position=1,
        cover_image=f.image(title="Another cover"),
    )
    page = browser.new_page(viewport=DESKTOP)
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    # Every page type a reader can reach, with its pictures, code blocks, share and follow
    # links, feeds and scripts.
    paths = {
        "/": 200, story.url: 200, tutorial.url: 200, "/journeys/": 200, "/tutorials/": 200,
        f"/tutorials/series/{series.slug}/": 200,
        author.url: 200, "/authors/": 200, "/tags/django/": 200, "/tags/": 200,
        "/search/?q=reading": 200, "/search/?q=nothing-matches-this": 200,
        "/write-for-us/": 200, "/no-such-page/": 404,
    }  # fmt: skip
    for path, status in paths.items():
        response = page.goto(live_server.url + path)
        assert response.status == status, path
        page.wait_for_load_state("networkidle")
        page.evaluate("document.fonts.ready.then(() => true)")
        if path == story.url:
            loaded = page.evaluate(
                "[...document.fonts].filter(f => f.status === 'loaded')"
                ".map(f => `${f.family} ${f.weight} ${f.style}`)"
            )
            assert "Literata 400 normal" in loaded
            assert "Literata 400 italic" in loaded
            assert "Space Grotesk 700 normal" in loaded
            prose_font = page.eval_on_selector(".prose p", "p => getComputedStyle(p).fontFamily")
            assert prose_font.startswith("Literata")
            heading_font = page.eval_on_selector("h1", "h => getComputedStyle(h).fontFamily")
            assert heading_font.startswith('"Space Grotesk"')
            # About 65 to 75 characters a line in the reading column.
            lines = page.eval_on_selector(".prose p", CHARACTERS_PER_LINE)
            assert all(60 <= count <= 80 for count in lines[:-1]), lines
            record_property("figures", f"characters a line at 1280 px: {lines}")

    # The pictures were asked for, from this host: the check saw them.
    assert any(urlsplit(url).path.startswith("/media/") for url in requests), requests
    hosts = {urlsplit(url).hostname for url in requests if not url.startswith("data:")}
    assert hosts == {urlsplit(live_server.url).hostname} <= {"localhost", "127.0.0.1"}, hosts
    font_paths = {urlsplit(url).path for url in requests if url.endswith(".woff2")}
    assert font_paths and all(path.startswith("/static/fonts/") for path in font_paths)
    fonts = {path: (FONTS / PurePosixPath(path).name).stat().st_size for path in font_paths}
    # The Vietnamese letters in the author's name fetch the small Vietnamese files only.
    assert any("vietnamese" in path for path in fonts), fonts
    latin = sum(size for path, size in fonts.items() if "-latin-" in path)
    assert latin <= 100_000, fonts
    record_property("figures", f"fonts fetched by reader pages: {fonts}")
