"""The reader endpoints: stories, tutorials, articles (both together) and authors.

Read-only and open to everyone; they show exactly what the site shows readers, whoever asks
(a token or a session cookie changes nothing here). An unknown tag, author or series answers
400 and a malformed parameter 422, both as problem details with a message.
"""

from http import HTTPStatus

from django.http import Http404
from ninja import Path, Query, Router
from ninja.errors import HttpError

from blog import kinds
from blog.models import JourneyStoryPage, TutorialPage
from search.forms import clean_query

from . import schemas, selectors, serializers


def _paginate(queryset, paging):
    return {
        "count": queryset.count(),
        "items": list(queryset[paging.offset : paging.offset + paging.limit]),
    }


def _articles(request, queryset, filters, paging, shape):
    try:
        if filters.tag:
            queryset = selectors.tagged(queryset, filters.tag, request)
        if filters.author:
            queryset = selectors.written_by(queryset, filters.author, request)
    except selectors.UnknownFilterError as error:
        raise HttpError(HTTPStatus.BAD_REQUEST, str(error)) from error
    listing = selectors.article_listing(queryset, search=clean_query(filters.search))
    page = _paginate(listing, paging)
    return {**page, "items": serializers.articles(request, page["items"], shape)}


def _article(request, model, pk, shape):
    page = selectors.article(request, model, pk)
    if page is None:
        raise Http404(f"No {model._meta.verbose_name} with the id {pk}.")
    return serializers.articles(request, [page], shape)[0]


articles = Router(tags=["articles"])


@articles.get(
    "/",
    response=schemas.ArticleList,
    url_name="article_list",
    openapi_extra=schemas.LIST_ERRORS,
    summary="List stories and tutorials",
    operation_id="articles_list",
)
def list_articles(
    request, filters: Query[schemas.MixedArticleFilters], paging: Query[schemas.Paging]
):
    """Stories and tutorials together, newest first (best match first when searching)."""
    queryset = selectors.visible_articles(request)
    if filters.type is not None:
        queryset = queryset.type(kinds.model_for(filters.type))
    return _articles(request, queryset, filters, paging, serializers.article)


stories = Router(tags=["stories"])


@stories.get(
    "/",
    response=schemas.StoryList,
    url_name="story_list",
    openapi_extra=schemas.LIST_ERRORS,
    summary="List journey stories",
    operation_id="stories_list",
)
def list_stories(request, filters: Query[schemas.StoryFilters], paging: Query[schemas.Paging]):
    """Journey stories, newest first (best match first when searching)."""
    queryset = selectors.visible_articles(request, JourneyStoryPage)
    if filters.country:
        queryset = queryset.filter(country=filters.country.upper())
    return _articles(request, queryset, filters, paging, serializers.story)


@stories.get(
    "/{pk}/",
    response=schemas.StoryDetail,
    url_name="story_detail",
    openapi_extra=schemas.DETAIL_ERRORS,
    summary="Journey story detail",
    operation_id="stories_detail",
)
def get_story(request, pk: Path[schemas.PageId]):
    """One journey story with its body, table of contents and timeline."""
    return _article(request, JourneyStoryPage, pk, serializers.story_detail)


tutorials = Router(tags=["tutorials"])


@tutorials.get(
    "/",
    response=schemas.TutorialList,
    url_name="tutorial_list",
    openapi_extra=schemas.LIST_ERRORS,
    summary="List tutorials",
    operation_id="tutorials_list",
)
def list_tutorials(request, filters: Query[schemas.TutorialFilters], paging: Query[schemas.Paging]):
    """Tutorials, newest first (best match first when searching)."""
    queryset = selectors.visible_articles(request, TutorialPage)
    if filters.difficulty:
        queryset = queryset.filter(difficulty=filters.difficulty)
    if filters.series:
        try:
            queryset = selectors.in_series(queryset, filters.series)
        except selectors.UnknownFilterError as error:
            raise HttpError(HTTPStatus.BAD_REQUEST, str(error)) from error
    return _articles(request, queryset, filters, paging, serializers.tutorial)


@tutorials.get(
    "/{pk}/",
    response=schemas.TutorialDetail,
    url_name="tutorial_detail",
    openapi_extra=schemas.DETAIL_ERRORS,
    summary="Tutorial detail",
    operation_id="tutorials_detail",
)
def get_tutorial(request, pk: Path[schemas.PageId]):
    """One tutorial with its body and table of contents."""
    return _article(request, TutorialPage, pk, serializers.tutorial_detail)


authors = Router(tags=["authors"])


@authors.get(
    "/",
    response=schemas.AuthorList,
    url_name="author_list",
    openapi_extra=schemas.LIST_ERRORS,
    summary="List authors",
    operation_id="authors_list",
)
def list_authors(request, filters: Query[schemas.SearchFilter], paging: Query[schemas.Paging]):
    """Authors with a published profile, by name (best match first when searching)."""
    listing = selectors.author_listing(
        selectors.visible_authors(request), search=clean_query(filters.search)
    )
    page = _paginate(listing, paging)
    return {**page, "items": [serializers.author(request, author) for author in page["items"]]}


@authors.get(
    "/{pk}/",
    response=schemas.Author,
    url_name="author_detail",
    openapi_extra=schemas.DETAIL_ERRORS,
    summary="Author detail",
    operation_id="authors_detail",
)
def get_author(request, pk: Path[schemas.PageId]):
    """One author's profile. Their stories and tutorials: `/articles/?author=<slug>`."""
    author = selectors.author(request, pk)
    if author is None:
        raise Http404(f"No author with the id {pk}.")
    return serializers.author(request, author)
