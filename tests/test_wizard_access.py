"""Who may open the wizard: the permission ladder on every wizard URL.

Only the partnership's coordinators and the administrators open or change its report. For
everybody else it does not exist (404): the coordinator of another partnership, and the JRC
reviewers, who read reports in the review area and do not edit them here. Anonymous
visitors are sent to the login page, except the background autosave, which answers JSON.
"""

from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse

from accounts.eu_login import find_or_create_account
from reports.models import MonitoringReport, Partnership
from reports.views.wizard import WORKSPACE_PAGE_SIZE
from reports.wizard.steps import STEPS
from tests.wizard_helpers import (
    autosave_url,
    fill_mandatory_answers,
    page_values,
    start_url,
    step_url,
    submit_url,
)

EDITABLE_STEPS = [step.slug for step in STEPS if step.slug != "review"]
AUTOSAVED_STEPS = [step.slug for step in STEPS if step.autosave_fields]

# (what is asked, which step): every URL of the wizard that belongs to one report.
REPORT_URLS = [
    ("start", None),
    *[("open", step.slug) for step in STEPS],
    *[("save", slug) for slug in EDITABLE_STEPS],
    *[("autosave", slug) for slug in AUTOSAVED_STEPS],
    ("submit", None),
]
# What the owners get: the step page, or a redirect after a POST.
OWNER_STATUS = {"start": 302, "open": 200, "save": 302, "autosave": 200, "submit": 302}


@pytest.fixture
def ready_report(report, open_period):
    """The report for an open period, complete enough to be submitted."""
    return fill_mandatory_answers(report)


def ask(client, report, what, step, form=None):
    if what == "start":
        return client.post(start_url(report.partnership, report.period))
    if what == "open":
        return client.get(step_url(report, step))
    if what == "save":
        return client.post(step_url(report, step), {**form, "action": "save"})
    if what == "autosave":
        field = next(iter(next(s for s in STEPS if s.slug == step).autosave_fields))
        return client.post(autosave_url(report, step), {"version": "0", field: "Typed"})
    return client.post(submit_url(report))


def url_of(report, what, step):
    if what == "start":
        return start_url(report.partnership, report.period)
    if what == "submit":
        return submit_url(report)
    return (autosave_url if what == "autosave" else step_url)(report, step)


def the_form(report, administrator, what, step):
    """What a browser would post: the step's form as the page shows it."""
    if what != "save":
        return None
    client = Client()
    client.force_login(administrator)
    return page_values(client, report, step)


def unchanged(report):
    saved = MonitoringReport.objects.get(pk=report.pk)
    return (saved.state, saved.step_versions, saved.updated_at) == (
        report.state,
        report.step_versions,
        report.updated_at,
    )


def id_of(value):
    what, step = value
    return f"{what}-{step}" if step else what


@pytest.mark.parametrize(("what", "step"), REPORT_URLS, ids=map(id_of, REPORT_URLS))
def test_anonymous_visitors_are_sent_to_log_in_and_change_nothing(
    client, ready_report, administrator, what, step
):
    form = the_form(ready_report, administrator, what, step)
    ready_report.refresh_from_db()
    response = ask(client, ready_report, what, step, form)
    if what == "autosave":
        assert response.status_code == 401
        assert "Log in again" in response.json()["error"]
    else:
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={back_to(ready_report, what, step)}"
    assert unchanged(ready_report)


def back_to(report, what, step):
    """Where signing in leads back: the step, or, for an action sent without saying from
    which page, My reports."""
    if what in ("start", "submit"):
        return reverse("reports:workspace")
    return step_url(report, step)


@pytest.fixture
def linked_without_role(partnership):
    """Someone whose first EU Login sign-in made their account (accounts.eu_login), and whom
    an administrator linked to the partnership without giving them the coordinator role."""
    user = find_or_create_account("n00linked", {"email": "linked@example.eu"})
    partnership.coordinators.add(user)
    return user


@pytest.mark.parametrize(("what", "step"), REPORT_URLS, ids=map(id_of, REPORT_URLS))
def test_for_other_coordinators_reviewers_and_people_with_no_role_the_report_does_not_exist(
    ready_report, administrator, other_coordinator, reviewer, linked_without_role, what, step
):
    form = the_form(ready_report, administrator, what, step)
    ready_report.refresh_from_db()
    for outsider in (other_coordinator, reviewer, linked_without_role):
        client = Client()
        client.force_login(outsider)
        response = ask(client, ready_report, what, step, form)
        assert response.status_code == 404, outsider
        assert unchanged(ready_report), outsider


@pytest.mark.parametrize("owner", ["coordinator", "administrator"])
@pytest.mark.parametrize(("what", "step"), REPORT_URLS, ids=map(id_of, REPORT_URLS))
def test_its_coordinators_and_the_administrators_open_and_change_it(
    client, request, ready_report, administrator, owner, what, step
):
    form = the_form(ready_report, administrator, what, step)
    user = request.getfixturevalue(owner)
    client.force_login(user)
    response = ask(client, ready_report, what, step, form)
    assert response.status_code == OWNER_STATUS[what]
    ready_report.refresh_from_db()
    if what == "start":
        assert response["Location"] == step_url(ready_report, "header")
    if what in ("save", "autosave"):
        assert ready_report.step_versions == {step: 1}
        assert ready_report.last_saved_by == user
    if what == "submit":
        assert ready_report.state == MonitoringReport.State.SUBMITTED


