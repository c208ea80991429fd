"""axe-core in Chromium finds no WCAG 2 A or AA violation on any reader page type, in the
light and the dark colour scheme."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from blog.models import AuthorPage, JourneyStoryPage, TutorialPage
from demo.loader import DemoLoader

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WCAG_A_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

# The body's background as [r, g, b] (0-255).
BODY_BACKGROUND = (
    "getComputedStyle(document.body).backgroundColor.match(/\\d+/g).slice(0, 3).map(Number)"
)


def describe(results):
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in results.response["violations"]
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_reader_pages_have_no_wcag_violations(live_server, browser, scheme):
    DemoLoader(with_accounts=False).run()
    story = JourneyStoryPage.objects.visible().first()
    tutorial = TutorialPage.objects.visible().exclude(series=None).first()
    author = AuthorPage.objects.visible().first()
    paths = [
        "/", "/journeys/", "/tutorials/", "/authors/", story.url, tutorial.url, author.url,
        "/tags/", "/tags/django/", "/search/?q=django", "/write-for-us/",
    ]  # fmt: skip
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    axe = Axe()
    failures = {}
    for path in paths:
        response = page.goto(live_server.url + path)
        # An error page could pass axe too: the page itself must have answered.
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("networkidle")
        # The theme follows the system: checking "dark" must check the dark colours.
        background = page.evaluate(BODY_BACKGROUND)
        assert (sum(background) / 3 < 64) == (scheme == "dark"), (path, scheme, background)
        results = axe.run(page, options=WCAG_A_AA)
        if results.violations_count:
            failures[path] = describe(results)
    context.close()
    assert failures == {}, "\n\n".join(f"{path}:\n{text}" for path, text in failures.items())
