"""Tag pages: one vocabulary shared by stories and tutorials."""

from django.http import Http404
from django.shortcuts import render

from .pagination import paginate
from .selectors import articles_tagged, visible_tags


def tag_index(request):
    return render(request, "blog/tag_index.html", {"tags": visible_tags()})


def tag_detail(request, slug):
    # A tag that only drafts carry does not exist as far as readers can tell.
    tag = visible_tags().filter(slug=slug).first()
    if tag is None:
        raise Http404("No published story or tutorial has this tag.")
    return render(
        request,
        "blog/tag_page.html",
        {"tag": tag, "items": paginate(request, articles_tagged(tag))},
    )
