"""A system check that the configured search backends can be loaded.

With ``OPENSEARCH_URL`` (or ``ELASTICSEARCH_URL``) set but its Python client missing, every
search answers an error and so does every save of a page, since Wagtail indexes pages as
they are saved. ``manage.py check`` (which every management command runs, ``migrate``
included) says so, with what to install, before a deploy goes live. It only loads the
backend: nothing connects to the search service.
"""

from django.conf import settings
from django.core import checks
from wagtail.search.backends import InvalidSearchBackendError, get_search_backend

CLIENTS = {
    "opensearch": ("OPENSEARCH_URL", '"opensearch-py>=3,<4"'),
    "elasticsearch": ("ELASTICSEARCH_URL", '"elasticsearch>=9,<10"'),
}


def _root_cause(error):
    """The first error in the chain: Wagtail re-raises a missing module's ImportError as
    an empty one, then as InvalidSearchBackendError."""
    while error.__cause__ is not None:
        error = error.__cause__
    return error


def _hint(backend_path):
    for name, (variable, requirement) in CLIENTS.items():
        if name in backend_path:
            return (
                f"{variable} is set: install its client (pip install {requirement}) and build "
                f"the index (manage.py update_index), or unset {variable} to search with the "
                "database. See the README's Search section."
            )
    return "Check WAGTAILSEARCH_BACKENDS in the settings."


@checks.register("search")
def search_backends_load(app_configs=None, **kwargs):
    errors = []
    for name, config in getattr(settings, "WAGTAILSEARCH_BACKENDS", {}).items():
        try:
            get_search_backend(name)
        except InvalidSearchBackendError as error:
            cause = _root_cause(error)
            backend_path = config.get("BACKEND", "")
            errors.append(
                checks.Error(
                    f"The search backend {name!r} ({backend_path}) cannot be loaded: {cause}",
                    hint=_hint(backend_path),
                    id="search.E001",
                )
            )
    return errors
