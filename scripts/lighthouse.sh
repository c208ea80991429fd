#!/usr/bin/env bash
# Lighthouse scores (performance, accessibility, best practices, SEO) for the home page and
# a story, against a local copy of the site with the demo content, in Debian's Chromium.
# Usage: scripts/lighthouse.sh [PORT]   (installs lighthouse@12 into .cache/ the first time)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${1:-8765}"
CHROME="${CHROMIUM_PATH:-/usr/bin/chromium}"
TOOLS=.cache/lighthouse
WORK=$(mktemp -d)
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$WORK"' EXIT

[ -x "$CHROME" ] || { echo "Chromium not found at $CHROME: apt-get install chromium" >&2; exit 1; }
[ -x .venv/bin/python ] || { echo "No .venv: run 'make run' or 'make test' once first" >&2; exit 1; }
if [ ! -x "$TOOLS/node_modules/.bin/lighthouse" ]; then
  echo "Installing lighthouse@12 into $TOOLS…"
  npm install --prefix "$TOOLS" --no-audit --no-fund --silent lighthouse@12
fi

echo "Preparing a throw-away demo site on 127.0.0.1:$PORT…"
export DATABASE_URL="sqlite:///$WORK/lighthouse.sqlite3" MEDIA_ROOT="$WORK/media"
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py load_demo_content -v0
.venv/bin/python manage.py runserver "127.0.0.1:$PORT" --noreload >"$WORK/server.log" 2>&1 &
server=$!
for _ in $(seq 1 30); do curl -sf "http://127.0.0.1:$PORT/" >/dev/null && break; sleep 1; done
story=$(.venv/bin/python manage.py shell -c "from blog.models import JourneyStoryPage; print(JourneyStoryPage.objects.visible().first().url)" 2>/dev/null | tail -n 1)
case "$story" in /journeys/?*) ;; *) echo "No published story to measure (got '$story')" >&2; exit 1 ;; esac

# A first visit makes the image renditions; measure what every later reader gets.
for path in / "$story"; do curl -sf "http://127.0.0.1:$PORT$path" >/dev/null; done

FLAGS="--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync"
status=0
for path in / "$story"; do
  "$TOOLS/node_modules/.bin/lighthouse" "http://127.0.0.1:$PORT$path" --quiet \
    --chrome-path="$CHROME" --chrome-flags="$FLAGS" --output=json --output-path="$WORK/report.json" \
    --only-categories=performance,accessibility,best-practices,seo
  python3 - "$WORK/report.json" "$path" <<'PY' || status=1
import json, sys
report = json.load(open(sys.argv[1]))
scores = {key: round(cat["score"] * 100) for key, cat in report["categories"].items()}
print(sys.argv[2], "  ".join(f"{key} {value}" for key, value in scores.items()))
for key, cat in report["categories"].items():
    for ref in cat["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
            print(f"    {key}: {ref['id']} {audit['score']} {audit.get('displayValue', '')}")
sys.exit(0 if min(scores.values()) >= 95 else 1)
PY
done
exit $status
