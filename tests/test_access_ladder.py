"""Who may read a report, on every address it has: the permission ladder in one table.

Every page that shows a report (the public page, its PDF, the coordinators' preview, the
reviewers' page and its history, and the wizard's steps) is asked by every persona, for a
report in each state. What each should get is written once, below, as the rules the product
promises; the views get it from MonitoringReport's queryset (`published`, `written_by`,
`visible_to`, `editable_by`). Anonymous visitors are sent to log in wherever a login could
help; for anyone who may not read a report, it does not exist (404).

The actions (saving, submitting, remarking, deciding) have their ladders beside their tests:
tests/test_wizard_access.py, tests/test_review_report.py, tests/test_remarks_coordinator.py.
"""

import pytest
from django.test import Client
from django.urls import reverse

from reports import workflow
from reports.models import MonitoringReport
from tests.wizard_helpers import fill_mandatory_answers

State = MonitoringReport.State
# "no role" signed in through EU Login for the first time: an account, and no role yet.
PERSONAS = ["anonymous", "no role", "coordinator", "other_coordinator", "reviewer", "administrator"]
STATES = [State.DRAFT, State.SUBMITTED, State.RETURNED, State.ACCEPTED, State.PUBLISHED]
REVIEWERS = {"reviewer", "administrator"}
# Administrators write for every partnership; coordinators for their own.
WRITERS = {"coordinator", "administrator"}


def url_of(page: str, report: MonitoringReport) -> str:
    kwargs = {"slug": report.partnership.slug, "period": report.period.slug}
    names = {
        "public page": "reports:public_report",
        "PDF": "report_pdf",
        "preview": "reports:preview",
        "review page": "reports:review_report",
        "history": "reports:review_history",
    }
    if page in names:
        return reverse(names[page], kwargs=kwargs)
    return reverse("reports:wizard_step", kwargs={**kwargs, "step": page.split(": ")[1]})


PAGES = [
    "public page",
    "PDF",
    "preview",
    "review page",
    "history",
    "wizard: header",
    "wizard: review",
]


def expected(page: str, persona: str, state: str) -> int | str:
    """What `persona` gets on `page` of a report in `state`: 200, 404, or where they are sent
    ("to log in", "to the review step")."""
    if page in ("public page", "PDF"):
        return 200 if state == State.PUBLISHED else 404
    if persona == "anonymous":
        return "to log in"
    if page in ("review page", "history"):
        readers = REVIEWERS
    elif page == "preview":
        readers = REVIEWERS | WRITERS
    else:
        readers = WRITERS
    if persona not in readers:
        return 404
    if page == "wizard: header" and state not in MonitoringReport.EDITABLE_STATES:
        # Out of the coordinators' hands: the wizard shows the report on its review step.
        return "to the review step"
    return 200


def outcome(response, url: str, report: MonitoringReport) -> int | str:
    if response.status_code != 302:
        return response.status_code
    sent_to = {
        f"{reverse('login')}?next={url}": "to log in",
        url_of("wizard: review", report): "to the review step",
    }
    return sent_to.get(response["Location"], response["Location"])


@pytest.fixture
def report_in(report, coordinator, reviewer):
    """The report brought to a state through the workflow, as people would."""

    def bring_to(state: str) -> MonitoringReport:
        fill_mandatory_answers(report)
        if state != State.DRAFT:
            workflow.submit(report, coordinator)
        if state == State.RETURNED:
            workflow.return_for_changes(report, reviewer, "Please add the results.")
        if state in (State.ACCEPTED, State.PUBLISHED):
            workflow.accept(report, reviewer)
        if state == State.PUBLISHED:
            workflow.publish(report, reviewer)
        report.refresh_from_db()
        assert report.state == state
        return report

    return bring_to


@pytest.fixture
def clients(request, no_role_client, coordinator, other_coordinator, reviewer, administrator):
    """A browser for each persona, signed in as that person (or not at all)."""
    signed_in = {"anonymous": Client(), "no role": no_role_client}
    for persona in PERSONAS[2:]:
        signed_in[persona] = Client()
        signed_in[persona].force_login(request.getfixturevalue(persona))
    return signed_in


@pytest.mark.parametrize("state", STATES)
def test_every_persona_gets_what_the_rules_say_on_every_page_of_a_report(report_in, clients, state):
    report = report_in(state)
    got = {}
    for page in PAGES:
        url = url_of(page, report)
        for persona in PERSONAS:
            got[page, persona] = outcome(clients[persona].get(url), url, report)
    assert got == {
        (page, persona): expected(page, persona, state) for page in PAGES for persona in PERSONAS
    }


def test_a_partnership_made_inactive_takes_its_published_reports_off_every_public_page(
    report_in, clients
):
    report = report_in(State.PUBLISHED)
    report.partnership.is_active = False
    report.partnership.save()
    for page in ("public page", "PDF"):
        for persona in PERSONAS:
            assert clients[persona].get(url_of(page, report)).status_code == 404, (page, persona)
    # Reviewers still read it in full.
    assert clients["reviewer"].get(url_of("review page", report)).status_code == 200
