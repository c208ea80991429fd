"""import_benchmark runs end to end on a few files and leaves nothing behind; with --dry-run
it only parses them."""

import io

import pytest
from django.core.management import call_command
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Page, PageLogEntry, Revision

pytestmark = pytest.mark.django_db


def written():
    """How many of each thing an import writes."""
    models = (Page, Revision, Tag, PageLogEntry, get_image_model())
    return {model.__name__: model.objects.count() for model in models}


def test_benchmark_imports_generated_files_prints_a_rate_and_rolls_back():
    before = written()
    out = io.StringIO()
    call_command("import_benchmark", files=5, stdout=out)
    text = out.getvalue()
    assert "Generated 5 files in" in text
    assert "5 file(s): created 5, updated 0, unchanged 0, failed 0." in text
    assert "imported 5 files in" in text and "files per second" in text
    assert written() == before


def test_dry_run_parses_the_files_and_writes_nothing():
    before = written()
    out = io.StringIO()
    call_command("import_benchmark", files=3, dry_run=True, stdout=out)
    text = out.getvalue()
    assert "parsed 3 files in" in text and "files per second" in text
    assert "file(s): created" not in text
    assert written() == before
