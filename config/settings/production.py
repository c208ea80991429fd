"""A real deployment: refuses to start without a secret key, forces HTTPS and secure
cookies. Several stateless app servers share PostgreSQL, Redis and S3."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .env import env_bool, env_int, env_list, env_str

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set. Production settings refuse to start without it: "
        "generate one with `python -c 'import secrets; print(secrets.token_urlsafe(64))'` "
        "and set it in the environment."
    )
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS is not set: give the site's host names, comma-separated "
        "(for example DJANGO_ALLOWED_HOSTS=backendjourneys.org,www.backendjourneys.org)."
    )
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

DEBUG = False
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# The benchmarks (bench/: synthetic pages in bulk, Django's test client) stay out of a serving
# site; BENCH=1 loads their commands to time this very configuration (PostgreSQL, Redis, S3).
if env_bool("BENCH"):
    INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405

# page_benchmark's servers count each request's SQL queries (an X-Bench-Queries header);
# never on a serving site.
if env_bool("BENCH_COUNT_QUERIES"):
    MIDDLEWARE = ["bench.query_count.QueryCountMiddleware", *MIDDLEWARE]  # noqa: F405

# A page cache in each process's own memory would go on serving a page the other processes
# have seen change: without a shared cache (REDIS_URL) it is off unless asked for.
PAGE_CACHE = env_bool("PAGE_CACHE", bool(REDIS_URL))  # noqa: F405

LOGGING["root"]["level"] = env_str("LOG_LEVEL") or "INFO"  # noqa: F405
