"""The server error page: 503 "back in a moment", with Retry-After, when the database is away
(PostgreSQL restarting, a failover); Django's 500 page for every other error. Load balancers
and browsers treat a 503 as passing; a 500 says the code is broken, which it is not."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import server_error as django_server_error

RETRY_AFTER_SECONDS = 5
DATABASE_AWAY = (OperationalError, InterfaceError)


@requires_csrf_token
def server_error(request):
    if isinstance(sys.exc_info()[1], DATABASE_AWAY):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return django_server_error(request)
