"""The demo logins, made only while DEBUG is on (``make run`` prints them): a superuser, an
editor and a contributor, the last two linked to the author profiles they write as."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

DEMO_ACCOUNTS = [
    # username, password, group, superuser, slug of the author profile (file) they own
    ("admin", "journeys-admin-demo", None, True, None),
    ("editor", "journeys-editor-demo", "Editors", False, "rafael-ortega"),
    ("contributor", "journeys-contributor-demo", "Contributors", False, "priya-raghunathan"),
]


def demo_accounts_ensure(*, note, existing):
    """The demo accounts by username, each created when missing (``note``, else
    ``existing``, is called with its label) and put in its group."""
    User = get_user_model()
    users = {}
    for username, password, group_name, is_superuser, _author in DEMO_ACCOUNTS:
        user = User.objects.filter(username=username).first()
        if user is None:
            note(f"demo account {username!r}")
            user = User(
                username=username,
                email=f"{username}@example.com",
                first_name=username.capitalize(),
                last_name="Demo",
                is_staff=is_superuser,
                is_superuser=is_superuser,
            )
            user.set_password(password)
            user.save()
        else:
            existing(f"demo account {username!r}")
        if group_name:
            group = Group.objects.filter(name=group_name).first()
            if group and not user.groups.filter(pk=group.pk).exists():
                user.groups.add(group)
        users[username] = user
    return users


def account_for(users, author_slug):
    """The demo account among ``users`` that writes as the profile ``author_slug``, or None."""
    for username, _password, _group, _superuser, author in DEMO_ACCOUNTS:
        if author == author_slug and username in users:
            return users[username]
    return None
