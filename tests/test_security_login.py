"""Password guessing is throttled by account and by address (django-axes): after
LOGIN_FAILURE_LIMIT failures the login page refuses, with one message whether or not the
account exists, until the cool-off has passed. There is no self-service password reset."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from accounts.models import User

LOCKED_OUT = "Logging in is paused: there were too many failed attempts."
WRONG = "Please enter a correct username and password."


def attempt(client, username, password="wrong-password", address="192.0.2.10", prefix=""):
    return client.post(
        f"{prefix}/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def fail_often(client, username, times=30, **where):
    return [attempt(client, username, **where) for _ in range(times)]


def signed_in(response):
    return response.status_code == 302 and "_auth_user_id" in response.client.session


@pytest.mark.parametrize("username", ["coordinator", "nobody-by-this-name"])
def test_thirty_wrong_passwords_lock_the_account_out_with_one_message(
    client, coordinator, username
):
    responses = fail_often(client, username)

    limit = settings.AXES_FAILURE_LIMIT
    assert all(WRONG in r.content.decode() for r in responses[: limit - 1])
    for response in responses[limit - 1 :]:
        assert response.status_code == 429
        assert LOCKED_OUT in response.content.decode()
        assert "Try again in 15 minutes." in response.content.decode()
        assert response["Retry-After"] == "900"
    # The page says the same whether the account exists or not.
    assert username not in responses[-1].content.decode()


def test_the_right_password_is_refused_during_the_cool_off(client, coordinator):
    fail_often(client, "coordinator")

    response = attempt(client, "coordinator", "pw-coordinator")

    assert response.status_code == 429
    assert not signed_in(response)


def test_other_addresses_are_locked_out_of_the_account_too(client, coordinator):
    """Guessing one account's password from many addresses is still stopped by account."""
    for number in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "coordinator", address=f"198.51.100.{number}")

    response = attempt(client, "coordinator", "pw-coordinator", address="203.0.113.1")

    assert response.status_code == 429


def test_one_address_trying_many_accounts_is_locked_out(client, coordinator, reviewer):
    for number in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, f"guess-{number}")

    assert attempt(client, "reviewer", "pw-reviewer").status_code == 429
    # Another address is not concerned.
    assert signed_in(attempt(client, "reviewer", "pw-reviewer", address="203.0.113.1"))


def test_after_the_cool_off_the_right_password_works_again(client, coordinator):
    fail_often(client, "coordinator")
    past = datetime.timedelta(minutes=16)
    for recorded in AccessAttempt.objects.all():
        recorded.attempt_time -= past
        recorded.save()

    assert signed_in(attempt(client, "coordinator", "pw-coordinator"))


def test_a_few_mistakes_do_not_lock_anyone_out(client, coordinator):
    fail_often(client, "coordinator", times=settings.AXES_FAILURE_LIMIT - 1)

    assert signed_in(attempt(client, "coordinator", "pw-coordinator"))


def test_the_lockout_is_said_in_the_language_of_the_page(client, coordinator):
    response = fail_often(client, "coordinator", prefix="/bg")[-1]

    assert response.status_code == 429
    assert '<html lang="bg"' in response.content.decode()
    assert "Влизането е спряно" in response.content.decode()


def test_the_admin_login_is_throttled_too(client, administrator):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("admin:login"),
            {"username": "administrator", "password": "wrong"},
            REMOTE_ADDR="192.0.2.10",
        )

    response = client.post(
        reverse("admin:login"),
        {"username": "administrator", "password": "pw-administrator"},
        REMOTE_ADDR="192.0.2.10",
    )
    assert response.status_code == 429


def test_administrators_see_lockouts_in_the_admin_and_can_lift_them(client, administrator):
    fail_often(client, "coordinator", address="192.0.2.99")
    client.force_login(administrator)

    listing = client.get(reverse("admin:axes_accessattempt_changelist"))

    assert listing.status_code == 200
    assert "192.0.2.99" in listing.content.decode()
    attempt_id = AccessAttempt.objects.get(username="coordinator").pk
    client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "delete_selected", "_selected_action": [attempt_id], "post": "yes"},
    )
    assert not AccessAttempt.objects.exists()


@pytest.mark.parametrize("persona", ["coordinator", "reviewer"])
def test_others_cannot_see_sign_in_attempts(client, persona, request):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse("admin:axes_accessattempt_changelist"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize(
    "address",
    [
        "/accounts/password_reset/",
        "/accounts/password_reset/done/",
        "/accounts/reset/MQ/set-password/",
        "/accounts/reset/done/",
        "/accounts/password_change/",
        "/accounts/password_change/done/",
        "/bg/accounts/password_reset/",
    ],
)
def test_there_is_no_self_service_password_reset(client, address, coordinator):
    assert client.get(address).status_code == 404
    assert client.post(address, {"email": "coordinator@example.org"}).status_code == 404


def test_the_login_page_says_whom_to_ask_for_a_forgotten_password(client, db):
    page = client.get(reverse("login")).content.decode()

    assert "Ask the site administrator." in page
    assert "password_reset" not in page


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [("", "10.0.0.5"), ("198.51.100.7", "198.51.100.7"), ("6.6.6.6, 198.51.100.7", "198.51.100.7")],
)
def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(rf, settings, forwarded, expected):
    """A client cannot escape the address limit by writing its own X-Forwarded-For."""
    from s3partnership.security import client_address

    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_without_a_proxy_the_forwarded_header_is_ignored(rf):
    from s3partnership.security import client_address

    request = rf.get("/", REMOTE_ADDR="203.0.113.1", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert client_address(request) == "203.0.113.1"


def test_a_locked_out_address_behind_a_proxy_does_not_lock_out_everyone(client, settings, db):
    settings.TRUSTED_PROXY_COUNT = 1
    User.objects.create_user("someone", password="pw-someone")
    for number in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": f"guess-{number}", "password": "x"},
            REMOTE_ADDR="10.0.0.5",
            HTTP_X_FORWARDED_FOR="198.51.100.7",
        )

    response = client.post(
        reverse("login"),
        {"username": "someone", "password": "pw-someone"},
        REMOTE_ADDR="10.0.0.5",
        HTTP_X_FORWARDED_FOR="203.0.113.1",
    )
    assert signed_in(response)
