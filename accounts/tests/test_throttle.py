"""Sign-up limits per address and per client, counted in the shared cache."""

import pytest
from django.core.cache import cache

from accounts import throttle

from .helpers import SIGNUP_URL, sign_up, snapshot

pytestmark = pytest.mark.django_db


def assert_throttled(response):
    assert response.status_code == 429
    assert response["Retry-After"] == str(throttle.WINDOW_SECONDS)
    content = response.content.decode()
    assert "Too many sign-up attempts" in content
    assert "try again in an hour" in content
    assert 'name="email"' in content, "the form is shown again"


def test_per_address(client, mailoutbox):
    for n in range(throttle.ADDRESS_LIMIT):
        assert sign_up(client, email="ada@example.com", ip=f"198.51.100.{n}").status_code == 303
    before, sent = snapshot(), len(mailoutbox)
    response = sign_up(client, email="ADA@example.com", ip="198.51.100.99")
    assert_throttled(response)
    assert snapshot() == before
    assert len(mailoutbox) == sent
    # Other addresses are not held up.
    assert sign_up(client, email="grace@example.com", ip="198.51.100.99").status_code == 303


def test_per_address_counts_known_addresses_too(client, mailoutbox, django_user_model):
    django_user_model.objects.create_user("ada@example.com", "ada@example.com", "x-1")
    for n in range(throttle.ADDRESS_LIMIT):
        sign_up(client, email="ada@example.com", ip=f"198.51.100.{n}")
    assert len(mailoutbox) == throttle.ADDRESS_LIMIT
    assert_throttled(sign_up(client, email="ada@example.com", ip="198.51.100.99"))
    assert len(mailoutbox) == throttle.ADDRESS_LIMIT


def test_per_ip(client, mailoutbox):
    for n in range(throttle.IP_LIMIT):
        assert sign_up(client, email=f"person{n}@example.com").status_code == 303
    before, sent = snapshot(), len(mailoutbox)
    response = sign_up(client, email="one.more@example.com")
    assert_throttled(response)
    assert snapshot() == before
    assert len(mailoutbox) == sent
    # Another client may still sign up.
    assert sign_up(client, email="one.more@example.com", ip="192.0.2.50").status_code == 303


def test_invalid_attempts_count_per_ip(client, mailoutbox):
    for _ in range(throttle.IP_LIMIT):
        assert sign_up(client, password="short").status_code == 200
    before = snapshot()
    assert_throttled(sign_up(client))
    assert snapshot() == before
    assert mailoutbox == []


def test_honeypot_attempts_count_per_ip(client):
    for _ in range(throttle.IP_LIMIT):
        sign_up(client, honeypot="spam")
    assert_throttled(sign_up(client))


def test_get_requests_do_not_count(client):
    for _ in range(throttle.IP_LIMIT * 2):
        client.get(SIGNUP_URL, REMOTE_ADDR="203.0.113.7")
    assert sign_up(client).status_code == 303


def test_forwarded_for_is_not_trusted(client):
    for n in range(throttle.IP_LIMIT):
        response = client.post(
            SIGNUP_URL,
            {"name": "Ada", "email": f"p{n}@example.com", "password": "short"},
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
        )
        assert response.status_code == 200
    assert_throttled(sign_up(client, HTTP_X_FORWARDED_FOR="10.9.9.9"))


def test_throttled_form_keeps_name_and_address_never_the_password(client):
    for _ in range(throttle.IP_LIMIT):
        sign_up(client, password="short")
    response = sign_up(client, name="Ada <b>Lovelace</b>", email="ada@example.com")
    assert_throttled(response)
    assert b'value="ada@example.com"' in response.content
    assert b"Ada &lt;b&gt;Lovelace&lt;/b&gt;" in response.content
    assert b"mellow-otter" not in response.content


def test_ipv6_clients_are_counted_per_64():
    for n in range(throttle.IP_LIMIT):
        throttle.count_attempt(ip=f"2001:db8:1:2::{n + 1:x}")
    with pytest.raises(throttle.TooManyAttemptsError):
        throttle.count_attempt(ip="2001:db8:1:2:ffff::1")
    throttle.count_attempt(ip="2001:db8:1:3::1")


def test_limits_are_module_constants(monkeypatch):
    monkeypatch.setattr(throttle, "IP_LIMIT", 1)
    throttle.count_attempt(ip="192.0.2.1")
    with pytest.raises(throttle.TooManyAttemptsError):
        throttle.count_attempt(ip="192.0.2.1")


def test_window_has_a_timeout_and_restarts_after_it(monkeypatch):
    added = []
    real_add = cache.add

    def add(key, value, timeout):
        added.append(timeout)
        return real_add(key, value, timeout=timeout)

    monkeypatch.setattr(cache, "add", add)
    throttle.count_attempt(ip="192.0.2.1", email="ada@example.com")
    assert added and set(added) == {throttle.WINDOW_SECONDS}
    cache.clear()

    def expired_before_incr(key):
        cache.delete(key)
        raise ValueError(key)

    # The window ends (the key expires) between add and incr: a new window starts at one.
    monkeypatch.setattr(cache, "incr", expired_before_incr)
    throttle.count_attempt(ip="192.0.2.1")
    monkeypatch.undo()
    assert cache.get(f"{throttle.KEY_PREFIX}:ip:192.0.2.1") == 1


def test_keys_do_not_hold_the_address():
    throttle.count_attempt(ip="192.0.2.1", email="Ada@Example.com")
    keys = list(cache._cache.keys())  # locmem in tests
    assert keys and not any("example" in key for key in keys)


def test_behind_trusted_proxies_the_client_is_the_nth_forwarded_address(rf, settings):
    from accounts.throttle import client_ip

    request = rf.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.9")
    assert client_ip(request) == "10.0.0.5"  # no proxy trusted: the header is ignored
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "198.51.100.9"  # what our one load balancer saw
    settings.TRUSTED_PROXY_COUNT = 3  # fewer hops than proxies: fall back to the socket
    assert client_ip(request) == "10.0.0.5"
