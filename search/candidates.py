"""The pages a search may return, in a form every search backend can filter on.

Wagtail's search filters only on indexed fields, so a reader queryset (``visible()``, a
site's tree, a tag or byline filter) travels to the backend as the ids it holds. On the
database backends that is a subquery: the same SQL however many pages qualify. Outside the
database (OpenSearch, Elasticsearch) the subquery is read and sent as a list of ids, and
those services refuse a list longer than the index's ``max_terms_count`` (65,536 unless the
index was created with more: ``SEARCH_MAX_TERMS``). So there the candidates are sent as the
shorter of two lists: the pages that qualify, or, within a ``universe`` written in indexed
fields only (live, content type), those that do not. A search of
everything readers may see then sends only the few live pages they may not (private,
expired but not yet unpublished), however large the site.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchBackend
from wagtail.search.backends import get_search_backend


def matches_outside_database(backend=None):
    return isinstance(backend or get_search_backend(), ElasticsearchBaseSearchBackend)


def of_types(*models):
    """``Q`` for pages of ``models`` and their subclasses, by content type ids (the indexed
    field; Wagtail's own ``type()`` passes ``ContentType`` objects, which a search service
    cannot be sent)."""
    subclasses = {model for model in apps.get_models() if issubclass(model, models)}
    content_types = ContentType.objects.get_for_models(*subclasses)
    return Q(content_type__in=sorted(content_type.pk for content_type in content_types.values()))


def searchable(queryset, *, universe, backend=None):
    """``queryset`` (pages) as something the search backend can filter on. ``universe``
    holds every page of ``queryset``, is filtered on indexed fields only, and is what the
    result is built from (its model, manager and any prefetching)."""
    if not matches_outside_database(backend):
        return universe.filter(pk__in=queryset.values("pk"))
    # By ``path`` (indexed, one per page), not by id: on a page type's queryset the id is
    # its ``page_ptr`` link, and Wagtail's OpenSearch and Elasticsearch compilers drop a
    # filter on that without a word, which would let a search match every indexed page of
    # the type, drafts included.
    wanted, everything = queryset.count(), universe.count()
    if wanted <= everything - wanted:
        return universe.filter(path__in=queryset.values("path"))
    left_out = universe.exclude(pk__in=queryset.values("pk")).values("path")
    return universe.exclude(path__in=left_out)
