"""Lighthouse scores 95 or more in each of its four categories (performance, accessibility,
best practices, SEO) on the home page, a story, a tutorial and a search with results, on a
phone (Lighthouse's default: a mid-range phone on a slow 4G line, simulated), against the
site as production serves it (``blog/tests/lighthouse.py``).

``make lighthouse`` runs this alone and prints the scores as a table; so does the end of any
run that includes it (the "figures" section). ``BJ_LIGHTHOUSE_DESKTOP=1`` measures the
desktop preset too. Without Node.js or the pinned Lighthouse it skips with the reason, and
fails under ``BJ_REQUIRE_BROWSER=1`` (CI)."""

import os
import time

import pytest

from blog.tests import lighthouse

pytestmark = pytest.mark.browser

LEAST = 95

# Nothing is left out: the search page measured is the first page of a plain query, which
# search engines may index (search/views.py says which search pages they may not).


@pytest.fixture
def lighthouse_ready():
    reason = lighthouse.missing()
    if reason:
        if os.environ.get("BJ_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{reason}. BJ_REQUIRE_BROWSER=1 makes this a failure.")
        pytest.skip(reason)


def test_reader_pages_score_95_or_more_in_every_lighthouse_category(
    lighthouse_ready, tmp_path, record_property
):
    started = time.monotonic()
    form_factors = [False] + ([True] if os.environ.get("BJ_LIGHTHOUSE_DESKTOP") == "1" else [])
    rows, failures = [], []
    with lighthouse.production_site(tmp_path) as site:
        ready = time.monotonic()
        for name, path in site.paths.items():
            # Every page answers, and the search finds something; the first visit makes the
            # pictures' renditions, as some earlier reader's did.
            status, html = lighthouse.fetch(site.url + path)
            assert status == 200, (name, path, status)
            if name == "search":
                assert 'class="search-result ' in html, "the search found nothing"
        for desktop in form_factors:
            for name, path in site.paths.items():
                label = f"{name} (desktop)" if desktop else name
                report, note = _measured(site.url + path, tmp_path, desktop)
                page_scores = lighthouse.scores(report)
                as_reported = lighthouse.lighthouse_scores(report)
                # Weighed as Lighthouse weighs them: with nothing left out, the same scores
                # (give or take the rounding).
                weighed = lighthouse.scores(report)
                assert all(
                    abs(weighed[key] - as_reported[key]) <= 1 for key in lighthouse.CATEGORIES
                ), (label, weighed, as_reported)
                rows.append((label, page_scores, note))
                if any(page_scores.get(key) is None or page_scores[key] < LEAST
                       for key in lighthouse.CATEGORIES):  # fmt: skip
                    failures.append(
                        f"{label} ({path}): {page_scores}\n  "
                        + "\n  ".join(lighthouse.shortfalls(report))
                    )
    seconds = time.monotonic() - started
    scores = lighthouse.table(rows)
    setup = ready - started
    record_property(
        "figures", f"Lighthouse in {seconds:.0f} s ({setup:.0f} s setting up):\n{scores}"
    )
    assert not failures, f"Below {LEAST}:\n" + "\n".join(failures) + f"\n\n{scores}"


def _measured(url, folder, desktop):
    """Lighthouse's report on a page; when a score is under the mark, the median of three
    runs (by performance), as Lighthouse advises for its run-to-run variance: a processor
    busy with another test slows the page's scripts, which the phone's simulation then
    multiplies by four."""
    runs = [lighthouse.audit(url, folder / "report.json", desktop=desktop)]
    first = lighthouse.scores(runs[0]).values()
    if all(score is not None and score >= LEAST for score in first):
        return runs[0], ""
    runs += [lighthouse.audit(url, folder / "report.json", desktop=desktop) for _ in range(2)]
    runs.sort(key=lambda report: report["categories"]["performance"]["score"] or 0)
    return runs[1], "(the median of 3 runs)"
