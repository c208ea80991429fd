"""Wagtail's own API v3 endpoints, held to this site's rules.

Wagtail mounts its routers (pages, images, documents, redirects, sites...) on the same API
as the content API. These decorators, added through django-ninja's ``add_decorator``, make
them keep the promises the content API makes:

- Readers without a token see on ``/pages/`` exactly what the site shows them: Wagtail's
  public tier is live, public and on the site, and ``visible()`` also drops pages past their
  expiry time that ``publish_scheduled`` has not unpublished yet.
- The image and document libraries need a token: they hold drafts' pictures and private
  originals, which readers only ever see as renditions on published pages.
- A malformed parameter is a 4xx with a message, never a server error: NUL characters,
  offsets past any database integer, a ``site`` filter whose port is not a number.
- Search text reaches the search backend as plain words, as on the site's search page:
  quotes, brackets and operators separate words and are never parsed (an unmatched ``"``
  breaks SQLite's full-text query syntax).

Writes: Wagtail answers them only for a bearer token, and runs them through its actions,
which check the admin's page permissions (``api/actions.py`` adds our one editorial rule).
These keep a write's answer true to what was stored:

- A body that is JSON but not an object (``[]``, ``null``, ``"x"``, ``1``) is a 400 with a
  message; Wagtail's page writes read the page type out of it and answered 500.
- A page write naming a field the API does not have for that page type is refused, not
  silently dropped: ``{"user": 3}`` on an author profile, or ``go_live_at``, which the
  client would otherwise believe scheduled. Read-only fields from a detail (``id``,
  ``body_html``) may come back in a write and are ignored, as Wagtail does.
- A page write is one transaction: a publish that something refuses afterwards (a
  ``page_published`` receiver) leaves nothing published behind its error; and after a
  publish the answer is the page as stored, with its publication date.
"""

import functools
import json
import logging
import re
from http import HTTPStatus
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.urls import resolve
from ninja import Status
from ninja.errors import HttpError
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.api.v3.errors import problem_response
from wagtail.api.v3.registry import registry
from wagtail.api.v3.routers.pages import PageFilterSchema
from wagtail.api.v3.schemas.pages import PageCreateBaseSchema, PageUpdateBaseSchema
from wagtail.models import Page

from search.backends import UNAVAILABLE_MESSAGE, service_errors
from search.candidates import searchable

from . import selectors
from .schemas import MAX_OFFSET

logger = logging.getLogger(__name__)

NUL = "\x00"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
BODY_METHODS = {"POST", "PUT", "PATCH"}
NOT_AN_OBJECT = (
    "The request body must be a JSON object ({...}), not an array, a string, a number, "
    "true, false or null."
)
# Why a field the API does not write is not there, where a reason helps the client.
NOT_WRITABLE_BECAUSE = {
    ("blog.AuthorPage", "user"): (
        "an author profile's account is linked by the site when its writer signs up, "
        "or by an editor in the admin"
    ),
}
WORD = re.compile(r"\w+")


def _has_nul(request, kwargs):
    values = [*request.GET.keys(), *request.GET.values(), *map(str, kwargs.values())]
    return any(NUL in value for value in values)


def refuse_nul_characters(run):
    """View decorator, before validation: no database stores NUL in text, so no query may.
    Reads only: a write is first refused for lack of a token (401); with one, its only query
    parameter, ``rich_text_format``, is one of a few words, and Wagtail's forms refuse NUL in
    every field of its body."""

    @functools.wraps(run)
    def wrapper(request, **kwargs):
        if request.method in SAFE_METHODS and _has_nul(request, kwargs):
            return problem_response(status=400, detail="Parameters cannot contain NUL characters.")
        return run(request, **kwargs)

    return wrapper


def _json_but_not_an_object(body):
    if not body:
        return False
    try:
        value = json.loads(body)
    except ValueError:  # not JSON: Ninja answers that itself
        return False
    return not isinstance(value, dict)


def json_bodies_are_objects(run):
    """View decorator: a write whose body is JSON but not an object answers 400. Asked
    after the token (Ninja's own check comes later), so a write without one still answers
    401 first."""

    @functools.wraps(run)
    def wrapper(request, **kwargs):
        if (
            request.method in BODY_METHODS
            and _json_but_not_an_object(request.body)
            and BearerTokenAuth()(request) is not None
        ):
            return problem_response(status=400, detail=NOT_AN_OBJECT)
        return run(request, **kwargs)

    return wrapper


def search_unavailable_is_503(run):
    """View decorator: ``?search=`` while OpenSearch or Elasticsearch is down (or its client
    is missing) answers 503 with a message, as the site's search page does."""

    @functools.wraps(run)
    def wrapper(request, **kwargs):
        try:
            return run(request, **kwargs)
        except service_errors() as error:
            logger.error("API search is unavailable: %s", error, exc_info=error)
            return problem_response(status=503, detail=UNAVAILABLE_MESSAGE)

    return wrapper


