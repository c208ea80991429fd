# Backend Journeys: one image for the app servers, the worker and the release step
# (docker/entrypoint.sh: web | worker | release | any manage.py command).
#
#   docker build -t backend-journeys:$(git rev-parse --short HEAD) .
#
# Two stages: the builder turns the pinned requirements into wheels and a virtualenv; the
# runtime gets the virtualenv and the code only (no compiler, no pip cache, no wheels), runs as
# an unprivileged user, and can write nothing but /tmp. Lint: pytest deploy/tests/test_dockerfile.py
# (hadolint).

FROM python:3.11.14-slim-bookworm AS builder

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1

WORKDIR /build
COPY requirements.txt .
RUN python -m venv /opt/venv \
    && /opt/venv/bin/python -m pip wheel --wheel-dir /build/wheels -r requirements.txt \
    && /opt/venv/bin/python -m pip install --no-index --find-links /build/wheels -r requirements.txt


FROM python:3.11.14-slim-bookworm AS runtime

# The commit this image is built from (--build-arg RELEASE_ID=$(git rev-parse --short HEAD)):
# in every cache key, so a new release never serves the pages the last one rendered.
ARG RELEASE_ID=dev
ENV RELEASE_ID=$RELEASE_ID \
    PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    STATIC_ROOT=/app/staticfiles \
    PORT=8000

RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --no-create-home --home-dir /app \
       --shell /usr/sbin/nologin app

WORKDIR /app
COPY --from=builder /opt/venv /opt/venv
COPY . .

# Static files are part of the image (WhiteNoise serves them from every app server). The key
# and host exist for this one command: production settings refuse to load without them.
RUN DJANGO_SECRET_KEY=collectstatic-at-build-only DJANGO_ALLOWED_HOSTS=build \
    python manage.py collectstatic --noinput --verbosity 0 \
    && python -m compileall -q /app

USER 10001:10001
EXPOSE 8000

# The process answers (no database asked: a slow database must not get it restarted).
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8000'), timeout=2)"]

ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["web"]
