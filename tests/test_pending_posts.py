"""A form kept through a login is the one thing a visitor who is not signed in can store, so
it is bounded (issue 12): only its owner's form, for a step of a report they may edit, of at
most KEPT_FORM_MAX_BYTES, the last three per session. Anything else sent to the workspace, and
every public page read, leaves the session table as it was.
"""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from reports.models import MonitoringReport, NewsArticle, NewsTranslation
from tests.test_public_reports import publish
from tests.test_signin_recovery import log_in
from tests.wizard_helpers import messages_of, page_values, post_step, step_url, value

# Larger than the default limit of 1 MB, smaller than Django's limit on a request's body.
HUGE = "x" * (2300 * 1024)
TOO_LARGE = "too large to keep until you log in again"


def session_table():
    """How many sessions are stored, and how much they hold."""
    return (
        Session.objects.count(),
        sum(len(data) for data in Session.objects.values_list("session_data", flat=True)),
    )


@pytest.fixture
def expired(coordinator, report):
    """A coordinator's browser with the summary step open, whose session has just expired:
    its cookie names a session that is gone. Returns the browser and the page's form."""
    browser = Client()
    browser.force_login(coordinator)
    form = page_values(browser, report, "summary")
    Session.objects.all().delete()
    return browser, form


def keep_from_expired(browser, report, step, form, typed):
    return post_step(browser, report, step, {"executive_summary": typed}, values=form)


@pytest.mark.parametrize(
    "path",
    [
        "/workspace/invented/2020-h2/summary/",
        "/workspace/cybersecurity/2099-h1/summary/",
        "/workspace/cybersecurity/2020-h2/invented-step/",
        "/workspace/cybersecurity/2020-h2/review/",
        "/workspace/cybersecurity/2020-h2/summary/",
        "/bg/workspace/cybersecurity/2020-h2/summary/",
    ],
)
def test_an_anonymous_post_to_a_workspace_address_stores_nothing(client, report, path):
    """The finding: ten posts of 2.3 MB to invented addresses grew the database by 27 MB."""
    before = session_table()
    for _ in range(3):
        response = client.post(path, {"executive_summary": HUGE, "version": "0"})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        assert "sessionid" not in response.cookies
    assert session_table() == before


def test_an_anonymous_post_with_a_forged_form_key_stores_nothing(client, report):
    before = session_table()
    client.post(step_url(report, "summary"), {"executive_summary": "Spam", "form_key": "made-up"})
    assert session_table() == before


def test_a_form_key_replayed_for_another_address_stores_nothing(expired, report):
    """The key names its path: a coordinator's own key does not open any other address."""
    browser, form = expired
    browser.post("/workspace/invented/2020-h2/summary/", {**form, "executive_summary": "Spam"})
    assert session_table() == (0, 0)


def test_an_expired_sessions_form_is_kept_and_offered_back(expired, report):
    browser, form = expired
    response = keep_from_expired(browser, report, "summary", form, "Typed for an hour")
    assert (
        "Log in again and they will be offered to you"
        in messages_of(browser.get(response["Location"]))[0]
    )
    assert Session.objects.count() == 1
    log_in(browser, next_url=step_url(report, "summary"))
    assert value(browser.get(step_url(report, "summary")), "executive_summary") == (
        "Typed for an hour"
    )


def test_a_form_over_the_limit_is_not_kept_and_the_person_is_told_where_their_text_is(
    expired, report
):
    browser, form = expired
    response = keep_from_expired(browser, report, "summary", form, HUGE)
    assert response["Location"] == f"/accounts/login/?next={step_url(report, 'summary')}"
    told = messages_of(browser.get(response["Location"]))[0]
    assert TOO_LARGE in told
    assert "Go back in your browser: the page still has your text." in told
    assert session_table() == (0, 0)
    log_in(browser, next_url=step_url(report, "summary"))
    assert value(browser.get(step_url(report, "summary")), "executive_summary") == ""


def test_the_limit_is_a_setting(expired, report, settings):
    settings.KEPT_FORM_MAX_BYTES = 5000
    browser, form = expired
    keep_from_expired(browser, report, "summary", form, "x" * 6000)
    assert Session.objects.count() == 0
    keep_from_expired(browser, report, "summary", form, "x" * 2000)
    assert Session.objects.count() == 1


def test_a_form_for_a_report_submitted_meanwhile_is_not_kept(expired, report, administrator):
    """Its owner could no longer save it: nothing would ever take it back out."""
    browser, form = expired
    report.move_to(MonitoringReport.State.SUBMITTED, administrator)
    keep_from_expired(browser, report, "summary", form, "Too late")
    assert Session.objects.count() == 0


def test_a_form_of_someone_who_no_longer_coordinates_the_partnership_is_not_kept(
    expired, report, coordinator, partnership
):
    browser, form = expired
    partnership.coordinators.remove(coordinator)
    keep_from_expired(browser, report, "summary", form, "Not mine any more")
    assert Session.objects.count() == 0


def test_a_session_keeps_the_last_three_forms(coordinator, report):
    """Tabs whose sign-in ended together: the newest forms are kept, the oldest gives way."""
    browser = Client()
    browser.force_login(coordinator)
    steps = ["summary", "innovative-results", "new-activities", "sdgs"]
    forms = [page_values(browser, report, step) for step in steps]
    Session.objects.all().delete()
    for step, form in zip(steps, forms, strict=True):
        post_step(browser, report, step, values=form)
    log_in(browser)
    offered = [
        step
        for step in steps
        if "This is what you sent" in str(messages_of(browser.get(step_url(report, step))))
    ]
    assert offered == ["innovative-results", "new-activities", "sdgs"]


def test_with_cookies_cleared_a_form_over_the_limit_is_not_kept_either(coordinator, report):
    """The other way a sign-in ends under a page: the form fails its CSRF check."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(coordinator)
    form = page_values(browser, report, "summary")
    browser.cookies.clear()
    Session.objects.all().delete()
    response = keep_from_expired(browser, report, "summary", form, HUGE)
    assert response["Location"] == f"/accounts/login/?next={step_url(report, 'summary')}"
    assert TOO_LARGE in messages_of(browser.get(response["Location"]))[0]
    assert session_table() == (0, 0)


@pytest.fixture
def public_pages(report, reviewer, partnership):
    publish(report, reviewer)
    article = NewsArticle.objects.create(
        slug="launch", partnership=partnership, published_on=datetime.date(2021, 3, 1)
    )
    NewsTranslation.objects.create(article=article, language="en", title="Launch", body="x")
    return [
        reverse("reports:home"),
        reverse("reports:partnership", kwargs={"slug": partnership.slug}),
        reverse(
            "reports:public_report",
            kwargs={"slug": partnership.slug, "period": report.period.slug},
        ),
        reverse("reports:timeline", kwargs={"slug": partnership.slug}),
        reverse("reports:news_list"),
        article.get_absolute_url(),
        "/?q=cyber",
        reverse("login"),
        "/no-such-page/",
    ]


@pytest.mark.parametrize("language_prefix", ["", "/bg"])
def test_reading_public_pages_creates_no_session(client, public_pages, language_prefix):
    for url in public_pages:
        response = client.get(language_prefix + url)
        assert response.status_code in (200, 404), url
        assert "sessionid" not in response.cookies, url
    assert Session.objects.count() == 0
