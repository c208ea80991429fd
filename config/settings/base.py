"""Settings every environment shares. Secure by default: ``dev`` relaxes what only a
developer's machine may relax, ``production`` adds what only a real deployment needs."""

from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.urls import reverse_lazy

from .env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = False
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")

INSTALLED_APPS = [
    "home",
    "blog",
    "pagecache",
    "health",
    "observability",
    "search",
    "demo",
    "importer",
    "uploads",
    "api",
    "deploy",
    # Before wagtail.admin: its templates replace the admin's inline scripts.
    "contentsecurity",
    "csp",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.api.v3",
    "ninja",  # serves the API docs' Swagger UI from our static files, not a CDN
    "wagtail.admin",
    "wagtail",
    "wagtailmarkdown",
    "modelcluster",
    "taggit",
    "django_countries",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # After wagtail.admin: editorial replaces Wagtail's workflow notifications when ready.
    "accounts",
    "editorial",
    "worker",
    "follow",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # /healthz and /readyz, answered before anything else: a load balancer's probe over
    # plain HTTP, to a server's own address, is neither redirected nor refused its host.
    "health.middleware.HealthMiddleware",
    # A request id on every other request and, with LOG_FORMAT=json, one log line for it.
    "observability.middleware.RequestLogMiddleware",
    # X-Robots-Tag: noindex on every answer, the page cache's too, when SITE_NOINDEX.
    "home.indexing.NoIndexMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # An ETag for every page and 304 to a conditional GET; then who may keep it.
    "django.middleware.http.ConditionalGetMiddleware",
    "pagecache.headers.CacheHeadersMiddleware",
    # Counts the searches the page cache answers too (search/hits.py).
    "search.hits.SearchHitsMiddleware",
    # Readers' pages from the shared cache: above the session, authentication and the views,
    # so a page served from it costs no SQL query.
    "pagecache.middleware.PageCacheMiddleware",
    # Above XFrameOptionsMiddleware, whose header it reads (contentsecurity/middleware.py).
    "contentsecurity.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "home.middleware.NoNulMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

# How long a reader's page may be kept (pagecache/headers.py): by browsers, and by a shared
# cache in front of the site (a CDN).
READER_CACHE_SECONDS = env_int("READER_CACHE_SECONDS", 60)
SHARED_CACHE_SECONDS = env_int("SHARED_CACHE_SECONDS", 300)

# A banner on every reader's page (templates/base.html), and whether search engines may index
# the site (home/indexing.py): what config/settings/staging.py changes.
SITE_BANNER = ""
SITE_NOINDEX = False

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "home.context_processors.site_banner",
            ],
        },
    },
]

# Database: SQLite with no configuration, anything dj-database-url reads from DATABASE_URL.
# An empty DATABASE_URL counts as unset.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL compiles costly queries (a search over many matches) with JIT first, which
    # costs more than it saves for queries this short: about 50 ms a search at 100,000
    # stories. (Behind PgBouncer, add "options" to its ignore_startup_parameters.)
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    # A database that does not answer is an error within seconds (and /readyz says so).
    DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", 5)
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Two requests writing in the same second (an autosave and a submit) wait for each other
    # instead of answering 500 "database is locked": write-ahead logging lets readers read
    # while one writes, a transaction takes the write lock when it starts (IMMEDIATE) rather
    # than failing to upgrade later, and a writer waits up to 20 seconds for its turn.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=20,
        transaction_mode="IMMEDIATE",
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (shared by every app server), else this process's memory.
# A Redis that is gone or slow is a cache miss, never a 500 (pagecache/backends.py): the
# timeouts say how long a request waits for it.
REDIS_URL = env_str("REDIS_URL")
# alias: (key prefix, default timeout in seconds)
_CACHE_ALIASES = {
    "default": ("bj", 600),
    "renditions": ("bj-renditions", 24 * 3600),
    # Readers' pages (pagecache/): each entry lives until the site changes or this many seconds.
    "pages": ("bj-pages", env_int("PAGE_CACHE_SECONDS", 600)),
}
if REDIS_URL:
    _redis_timeouts = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
    CACHES = {
        alias: {
            "BACKEND": "pagecache.backends.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
            "TIMEOUT": timeout,
            "OPTIONS": _redis_timeouts,
        }
        for alias, (prefix, timeout) in _CACHE_ALIASES.items()
    }