def test_the_workspace_needs_a_login(client):
    url = reverse("reports:workspace")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?" + urlencode({"next": url}, safe="/")


@pytest.mark.parametrize(
    "url",
    [reverse("reports:region_search") + "?q=Brit", reverse("reports:read_date") + "?q=1/2/2018"],
    ids=["region search", "date reading"],
)
def test_what_the_page_asks_in_the_background_needs_a_login_and_says_so(client, url):
    response = client.get(url)
    assert response.status_code == 401
    assert "Log in again" in response.json()["error"]


def test_an_action_sent_without_a_session_leads_back_to_its_page(client, ready_report):
    page = step_url(ready_report, "review")
    response = client.post(submit_url(ready_report), HTTP_REFERER=f"http://testserver{page}")
    assert response["Location"] == f"/accounts/login/?next={page}"
    elsewhere = client.post(submit_url(ready_report), HTTP_REFERER="https://example.com/x")
    assert elsewhere["Location"] == f"/accounts/login/?next={reverse('reports:workspace')}"


@pytest.mark.parametrize(
    ("persona", "sees_cybersecurity"),
    [
        ("coordinator", True),
        ("administrator", True),
        ("other_coordinator", False),
        ("reviewer", False),
    ],
)
def test_the_workspace_lists_only_the_partnerships_a_person_reports_for(
    client, request, report, open_period, persona, sees_cybersecurity
):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("reports:workspace"))
    assert response.status_code == 200
    assert ("Cybersecurity" in response.content.decode()) is sees_cybersecurity
    assert (step_url(report, "header") in response.content.decode()) is sees_cybersecurity


def test_someone_signed_in_with_eu_login_and_no_role_is_told_to_ask_an_administrator(
    no_role_client, partnership, report, open_period
):
    newcomer = no_role_client.get(reverse("reports:home")).wsgi_request.user
    partnership.coordinators.add(newcomer)
    page = no_role_client.get(reverse("reports:workspace")).content.decode()
    assert "Your account has no role yet" in page
    assert "Cybersecurity" not in page and step_url(report, "header") not in page


def test_the_administrators_workspace_shows_the_partnerships_a_page_at_a_time(
    client, administrator, platform, open_period
):
    for number in range(WORKSPACE_PAGE_SIZE + 3):
        Partnership.objects.create(
            platform=platform, short_name=f"Partnership {number:02}", slug=f"p{number:02}"
        )
    client.force_login(administrator)

    first = client.get(reverse("reports:workspace")).content.decode()
    second = client.get(reverse("reports:workspace"), {"page": 2}).content.decode()

    assert first.count('class="workspace-partnership"') == WORKSPACE_PAGE_SIZE
    assert "Partnership 00" in first and "Partnership 22" not in first
    assert second.count('class="workspace-partnership"') == 3
    assert "Partnership 22" in second and "Partnership 00" not in second
    assert 'href="?page=2" rel="next"' in first
    assert 'href="?page=1" rel="prev"' in second


@pytest.mark.parametrize(
    "persona", ["coordinator", "other_coordinator", "reviewer", "administrator"]
)
def test_region_search_answers_every_logged_in_person(client, request, brittany, persona):
    """NUTS names are public knowledge; the search reveals nothing of any report."""
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("reports:region_search"), {"q": "Brit"})
    assert response.status_code == 200
    assert response.json()["results"][0]["label"] == "Brittany (FR), FRH0"


def test_a_report_of_an_inactive_partnership_is_not_found(client, coordinator, report):
    report.partnership.is_active = False
    report.partnership.save(update_fields=["is_active"])
    client.force_login(coordinator)
    assert client.get(step_url(report, "header")).status_code == 404


@pytest.mark.parametrize("period_slug", ["2020-h3", "2019-h2", "2020-H2", "h2-2020"])
def test_a_period_that_does_not_exist_is_not_found(client, coordinator, report, period_slug):
    client.force_login(coordinator)
    url = reverse(
        "reports:wizard_step",
        kwargs={"slug": "cybersecurity", "period": period_slug, "step": "header"},
    )
    assert client.get(url).status_code == 404


def test_a_report_cannot_be_started_for_a_closed_period(client, coordinator, partnership, period):
    client.force_login(coordinator)
    response = client.post(start_url(partnership, period))
    assert response.status_code == 404
    assert not MonitoringReport.objects.exists()


def test_starting_is_a_post_only(client, coordinator, partnership, open_period):
    client.force_login(coordinator)
    assert client.get(start_url(partnership, open_period)).status_code == 405
    assert not MonitoringReport.objects.exists()


def test_starting_a_report_twice_opens_the_one_report(
    client, coordinator, partnership, open_period
):
    client.force_login(coordinator)
    first = client.post(start_url(partnership, open_period))
    second = client.post(start_url(partnership, open_period))
    report = MonitoringReport.objects.get()
    assert first["Location"] == second["Location"] == step_url(report, "header")


def test_the_workspace_offers_to_start_a_report_for_each_open_period(
    client, coordinator, partnership, open_period
):
    client.force_login(coordinator)
    page = client.get(reverse("reports:workspace")).content.decode()
    assert "July - December 2020" in page
    assert f'action="{start_url(partnership, open_period)}"' in page
    assert "Start the report" in page
