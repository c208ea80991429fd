#!/bin/sh
# The image's one entry point: what a container of it runs.
#   web      gunicorn with config/gunicorn.py (PORT, WEB_CONCURRENCY, ...)
#   worker   manage.py run_worker: background tasks and scheduled publishing
#   release  manage.py release: check --deploy, migrate, collectstatic (run once per deploy)
#   anything else is a manage.py command: `shell`, `createsuperuser`, `migrate blog 0012`, ...
# Arguments after the first go to the command (e.g. `release --bucket-policy`).
set -eu
cd "$(dirname "$0")/.."

command="${1:-web}"
if [ "$#" -gt 0 ]; then
    shift
fi

case "$command" in
    web)
        exec gunicorn --config config/gunicorn.py config.wsgi:application "$@"
        ;;
    worker)
        exec python manage.py run_worker "$@"
        ;;
    release)
        exec python manage.py release "$@"
        ;;
    *)
        exec python manage.py "$command" "$@"
        ;;
esac