else:
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": prefix,
            "TIMEOUT": timeout,
        }
        for alias, (prefix, timeout) in _CACHE_ALIASES.items()
    }
# The page cache (pagecache/): anonymous readers' pages served from the "pages" cache without
# touching the database. PAGE_CACHE=off renders every page, for measuring and debugging.
PAGE_CACHE = env_bool("PAGE_CACHE", True)
PAGE_CACHE_SECONDS = _CACHE_ALIASES["pages"][1]
# The code's version (the image sets it to its commit): a new release never serves the pages
# and fragments the last one rendered (pagecache/generation.py).
RELEASE_ID = env_str("RELEASE_ID") or "dev"
# How many of the pages it served last each process keeps in its own memory (pagecache/copies.py),
# asking Redis only whether they are still current: 0 turns that off.
PAGE_CACHE_COPIES = env_int("PAGE_CACHE_COPIES", 300)
# A CDN or caching proxy in front: the pages a publish changes are purged from it
# (pagecache/frontend.py, through Wagtail's frontend cache backends), each set by its variables.
WAGTAILFRONTENDCACHE = {}
if env_str("FRONTEND_CACHE_PURGE_URL"):  # Varnish, Fastly or any proxy that takes PURGE
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env_str("FRONTEND_CACHE_PURGE_URL"),
    }
if env_str("CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": env_str("CLOUDFLARE_API_TOKEN"),
        "ZONEID": env_str("CLOUDFLARE_ZONE_ID"),
    }
if env_str("CLOUDFRONT_DISTRIBUTION_ID"):  # AWS credentials as for S3
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": env_str("CLOUDFRONT_DISTRIBUTION_ID"),
    }

# Every password sign-in goes through this backend: the account found by its username or
# its address, locked (with the client address) after too many failures (accounts/lockout.py).
AUTHENTICATION_BACKENDS = ["accounts.backends.AccountBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Static files: WhiteNoise serves them from every app server, no shared disk needed.
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]

# Media: local files with no configuration; S3 (or any S3-compatible store) when
# AWS_STORAGE_BUCKET_NAME is set. Two storages either way: "default" holds what editors upload
# (original images, documents) and is private on S3, reached only through short-lived signed
# URLs and Wagtail's document view; "renditions" holds the resized images readers see and is
# public, under the public/ prefix (or in AWS_S3_PUBLIC_BUCKET_NAME), behind
# AWS_S3_CUSTOM_DOMAIN's CDN when set. Uploads never overwrite each other. The README's
# "Media storage" section has the bucket policy. The `uploads` app holds the rest: upload
# checks, the storage error message, `manage.py check` of the bucket, copy_media_to_s3.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "renditions": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# The "renditions" alias, looked up when first used (a plain alias would be resolved once,
# when Wagtail's Rendition model is defined).
WAGTAILIMAGES_RENDITION_STORAGE = "uploads.storage.get_rendition_storage"
# Every new image is decoded in full before it is stored.
WAGTAILIMAGES_IMAGE_FORM_BASE = "uploads.forms.CheckedImageForm"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# An upload the storage refuses gets a message in the admin, not a server error.
MIDDLEWARE = [*MIDDLEWARE, "uploads.middleware.StorageErrorMiddleware"]

AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    _s3 = {
        "bucket_name": AWS_STORAGE_BUCKET_NAME,
        "region_name": env_str("AWS_S3_REGION_NAME") or None,
        "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
        "signature_version": "s3v4",
        "file_overwrite": False,
        "default_acl": None,  # access is the bucket policy's business, never per-object ACLs
    }
    _public = {
        **_s3,
        "bucket_name": env_str("AWS_S3_PUBLIC_BUCKET_NAME") or AWS_STORAGE_BUCKET_NAME,
        "custom_domain": env_str("AWS_S3_CUSTOM_DOMAIN") or None,
        "querystring_auth": False,
        "object_parameters": {"CacheControl": "public, max-age=31536000"},
    }
    STORAGES["default"] = {
        "BACKEND": "uploads.storage.MediaS3Storage",
        "OPTIONS": {**_s3, "querystring_auth": True, "querystring_expire": 300},
    }
    STORAGES["renditions"] = {
        "BACKEND": "uploads.storage.MediaS3Storage",
        "OPTIONS": {**_public, "location": "public"},
    }
    # Documents: the serve view checks privacy, then redirects to a signed URL.
    WAGTAILDOCS_SERVE_METHOD = "redirect"
    if env_bool("STATIC_ON_S3", False):
        STORAGES["staticfiles"] = {
            "BACKEND": "storages.backends.s3.S3ManifestStaticStorage",
            "OPTIONS": {**_public, "location": "public/static", "file_overwrite": True},
        }
elif env_bool("STATIC_ON_S3", False):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "STATIC_ON_S3=1 puts static files in the media bucket: set AWS_STORAGE_BUCKET_NAME too."
    )

# Background work (django-tasks): every email, Wagtail's search and reference index updates
# and the admin import are tasks, kept in the database's queue and run by
# `manage.py run_worker` (worker/), which also publishes scheduled pages every minute.
# TASK_BACKEND=immediate runs each task where it is enqueued, inside the request: for tests
# and `make run` (their default), never for a site that sends real mail.
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS = {
    "default": {"BACKEND": TASK_BACKENDS[env_choice("TASK_BACKEND", TASK_BACKENDS, "database")]}
}

# A worker stamps its heartbeat every WORKER_HEARTBEAT_SECONDS; a task whose worker has not
# been seen for WORKER_STALL_SECONDS (killed, machine lost) goes back to the queue, and fails
# after WORKER_MAX_TASK_ATTEMPTS claims. Finished results are kept TASK_RESULTS_KEEP_DAYS.
WORKER_HEARTBEAT_SECONDS = env_int("WORKER_HEARTBEAT_SECONDS", 10)
WORKER_STALL_SECONDS = env_int("WORKER_STALL_SECONDS", 120)
WORKER_MAX_TASK_ATTEMPTS = env_int("WORKER_MAX_TASK_ATTEMPTS", 3)
TASK_RESULTS_KEEP_DAYS = env_int("TASK_RESULTS_KEEP_DAYS", 14)

# Email: every message is enqueued (worker/mail.py) and the worker sends it with
# EMAIL_DELIVERY_BACKEND: SMTP when a host is configured, else printed to the console. A
# failed send is retried after EMAIL_RETRY_SECONDS, then twice as long each time,
# EMAIL_MAX_ATTEMPTS attempts in all (by default over about two hours).
EMAIL_BACKEND = "worker.mail.QueuedEmailBackend"
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    # A mail server that accepts and never answers holds a worker's attempt no longer than this.
    EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
else:
    EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_RETRY_SECONDS = env_int("EMAIL_RETRY_SECONDS", 60)
EMAIL_MAX_ATTEMPTS = env_int("EMAIL_MAX_ATTEMPTS", 8)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL") or "Backend Journeys <editors@localhost>"
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# How many load balancers in front of the app append to X-Forwarded-For (0: none, the
# client's address is REMOTE_ADDR). Sign-up throttling counts per client address.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Security defaults shared by every environment.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Wagtail's preview views allow themselves to be framed by the admin; nothing else may be.
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy on every page, reader and admin (django-csp): scripts only from
# our static files, or inline with this response's nonce (request.csp_nonce); images only
# from here, data: URLs (icons), blob: URLs (upload previews) and our media hosts, which the
# middleware adds from the storage settings; no plugins, no <base>, forms post here only.
# frame-ancestors follows X_FRAME_OPTIONS ('self' for Wagtail's preview). Styles need no
# 'unsafe-inline': neither our pages nor Wagtail's admin (8.0) use style attributes or
# elements, only stylesheets and styles set from scripts. Violations are logged.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "report-uri": reverse_lazy("csp_report"),
    }
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail
WAGTAIL_SITE_NAME = "Backend Journeys"
WAGTAILADMIN_BASE_URL = env_str("SITE_BASE_URL") or "http://127.0.0.1:8000"
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False  # the Editors group reviews
WAGTAILADMIN_USER_LOGIN_FORM = "accounts.forms.LoginForm"
# The admin calls no other site: no Gravatar pictures (their URLs also carry a hash of each
# user's email address, which anyone who sees an avatar could match against addresses they
# know), no check for a newer Wagtail (the Content-Security-Policy would refuse both).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Wagtail's reports name other people's accounts: editors only (editorial/privacy.py).
MIDDLEWARE = [*MIDDLEWARE, "editorial.privacy.EditorOnlyReportsMiddleware"]
# Search: the database's own full-text search, PostgreSQL's or SQLite's FTS5 (Wagtail's backends
# with the title weighted above the rest, search/backends/), or Wagtail's OpenSearch /
# Elasticsearch backend when OPENSEARCH_URL / ELASTICSEARCH_URL is set: install its Python
# client and build the index first (the README's "Search" section).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "search.backends.postgres", "SEARCH_CONFIG": "english"}
    }
