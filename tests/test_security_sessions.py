"""A signed-in session ends after two hours without activity and twelve hours after signing
in, whatever happens; pages know when, to warn a few minutes before; "Stay signed in" extends
the idle window only; nothing being typed is lost when a session ends."""

import re

import pytest
from django.urls import reverse

from s3partnership.session_expiry import LAST_ACTIVITY, SIGNED_IN_AT
from tests.test_settings import run_manage_check
from tests.wizard_helpers import autosave_url, messages_of, page_values, post_step, step_url, value

HOUR = 3600
STATUS = "/accounts/session/"
STAY = "/accounts/session/extend/"


def go_back_in_time(client, idle=0, signed_in=0):
    """As if the last activity was `idle` seconds ago and the sign-in `signed_in` seconds ago."""
    session = client.session
    session[LAST_ACTIVITY] -= idle
    session[SIGNED_IN_AT] -= signed_in
    session.save()


def about(seconds):
    """The seconds a test's own run may take off a deadline."""
    return range(seconds - 5, seconds + 1)


def is_signed_in(client):
    return "_auth_user_id" in client.session


def status(client):
    return client.get(STATUS).json()


def data_attributes(response):
    dialog = re.search(r'<dialog id="session-warning"[^>]*>', response.content.decode())
    assert dialog, "The page has no session warning."
    return dict(re.findall(r'data-([a-z-]+)="([^"]*)"', dialog[0]))


def test_a_signed_in_page_says_when_the_session_ends(coordinator_client):
    response = coordinator_client.get("/")

    attributes = data_attributes(response)
    assert int(attributes["idle-seconds"]) in about(2 * HOUR)
    assert int(attributes["lifetime-seconds"]) in about(12 * HOUR)
    assert attributes["warning-seconds"] == "300"
    assert attributes["status-url"] == STATUS
    assert '<script src="/static/js/session.js" defer></script>' in response.content.decode()
    assert 'role="alertdialog"' in response.content.decode()


def test_an_anonymous_page_has_no_session_warning(client, db):
    page = client.get("/").content.decode()

    assert "session-warning" not in page
    assert "session.js" not in page


def test_two_hours_without_activity_end_the_session(coordinator_client):
    go_back_in_time(coordinator_client, idle=2 * HOUR + 1)

    response = coordinator_client.get("/workspace/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/workspace/"
    assert not is_signed_in(coordinator_client)
    login_page = coordinator_client.get(response["Location"])
    assert "You were signed out after a period without activity." in messages_of(login_page)[0]


def test_a_request_is_activity_that_restarts_the_idle_window(coordinator_client):
    go_back_in_time(coordinator_client, idle=HOUR + 55 * 60)

    assert coordinator_client.get("/workspace/").status_code == 200
    assert status(coordinator_client)["idle_seconds"] in about(2 * HOUR)


def test_autosaving_what_is_typed_is_activity(coordinator_client, report):
    go_back_in_time(coordinator_client, idle=HOUR)

    response = coordinator_client.post(
        autosave_url(report, "summary"), {"version": "0", "executive_summary": "Typing..."}
    )

    assert response.status_code == 200
    assert status(coordinator_client)["idle_seconds"] in about(2 * HOUR)


@pytest.mark.parametrize("passive", [reverse("reports:ping"), STATUS])
def test_a_page_asking_by_itself_is_not_activity(coordinator_client, passive):
    go_back_in_time(coordinator_client, idle=HOUR)

    coordinator_client.get(passive)
    coordinator_client.get(passive)

    assert status(coordinator_client)["idle_seconds"] in about(HOUR)


def test_stay_signed_in_extends_the_idle_window_but_not_the_lifetime(coordinator_client):
    go_back_in_time(coordinator_client, idle=HOUR + 56 * 60, signed_in=11 * HOUR)

    answer = coordinator_client.post(STAY).json()

    assert answer["signed_in"] is True
    assert answer["idle_seconds"] in about(2 * HOUR)
    assert answer["lifetime_seconds"] in about(HOUR)


def test_twelve_hours_after_signing_in_the_session_ends_however_active(coordinator_client):
    go_back_in_time(coordinator_client, signed_in=12 * HOUR + 1)

    response = coordinator_client.get("/workspace/")

    assert response.status_code == 302
    assert not is_signed_in(coordinator_client)
    login_page = coordinator_client.get(response["Location"])
    assert "Your session reached its maximum length." in messages_of(login_page)[0]


def test_the_session_expires_where_the_sign_in_put_it(client, coordinator, db):
    client.post(reverse("login"), {"username": "coordinator", "password": "pw-coordinator"})
    ends = client.session.get_expiry_date()
    assert int(client.cookies["sessionid"]["max-age"]) in about(12 * HOUR)

    # Activity saves the session again; the end does not move with it.
    go_back_in_time(client, idle=HOUR)
    assert client.get("/workspace/").status_code == 200
    assert client.session.get_expiry_date() == ends
    assert int(client.cookies["sessionid"]["max-age"]) in about(12 * HOUR)


def test_the_status_of_an_ended_session_says_so_and_ends_it(coordinator_client):
    go_back_in_time(coordinator_client, idle=2 * HOUR + 1)

    response = coordinator_client.get(STATUS)

    assert response.status_code == 401
    assert response.json() == {"signed_in": False}
    assert not is_signed_in(coordinator_client)


def test_anonymous_cannot_stay_signed_in(client, db):
    response = client.post(STAY)

    assert response.status_code == 401
    assert response.json() == {"signed_in": False}


def test_stay_signed_in_takes_only_a_post(coordinator_client):
    assert coordinator_client.get(STAY).status_code == 405


def test_a_step_sent_after_the_session_ended_is_offered_after_signing_in(
    coordinator_client, report
):
    form = page_values(coordinator_client, report, "summary")
    go_back_in_time(coordinator_client, idle=2 * HOUR + 1)

    response = post_step(
        coordinator_client, report, "summary", {"executive_summary": "Typed slowly"}, values=form
    )

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    coordinator_client.post(
        reverse("login"), {"username": "coordinator", "password": "pw-coordinator"}
    )
    offered = coordinator_client.get(step_url(report, "summary"))
    assert value(offered, "executive_summary") == "Typed slowly"
    report.refresh_from_db()
    assert report.executive_summary == ""


@pytest.mark.parametrize(
    "environment",
    [
        {"SESSION_WARNING_MINUTES": "120"},
        {"SESSION_IDLE_MINUTES": "0"},
        {"SESSION_IDLE_MINUTES": "900", "SESSION_LIFETIME_HOURS": "12"},
    ],
)
def test_timeouts_that_cannot_work_stop_the_server(environment):
    result = run_manage_check(**environment)

    assert result.returncode != 0
    assert "SESSION_WARNING_MINUTES < SESSION_IDLE_MINUTES" in result.stderr
