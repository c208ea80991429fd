from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap as sitemap_view
from wagtail.documents import urls as wagtaildocs_urls

from accounts import password_views
from api.urls import api
from blog import urls as blog_urls
from blog.sitemaps import SITEMAPS
from contentsecurity import views as contentsecurity_views
from home import views as home_views
from search import views as search_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's public password forms, held to the sign-in lock: before Wagtail's own URLs.
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        password_views.document_password,
        name="wagtaildocs_authenticate_with_password",
    ),
    path(
        "_util/authenticate_with_password/<int:restriction_id>/<int:page_id>/",
        password_views.page_password,
        name="wagtailcore_authenticate_with_password",
    ),
    path("_util/login/", password_views.ReaderLoginView.as_view(), name="wagtailcore_login"),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v3/", api.urls),
    path("sitemap.xml", sitemap_view, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("favicon.ico", home_views.favicon, name="favicon"),
    path("read/<int:page_id>/", home_views.read_beacon, name="read_beacon"),
    path("csp-report/", contentsecurity_views.csp_report, name="csp_report"),
    path("search/", search_views.search, name="search"),
    path("search/suggest/", search_views.suggest, name="search_suggest"),
    path("write-for-us/", include("accounts.urls")),
    path("follow/", include("follow.urls")),
    path("", include(blog_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Wagtail's pages, served once their route is known (home.views.serve), then the rest of
    # Wagtail's front-end addresses.
    re_path(wagtail_urls.serve_pattern, home_views.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
]

# The database away answers 503 with Retry-After, not 500 (home/errors.py).
handler500 = "home.errors.server_error"