else:
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.sqlite"}}
for _variable, _backend in [
    ("OPENSEARCH_URL", "wagtail.search.backends.opensearch3"),
    ("ELASTICSEARCH_URL", "wagtail.search.backends.elasticsearch9"),
]:
    if env_str(_variable):
        WAGTAILSEARCH_BACKENDS = {
            "default": {
                "BACKEND": _backend,
                "URLS": [env_str(_variable)],
                "INDEX_PREFIX": env_str("SEARCH_INDEX_PREFIX") or "backendjourneys_",
                "TIMEOUT": 5,
                # The longest list of page ids a search may send as a filter (see
                # search/candidates.py); the services' default is 65,536. It is set when
                # `update_index` creates the index.
                "INDEX_SETTINGS": {
                    "settings": {
                        "index": {"max_terms_count": env_int("SEARCH_MAX_TERMS", 1_000_000)}
                    }
                },
            }
        }
        break
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env_int("IMAGE_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
# Decoding an image costs memory by its pixels, not its bytes: a 117 KB PNG can claim
# 11000 x 11000. 50 megapixels is more than any cover or avatar needs.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = env_int("IMAGE_MAX_PIXELS", 50_000_000)
# Wagtail counts one frame; decoding an animation costs them all. uploads.images refuses an
# image with more frames than this, or more pixels than the limit above over all its frames.
IMAGE_MAX_FRAMES = env_int("IMAGE_MAX_FRAMES", 300)
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# The Markdown editor must not fetch Font Awesome from a CDN.
WAGTAILMARKDOWN = {"autodownload_fontawesome": False}
# Formatting one Markdown text may take this long before it is refused (blog/rendering.py);
# the longest real posts take a tenth of a second.
MARKDOWN_RENDER_SECONDS = 2.0
TAGGIT_CASE_INSENSITIVE = True
TAGGIT_TAGS_FROM_STRING = "blog.tags.tags_from_string"
# Content API (Wagtail's API v3 at /api/v3/): pages of at most 50 items, the OpenAPI schema
# and interactive docs on, search on. Writes need a bearer token (Settings > API tokens, or
# `manage.py api_tokens create`).
WAGTAILAPI_LIMIT_MAX = 50
WAGTAILAPI_SEARCH_ENABLED = True
WAGTAILAPI_DOCS_ENABLED = True

# Logs: plain text to stderr by default. LOG_FORMAT=json writes every record as one JSON line
# to stdout (observability/formatters.py) and adds one line per request with its id, status,
# duration and user (observability/middleware.py).
LOG_FORMAT = env_str("LOG_FORMAT") or "text"
if LOG_FORMAT not in {"text", "json"}:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r}: use text or json.")
_json_logs = LOG_FORMAT == "json"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "observability.formatters.JsonFormatter"}},
    "handlers": {
        "console": (
            {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"}
            if _json_logs
            else {"class": "logging.StreamHandler"}
        )
    },
    "loggers": {
        "observability.requests": {"level": "INFO" if _json_logs else "WARNING"},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL") or "WARNING"},
}
