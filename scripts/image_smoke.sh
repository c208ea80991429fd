#!/usr/bin/env bash
# Build the image with podman and smoke-test it: the release step twice (the second changes
# nothing), then `web` answering /healthz, /readyz and the home page, its HEALTHCHECK, and a
# graceful stop. Not part of `make test` (a build takes minutes): run it in CI or by hand:
#
#   bash scripts/image_smoke.sh
#
# Needs podman, and PostgreSQL on 127.0.0.1:5432 (user postgres; SMOKE_DATABASE_URL to use
# another). No registry needs to be reachable: when the Dockerfile's base image is not
# there, a stand-in is made with mmdebstrap (Debian bookworm, the official slim image's
# release, with this machine's Python 3.11 in /usr/local) and tagged with the base's name. The build's pip uses the host's trust store (/etc/ssl/certs and a pip.conf
# naming it, mounted for the build only, never kept in the image), so a proxy the host trusts
# works.
set -euo pipefail
cd "$(dirname "$0")/.."

IMAGE=${SMOKE_IMAGE:-localhost/backend-journeys:smoke}
DATABASE=bjd_image_smoke
DATABASE_URL=${SMOKE_DATABASE_URL:-postgres://postgres:postgres@127.0.0.1:5432/$DATABASE}
PORT=${SMOKE_PORT:-18765}
BASE=$(awk '/^FROM /{print $2; exit}' Dockerfile)
CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt
start=$SECONDS

log() { printf '\n==> [%ss] %s\n' "$((SECONDS - start))" "$*"; }
need() { command -v "$1" >/dev/null || { echo "$1 is missing: apt-get install $2" >&2; exit 1; }; }
need podman podman

# Some machines (a VM without CAP_SYS_RESOURCE, cgroups v1) refuse podman's default rlimits
# and crun: ask for lower limits and runc there.
FLAGS=()
if ! podman run --rm "$BASE" true >/dev/null 2>&1; then
  FLAGS=(--ulimit nofile=4096:4096 --ulimit nproc=4096:4096)
  if command -v runc >/dev/null; then FLAGS+=(--runtime runc); fi
fi

if ! podman image exists "$BASE"; then
  # Debian bookworm's own Python is 3.11.2, and some pinned requirements need 3.11.5: the
  # stand-in gets this machine's Python 3.11 (its interpreter and standard library, no
  # site-packages) in /usr/local, where the official image has its own.
  need mmdebstrap mmdebstrap
  prefix=$(${SMOKE_PYTHON:-python3.11} -c 'import sys; print(sys.base_prefix)')
  log "Making a stand-in for $BASE: Debian bookworm with the Python in $prefix"
  rootfs=$(mktemp --suffix=.tar)
  mmdebstrap --quiet --variant=apt \
    --include=ca-certificates,libbz2-1.0,libffi8,liblzma5,libncursesw6,libreadline8,libsqlite3-0,libssl3,libuuid1,zlib1g \
    --customize-hook="tar -C '$prefix' -c --exclude=lib/python3.11/site-packages --exclude=lib/python3.11/test --exclude=__pycache__ bin/python3.11 lib/libpython3.11.so.1.0 lib/python3.11 | tar -C \"\$1/usr/local\" -x" \
    --customize-hook='ln -s python3.11 "$1/usr/local/bin/python3" && ln -s python3.11 "$1/usr/local/bin/python"' \
    --customize-hook='mkdir -p "$1/usr/local/lib/python3.11/site-packages" && chroot "$1" ldconfig' \
    bookworm "$rootfs"
  podman import --change 'ENV LANG=C.UTF-8' --change 'CMD ["python3"]' "$rootfs" "$BASE"
  rm -f "$rootfs"
fi
podman run --rm "${FLAGS[@]}" "$BASE" true

log "Building $IMAGE"
mounts=()
if [ -f "$CA_BUNDLE" ]; then
  pip_conf=$(mktemp)
  printf '[global]\ncert = %s\n' "$CA_BUNDLE" >"$pip_conf"
  chmod 644 "$pip_conf"
  mounts=(-v "$CA_BUNDLE:$CA_BUNDLE:ro" -v "$pip_conf:/etc/pip.conf:ro")
fi
# --format docker: the OCI format has no HEALTHCHECK.
podman build "${FLAGS[@]}" "${mounts[@]}" --format docker --pull=never -t "$IMAGE" .
log "Built: $(podman image inspect "$IMAGE" --format '{{.Size}}') bytes"

# A database of its own on the host's PostgreSQL (the container shares the host's network).
admin_url="${DATABASE_URL%/*}/postgres"
psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }
psql "$admin_url" -c "DROP DATABASE IF EXISTS $DATABASE WITH (FORCE)" -c "CREATE DATABASE $DATABASE"

ENV=(
  -e DJANGO_SECRET_KEY="image-smoke-$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
  -e DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
  -e DJANGO_SECURE_SSL_REDIRECT=0
  -e DATABASE_URL="$DATABASE_URL"
  -e PORT="$PORT"
  -e LOG_FORMAT=json
)
run() { podman run --rm --network host "${FLAGS[@]}" "${ENV[@]}" "$IMAGE" "$@"; }

cleanup() {
  podman rm -f bjd-image-smoke >/dev/null 2>&1 || true
  psql "$admin_url" -c "DROP DATABASE IF EXISTS $DATABASE WITH (FORCE)" || true
}
trap cleanup EXIT

log "release (plain HTTP here: check --deploy's HTTPS warnings are expected)"
run release --check-fail-level ERROR | tail -n 6
log "release again: nothing may change"
second=$(run release --check-fail-level ERROR)
echo "$second" | tail -n 6
grep -q "Released: nothing changed" <<<"$second" || { echo "the second release changed something" >&2; exit 1; }

log "web"
podman run -d --name bjd-image-smoke --network host "${FLAGS[@]}" "${ENV[@]}" "$IMAGE" web >/dev/null
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done
for path in /healthz /readyz /; do
  status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT$path")
  echo "GET $path -> $status"
  [ "$status" = 200 ] || { podman logs bjd-image-smoke | tail -n 30; exit 1; }
done
request_id=$(curl -s -D - -o /dev/null -H 'X-Request-ID: smoke-test-0001' "http://127.0.0.1:$PORT/" | tr -d '\r' | awk -F': ' 'tolower($1)=="x-request-id"{print $2}')
[ "$request_id" = smoke-test-0001 ] || { echo "X-Request-ID not echoed: '$request_id'" >&2; exit 1; }
podman healthcheck run bjd-image-smoke && echo "HEALTHCHECK: healthy"
[ "$(podman exec bjd-image-smoke id -u)" = 10001 ] && echo "runs as uid 10001"

log "graceful stop"
stop_start=$SECONDS
podman stop --time 35 bjd-image-smoke >/dev/null
echo "stopped in $((SECONDS - stop_start)) s"
podman logs bjd-image-smoke 2>&1 | grep -q '"path": "/", "status": 200' && echo "JSON request lines: present"
log "Image smoke test passed"
