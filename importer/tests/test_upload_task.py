"""With the worker's queue, an upload answers at once with a status page for its uploader,
which shows the report once the worker has imported the files."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from blog.models import JourneyStoryPage
from blog.tests import factories as f
from editorial.roles import CONTRIBUTORS

from .test_admin_upload import GOOD, make_user, md

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_upload_answers_at_once_and_the_report_comes_when_the_worker_is_done(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    f.story_index(), f.tutorial_index(), f.author_index()
    ada, ben = make_user("ada", CONTRIBUTORS), make_user("ben", CONTRIBUTORS)
    client.force_login(ada)

    response = client.post(reverse("importer_upload"), {"files": [md("good.md", GOOD)]})
    assert response.status_code == 302
    status_url = response["Location"]
    assert not JourneyStoryPage.objects.exists()

    waiting = client.get(status_url)
    assert waiting.status_code == 200
    assert waiting["Refresh"] == "2"
    assert "Importing 1 file…" in waiting.content.decode()

    client.force_login(ben)
    assert client.get(status_url).status_code == 404, "only the uploader sees it"

    call_command("run_worker", "--once", stdout=io.StringIO())
    page = JourneyStoryPage.objects.get()
    assert page.owner == ada and not page.live

    client.force_login(ada)
    done = client.get(status_url)
    text = done.content.decode()
    assert "Refresh" not in done
    assert "Created journey story “From the till to Django” (draft) from good.md" in text
    assert reverse("wagtailadmin_pages:edit", args=[page.pk]) in text
    assert "1 file(s): created 1, updated 0, unchanged 0, failed 0." in text
