"""search_benchmark fills a database with indexed synthetic stories, times /search/, adds
only what is missing on a second run, and refuses a database with real content."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from bench import synthetic
from blog.models import JourneyStoryPage
from blog.tests import factories as f

pytestmark = pytest.mark.django_db


def test_the_benchmark_command_fills_and_times():
    out = StringIO()
    call_command("search_benchmark", stories=30, repeat=1, stdout=out)
    text = out.getvalue()
    assert "30 synthetic stories (30 added)" in text
    assert "without filters: p50" in text and "with filters: p50" in text
    assert synthetic.existing_stories().count() == 30
    assert synthetic.existing_stories().live().public().count() == 30
    # Indexed: a word every synthetic story's title carries finds them.
    story = synthetic.existing_stories().first()
    found = JourneyStoryPage.objects.search(story.title.split()[0])
    assert story.pk in [page.pk for page in found]
    # Running again adds nothing; --dry-run writes nothing.
    call_command("search_benchmark", stories=30, repeat=1, stdout=StringIO())
    call_command("search_benchmark", stories=40, dry_run=True, stdout=out)
    assert "Would add 10" in out.getvalue()
    assert synthetic.existing_stories().count() == 30


def test_the_benchmark_refuses_a_database_with_real_content():
    f.story(title="A real story")
    with pytest.raises(CommandError, match="real page"):
        call_command("search_benchmark", stories=5, repeat=1, stdout=StringIO())
    assert synthetic.existing_stories().count() == 0
