"""Tag pages: one vocabulary shared by stories and tutorials."""

from django.http import Http404
from django.shortcuts import render

from . import seo
from .pagination import paginate
from .selectors import articles_tagged, visible_tags

TAGS = ("Tags", "/tags/")


def tag_index(request):
    meta = seo.view_meta(
        request,
        title="Tags",
        description="Every topic on Backend Journeys, and how many pieces carry it.",
        crumbs=[seo.home_crumb(), TAGS],
    )
    return render(request, "blog/tag_index.html", {"tags": visible_tags(), "meta": meta})


def tag_detail(request, slug):
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
    return render(request, "blog/tag_page.html", {"tag": tag, "items": items, "meta": meta})
