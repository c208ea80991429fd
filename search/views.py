"""Reader search over what readers may see."""

from django.shortcuts import render

from blog.models import ArticlePage
from blog.pagination import paginate

MAX_QUERY_LENGTH = 200


def search(request):
    query = " ".join(request.GET.get("q", "").replace("\x00", "").split())[:MAX_QUERY_LENGTH]
    results = None
    if query:
        found = ArticlePage.objects.visible().for_listing().search(query)
        results = paginate(request, found)
    return render(request, "search/search.html", {"query": query, "results": results})
