"""What search engines and social networks read: canonical links, Open Graph and Twitter
cards, and JSON-LD (Article or TechArticle with Person authors, ProfilePage, BreadcrumbList).

Everything here is data; templates/components/meta.html renders it. JSON-LD is escaped so a
title like ``</script>`` cannot end the script element early.
"""

import json

from django.conf import settings
from django.utils.safestring import mark_safe
from wagtail.images.models import SourceImageIOError

from .kinds import kind_of
from .models import ArticlePage, AuthorPage, TutorialPage

OG_IMAGE_SPEC = "fill-1200x630"
PROFILE_IMAGE_SPEC = "fill-400x400"
# The characters that could close or confuse a <script> element, as JSON escapes.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
DIFFICULTY_LEVEL = {"beginner": "Beginner", "intermediate": "Intermediate", "advanced": "Expert"}


def site_name():
    return settings.WAGTAIL_SITE_NAME


def home_crumb():
    """The first breadcrumb of every page: the site's name, linking home."""
    return (site_name(), "/")


def json_ld(data):
    """A ``<script type="application/ld+json">`` element, safe for any strings in ``data``."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


def absolute(request, url):
    return request.build_absolute_uri(url) if url else ""


def image_url(request, image, spec):
    if image is None:
        return "", None
    try:
        rendition = image.get_rendition(spec)
    except SourceImageIOError:
        # The original cannot be read now (the media store is down): no social image, but
        # the page itself still answers.
        return "", None
    return absolute(request, rendition.url), {"width": rendition.width, "height": rendition.height}


def breadcrumbs(request, page):
    """(name, absolute URL) from the home page down to ``page``."""
    route_trail = getattr(page, "route_trail", None)
    if route_trail is not None:
        trail = route_trail.crumbs()
    else:
        trail = page.get_ancestors(inclusive=True).filter(depth__gte=2).live()
    return [(crumb.title, absolute(request, crumb.get_url(request))) for crumb in trail]


def breadcrumb_list(items):
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": url}
            for n, (name, url) in enumerate(items, start=1)
        ],
    }


def _person(request, author):
    person = {"@type": "Person", "name": author.title}
    if author.reader_visible:
        person["url"] = absolute(request, author.get_url(request))
    return person


def _iso_minutes(minutes):
    hours, rest = divmod(minutes or 0, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest or not hours else "")


def article_data(request, page, url, image):
    published = page.original_published_at or page.first_published_at
    data = {
        "@context": "https://schema.org",
        "@type": kind_of(page).schema_type,
        "headline": page.title[:110],
        "description": page.summary,
        "url": url,
        "mainEntityOfPage": url,
        "author": [_person(request, author) for author in page.ordered_authors],
        "publisher": {"@type": "Organization", "name": site_name()},
        "keywords": [tag.name for tag in page.tag_list],
    }
    if published:
        data["datePublished"] = published.isoformat()
    if page.last_published_at:
        data["dateModified"] = page.last_published_at.isoformat()
    if image:
        data["image"] = image
    if isinstance(page, TutorialPage):
        data["proficiencyLevel"] = DIFFICULTY_LEVEL.get(page.difficulty, "Beginner")
        data["timeRequired"] = _iso_minutes(page.estimated_minutes)
    return data


def profile_data(request, page, url, image):
    person = {"@type": "Person", "name": page.title, "url": url}
    if page.location:
        person["homeLocation"] = {"@type": "Place", "name": page.location}
    if image:
        person["image"] = image
    links = [link.url for link in page.links.all()]
    if links:
        person["sameAs"] = links
    return {"@context": "https://schema.org", "@type": "ProfilePage", "mainEntity": person}


DEFAULT_DESCRIPTION = "Journey stories and tutorials from people who became backend developers."


def page_title(page, page_number=1):
    title = page.seo_title or page.title
    return f"{title} (page {page_number})" if page_number > 1 else title


def page_description(page):
    for text in (
        page.search_description,
        getattr(page, "summary", ""),
        getattr(page, "intro", ""),
        f"{page.title} writes for {site_name()}." if isinstance(page, AuthorPage) else "",
    ):
        if text:
            return " ".join(text.split())[:300]
    return DEFAULT_DESCRIPTION


def view_meta(request, *, title, description, page_number=1, crumbs=()):
    """The same for a plain Django view (tag pages): title, description, breadcrumbs."""
    url = absolute(request, request.path)
    if page_number > 1:
        url += f"?page={page_number}"
        title = f"{title} (page {page_number})"
    structured = [json_ld(breadcrumb_list([(n, absolute(request, p)) for n, p in crumbs]))]
    return {
        "title": title, "description": description, "url": url, "canonical": url,
        "og_type": "website", "image": "", "image_size": None,
        "json_ld": structured if crumbs else [],
    }  # fmt: skip


def page_meta(request, page, *, page_number=1):
    """Everything meta.html needs for a Wagtail page."""
    url = absolute(request, page.get_url(request))
    if page_number > 1:
        url += f"?page={page_number}"
    meta = {
        "title": page_title(page, page_number),
        "description": page_description(page),
        "url": url, "canonical": url, "og_type": "website", "image": "", "image_size": None,
    }  # fmt: skip
    structured = []
    if isinstance(page, ArticlePage):
        meta["og_type"] = "article"
        meta["canonical"] = page.canonical_url or url
        meta["image"], meta["image_size"] = image_url(request, page.cover_image, OG_IMAGE_SPEC)
        structured.append(article_data(request, page, url, meta["image"]))
    elif isinstance(page, AuthorPage):
        meta["og_type"] = "profile"
        meta["image"], meta["image_size"] = image_url(request, page.avatar, PROFILE_IMAGE_SPEC)
        structured.append(profile_data(request, page, url, meta["image"]))
    elif page.depth == 2:
        structured.append(
            {"@context": "https://schema.org", "@type": "WebSite", "name": site_name(), "url": url}
        )
    crumbs = breadcrumbs(request, page)
    if len(crumbs) > 1:
        structured.append(breadcrumb_list(crumbs))
    meta["json_ld"] = [json_ld(data) for data in structured]
    return meta


def context_meta(request, context):
    """``page_meta`` for the template context's ``page``, at its listing's page number; a
    page that is no Wagtail page gets the site's title and description."""
    page = context.get("page")
    listing = context.get("items") or context.get("articles")
    number = getattr(listing, "number", 1)
    if page is not None and hasattr(page, "get_url"):
        return page_meta(request, page, page_number=number)
    return view_meta(request, title=site_name(), description=DEFAULT_DESCRIPTION)
