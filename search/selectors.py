"""Reads for the search page and its suggestions. Everything starts from ``visible()``.

One queryset decides what can be found: the stories, tutorials and author profiles readers
may see that pass the page's filters, as ``visible()`` subqueries under a plain ``Page``
queryset. Wagtail's search backend then matches and ranks the query's words within it, so
drafts, pages in review, private, unpublished, expired and deleted pages can never match,
whatever the index holds. Facet counts, the "did you mean" correction, suggestions, promoted
results and the popular-searches list are all read from the same visible set.

The number of queries is fixed: it does not grow with the number of results. The facet counts
(which read every match), a results page's ids and a search's correction and related tags are
kept in the cache until anything readers see changes (``generation.remembered``).
"""

import datetime
import difflib
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.lookups import TrigramWordSimilar
from django.db import connection
from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, ExtractYear, Lower
from django.urls import reverse
from django.utils import timezone
from django_countries import countries
from taggit.models import Tag
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from blog import kinds
from blog.models import ArticleAuthor, ArticlePage, ArticleTag, AuthorPage, TutorialPage
from blog.pagination import paginate
from blog.querysets import VisiblePageQuerySet
from pagecache import generation

from .candidates import of_types, searchable
from .forms import ARTICLE_FILTERS, SearchFilters, query_terms
from .highlight import highlight, plain_text, snippet, term_pattern

FACET_SIZE = 10
# On a backend outside the database (OpenSearch, Elasticsearch) facets count this many of the
# best matches; the database backends count every match.
MAX_FACETED_MATCHES = 1000
SPELLING_CUTOFF = 0.75
RELATED_TAG_CUTOFF = 0.6
POPULAR_DAYS = 30
NO_FILTERS = SearchFilters()


# What can be found ---------------------------------------------------------------------------


def _kind_label(key):
    return kinds.model_for(key).kind.label


def _article_filter(filters):
    """The stories and tutorials that pass ``filters``' article-only filters (tag, author,
    difficulty, journey fields, year), or ``None`` when there are none. Not limited to what
    readers may see: ``searchable_pages`` applies ``visible()`` around it."""
    if not any(getattr(filters, name) for name in ARTICLE_FILTERS):
        return None
    articles = ArticlePage.objects.all()
    if filters.tag:
        articles = articles.filter(tagged_items__tag__slug=filters.tag)
    if filters.author:
        authors = AuthorPage.objects.visible().filter(slug=filters.author)
        articles = articles.filter(article_authors__author__in=authors)
    if filters.difficulty:
        articles = articles.filter(tutorialpage__difficulty=filters.difficulty)
    if filters.start:
        # Starting points are free text: "Teacher" and "teacher" are one value, compared
        # with the database's own LOWER(), as the facet groups them (``_page_facet_rows``).
        articles = articles.alias(start_key=Lower("journeystorypage__starting_point")).filter(
            start_key=Lower(Value(filters.start))
        )
    if filters.country:
        articles = articles.filter(journeystorypage__country=filters.country)
    if filters.year:
        articles = articles.filter(
            Q(original_published_at__year=filters.year)
            | Q(original_published_at__isnull=True, first_published_at__year=filters.year)
        )
    return articles


def searchable_pages(filters=NO_FILTERS):
    """Every page the search may return for ``filters``, as one ``Page`` queryset: the
    stories, tutorials and authors readers may see (``visible()`` on ``Page`` rows of those
    types, one table: no join with every article's row), narrowed by the filters."""
    article_filter = _article_filter(filters)
    if filters.type == "author" and article_filter is not None:
        return Page.objects.none()  # authors with a story-only filter: nothing, never everything
    if filters.type:
        types = (kinds.model_for(filters.type),)
    elif article_filter is not None:
        types = tuple(kinds.article_models())
    else:
        types = tuple(kinds.models())
    # Handed over as ids (``searchable``): Wagtail's search takes no filter on a field it
    # does not index (``expire_at``, tags, bylines), on any backend.
    pages = VisiblePageQuerySet(Page).visible().type(*types)
    if article_filter is not None:
        pages = pages.filter(pk__in=article_filter.values("pk"))
    return searchable(pages, universe=Page.objects.live().filter(of_types(*types)))


def _search(pages, terms, sort):
    """The matches, best first (or newest first), as backend results or a queryset."""
    newest = pages.order_by("-first_published_at", "-id")
    if not terms:
        return newest
    if sort == "newest":
        return newest.search(" ".join(terms), order_by_relevance=False)
    return pages.search(" ".join(terms))


