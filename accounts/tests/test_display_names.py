"""An account with an address for a username is never nameless, so the admin shows a
name for it, never the address."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_createsuperuser_with_an_address_gets_a_name_from_it(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-password-1")
    call_command(
        "createsuperuser", username="Ed.Ito@editors.test", email="ed.ito@editors.test",
        interactive=False, verbosity=0,
    )  # fmt: skip
    user = get_user_model().objects.get(username="Ed.Ito@editors.test")
    assert (user.first_name, user.last_name) == ("Ed.Ito", "")
    assert user.get_full_name() == "Ed.Ito"


def test_names_given_and_plain_usernames_are_left_alone():
    User = get_user_model()
    named = User.objects.create_user("amina@example.com", "amina@example.com", last_name="Wanjiru")
    plain = User.objects.create_user("amina", "amina@example.org")
    assert (named.first_name, named.last_name) == ("", "Wanjiru")
    assert (plain.first_name, plain.last_name) == ("", "")


def test_a_partial_save_writes_only_what_it_names():
    User = get_user_model()
    User.objects.filter(pk=User.objects.create_user("x@example.com").pk).update(first_name="")
    user = User.objects.get(username="x@example.com")
    user.save(update_fields=["last_login"])
    assert User.objects.get(pk=user.pk).first_name == ""
    user.save()
    assert User.objects.get(pk=user.pk).first_name == "x"
