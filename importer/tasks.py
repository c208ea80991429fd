"""The admin upload's import, run by the worker: the request that takes the files only
enqueues them, and the uploader's status page shows the outcome when the worker is done.

Files travel in the task's arguments (in the database queue), so whichever machine runs the
worker needs no shared disk. The outcome is what the page shows, as plain data: a line per
file and the summary, the same whether the task ran in the request (the immediate backend of
tests and ``make run``) or in the worker.
"""

import base64

from django.contrib.auth import get_user_model
from django.urls import reverse
from django_tasks import task

from blog.bounded import time_budget

from .services import ImportSource, stories_import

# The most one upload may spend formatting Markdown, all files together: twenty files that
# each take just under the per-text limit must not hold the worker for a minute.
UPLOAD_FORMATTING_SECONDS = 6


def upload_arguments(*, user, sources):
    """``upload_import``'s arguments for ``sources`` uploaded by ``user``."""
    files = [
        {"name": source.name, "data": base64.b64encode(source.data).decode("ascii")}
        for source in sources
    ]
    return {"user_id": user.pk, "files": files}


@task()
def upload_import(*, user_id, files):
    """Import the uploaded files as drafts ``user_id`` owns, under their page permissions."""
    user = get_user_model().objects.get(pk=user_id)
    sources = [ImportSource(name=f["name"], data=base64.b64decode(f["data"])) for f in files]
    with time_budget(UPLOAD_FORMATTING_SECONDS):
        report = stories_import(sources=sources, owner=user, user=user, publish=False)
    return {
        "summary": report.summary(),
        "rows": [
            {
                "failed": result.failed,
                "status": result.status,
                "describe": result.describe(),
                "title": result.title,
                "notes": list(result.notes),
                "edit_url": (
                    reverse("wagtailadmin_pages:edit", args=[result.page_id])
                    if result.page_id and not result.failed
                    else ""
                ),
            }
            for result in report.results
        ],
    }