def _matched_ids(matches):
    """The ids of every match, for the facet queries: on PostgreSQL read once and passed
    back as one array (the facet queries would otherwise each match the search again, and
    the planner cannot tell how many rows a full-text match returns); elsewhere the
    matching SQL itself, as a subquery."""
    if isinstance(matches, QuerySet):
        ids = matches.order_by().values("pk")
    elif getattr(matches, "get_queryset", None) is not None:
        # The database backends match with plain SQL.
        ids = matches.get_queryset().order_by().values("pk")
    else:  # OpenSearch, Elasticsearch: the best matches only
        return [page.pk for page in matches[:MAX_FACETED_MATCHES]]
    if connection.vendor != "postgresql":
        return ids
    # One array parameter, however many matches (a list would be one parameter each).
    return RawSQL("SELECT unnest(%s::integer[])", (list(ids.values_list("pk", flat=True)),))


# Facets ----------------------------------------------------------------------------------------


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Facet:
    name: str
    label: str
    values: list = field(default_factory=list)

    @property
    def selected(self):
        return next((value for value in self.values if value.selected), None)


def _facet(name, label, rows, selected, size=FACET_SIZE, *, ignore_case=False):
    """The ``size`` values with the most matches, and the selected one whatever its rank."""
    values = [FacetValue(str(value), str(text), count) for value, text, count in rows]
    values.sort(key=lambda item: (-item.count, item.label.lower()))
    shown = values[:size]
    wanted = str(selected).lower() if ignore_case else str(selected)
    for value in values:
        if selected and (value.value.lower() if ignore_case else value.value) == wanted:
            value.selected = True
            if value not in shown:
                shown.append(value)
    return Facet(name, label, shown)


def _page_facet_rows(matched_ids):
    """Type, difficulty, starting point, country and year of the matches, counted in one
    grouped query (each facet query matches the search again, so fewer is faster).

    The starting point comes twice: as written, and lowercased by the database, which is
    the value its filter compares (``_article_filter``)."""
    year = Case(
        When(
            articlepage__isnull=False,
            then=Coalesce(
                ExtractYear("articlepage__original_published_at"),
                ExtractYear("first_published_at"),
            ),
        ),
        default=None,
    )
    return (
        Page.objects.filter(pk__in=matched_ids)
        .annotate(year=year, start_key=Lower("articlepage__journeystorypage__starting_point"))
        .order_by()
        .values_list(
            "content_type",
            "articlepage__tutorialpage__difficulty",
            "articlepage__journeystorypage__starting_point",
            "start_key",
            "articlepage__journeystorypage__country",
            "year",
        )
        .annotate(count=Count("pk"))
    )


def _add(totals, key, count):
    if key not in (None, ""):
        totals[key] = totals.get(key, 0) + count


def _start_rows(spellings):
    """One facet value per starting point whatever its case, labelled with its most
    common spelling: ``spellings`` maps (lowercased, as written) to a count."""
    groups = {}
    for (key, written), count in spellings.items():
        group = groups.setdefault(key, {"count": 0, "spellings": []})
        group["count"] += count
        group["spellings"].append((-count, written))
    return [(key, min(group["spellings"])[1], group["count"]) for key, group in groups.items()]


def facet_counts(matched_ids, filters):
    """How many of the matches have each value of each filter: counted over the matches
    themselves, so every count is the number of results that value's link shows."""
    types, difficulties, starts, story_countries, years = {}, {}, {}, {}, {}
    rows = _page_facet_rows(matched_ids)
    for content_type_id, difficulty, start, start_key, country, year, count in rows:
        kind = kinds.kind_of(ContentType.objects.get_for_id(content_type_id).model_class())
        _add(types, kind.key if kind else None, count)
        _add(difficulties, difficulty, count)
        if start:
            _add(starts, (start_key, start), count)
        _add(story_countries, country, count)
        _add(years, year, count)
    type_rows = [
        (kind.key, kind.label, types[kind.key]) for kind in kinds.all_kinds() if kind.key in types
    ]

    tags = (
        ArticleTag.objects.filter(content_object_id__in=matched_ids)
        .order_by()
        .values_list("tag__slug", "tag__name")
        .annotate(count=Count("content_object_id", distinct=True))
    )
    authors = (
        ArticleAuthor.objects.filter(
            page_id__in=matched_ids, author__in=AuthorPage.objects.visible().values("pk")
        )
        .order_by()
        .values_list("author__slug", "author__title")
        # A byline names an author once per piece (``unique_author_per_article``): counting
        # rows needs no DISTINCT, whose sort spilled to disk over 50,000 matches.
        .annotate(count=Count("page_id"))
    )
    difficulty = dict(TutorialPage.Difficulty.choices)
    return [
        _facet("type", "Type", type_rows, filters.type),
        _facet("tag", "Tag", tags, filters.tag),
        _facet("author", "Author", authors, filters.author),
        _facet(
            "difficulty",
            "Tutorial difficulty",
            [(value, difficulty.get(value, value), n) for value, n in difficulties.items()],
            filters.difficulty,
        ),
        _facet("start", "Started as", _start_rows(starts), filters.start, ignore_case=True),
        _facet(
            "country",
            "Country",
            [(code, countries.name(code) or code, n) for code, n in story_countries.items()],
            filters.country,
        ),
        _facet(
            "year",
            "Year published",
            [(int(year), int(year), count) for year, count in years.items()],
            filters.year,
            size=12,
        ),
    ]


