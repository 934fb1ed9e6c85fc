"""The mails that follow a report through the review: to the reviewers when it is submitted,
to its coordinators when it is returned, accepted or published.

Each is sent once the change has committed (django_capture_on_commit_callbacks runs the
callbacks a test transaction never commits), as plain text with an HTML alternative, to
active users with an address. None carries the reviewers' internal note or recommendation.
"""

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

from accounts.models import User
from reports import workflow
from reports.models import MonitoringReport, ReviewNote
from tests.wizard_helpers import fill_mandatory_answers, submit_url

State = MonitoringReport.State
SITE = "https://s3-monitor.example.eu"
INTERNAL = "INTERNAL NOTE: weak governance, keep an eye on it."
COVERING = "Please make the executive summary say what changed."
REMARK = "This reads like the summary of the last period."


class BrokenMailServer(BaseEmailBackend):
    """A mail server that cannot be reached."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("Connection refused")


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE + "/"


@pytest.fixture
def people(coordinator, other_coordinator, reviewer, administrator, partnership):
    """Everybody with an address, plus a second coordinator, an inactive coordinator, a
    second reviewer and an inactive reviewer, a coordinator without an address, and someone
    linked to the partnership who holds no role (yet, or any more)."""
    for user in (coordinator, other_coordinator, reviewer, administrator):
        user.email = f"{user.username}@example.eu"
        user.save(update_fields=["email"])
    coordinating = {"role": User.Role.COORDINATOR}
    co_editor = User.objects.create_user("co-editor", email="co-editor@example.eu", **coordinating)
    gone = User.objects.create_user(
        "gone", email="gone@example.eu", is_active=False, **coordinating
    )
    silent = User.objects.create_user("silent", **coordinating)
    no_role = User.objects.create_user("newcomer", email="newcomer@example.eu")
    partnership.coordinators.add(co_editor, gone, silent, no_role)
    User.objects.create_user("reviewer-2", email="reviewer-2@example.eu", role="reviewer")
    User.objects.create_user("retired", email="retired@example.eu", role="reviewer", is_active=0)
    return {"coordinator": coordinator, "reviewer": reviewer}


COORDINATORS = ["co-editor@example.eu", "coordinator@example.eu"]
REVIEWERS = ["reviewer-2@example.eu", "reviewer@example.eu"]


@pytest.fixture
def ready(report, people):
    fill_mandatory_answers(report)
    ReviewNote.objects.create(report=report, internal_note=INTERNAL, recommendation="conditions")
    return report


def submit(report, user, capture):
    with capture(execute=True):
        workflow.submit(report, user)


def html_of(message):
    (html, mimetype), *others = message.alternatives
    assert mimetype == "text/html" and not others
    return html


def test_the_tests_send_mail_to_the_locmem_outbox():
    """Django's test runner swaps in the locmem backend for this project's MAILERS setting."""
    assert django_settings.MAILERS == {
        "default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    }


def test_a_submission_is_mailed_to_every_active_reviewer(
    ready, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    submit(ready, coordinator, django_capture_on_commit_callbacks)
    (message,) = mailoutbox
    assert sorted(message.to) == REVIEWERS
    assert message.subject == "Report submitted: Cybersecurity, July - December 2020"
    link = SITE + reverse(
        "reports:review_report", kwargs={"slug": "cybersecurity", "period": "2020-h2"}
    )
    assert link in message.body
    assert f'href="{link}"' in html_of(message)
    assert "(submission 1)" in message.body
    assert "Submitted by coordinator." in message.body
    assert message.from_email == django_settings.DEFAULT_FROM_EMAIL


def test_a_resubmission_says_so(
    ready, coordinator, reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(ready, coordinator)
        workflow.return_for_changes(ready, reviewer, COVERING)
        workflow.submit(ready, coordinator)
    assert [message.subject for message in mailoutbox] == [
        "Report submitted: Cybersecurity, July - December 2020",
        "Returned for changes: Cybersecurity, July - December 2020",
        "Report resubmitted: Cybersecurity, July - December 2020",
    ]
    assert "(submission 2)" in mailoutbox[-1].body
    assert "returned for changes before" in mailoutbox[-1].body


def test_a_return_is_mailed_to_the_partnerships_active_coordinators_with_the_remarks(
    ready, coordinator, reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    submit(ready, coordinator, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    workflow.add_comment(ready, reviewer, "executive_summary", REMARK)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.return_for_changes(ready, reviewer, COVERING)
    (message,) = mailoutbox
    assert sorted(message.to) == COORDINATORS
    assert message.subject == "Returned for changes: Cybersecurity, July - December 2020"
    assert COVERING in message.body
    assert "They left 1 remark on a field of the report:" in message.body
    assert "About “Please provide the executive summary" in message.body
    assert REMARK in message.body
    link = SITE + reverse(
        "reports:wizard_step",
        kwargs={"slug": "cybersecurity", "period": "2020-h2", "step": "review"},
    )
    assert link in message.body
    html = html_of(message)
    assert f'href="{link}"' in html
    assert COVERING in html and REMARK in html


def test_an_acceptance_and_a_publication_are_mailed_to_the_coordinators(
    ready, coordinator, reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    submit(ready, coordinator, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.accept(ready, reviewer, "Well done.")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(ready, reviewer)
    accepted, published = mailoutbox
    assert sorted(accepted.to) == sorted(published.to) == COORDINATORS
    assert accepted.subject == "Accepted: Cybersecurity, July - December 2020"
    assert "Well done." in accepted.body
    assert published.subject == "Published: Cybersecurity, July - December 2020"
    public = SITE + reverse("reports:partnership", kwargs={"slug": "cybersecurity"})
    assert public in published.body
    assert f'href="{public}"' in html_of(published)
    assert "self-assessment stays confidential" in published.body


def test_no_mail_ever_carries_the_reviewers_note_or_recommendation(
    ready, coordinator, reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(ready, coordinator)
        workflow.add_comment(ready, reviewer, "executive_summary", REMARK)
        workflow.return_for_changes(ready, reviewer, COVERING)
        workflow.submit(ready, coordinator)
        workflow.accept(ready, reviewer)
        workflow.publish(ready, reviewer)
        workflow.withdraw(ready, reviewer, "A figure was wrong.")
    assert len(mailoutbox) == 6
    for message in mailoutbox:
        for text in (message.subject, message.body, html_of(message)):
            assert INTERNAL not in text
            assert "conditions" not in text.lower()
            assert "recommendation" not in text.lower()


def test_mails_wait_for_the_commit_and_a_refused_move_sends_none(
    ready, coordinator, reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workflow.submit(ready, coordinator)
    assert len(callbacks) == 1
    assert mailoutbox == []  # nothing is said about a change that might still roll back

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ValidationError),
    ):
        workflow.publish(ready, reviewer)  # a submitted report is not published
    assert callbacks == [] and mailoutbox == []


def test_nobody_with_an_address_means_no_mail(
    report, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    fill_mandatory_answers(report)
    submit(report, coordinator, django_capture_on_commit_callbacks)  # no reviewer has one
    assert mailoutbox == []


def test_names_are_not_html_escaped_in_the_plain_parts(
    ready, coordinator, reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    ready.partnership.short_name = "R&D <Regions>"
    ready.partnership.save(update_fields=["short_name"])
    submit(ready, coordinator, django_capture_on_commit_callbacks)
    (message,) = mailoutbox
    assert message.subject == "Report submitted: R&D <Regions>, July - December 2020"
    assert "The R&D <Regions> partnership" in message.body
    assert "R&amp;D &lt;Regions&gt;" in html_of(message)


def test_each_recipient_reads_the_mail_in_their_own_language(
    ready, coordinator, other_coordinator, reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    """One message per language among the recipients: its words, dates and links in it."""
    colleague = User.objects.create_user(
        "colleague", email="colleague@example.eu", role=User.Role.COORDINATOR, language="de"
    )
    ready.partnership.coordinators.add(colleague)
    submit(ready, coordinator, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.accept(ready, reviewer, "Well done.")

    by_address = {address: message for message in mailoutbox for address in message.to}
    german, english = by_address["colleague@example.eu"], by_address[coordinator.email]

    assert german.to == ["colleague@example.eu"] and colleague.email not in english.to
    assert german.subject == "Angenommen: Cybersecurity, Juli–Dezember 2020"
    assert english.subject == "Accepted: Cybersecurity, July - December 2020"
    assert f"{SITE}/de/workspace/cybersecurity/2020-h2/review/" in german.body
    assert f"{SITE}/workspace/cybersecurity/2020-h2/review/" in english.body
    assert "Well done." in german.body  # the reviewer's words as written


def test_a_report_submitted_in_bulgarian_is_mailed_in_the_reviewers_language(
    coordinator_client, ready, mailoutbox, django_capture_on_commit_callbacks
):
    url = "/bg" + submit_url(ready)

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(url)

    assert response["Location"].startswith("/bg/workspace/")
    (message,) = mailoutbox  # the reviewers chose no language: English, the default
    assert message.subject == "Report submitted: Cybersecurity, July - December 2020"
    assert f"{SITE}/review/cybersecurity/2020-h2/" in message.body


def test_a_mail_server_that_is_down_does_not_undo_or_hide_a_submission(
    settings, coordinator_client, ready, mailoutbox, django_capture_on_commit_callbacks, caplog
):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.BrokenMailServer"}}
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(submit_url(ready))
    assert response.status_code == 302
    ready.refresh_from_db()
    assert ready.state == State.SUBMITTED
    assert "The report_submitted mail could not be sent." in caplog.text
