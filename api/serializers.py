"""Pages as the content API shows them: plain dicts shaped like ``api/schemas.py``.

Everything read here was prefetched by ``api/selectors.py``; nothing below runs a query per
item, except making a rendition the first time anyone asks for it.
"""

from django.urls import NoReverseMatch, reverse
from wagtail.images.models import SourceImageIOError

from . import selectors


def _absolute(request, url):
    return request.build_absolute_uri(url) if url else url


def image(request, picture, specs):
    if picture is None:
        return None
    try:
        renditions = picture.get_renditions(*specs)
    except (SourceImageIOError, OSError):
        # The file is missing or unreadable: show no picture rather than fail the listing.
        return None
    return {
        "alt": picture.description,
        "renditions": {
            spec: {
                "url": _absolute(request, rendition.url),
                "width": rendition.width,
                "height": rendition.height,
            }
            for spec, rendition in renditions.items()
        },
    }


def byline(request, author, visible_authors):
    if author.pk not in visible_authors:
        return {"name": author.title, "id": None, "slug": None, "url": None}
    return {
        "name": author.title,
        "id": author.pk,
        "slug": author.slug,
        "url": author.get_full_url(request),
    }


def _detail_url(request, name, pk):
    return _absolute(request, reverse(f"wagtailapi_v3:{name}", kwargs={"pk": pk}))


def _article_url(request, kind, pk):
    """The piece's own endpoint (``/stories/<id>/``), or, for a page type without one of its
    own, Wagtail's generic page detail."""
    try:
        return _detail_url(request, f"{kind}_detail", pk)
    except NoReverseMatch:
        return _absolute(request, reverse("wagtailapi_v3:detail_page", kwargs={"page_id": pk}))


def article(request, page, visible_authors):
    kind = page.type_kind
    return {
        "id": page.pk,
        "type": kind,
        "title": page.title,
        "slug": page.slug,
        "url": page.get_full_url(request),
        "detail_url": _article_url(request, kind, page.pk),
        "summary": page.summary,
        "reading_minutes": page.reading_minutes,
        "first_published_at": page.first_published_at,
        "last_published_at": page.last_published_at,
        "original_published_at": page.original_published_at,
        "display_date": page.display_date,
        "canonical_url": page.canonical_url or None,
        "tags": [{"name": tag.name, "slug": tag.slug} for tag in page.tag_list],
        "authors": [byline(request, author, visible_authors) for author in page.ordered_authors],
        "cover": image(request, page.cover_image, selectors.COVER_RENDITIONS),
    }


def story(request, page, visible_authors):
    return {
        **article(request, page, visible_authors),
        "starting_point": page.starting_point,
        "country": {"code": page.country.code, "name": str(page.country.name)}
        if page.country
        else None,
        "city": page.city,
        "journey_started_year": page.journey_started_year,
    }


def tutorial(request, page, visible_authors):
    series = page.series
    return {
        **article(request, page, visible_authors),
        "difficulty": page.difficulty,
        "estimated_minutes": page.estimated_minutes,
        "prerequisites": page.prerequisite_list,
        "series": {"title": series.title, "slug": series.slug, "position": page.series_position}
        if series
        else None,
    }


def body(page):
    return {"body_html": page.body_html, "toc": page.toc}


def story_detail(request, page, visible_authors):
    milestones = [{"year": m.year, "text": m.text} for m in page.milestones.all()]
    return {**story(request, page, visible_authors), **body(page), "milestones": milestones}


def tutorial_detail(request, page, visible_authors):
    return {**tutorial(request, page, visible_authors), **body(page)}


def author(request, page):
    return {
        "id": page.pk,
        "name": page.title,
        "slug": page.slug,
        "url": page.get_full_url(request),
        "detail_url": _detail_url(request, "author_detail", page.pk),
        "location": page.location,
        "bio_html": page.bio_html,
        "avatar": image(request, page.avatar, selectors.AVATAR_RENDITIONS),
        "links": [{"kind": link.kind, "url": link.url} for link in page.links.all()],
    }


def articles(request, pages, shape):
    """Shape a page of articles, finding which byline authors readers may see in one query."""
    visible_authors = selectors.visible_author_ids(
        [author for page in pages for author in page.ordered_authors], request
    )
    return [shape(request, page, visible_authors) for page in pages]