# Results ---------------------------------------------------------------------------------------


@dataclass
class SearchHit:
    page: Page
    kind: str
    title: str
    snippet: str

    @property
    def kind_label(self):
        return _kind_label(self.kind)


class _Counted:
    """Matches whose number is already known (from the type facet), so the paginator does not
    count them again. A page of them is read as its ids, kept like the facet counts (``key``:
    the query's words, filters and order)."""

    def __init__(self, matches, count, key, request):
        self.matches, self._count, self.key, self.request = matches, count, key, request

    def count(self):
        return self._count

    def __len__(self):
        return self._count

    def __getitem__(self, key):
        return generation.remembered(
            "search-results",
            [*self.key, key.start, key.stop],
            lambda: ([page.pk for page in self.matches[key]], None),
            request=self.request,
        )


def _hits(ids, terms):
    """The listing's pages, fetched with what the template shows, in the order found."""
    # A hit quotes the body's stored text: its Markdown and HTML stay in the database.
    articles = ArticlePage.objects.visible().filter(pk__in=ids).defer("body", "body_html", "toc")
    authors = AuthorPage.objects.visible().filter(pk__in=ids)
    found = {**articles.for_listing().in_bulk(), **authors.for_listing().in_bulk()}
    pattern = term_pattern(terms)
    hits = []
    for pk in ids:
        page = found.get(pk)
        if page is None:  # unpublished between the two queries
            continue
        if isinstance(page, AuthorPage):
            kind, texts = "author", [plain_text(page.bio_html), page.location]
        else:
            kind, texts = page.type_kind, [page.summary, page.body_text]
        hits.append(SearchHit(page, kind, highlight(page.title, pattern), snippet(texts, terms)))
    return hits


@dataclass
class SearchOutcome:
    query: str
    terms: list
    filters: SearchFilters
    sort: str
    page: object
    total: int
    facets: list
    promotions: list = field(default_factory=list)
    correction: str = ""
    related_tags: list = field(default_factory=list)


def search(*, query, filters, sort, request):
    """One page of results for ``query`` and ``filters``, with facets, and on an empty result
    a corrected spelling and related tags where there are any."""
    terms = query_terms(query)
    pages = searchable_pages(filters).only("id", "content_type")
    matches = _search(pages, terms, sort)
    # Counted once per query, filters and publish generation: the counts read every match.
    facets = generation.remembered(
        "search-facets",
        [terms, filters.active],
        lambda: (facet_counts(_matched_ids(matches), filters), None),
        request=request,
    )
    total = sum(value.count for value in facets[0].values)
    page = paginate(request, _Counted(matches, total, [terms, filters.active, sort], request))
    page.object_list = _hits(page.object_list, terms)
    outcome = SearchOutcome(query, terms, filters, sort, page, total, facets)
    if terms and page.number == 1:
        outcome.promotions = promoted_results(query, terms)
    if terms and not total:
        outcome.correction, outcome.related_tags = generation.remembered(
            "search-no-results",
            [terms, filters.active],
            lambda: ((corrected_query(terms, filters), related_tags(terms)), None),
            request=request,
        )
    return outcome


# Promoted results and what people search for -------------------------------------------------


def _query_strings(query, terms):
    return {normalise_query_string(query), normalise_query_string(" ".join(terms))} - {""}


def promoted_results(query, terms):
    """Editors' picks for this query: external links, and pages readers may see."""
    visible_pages = VisiblePageQuerySet(Page).visible().values("pk")
    return list(
        SearchPromotion.objects.filter(query__query_string__in=_query_strings(query, terms))
        .filter(Q(page__isnull=True) | Q(page__in=visible_pages))
        .select_related("page")
        .order_by("sort_order", "pk")
    )


