"""A developer's machine: DEBUG on, a fixed key that only works here, local hosts only."""

from .base import *  # noqa: F403
from .env import env_choice, env_str

DEBUG = True
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405 (bench/: the benchmark commands)
SECRET_KEY = env_str("DJANGO_SECRET_KEY") or "dev-only-insecure-key-never-used-in-production"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Serve static files straight from the apps' folders, no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Tasks run inside the request (`make run` starts run_worker for the periodic jobs only);
# TASK_BACKEND=database tries the real queue.
TASKS = {
    "default": {"BACKEND": TASK_BACKENDS[env_choice("TASK_BACKEND", TASK_BACKENDS, "immediate")]}  # noqa: F405
}
