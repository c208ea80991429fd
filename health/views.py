"""``/healthz``: the process answers (nothing else is asked, so a slow database never gets
a healthy server restarted). ``/readyz``: the services a request needs answer, each with its
time; 503 naming what is down, so a load balancer sends readers elsewhere meanwhile."""

import json

from django.http import HttpResponse, HttpResponseNotAllowed
from django.utils.cache import add_never_cache_headers

from . import checks


def _json(data, status=200):
    response = HttpResponse(json.dumps(data), content_type="application/json", status=status)
    add_never_cache_headers(response)
    return response


def healthz(request):
    return _json({"status": "ok"})


def readyz(request):
    outcomes = checks.run()
    down = [outcome.name for outcome in outcomes if not outcome.ok]
    body = {
        "status": "down: " + ", ".join(down) if down else "ready",
        "checks": {
            outcome.name: {"ok": outcome.ok, "ms": outcome.milliseconds, "detail": outcome.detail}
            for outcome in outcomes
        },
    }
    return _json(body, status=503 if down else 200)


VIEWS = {"/healthz": healthz, "/readyz": readyz}


def answer(request):
    """The probe's answer, or None for any other address."""
    view = VIEWS.get(request.path_info)
    if view is None:
        return None
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return view(request)
