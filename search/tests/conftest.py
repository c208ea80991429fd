import pytest
from django.db import transaction
from django.test import override_settings


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo site, loaded once per test module inside a transaction that each test's own
    (a savepoint) nests in, and rolled back after the module's last test: loading it takes
    seconds, and the tests here only read it."""
    from demo.loader import DemoLoader

    media = override_settings(MEDIA_ROOT=tmp_path_factory.getbasetemp() / "media")
    with django_db_blocker.unblock(), media:
        outer = transaction.atomic()
        outer.__enter__()
        try:
            DemoLoader(with_accounts=False).run()
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(demo_site, db):
    """The demo site: five authors, six live stories and a draft, four tutorials."""
