"""An author profile's account is the site's to set (sign-up, editors): a contributor's
profile form does not list accounts, and nothing a contributor posts relinks it."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from blog.models import AuthorPage
from editorial.roles import CONTRIBUTORS, EDITORS
from editorial.tests.admin_forms import edit_form_data

from . import factories as f

pytestmark = pytest.mark.django_db


def person(username, group):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.com", "pw", first_name=username.title()
    )
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def team():
    return {
        "writer": person("writer", CONTRIBUTORS),
        "other_writer": person("otherwriter", CONTRIBUTORS),
        "editor": person("editor", EDITORS),
    }


def profile_of(user, *, live):
    return f.author(name=f"{user.first_name} Profile", user=user, owner=user, live=live)


def edit(client, as_user, page, **changes):
    data = edit_form_data(page, **changes)
    client.force_login(as_user)
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


def linked_accounts(page):
    """The account on the profile's row and on its latest revision (what publishing uses)."""
    stored = AuthorPage.objects.get(pk=page.pk)
    return stored.user_id, stored.get_latest_revision_as_object().user_id


def test_a_contributors_profile_form_lists_no_accounts(client, team):
    profile = profile_of(team["writer"], live=False)
    client.force_login(team["writer"])
    response = client.get(reverse("wagtailadmin_pages:edit", args=[profile.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="user"' not in html
    for other in ("otherwriter", "editor"):
        assert f"{other}@example.com" not in html
        assert f">{other}<" not in html


@pytest.mark.parametrize("live", [False, True], ids=["draft_profile", "live_profile"])
def test_a_contributor_posting_another_account_changes_no_link(client, team, live):
    profile = profile_of(team["writer"], live=live)
    for account in ("editor", "other_writer"):
        response = edit(
            client, team["writer"], profile, user=str(team[account].pk), location="Kisumu"
        )
        assert response.status_code == 302
        assert linked_accounts(profile) == (team["writer"].pk, team["writer"].pk)
    # The rest of the form was saved, and an editor publishing it keeps the account.
    stored = AuthorPage.objects.get(pk=profile.pk)
    assert stored.get_latest_revision_as_object().location == "Kisumu"
    stored.get_latest_revision().publish(user=team["editor"])
    assert AuthorPage.objects.get(pk=profile.pk).user == team["writer"]
    assert not AuthorPage.objects.filter(user=team["editor"]).exists()


def test_a_revision_carrying_another_account_is_not_carried_forward(client, team):
    """A draft saved before this rule (or by hand) named another account: the writer's next
    save goes back to the account the profile has."""
    profile = profile_of(team["writer"], live=True)
    profile.user = team["editor"]
    profile.save_revision(user=team["writer"])
    edit(client, team["writer"], profile, location="Mombasa")
    assert linked_accounts(profile) == (team["writer"].pk, team["writer"].pk)


def test_an_editor_links_a_profile_to_an_account(client, team):
    profile = f.author(name="Unclaimed", live=False)
    edit(client, team["editor"], profile, user=str(team["other_writer"].pk))
    assert linked_accounts(profile) == (team["other_writer"].pk, team["other_writer"].pk)

    client.force_login(team["editor"])
    html = client.get(reverse("wagtailadmin_pages:edit", args=[profile.pk])).content.decode()
    assert 'name="user"' in html
