import pytest


@pytest.fixture
def demo(db):
    """The demo site: five authors, six live stories and a draft, four tutorials."""
    from demo.loader import DemoLoader

    DemoLoader(with_accounts=False).run()
