"""Pagination shared by every listing: 12 a page, an elided page range, and a bad
``?page=`` value (text, zero, negative, past the end) shows the nearest valid page."""

from django.core.paginator import Paginator

PER_PAGE = 12


def requested_page_number(value, num_pages):
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), num_pages)


def paginate(request, items, per_page=PER_PAGE):
    paginator = Paginator(items, per_page)
    page = paginator.page(requested_page_number(request.GET.get("page"), paginator.num_pages))
    page.elided_range = list(paginator.get_elided_page_range(page.number, on_each_side=2))
    return page
