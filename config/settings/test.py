"""The test suite: fast hashing, captured email, no manifest needed for static files."""

from .base import *  # noqa: F403
from .env import env_choice, env_int

DEBUG = False
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405 (bench/: the benchmarks' own tests)
SECRET_KEY = "test-only-key-with-enough-length-and-variety-0123456789-abcdefgh"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Where a test that sends through the queue (worker.mail.QueuedEmailBackend) gets its mail.
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# A worker that a test starts in a process of its own sends through the queue to that
# test's SMTP server on loopback (follow/tests/test_worker.py).
if TEST_SMTP_PORT := env_int("TEST_SMTP_PORT", 0):
    EMAIL_BACKEND = "worker.mail.QueuedEmailBackend"
    EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST, EMAIL_PORT, EMAIL_USE_TLS, EMAIL_TIMEOUT = "127.0.0.1", TEST_SMTP_PORT, False, 5
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Serve static files straight from the apps' folders, no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # The test databases are thrown away: commits need not wait for the disk. A setting of
    # this session only; the server is left as it is.
    _options = DATABASES["default"].setdefault("OPTIONS", {})  # noqa: F405
    _options["options"] = f"{_options.get('options', '')} -c synchronous_commit=off".strip()
# Tasks run where they are enqueued; the worker's own tests switch to the database queue.
TASKS = {
    "default": {"BACKEND": TASK_BACKENDS[env_choice("TASK_BACKEND", TASK_BACKENDS, "immediate")]}  # noqa: F405
}
