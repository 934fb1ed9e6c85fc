"""Decisions on a report: only what its state allows, each recorded and mailed, none twice."""

import time
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from reports import workflow
from reports.models import MonitoringReport
from tests.concurrency import at_the_same_moment

State = MonitoringReport.State


def decide_url(report):
    return reverse(
        "reports:review_decide",
        kwargs={"slug": report.partnership.slug, "period": report.period.slug},
    )


def page_url(report):
    return reverse(
        "reports:review_report",
        kwargs={"slug": report.partnership.slug, "period": report.period.slug},
    )


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def move(report, coordinator, reviewer, state):
    """Bring `report` to `state` along the workflow, as people would."""
    paths = {
        State.DRAFT: [],
        State.SUBMITTED: [State.SUBMITTED],
        State.RETURNED: [State.SUBMITTED, State.RETURNED],
        State.ACCEPTED: [State.SUBMITTED, State.ACCEPTED],
        State.PUBLISHED: [State.SUBMITTED, State.ACCEPTED, State.PUBLISHED],
    }
    steps = {
        State.SUBMITTED: lambda: workflow.submit(report, coordinator),
        State.RETURNED: lambda: workflow.return_for_changes(report, reviewer, "Add results."),
        State.ACCEPTED: lambda: workflow.accept(report, reviewer),
        State.PUBLISHED: lambda: workflow.publish(report, reviewer),
    }
    for step in paths[state]:
        steps[step]()
    report.refresh_from_db()
    return report


@pytest.fixture
def people(coordinator, other_coordinator, reviewer):
    coordinator.email = "coordinator@example.eu"
    coordinator.save()
    other_coordinator.email = "other@example.eu"
    other_coordinator.save()
    reviewer.email = "reviewer@jrc.example.eu"
    reviewer.save()
    return coordinator, reviewer


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


def decide(client, report, action, message="", state=None):
    data = {"action": action, "message": message, "state": state or report.state}
    return client.post(decide_url(report), data)


def test_the_test_run_mails_into_the_locmem_outbox():
    """Django's test runner swaps every MAILERS backend for locmem: no test mails anyone."""
    assert settings.MAILERS["default"]["BACKEND"] == "django.core.mail.backends.locmem.EmailBackend"


# --- Allowed, through the page --------------------------------------------------------------

ALLOWED = [
    (State.SUBMITTED, "accept", "", State.ACCEPTED, "Accepted"),
    (State.SUBMITTED, "return", "Please add the results.", State.RETURNED, "Returned for changes"),
    (State.ACCEPTED, "publish", "", State.PUBLISHED, "Published"),
    (State.ACCEPTED, "return", "One more correction.", State.RETURNED, "Returned for changes"),
    (State.PUBLISHED, "withdraw", "Wrong figures.", State.RETURNED, "Returned for changes"),
]


@pytest.mark.parametrize(("state", "action", "message", "result", "subject"), ALLOWED)
def test_an_allowed_decision_moves_records_and_mails(
    reviewer_client,
    report,
    people,
    django_capture_on_commit_callbacks,
    state,
    action,
    message,
    result,
    subject,
):
    coordinator, reviewer = people
    move(report, coordinator, reviewer, state)
    rows_before = report.transitions.count()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = decide(reviewer_client, report, action, message)

    assert response.status_code == 302
    assert response["Location"] == page_url(report)
    report.refresh_from_db()
    assert report.state == result
    assert report.transitions.count() == rows_before + 1
    transition = report.transitions.last()
    assert (transition.from_state, transition.to_state) == (state, result)
    assert transition.user == reviewer
    assert transition.comment == message
    # One mail, to the coordinators of this partnership only.
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["coordinator@example.eu"]
    assert subject in sent.subject
    if message:
        assert message in sent.body
    # Published: the public page; otherwise where the coordinators act on it.
    link = "/partnerships/cybersecurity/" if action == "publish" else "/workspace/cybersecurity/"
    assert link in sent.body


def test_the_page_offers_only_the_decisions_the_state_allows(reviewer_client, report, people):
    coordinator, reviewer = people

    def offered():
        page = reviewer_client.get(page_url(report)).content.decode()
        return {
            action
            for action in ("accept", "return", "publish", "withdraw")
            if f'name="action" value="{action}"' in page
        }

    assert offered() == set()  # draft
    move(report, coordinator, reviewer, State.SUBMITTED)
    assert offered() == {"accept", "return"}
    workflow.accept(report, reviewer)
    assert offered() == {"publish", "return"}
    workflow.publish(report, reviewer)
    assert offered() == {"withdraw"}
    workflow.withdraw(report, reviewer, "Outdated figures.")
    assert offered() == set()  # returned: with the coordinators


