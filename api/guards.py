"""Wagtail's own API v3 endpoints, held to this site's rules.

Wagtail mounts its routers (pages, images, documents, redirects, sites...) on the same API
as the content API. These decorators, added through django-ninja's ``add_decorator``, make
them keep the promises the content API makes:

- Readers without a token see on ``/pages/`` exactly what the site shows them: Wagtail's
  public tier is live, public and on the site, and ``visible()`` also drops pages past their
  expiry time that ``publish_scheduled`` has not unpublished yet.
- The image and document libraries need a token: they hold drafts' pictures and private
  originals, which readers only ever see as renditions on published pages. With one, the
  images listed are those the token's user may choose in the admin (a contributor: their
  own uploads and what readers already see, ``uploads.selectors``), and the documents need a
  document permission, which contributors do not have: never the whole library.
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
from wagtail.api.v3.schemas.params import SearchSchema
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.permissions import policy_registry

from search.backends import UNAVAILABLE_MESSAGE, service_errors
from search.candidates import searchable
from search.forms import MAX_QUERY_LENGTH, clean_query, query_terms

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
            and request.content_type == "application/json"  # never read an upload whole
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
    """View decorator, before validation: ``search`` keeps only its words, by the site search
    page's own rule (``search.forms.query_terms``); with none left, there is no search. Text
    with a NUL is left for ``refuse_nul_characters`` to refuse, and text over
    ``MAX_QUERY_LENGTH`` for the schema to refuse (422): the API does not cut a client's query."""

    @functools.wraps(run)
    def wrapper(request, **kwargs):
        text = request.GET.get("search")
        if text is not None and NUL not in text and len(text) <= MAX_QUERY_LENGTH:
            words = " ".join(query_terms(clean_query(text)))
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


def _choosable_images(user):
    return policy_registry.get_by_type(get_image_model()).instances_user_has_permission_for(
        user, "choose"
    )


class ChoosableImageSearchSchema(SearchSchema):
    """Wagtail's image search (applied last to its listing), on the images the requester
    may choose in the admin only: listing, filters, ordering and search all stay Wagtail's."""

    def search_queryset(self, request, queryset):
        # Combined, not a subquery of ids: the policy's own filters (collections, uploader,
        # short id lists) are what reaches a search service, not every id in the library.
        return super().search_queryset(request, queryset & _choosable_images(request.user))


def images_the_user_may_choose(view_func):
    """Operation decorator for Wagtail's images router, after ``token_required``: the list
    and detail hold only what the token's user may choose in the admin. Writes keep
    Wagtail's own checks (a contributor changes and deletes their own uploads only)."""

    @functools.wraps(view_func)
    def wrapper(request, **kwargs):
        if request.method in SAFE_METHODS:
            search = kwargs.get("search")
            if isinstance(search, SearchSchema):
                kwargs["search"] = ChoosableImageSearchSchema.model_construct(
                    _fields_set=search.model_fields_set, **dict(search)
                )
            image_id = kwargs.get("image_id")
            if image_id is not None and not (
                _choosable_images(request.user).filter(pk=image_id).exists()
            ):
                raise Http404(f"No {get_image_model()._meta.object_name} matches the given query.")
        return view_func(request, **kwargs)

    return wrapper


DOCUMENT_ACTIONS = ("add", "change", "delete", "choose")
NO_DOCUMENT_LIBRARY = (
    "Your account has no access to the document library: documents reach you through the "
    "pages that link them."
)


def document_permission_required(view_func):
    """Operation decorator for Wagtail's documents router: 401 without a token, 403 with a
    message for a token whose user has no document permission (contributors): Wagtail would
    list every document to any token."""

    @functools.wraps(view_func)
    def wrapper(request, **kwargs):
        if not request.user.is_authenticated:
            raise PermissionDenied
        policy = policy_registry.get_by_type(get_document_model())
        if not policy.user_has_any_permission(request.user, DOCUMENT_ACTIONS):
            raise PermissionDenied(NO_DOCUMENT_LIBRARY)
        return view_func(request, **kwargs)

    return wrapper
