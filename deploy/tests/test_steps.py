"""The release's cache-table step: a DatabaseCache's table made once, then nothing to do."""

import pytest
from django.db import connection

from deploy import steps

TABLE = "bj_release_test_cache"


@pytest.mark.django_db
def test_a_database_caches_table_is_made_once(settings):
    settings.CACHES = {
        **settings.CACHES,
        "db": {"BACKEND": steps.DATABASE_CACHE, "LOCATION": TABLE},
    }
    assert steps.cache_tables_create(database="default", dry_run=True) == [TABLE]
    assert TABLE not in connection.introspection.table_names()

    assert steps.cache_tables_create(database="default", dry_run=False) == [TABLE]
    assert TABLE in connection.introspection.table_names()
    assert steps.cache_tables_create(database="default", dry_run=False) == []


@pytest.mark.django_db
def test_no_database_cache_no_table():
    assert steps.cache_tables_create(database="default", dry_run=False) == []