def test_returned_mail_lists_the_remarks_and_links_to_the_wizard(
    reviewer_client, report, people, django_capture_on_commit_callbacks
):
    coordinator, reviewer = people
    move(report, coordinator, reviewer, State.SUBMITTED)
    workflow.add_comment(report, reviewer, "executive_summary", "Name the objectives.")
    workflow.add_comment(report, reviewer, "outreach", "How many newsletters?")
    with django_capture_on_commit_callbacks(execute=True):
        decide(reviewer_client, report, "return", "Two remarks, see beside the fields.")
    (sent,) = mail.outbox
    assert "Name the objectives." in sent.body
    assert "How many newsletters?" in sent.body
    assert "Two remarks, see beside the fields." in sent.body
    html, _type = sent.alternatives[0]
    assert "Two remarks, see beside the fields." in html


def test_submitting_mails_the_reviewers_a_link_to_this_page(
    report, people, django_capture_on_commit_callbacks
):
    coordinator, _reviewer = people
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(report, coordinator)
    (sent,) = mail.outbox
    assert sent.to == ["reviewer@jrc.example.eu"]
    assert page_url(report) in sent.body


# --- Refused, through the page --------------------------------------------------------------

REFUSED = [
    (State.DRAFT, "accept"),
    (State.DRAFT, "publish"),
    (State.DRAFT, "return"),
    (State.DRAFT, "withdraw"),
    (State.SUBMITTED, "publish"),
    (State.SUBMITTED, "withdraw"),
    (State.RETURNED, "accept"),
    (State.RETURNED, "publish"),
    (State.RETURNED, "return"),
    (State.ACCEPTED, "accept"),
    (State.ACCEPTED, "withdraw"),
    (State.PUBLISHED, "publish"),
    (State.PUBLISHED, "accept"),
    (State.PUBLISHED, "return"),
]


@pytest.mark.parametrize(("state", "action"), REFUSED)
def test_a_forged_decision_is_refused_and_changes_nothing(
    reviewer_client, report, people, django_capture_on_commit_callbacks, state, action
):
    coordinator, reviewer = people
    move(report, coordinator, reviewer, state)
    rows_before = report.transitions.count()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = decide(reviewer_client, report, action, "A message or reason.")

    assert response.status_code == 409
    (message,) = messages_of(response)
    assert f"This report is “{State(state).label}”" in message
    assert "Nothing was changed." in message
    report.refresh_from_db()
    assert report.state == state
    assert report.transitions.count() == rows_before
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("state", "action", "wanted"),
    [
        (State.SUBMITTED, "return", "covering message"),
        (State.ACCEPTED, "return", "covering message"),
        (State.PUBLISHED, "withdraw", "reason"),
    ],
)
def test_returning_and_withdrawing_need_a_text(
    reviewer_client, report, people, state, action, wanted
):
    coordinator, reviewer = people
    move(report, coordinator, reviewer, state)
    rows_before = report.transitions.count()
    response = decide(reviewer_client, report, action, "   ")
    assert response.status_code == 400
    assert wanted in messages_of(response)[0]
    report.refresh_from_db()
    assert report.state == state
    assert report.transitions.count() == rows_before


def test_an_unknown_decision_is_refused(reviewer_client, report, people):
    coordinator, reviewer = people
    move(report, coordinator, reviewer, State.SUBMITTED)
    response = decide(reviewer_client, report, "delete")
    assert response.status_code == 400
    assert messages_of(response) == ["There is no such decision. Nothing was changed."]
    report.refresh_from_db()
    assert report.state == State.SUBMITTED


def test_an_overlong_message_is_refused(reviewer_client, report, people):
    coordinator, reviewer = people
    move(report, coordinator, reviewer, State.SUBMITTED)
    response = decide(reviewer_client, report, "return", "x" * 10_001)
    assert response.status_code == 400
    assert "at most 10,000" in messages_of(response)[0]
    report.refresh_from_db()
    assert report.state == State.SUBMITTED


# --- Two reviewers at once ------------------------------------------------------------------


def test_the_second_of_two_reviewers_sees_the_first_ones_decision(
    client, report, people, administrator, django_capture_on_commit_callbacks
):
    """Both opened the submitted report; the first accepts, the second then returns it from
    the page they still have open. Returning an accepted report is allowed, but it is not
    what the second reviewer saw: refused, with what happened."""
    coordinator, reviewer = people
    administrator.first_name, administrator.last_name = "Ada", "Admin"
    administrator.save()
    move(report, coordinator, reviewer, State.SUBMITTED)
    first, second = Client(), Client()
    first.force_login(administrator)
    second.force_login(reviewer)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert decide(first, report, "accept", state="submitted").status_code == 302
        response = decide(second, report, "return", "Needs work.", state="submitted")

    assert response.status_code == 409
    (message,) = messages_of(response)
    assert "This report is “Accepted”" in message
    assert "Submitted → Accepted by Ada Admin" in message
    report.refresh_from_db()
    assert report.state == State.ACCEPTED
    assert list(report.transitions.values_list("to_state", flat=True)) == [
        State.SUBMITTED,
        State.ACCEPTED,
    ]
    assert len(mail.outbox) == 1  # the acceptance only


