"""A step form refused because the sign-in changed under the page keeps what was sent.

Issue 9, path 3: with every cookie cleared (a privacy tool, a sign-out in another tab) the
form fails Django's CSRF check before any view runs. What was sent is kept, as after an
expired session, and offered on the same step once its owner has signed in again. Other
refused forms get our own page, never Django's debug page. Nothing a stranger's site posts
is ever offered to a coordinator as their own text.
"""

import pytest
from django.test import Client
from django.urls import reverse

from tests.wizard_helpers import (
    autosave_url,
    form_values,
    messages_of,
    page_values,
    step_url,
    value,
)

TYPED = "Typed for an hour, then the cookies were cleared."


@pytest.fixture
def browser(coordinator):
    """A browser that sends CSRF tokens as a real one does, and is checked like one."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    return client


def post(client, url, values, **changes):
    data = {**values, **{name: [typed] for name, typed in changes.items()}, "action": ["save"]}
    return client.post(url, data)


def log_in(client, username="coordinator", password="pw-coordinator", next_url=""):
    login_page = client.get(reverse("login"))
    response = client.post(
        reverse("login"),
        {
            "username": username,
            "password": password,
            "next": next_url,
            "csrfmiddlewaretoken": login_page.context["csrf_token"],
        },
    )
    assert response.status_code == 302, "login failed"
    return response["Location"]


def untouched(report):
    report.refresh_from_db()
    return report.executive_summary == "" and report.step_versions == {}


def test_with_all_cookies_cleared_the_form_is_kept_through_a_new_sign_in(browser, report):
    form = page_values(browser, report, "summary")
    browser.cookies.clear()
    response = post(browser, step_url(report, "summary"), form, executive_summary=TYPED)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={step_url(report, 'summary')}"
    assert (
        "Log in again and they will be offered to you on the same page."
        in messages_of(browser.get(response["Location"]))[0]
    )
    assert untouched(report)

    assert log_in(browser, next_url=step_url(report, "summary")) == step_url(report, "summary")
    offered = browser.get(step_url(report, "summary"))
    assert value(offered, "executive_summary") == TYPED
    assert "It is not saved yet: check it, then save it." in messages_of(offered)[0]
    assert untouched(report)
    saved = browser.post(step_url(report, "summary"), {**form_values(offered), "action": "save"})
    assert saved.status_code == 302
    report.refresh_from_db()
    assert report.executive_summary == TYPED


def test_a_page_older_than_a_new_sign_in_in_another_tab_is_kept_and_offered(
    browser, report, coordinator
):
    """Signing in again rotates the CSRF token: the open page's token is stale, but its user
    is still signed in, so the step shows what was sent straight away."""
    form = page_values(browser, report, "summary")
    log_in(browser)  # in another tab
    response = post(browser, step_url(report, "summary"), form, executive_summary=TYPED)
    assert response.status_code == 302
    assert response["Location"] == step_url(report, "summary")
    offered = browser.get(response["Location"])
    assert value(offered, "executive_summary") == TYPED
    assert untouched(report)


def test_a_form_kept_for_one_coordinator_is_not_offered_to_another(
    browser, report, other_coordinator, partnership
):
    partnership.coordinators.add(other_coordinator)
    form = page_values(browser, report, "summary")
    browser.cookies.clear()
    post(browser, step_url(report, "summary"), form, executive_summary=TYPED)
    log_in(browser, "other-coordinator", "pw-other")
    page = browser.get(step_url(report, "summary"))
    assert value(page, "executive_summary") == ""
    assert value(page, "form_key") != form["form_key"][0]


def test_a_form_posted_from_another_site_is_not_kept(browser, report):
    """Without the page's signed key (a stranger's site cannot make one) nothing is kept."""
    form = page_values(browser, report, "summary")
    browser.cookies.clear()
    forged = {**form, "form_key": ["made-up"]}
    response = post(browser, step_url(report, "summary"), forged, executive_summary="Spam")
    assert response.status_code == 403
    assert "The form could not be sent" in response.content.decode()
    log_in(browser)
    assert value(browser.get(step_url(report, "summary")), "executive_summary") == ""


def test_a_key_made_for_another_step_does_not_keep_the_form(browser, report):
    form = page_values(browser, report, "innovative-results")
    browser.cookies.clear()
    response = post(browser, step_url(report, "summary"), form, executive_summary=TYPED)
    assert response.status_code == 403


def test_an_autosave_refused_for_its_token_says_so_in_json(browser, report):
    form = page_values(browser, report, "summary")
    browser.cookies.clear()
    response = browser.post(
        autosave_url(report, "summary"),
        {
            "version": "0",
            "executive_summary": TYPED,
            "csrfmiddlewaretoken": form["csrfmiddlewaretoken"][0],
        },
    )
    assert response.status_code == 403
    assert response.json()["signed_out"] is True
    assert "press Save to keep it" in response.json()["error"]
    assert untouched(report)


@pytest.mark.parametrize("debug", [True, False])
@pytest.mark.parametrize(
    ("prefix", "title"),
    [("", "The form could not be sent"), ("/bg", "Формулярът не можа да бъде изпратен")],
)
def test_any_other_refused_form_gets_our_page_in_its_language(settings, debug, prefix, title):
    settings.DEBUG = debug
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"{prefix}/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    page = response.content.decode()
    assert title in page
    assert "CSRF verification failed" not in page


@pytest.mark.parametrize("debug", [True, False])
def test_a_coordinator_asking_for_the_review_pages_gets_our_404_page(
    settings, coordinator_client, debug
):
    settings.DEBUG = debug
    response = coordinator_client.get(reverse("reports:review_dashboard"))
    assert response.status_code == 404
    page = response.content.decode()
    assert "There is no page at this address, or it is no longer public." in page
    assert "Raised by" not in page