def plain_word_search(run):
    """View decorator, before validation: ``search`` keeps only its words (letters and
    digits in any script); with none left, there is no search. Text with a NUL is left for
    ``refuse_nul_characters`` to refuse."""

    @functools.wraps(run)
    def wrapper(request, **kwargs):
        text = request.GET.get("search")
        if text is not None and NUL not in text:
            words = " ".join(WORD.findall(text))
            request.GET = request.GET.copy()
            if words:
                request.GET["search"] = words
            else:
                del request.GET["search"]
        return run(request, **kwargs)

    return wrapper


def bounded_offset(view_func):
    """Operation decorator: Wagtail's paginated listings take any offset; databases do not."""

    @functools.wraps(view_func)
    def wrapper(request, **kwargs):
        pagination = kwargs.get("ninja_pagination")
        if pagination is not None and getattr(pagination, "offset", 0) > MAX_OFFSET:
            raise HttpError(HTTPStatus.BAD_REQUEST, f"offset cannot be higher than {MAX_OFFSET}")
        return view_func(request, **kwargs)

    return wrapper


class ReaderPageFilterSchema(PageFilterSchema):
    """Wagtail's page filters, then only what readers may see (see ``visible()``)."""

    def filter(self, queryset, request=None):
        queryset = super().filter(queryset, request)
        if request is not None and not request.user.is_authenticated:
            # Wagtail's own filters are on indexed fields, so they bound what ``?search=``
            # may send to a search service (``searchable``).
            visible = queryset.filter(pk__in=selectors.visible_pages(request).values("pk"))
            queryset = searchable(visible, universe=queryset)
        return queryset


def _check_site_parameter(request):
    site = request.GET.get("site")
    if site and ":" in site:
        port = site.split(":", 1)[1]
        if not (port.isdigit() and int(port) <= 65535):
            raise HttpError(HTTPStatus.BAD_REQUEST, "site must be a hostname or hostname:port.")


def _page_id(result):
    """The page a detail answers with, or that ``/pages/find/`` redirects to."""
    if isinstance(result, Page):
        return result.pk
    if isinstance(result, HttpResponseRedirect):
        return resolve(urlsplit(result.url).path).kwargs.get("page_id")
    return None


def _visible(request, page_id):
    return page_id is None or selectors.visible_pages(request).filter(pk=page_id).exists()


def pages_for_readers(view_func):
    """Operation decorator for Wagtail's pages router."""

    @functools.wraps(view_func)
    def wrapper(request, **kwargs):
        _check_site_parameter(request)
        reader = not request.user.is_authenticated
        if reader and isinstance(kwargs.get("filters"), PageFilterSchema):
            filters = kwargs["filters"]
            kwargs["filters"] = ReaderPageFilterSchema.model_construct(
                _fields_set=filters.model_fields_set, **dict(filters)
            )
        result = view_func(request, **kwargs)
        if reader and not _visible(request, _page_id(result)):
            raise Http404(f"No {Page._meta.object_name} matches the given query.")
        return result

    return wrapper


def token_required(view_func):
    """Operation decorator: answers 401 to requests without a valid bearer token."""

    @functools.wraps(view_func)
    def wrapper(request, **kwargs):
        if not request.user.is_authenticated:
            raise PermissionDenied
        return view_func(request, **kwargs)

    return wrapper


def _page_write(kwargs):
    """The validated body of a page create or update, else ``None``."""
    data = kwargs.get("data")
    return data if isinstance(data, PageCreateBaseSchema | PageUpdateBaseSchema) else None


def _refuse_unknown_fields(request, data):
    label = data.meta.type
    known = {*type(data).model_fields, *registry.get(label).read_schema.model_fields}
    unknown = sorted(set(json.loads(request.body)) - known)
    if not unknown:
        return
    reasons = [
        f"{name}: {NOT_WRITABLE_BECAUSE[label, name]}"
        for name in unknown
        if (label, name) in NOT_WRITABLE_BECAUSE
    ]
    detail = (
        f"{label} has no field {', '.join(unknown)} that the API writes; nothing was saved. "
        f"The fields it takes are listed at /api/v3/schema/{label}/."
    )
    raise HttpError(HTTPStatus.BAD_REQUEST, " ".join([detail, *(f"({r}.)" for r in reasons)]))


def _as_stored(result):
    """The answer to a publish: the page as the database now holds it. Wagtail answers
    with the form's copy, from before the publish (no first publication date)."""
    if isinstance(result, Status):
        return Status(result.status_code, _as_stored(result.value))
    if isinstance(result, Page):
        return result.specific_class.objects.get(pk=result.pk)
    return result


def page_writes_keep_their_word(view_func):
    """Operation decorator for Wagtail's pages router (see the module docstring): unknown
    fields refused, every write one transaction, a publish answered with the stored page."""

    @functools.wraps(view_func)
    def wrapper(request, **kwargs):
        if request.method in SAFE_METHODS:
            return view_func(request, **kwargs)
        data = _page_write(kwargs)
        if data is not None:
            _refuse_unknown_fields(request, data)
        with transaction.atomic():
            result = view_func(request, **kwargs)
            if data is not None and getattr(data.meta, "action", None) == "publish":
                result = _as_stored(result)
        return result

    return wrapper
