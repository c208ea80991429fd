"""The sign-up form filled in a browser, as the browser tests of onboarding do it, and the
review loop's starting point: the indexes and an editor to review."""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from playwright.sync_api import expect

from blog.tests import factories as f
from editorial.roles import CONTRIBUTORS, EDITORS


def a_writer(*, password):
    """Wanjiku, a contributor with her author profile (username "wanjiku"), and the indexes
    she writes under."""
    f.story_index(), f.author_index()
    user = get_user_model().objects.create_user(
        "wanjiku", "wanjiku@example.com", password, first_name="Wanjiku"
    )
    user.groups.add(Group.objects.get(name=CONTRIBUTORS))
    f.author(name="Wanjiku Njeri", user=user)
    return user


def desk_with_an_editor(*, password):
    """The indexes a writer's pieces go under, and Edna, an editor (username "edna")."""
    f.story_index(), f.tutorial_index(), f.author_index()
    editor = get_user_model().objects.create_user(
        "edna", "edna@example.com", password, first_name="Edna"
    )
    editor.groups.add(Group.objects.get(name=EDITORS))
    return editor


def sign_up(page, *, name, email, password):
    """On the "Write for us" page: fill it in and send it; returns the confirmation link from
    the email that was sent (the test's outbox must be empty before)."""
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Password again").fill(password)
    page.get_by_role("button", name="Sign up").click()
    expect(page.locator("h1")).to_contain_text("Check your")
    [message] = mail.outbox
    return re.search(r"http://\S+/write-for-us/confirm/\S+/", message.body).group(0)