def test_the_same_decision_twice_is_applied_once(
    reviewer_client, report, people, django_capture_on_commit_callbacks
):
    coordinator, reviewer = people
    move(report, coordinator, reviewer, State.SUBMITTED)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert decide(reviewer_client, report, "accept", state="submitted").status_code == 302
        assert decide(reviewer_client, report, "accept", state="submitted").status_code == 409
    assert report.transitions.filter(to_state=State.ACCEPTED).count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_two_decisions_at_the_same_moment_one_wins(
    coordinator, reviewer, administrator, partnership, period
):
    """The state is read under the report's row lock: the second decision waits for the
    first, then sees its result. Without the lock both would read "submitted"."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "Needs PostgreSQL: SQLite has no SELECT ... FOR UPDATE, and its in-memory test "
            "database is not shared between threads."
        )
    report = MonitoringReport.start(partnership, period)
    workflow.submit(report, coordinator)
    clients = []
    for user in (reviewer, administrator):
        client = Client()
        client.force_login(user)
        clients.append(client)
    statuses = []
    original_accept = workflow.accept

    def slow_accept(*args, **kwargs):
        transition = original_accept(*args, **kwargs)
        time.sleep(0.5)  # holds the lock long enough for the other decision to arrive
        return transition

    def act(client, action):
        statuses.append(decide(client, report, action, "Both at once.", "submitted"))

    with mock.patch.object(workflow, "accept", slow_accept):
        at_the_same_moment(act, list(zip(clients, ["accept", "return"], strict=True)))

    assert sorted(response.status_code for response in statuses) == [302, 409]
    report.refresh_from_db()
    assert report.transitions.count() == 2  # submitted, then one decision


# --- The workflow functions themselves ------------------------------------------------------


def test_workflow_refuses_what_the_state_does_not_allow(report, coordinator, reviewer):
    with pytest.raises(ValidationError, match="cannot become"):
        workflow.accept(report, reviewer)
    with pytest.raises(ValidationError, match="cannot become"):
        workflow.publish(report, reviewer)
    with pytest.raises(ValidationError, match="Only a published report"):
        workflow.withdraw(report, reviewer, "Reason")
    workflow.submit(report, coordinator)
    with pytest.raises(ValidationError, match="cannot become"):
        workflow.publish(report, reviewer)
    with pytest.raises(ValidationError, match="covering message"):
        workflow.return_for_changes(report, reviewer, "  ")
    assert report.transitions.count() == 1


def test_withdraw_reads_the_state_as_it_is_now(report, coordinator, reviewer):
    """A copy loaded while the report was published cannot withdraw it once a colleague
    has returned it (accepted → returned is allowed, published-only withdrawal is not)."""
    move(report, coordinator, reviewer, State.PUBLISHED)
    stale = MonitoringReport.objects.get(pk=report.pk)
    workflow.withdraw(report, reviewer, "Outdated.")
    workflow.submit(report, coordinator)
    workflow.accept(report, reviewer)
    with pytest.raises(ValidationError, match="Only a published report can be withdrawn"):
        workflow.withdraw(stale, reviewer, "Again.")
    report.refresh_from_db()
    assert report.state == State.ACCEPTED


def test_withdraw_needs_a_reason(report, coordinator, reviewer):
    move(report, coordinator, reviewer, State.PUBLISHED)
    with pytest.raises(ValidationError, match="reason"):
        workflow.withdraw(report, reviewer, "")
    report.refresh_from_db()
    assert report.state == State.PUBLISHED


def test_the_full_path_through_the_workflow_functions(report, coordinator, reviewer):
    workflow.submit(report, coordinator)
    workflow.return_for_changes(report, reviewer, "Fix it.")
    workflow.submit(report, coordinator)
    workflow.accept(report, reviewer, "Fine.")
    workflow.publish(report, reviewer)
    workflow.withdraw(report, reviewer, "Wrong figures.")
    assert list(report.transitions.values_list("from_state", "to_state", "comment")) == [
        (State.DRAFT, State.SUBMITTED, ""),
        (State.SUBMITTED, State.RETURNED, "Fix it."),
        (State.RETURNED, State.SUBMITTED, ""),
        (State.SUBMITTED, State.ACCEPTED, "Fine."),
        (State.ACCEPTED, State.PUBLISHED, ""),
        (State.PUBLISHED, State.RETURNED, "Wrong figures."),
    ]
    assert report.versions.count() == 2
