import pytest

from blog.tests import factories as f


@pytest.fixture
def authors():
    """The authors index that confirmed contributors' draft profiles go under."""
    return f.author_index()
