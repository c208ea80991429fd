"""The sign-up form filled in a browser, as the browser tests of onboarding do it."""

import re

from django.core import mail
from playwright.sync_api import expect


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
