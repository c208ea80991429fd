"""A request's way through the page tree, read in one query.

Wagtail routes a request one level at a time (a query for each page on the URL's path and
another for its specific type), then reads the page's ancestors again for view restrictions,
the breadcrumbs read them a third time and the main menu reads the home page's children.
``HomePage.route`` reads them together instead (``route``): the pages from the tree's root
to the requested one, each marked with whether it carries a view restriction, the site
root's menu children, and the page served in its specific form with what its template
shows first (the model's ``served_with``: its cover, its series). The served page keeps the
trail (``page.route_trail``) for ``TrailPage.get_view_restrictions``, ``seo.breadcrumbs``
and the menu; a page reached some other way (a preview) reads them as Wagtail does.

Nothing here decides who may see what: a path with any restriction on it is checked by
Wagtail's own code, and the menu keeps ``visible()``'s rule (live, not expired, public).
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.url_routing import RouteResult

from . import fragments, kinds
from .querysets import is_live_and_current


@dataclass
class Trail:
    way: list  # the tree's root down to the served page (base ``Page`` rows)
    menu_candidates: list = field(default_factory=list)  # the site root's menu children
    footer_candidates: list = field(default_factory=list)  # its own pages (``home.InfoPage``)

    def restricted(self, rows=None):
        """Whether a view restriction applies on ``rows`` (default: the whole way), as
        Wagtail's ``get_view_restrictions`` reads them: an alias's source's, not its own."""
        return any(
            row.source_restricted if row.alias_of_id else row.restricted
            for row in (self.way if rows is None else rows)
        )

    def crumbs(self):
        """The live pages of the way from the site's home page (depth 2) down."""
        return [row for row in self.way if row.depth >= 2 and row.live]

    def menu(self):
        """``visible()`` children of the site root shown in menus, in tree order."""
        root_way = [row for row in self.way if row.depth < self.menu_depth]
        if self.restricted(root_way):
            return []
        return [
            row
            for row in self.menu_candidates
            if is_live_and_current(row) and not self.restricted([row])
        ]

    def footer(self):
        """``visible()`` pages of the site's own (About, Code of conduct), in tree order."""
        if not self.footer_candidates:
            return []
        root_way = [row for row in self.way if row.depth < self.footer_candidates[0].depth]
        if self.restricted(root_way):
            return []
        return [
            row
            for row in self.footer_candidates
            if is_live_and_current(row) and not self.restricted([row])
        ]

    @property
    def menu_depth(self):
        return self.menu_candidates[0].depth if self.menu_candidates else 0


def is_footer_page(row):
    """One of the site's own pages the footer links (``home.InfoPage``), by its type's name:
    ``home`` imports this module."""
    content_type = ContentType.objects.get_for_id(row.content_type_id)  # cached: no query
    return (content_type.app_label, content_type.model) == ("home", "infopage")


def _served_models():
    """The page types readers are served, whose rows the trail query fetches in their
    specific form: every kind and the index it lives under."""
    models = kinds.models()
    return list(dict.fromkeys([*models, *(kinds.index_model(model) for model in models)]))


def _link_path(model):
    """``select_related`` path from ``Page`` to ``model``'s own row (multi-table parents)."""
    chain = [model, *model._meta.get_parent_list()]
    below_page = [m for m in reversed(chain) if m is not Page and issubclass(m, Page)]
    return "__".join(m._meta.model_name for m in below_page)


def _select_related():
    paths = []
    for model in _served_models():
        path = _link_path(model)
        paths.append(path)
        paths.extend(f"{path}__{name}" for name in getattr(model, "served_with", ()))
    return paths


def _specific(row):
    """``row`` as its specific type: from the trail query's joins for a served type."""
    model = row.specific_class
    if model is None or model not in _served_models():
        return row.specific
    page = row
    for name in _link_path(model).split("__"):
        page = getattr(page, name)
    return page


def _query(root, path_components):
    steplen = Page.steplen
    above = [root.path[:end] for end in range(steplen, len(root.path) + 1, steplen)]
    url_paths = [
        root.url_path + "".join(f"{part}/" for part in path_components[:n])
        for n in range(1, len(path_components) + 1)
    ]
    # The menu's pages, and the site's own pages the footer links (``home.InfoPage``).
    menu = Q(depth=root.depth + 1) & (
        Q(show_in_menus=True) | Q(content_type__app_label="home", content_type__model="infopage")
    )
    rows = (
        Page.objects.filter(
            Q(path__in=above) | Q(path__startswith=root.path) & (Q(url_path__in=url_paths) | menu)
        )
        .annotate(
            restricted=Exists(PageViewRestriction.objects.filter(page=OuterRef("pk"))),
            source_restricted=Exists(
                PageViewRestriction.objects.filter(page=OuterRef("alias_of_id"))
            ),
        )
        .select_related(*_select_related())
        .order_by("path")
    )
    return list(rows)


def _walk(root, rows, path_components):
    """The rows from ``root`` down the components, or ``None`` where one is missing (a
    URL path out of step with the slugs: Wagtail's own routing decides then)."""
    way = [row for row in rows if row.depth <= root.depth]
    current = way[-1] if way else None
    if current is None or current.pk != root.pk:
        return None
    for slug in path_components:
        current = next(
            (
                row
                for row in rows
                if row.depth == current.depth + 1
                and row.path.startswith(current.path)
                and row.slug == slug
            ),
            None,
        )
        if current is None:
            return None
        way.append(current)
    return way


def route(root, request, path_components):
    """``root.route()`` (``root`` being the site root), in one query. Falls back to
    Wagtail's routing where a page on the way routes on its own (a ``RoutablePage``) or
    the stored URL paths disagree with the slugs."""
    rows = _query(root, path_components)
    way = _walk(root, rows, path_components)
    if way is None:
        return None
    below_root = way[root.depth :]
    for n, row in enumerate(below_root):
        model = row.specific_class
        if model is not None and model.route is not Page.route:
            return _specific(row).route(request, path_components[n + 1 :])
    served = _specific(below_root[-1]) if below_root else root
    if not served.live:
        raise Http404
    children = [row for row in rows if row.depth == root.depth + 1]
    served.route_trail = Trail(
        way=way,
        menu_candidates=[row for row in children if row.show_in_menus],
        footer_candidates=[row for row in children if is_footer_page(row)],
    )
    return RouteResult(served)


def remember_route(request, path):
    """Wagtail's site and route for ``request`` (which ``Page.route_for_request`` keeps on
    the request, as its docstring says), ``kept`` for this version of the content: a
    reader's page is then found in no query. A path that leads nowhere is not kept."""

    def find():
        route = Page.route_for_request(request, path)
        return ((Site.find_for_request(request), route) if route else None), []

    known = fragments.kept(request, ("route", request.get_port(), path), find)
    if known is not None:
        request._wagtail_site, request._wagtail_route_for_request = known


class TrailPage:
    """For the page types ``route`` serves: view restrictions from the trail when none
    applies, Wagtail's own reading of them otherwise."""

    def get_view_restrictions(self):
        trail = getattr(self, "route_trail", None)
        if trail is not None and not trail.restricted():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
