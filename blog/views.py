"""Tag pages (one vocabulary shared by stories and tutorials) and tutorial series' pages."""

from functools import partial

from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string

from . import fragments, seo
from .models import TutorialIndexPage
from .pagination import paginate
from .selectors import articles_tagged, series_parts, visible_series, visible_tags

TAGS = ("Tags", "/tags/")


def tag_index(request):
    return render(
        request,
        "blog/tag_index.html",
        fragments.kept(request, ("tags",), partial(_tags_main, request)),
    )


def _tags_main(request):
    """Every tag's link and count, and the meta (``fragments.kept``)."""
    meta = seo.view_meta(
        request,
        title="Tags",
        description="Every topic on Backend Journeys, and how many pieces carry it.",
        crumbs=[seo.home_crumb(), TAGS],
    )
    main = render_to_string("blog/tag_index_main.html", {"tags": visible_tags()}, request)
    return {"main": main, "meta": meta}, []


def tag_detail(request, slug):
    parts = ("tag", slug)
    context = fragments.kept(request, parts, partial(_tag_main, request, slug), query=("page",))
    return render(request, "blog/tag_page.html", context)


def _tag_main(request, slug):
    """The tag, its listing's HTML and the meta (``fragments.kept``)."""
    # A tag that only drafts carry does not exist as far as readers can tell.
    tag = visible_tags().filter(slug=slug).first()
    if tag is None:
        raise Http404("No published story or tutorial has this tag.")
    items = paginate(request, articles_tagged(tag))
    meta = seo.view_meta(
        request,
        title=f"Tagged #{tag.name}",
        description=f"Stories and tutorials tagged {tag.name} on Backend Journeys.",
        page_number=items.number,
        crumbs=[seo.home_crumb(), TAGS, (f"#{tag.name}", request.path)],
    )
    main = render_to_string("blog/tag_main.html", {"tag": tag, "items": items}, request)
    return {"tag": tag, "main": main, "meta": meta}, list(items)


def series_detail(request, slug):
    context = fragments.kept(request, ("series", slug), partial(_series_main, request, slug))
    return render(request, "blog/series_page.html", context)


def _series_main(request, slug):
    """The series, its parts' list and the meta (``fragments.kept``)."""
    # A series of drafts only does not exist as far as readers can tell.
    series = visible_series().filter(slug=slug).first()
    if series is None:
        raise Http404("No published tutorial belongs to this series.")
    parts = series_parts(series)
    index = TutorialIndexPage.objects.live().order_by("path").first()
    crumbs = [seo.home_crumb()]
    if index is not None:
        crumbs.append((index.title, index.url))
    crumbs.append((series.title, request.path))
    meta = seo.view_meta(
        request,
        title=f"{series.title}: a tutorial series",
        description=series.description or f"The {len(parts)} parts of {series.title}, in order.",
        crumbs=crumbs,
    )
    main = render_to_string(
        "blog/series_main.html", {"series": series, "parts": parts, "index": index}, request
    )
    return {"series": series, "main": main, "meta": meta}, parts
