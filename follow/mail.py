"""The follow emails: the confirmation, a new piece, a weekly digest. Each is plain text
with an HTML alternative, rendered from templates (autoescaped: titles and names are
written by contributors), with absolute links to the public address (``SITE_BASE_URL``,
which sets ``WAGTAILADMIN_BASE_URL``, as every other email's links), and handed to the mail
queue (worker/mail.py) like every other message.

Every message about pieces carries its one-click unsubscribe link twice: in the text and in
the ``List-Unsubscribe`` header with ``List-Unsubscribe-Post: List-Unsubscribe=One-Click``
(RFC 8058), which mail clients turn into an "Unsubscribe" button that POSTs to it.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse

from . import tokens

SITE_NAME = "Backend Journeys"


def absolute(path):
    if path.startswith(("http://", "https://")):
        return path
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def page_link(page):
    return absolute(page.get_url() or page.url_path)


def _links(follower, subscription_ids):
    unsubscribe_token = tokens.make_unsubscribe(follower, subscription_ids)
    unsubscribe = reverse("follow:unsubscribe", args=[unsubscribe_token])
    return {
        "unsubscribe_url": absolute(unsubscribe),
        "manage_url": absolute(reverse("follow:manage", args=[tokens.make_manage(follower)])),
        "site_name": SITE_NAME,
        "site_url": absolute("/"),
    }


def _message(template, *, to, context, headers=None):
    subject = " ".join(render_to_string(f"follow/email/{template}_subject.txt", context).split())
    text = render_to_string(f"follow/email/{template}.txt", context)
    html = render_to_string(f"follow/email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, [to], headers=headers or {}
    )
    message.attach_alternative(html, "text/html")
    return message


def _list_headers(links):
    return {
        "List-Unsubscribe": f"<{links['unsubscribe_url']}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def confirm_message(subscription, *, label, frequency_label, token):
    context = {
        "label": label,
        "frequency_label": frequency_label,
        "confirm_url": absolute(reverse("follow:confirm", args=[token])),
        "valid_days": tokens.confirm_valid_days(),
        "site_name": SITE_NAME,
    }
    return _message("confirm", to=subscription.follower.email, context=context)


def piece_message(follower, subscription_ids, page):
    links = _links(follower, subscription_ids)
    context = {**links, "page": page, "page_url": page_link(page)}
    return _message("piece", to=follower.email, context=context, headers=_list_headers(links))


def digest_message(follower, subscription_ids, pieces):
    links = _links(follower, subscription_ids)
    items = [{"page": piece.page, "url": page_link(piece.page)} for piece in pieces]
    context = {**links, "items": items}
    return _message("digest", to=follower.email, context=context, headers=_list_headers(links))


def send_all(messages):
    """Hand messages to the mail queue through one connection; returns how many."""
    if not messages:
        return 0
    with get_connection() as connection:
        return connection.send_messages(messages)