def finds_something(query):
    terms = query_terms(query)
    return bool(terms) and bool(
        list(searchable_pages().search(" ".join(terms), order_by_relevance=False)[:1])
    )


def popular_queries(*, limit=6, days=POPULAR_DAYS):
    """The most searched queries of the last ``days`` days that still find something a
    reader may see (a query is only recorded when it found something, and this checks
    again, so a page unpublished since never shows here by its words)."""
    since = timezone.now().date() - datetime.timedelta(days=days)
    candidates = Query.get_most_popular(date_since=since)[: limit * 2]
    return [query.query_string for query in candidates if finds_something(query.query_string)][
        :limit
    ]


# Suggestions, corrections and related tags ----------------------------------------------------


def _visible_tags():
    articles = ArticlePage.objects.visible().values("pk")
    return Tag.objects.filter(blog_articletag_items__content_object__in=articles).distinct()


def suggestions(query, *, request, limit=8):
    """What to offer while someone types: page titles, authors and tags starting with the
    words typed so far (the last one as a prefix)."""
    terms = query_terms(query)
    if not terms or len("".join(terms)) < 2:
        return []
    pages = list(searchable_pages().autocomplete(" ".join(terms))[: limit - 2])
    prefix = " ".join(terms)
    tags = (
        _visible_tags()
        .filter(Q(name__istartswith=prefix) | Q(name__istartswith="-".join(terms)))
        .order_by("name")[:2]
    )
    items = []
    for page in pages:
        kind = kinds.kind_of(page.specific_class)
        if kind:
            items.append(
                {"kind": kind.key, "label": page.title, "type": kind.label,
                 "url": page.get_url(request)}
            )  # fmt: skip
    for tag in tags:
        items.append(
            {"kind": "tag", "label": f"#{tag.name}", "type": "Tag",
             "url": reverse("blog:tag_detail", args=[tag.slug])}
        )  # fmt: skip
    return items[:limit]


def _words(texts):
    return {word for text in texts for word in query_terms(text) if len(word) > 2}


def _title_vocabulary(terms):
    """Words of visible titles (stories, tutorials, author names) near ``terms``.

    On PostgreSQL pg_trgm's word similarity picks the candidate titles with its index; on
    other databases every visible title is read (a development database is small)."""
    pages = searchable_pages()
    if connection.vendor == "postgresql":
        near = Q()
        for term in terms:
            near |= Q(TrigramWordSimilar(F("title"), Value(term)))
        pages = pages.filter(near)[:200]
    return _words(pages.values_list("title", flat=True))


def _close(term, words, cutoff):
    return difflib.get_close_matches(term, words, n=1, cutoff=cutoff)


def corrected_query(terms, filters):
    """The query with misspelled words replaced by close words from visible titles and
    tags, if that finds something readers may see; "" otherwise.

    Tag names are read from the tag table itself (a few rows), not joined with every
    visible article: a word only a draft's tag has finds nothing visible, so it is never
    offered."""
    vocabulary = _title_vocabulary(terms) | _words(Tag.objects.values_list("name", flat=True))
    corrected = [
        term if term in vocabulary else next(iter(_close(term, vocabulary, SPELLING_CUTOFF)), term)
        for term in terms
    ]
    if corrected == terms:
        return ""
    found = searchable_pages(filters).search(" ".join(corrected), order_by_relevance=False)
    return " ".join(corrected) if list(found[:1]) else ""


def related_tags(terms, *, limit=5):
    """Visible tags whose name is close to one of the words, most used first."""
    names = list(Tag.objects.values_list("name", flat=True))
    wanted = set()
    for name in names:
        parts = name.lower().replace("_", "-").split("-")
        for term in terms:
            if term in name.lower() or any(
                _close(term, [part], RELATED_TAG_CUTOFF) for part in parts
            ):
                wanted.add(name)
    if not wanted:
        return []
    # Each tagged piece checked for visibility on its own (an index lookup), rather than
    # compared with the set of every visible article (which grows with the site).
    visible = VisiblePageQuerySet(Page).visible().filter(pk=OuterRef("content_object_id"))
    counts = dict(
        ArticleTag.objects.filter(tag__name__in=wanted)
        .filter(Exists(visible))
        .order_by()
        .values_list("tag_id")
        .annotate(count=Count("content_object_id", distinct=True))
    )
    tags = list(Tag.objects.filter(pk__in=counts))
    for tag in tags:
        tag.article_count = counts[tag.pk]
    return sorted(tags, key=lambda tag: (-tag.article_count, tag.name))[:limit]
