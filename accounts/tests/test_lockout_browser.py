"""In real Chromium: the admin login says when a locked account may try again, and keeps
refusing the right password until then."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from accounts import lockout
from accounts.backends import lock_subject

from .helpers import STRONG_PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_admin_login_shows_the_lock_and_refuses_the_right_password(live_server, browser):
    ada = get_user_model().objects.create_superuser(
        "ada@example.com", "ada@example.com", STRONG_PASSWORD
    )
    # Nineteen failures from elsewhere: the account's count holds whatever the address.
    for _ in range(lockout.ACCOUNT_LIMIT - 1):
        lockout.record_failure(ip="203.0.113.9", account=lock_subject("ada@example.com", ada))

    page = browser.new_page()
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", "ada@example.com")
    page.fill("input[name=password]", "not-the-password")
    with page.expect_navigation():
        page.click("button[type=submit]")
    messages = page.locator(".messages")
    expect(messages).to_contain_text("Too many failed sign-in attempts. Try again in 15 minutes.")

    page.fill("input[name=username]", "ada@example.com")
    page.fill("input[name=password]", STRONG_PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    expect(messages).to_contain_text("Too many failed sign-in attempts. Try again in 15 minutes.")
    assert page.url.startswith(live_server.url + "/admin/login/")
    page.goto(live_server.url + "/admin/")
    assert "/admin/login/" in page.url, "not signed in"
