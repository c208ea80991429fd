"""import_benchmark runs end to end on a few files and leaves nothing behind."""

import io

import pytest
from django.core.management import call_command

from .import_helpers import counts

pytestmark = pytest.mark.django_db


def test_benchmark_imports_generated_files_prints_a_rate_and_rolls_back():
    before = counts()
    out = io.StringIO()
    call_command("import_benchmark", files=5, stdout=out)
    text = out.getvalue()
    assert "5 file(s): created 5, updated 0, unchanged 0, failed 0." in text
    assert "imported 5 files in" in text and "files per second" in text
    assert counts() == before
