"""send_reminders: a daily mail to the coordinators of every partnership whose report for an
open period is not with the reviewers yet, once the deadline is near or past, saying where
the report stands; never the same reminder twice in a day.

The period of the fixtures (July-December 2020) is due on 31 January 2021.
"""

import datetime
import time
from io import StringIO
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from accounts.models import User
from reports import notifications, workflow
from reports.models import (
    MonitoringReport,
    Partnership,
    Reminder,
    ReportingPeriod,
    ReportTransition,
)
from reports.wizard.steps import STEPS
from tests.concurrency import at_the_same_moment
from tests.wizard_helpers import fill_mandatory_answers

State = MonitoringReport.State
DEADLINE = datetime.date(2021, 1, 31)
FIVE_DAYS_BEFORE = "2021-01-26"
# The steps that ask questions: not the review, nor the annexes (optional files).
QUESTION_STEPS = [step for step in STEPS[:-1] if step.page.questions]
SECTIONS = len(QUESTION_STEPS)


def run(*args, today=FIVE_DAYS_BEFORE):
    out, err = StringIO(), StringIO()
    call_command("send_reminders", f"--today={today}", *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def coordinator_of(partnership, name):
    user = User.objects.create_user(name, email=f"{name}@example.eu", role=User.Role.COORDINATOR)
    partnership.coordinators.add(user)
    return user


def new_partnership(platform, name, **fields):
    return Partnership.objects.create(
        platform=platform, short_name=name, full_name=name, slug=name.lower(), **fields
    )


@pytest.fixture
def cyber(partnership, coordinator):
    coordinator.email = "coordinator@example.eu"
    coordinator.save(update_fields=["email"])
    return partnership


@pytest.fixture
def reports_in_every_state(cyber, platform, open_period, reviewer):
    """One active partnership per state of its report, each with a coordinator who has an
    address: {name: partnership}."""
    partnerships = {"Cybersecurity": cyber}
    for name in ("Chemicals", "Submitted", "Accepted", "Published", "Returned"):
        partnerships[name] = new_partnership(platform, name)
        coordinator_of(partnerships[name], f"{name.lower()}-coordinator")
    # Cybersecurity: a draft. Chemicals: not started.
    MonitoringReport.start(cyber, open_period)
    for name, path in (
        ("Submitted", [State.SUBMITTED]),
        ("Accepted", [State.SUBMITTED, State.ACCEPTED]),
        ("Published", [State.SUBMITTED, State.ACCEPTED, State.PUBLISHED]),
        ("Returned", [State.SUBMITTED, State.RETURNED]),
    ):
        report = MonitoringReport.start(partnerships[name], open_period)
        for state in path:
            report.move_to(state, reviewer, "Please look at the summary.")
    returned = ReportTransition.objects.get(to_state=State.RETURNED)
    returned.at = datetime.datetime(2021, 1, 3, 10, tzinfo=datetime.UTC)
    returned.save(update_fields=["at"])
    return partnerships


def test_each_report_not_yet_submitted_gets_a_reminder_that_knows_its_state(
    reports_in_every_state, mailoutbox
):
    output = run()
    by_recipient = {tuple(message.to): message for message in mailoutbox}
    assert set(by_recipient) == {
        ("coordinator@example.eu",),
        ("chemicals-coordinator@example.eu",),
        ("returned-coordinator@example.eu",),
    }
    draft = by_recipient[("coordinator@example.eu",)]
    assert draft.subject == (
        "Reminder: the Cybersecurity report for July - December 2020 is due in 5 days, "
        "on 31 January 2021"
    )
    # A new report has its header copied from the partnership: one section of eleven.
    assert f"draft, 9 % complete (1 of {SECTIONS} sections)" in draft.body
    assert "/workspace/cybersecurity/2020-h2/review/" in draft.body
    assert (
        "Where it stands: not started." in by_recipient[("chemicals-coordinator@example.eu",)].body
    )
    assert "/workspace/" in by_recipient[("chemicals-coordinator@example.eu",)].body
    returned = by_recipient[("returned-coordinator@example.eu",)]
    assert "returned for changes on 3 January, waiting for you" in returned.body
    for message in mailoutbox:
        ((html, mimetype),) = message.alternatives
        assert mimetype == "text/html" and "due in 5 days" in html
    assert "3 reminders sent." in output
    assert sorted(Reminder.objects.values_list("partnership__short_name", flat=True)) == [
        "Chemicals",
        "Cybersecurity",
        "Returned",
    ]


def test_the_percentage_counts_the_complete_sections(cyber, open_period, mailoutbox):
    report = fill_mandatory_answers(MonitoringReport.start(cyber, open_period))
    complete = sum(1 for step in QUESTION_STEPS if step.status(report) == "complete")
    assert 1 < complete < SECTIONS
    run()
    percent = round(100 * complete / SECTIONS)
    assert f"draft, {percent} % complete ({complete} of {SECTIONS} sections)" in (
        mailoutbox[0].body
    )


def test_the_same_reminder_is_never_sent_twice_in_a_day(reports_in_every_state, mailoutbox):
    run()
    assert len(mailoutbox) == 3
    output = run()
    assert len(mailoutbox) == 3
    assert "0 reminders sent; 3 already sent today." in output
    assert Reminder.objects.count() == 3
    run(today="2021-01-27")  # the next day, the next reminder
    assert len(mailoutbox) == 6
    assert Reminder.objects.count() == 6


def test_a_deadline_further_away_than_the_window_is_not_reminded_yet(
    cyber, open_period, mailoutbox
):
    MonitoringReport.start(cyber, open_period)
    output = run(today="2021-01-16")  # 15 days before
    assert mailoutbox == []
    assert "0 reminders sent." in output
    run(today="2021-01-17")  # 14 days before: within the default window
    assert len(mailoutbox) == 1
    run("--days=30", today="2021-01-01")
    assert len(mailoutbox) == 2
    assert "due in 30 days" in mailoutbox[-1].body


def test_on_the_day_and_after_the_deadline_the_wording_says_so(cyber, open_period, mailoutbox):
    run(today="2021-01-30")
    run(today="2021-01-31")
    run(today="2021-02-03")
    tomorrow, today, overdue = mailoutbox
    assert "is due tomorrow, 31 January 2021" in tomorrow.body
    assert "is due today, 31 January 2021" in today.body
    assert overdue.subject == "Overdue: the Cybersecurity report for July - December 2020"
    assert "3 days overdue (the deadline was 31 January 2021)" in overdue.body


def test_closed_periods_and_inactive_partnerships_get_no_reminder(
    cyber, period, platform, mailoutbox
):
    assert not period.is_open
    assert run().endswith("0 reminders sent.\n")
    period.is_open = True
    period.save(update_fields=["is_open"])
    cyber.is_active = False
    cyber.save(update_fields=["is_active"])
    run()
    assert mailoutbox == []


def test_only_open_periods_within_the_window_count(cyber, open_period, mailoutbox):
    ReportingPeriod.objects.create(year=2021, half=1, deadline=datetime.date(2021, 7, 31))
    ReportingPeriod.objects.create(
        year=2020, half=1, deadline=datetime.date(2020, 7, 31), is_open=True
    )
    run()
    # The open July-December 2020 (due in 5 days) and the open January-June 2020 (overdue).
    assert sorted(message.subject for message in mailoutbox) == [
        "Overdue: the Cybersecurity report for January - June 2020",
        "Reminder: the Cybersecurity report for July - December 2020 is due in 5 days, "
        "on 31 January 2021",
    ]


def test_coordinators_without_an_address_or_inactive_are_not_mailed(
    cyber, coordinator, open_period, mailoutbox
):
    gone = coordinator_of(cyber, "gone")
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    run()
    assert [message.to for message in mailoutbox] == [["coordinator@example.eu"]]
    coordinator.email = ""
    coordinator.save(update_fields=["email"])
    Reminder.objects.all().delete()
    output = run()
    assert len(mailoutbox) == 1
    assert "1 no coordinator with an e-mail address" in output
    assert not Reminder.objects.exists()


def test_a_dry_run_prints_what_it_would_send_and_sends_nothing(reports_in_every_state, mailoutbox):
    output = run("--dry-run")
    assert mailoutbox == []
    assert not Reminder.objects.exists()
    assert (
        "Would send to coordinator@example.eu: Cybersecurity, July - December 2020: draft, "
        "9 % complete (1 of 11 sections); due in 5 days, on 31 January 2021."
    ) in output
    assert "Would send to chemicals-coordinator@example.eu: Chemicals" in output
    assert "Dry run, nothing sent. 2021-01-26: 3 reminders to send." in output
    run()
    assert "3 already sent today" in run("--dry-run")


def test_the_reminder_row_keeps_what_was_said(cyber, open_period, mailoutbox):
    run()
    reminder = Reminder.objects.get()
    assert (reminder.partnership, reminder.period) == (cyber, open_period)
    assert reminder.sent_on == datetime.date(2021, 1, 26)
    assert reminder.wording == (
        "Cybersecurity, July - December 2020: not started; due in 5 days, on 31 January 2021."
    )


def test_today_is_the_local_date_by_default(cyber, open_period, mailoutbox):
    with mock.patch.object(timezone, "localdate", return_value=datetime.date(2021, 1, 20)):
        call_command("send_reminders", stdout=StringIO())
    assert Reminder.objects.get().sent_on == datetime.date(2021, 1, 20)


def test_a_reminder_that_cannot_be_mailed_is_not_recorded_and_the_run_fails(
    cyber, open_period, mailoutbox
):
    with (
        mock.patch.object(notifications, "send", side_effect=ConnectionRefusedError),
        pytest.raises(CommandError, match="could not be sent"),
    ):
        run()
    assert not Reminder.objects.exists()  # the next run tries again
    run()
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    ("arguments", "error"),
    [(["--today=31/01/2021"], "is not a date"), (["--days=-1"], "cannot be negative")],
)
def test_bad_options_are_refused(arguments, error, db):
    with pytest.raises(CommandError, match=error):
        call_command("send_reminders", *arguments, stdout=StringIO())


def test_a_submitted_report_gets_none_even_when_returned_ones_do(
    cyber, coordinator, reviewer, open_period, mailoutbox
):
    report = fill_mandatory_answers(MonitoringReport.start(cyber, open_period))
    workflow.submit(report, coordinator)
    run()
    assert mailoutbox == []
    workflow.return_for_changes(report, reviewer, "Change the summary.")
    run(today="2021-01-27")
    assert "returned for changes on" in mailoutbox[0].body


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_moment_send_one_reminder(partnership, coordinator, period):
    """The Reminder row is created before the mail is sent, in the same transaction: the
    second run waits on the unique constraint, then finds the row and sends nothing."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "Needs PostgreSQL: the in-memory SQLite test database is not shared between threads."
        )
    from django.core import mail

    mail.outbox = []
    coordinator.email = "coordinator@example.eu"
    coordinator.save(update_fields=["email"])
    period.is_open = True
    period.save(update_fields=["is_open"])
    original_send = notifications.send
    outputs = []

    def slow_send(*args):
        time.sleep(0.5)  # holds the row long enough for the other run to arrive
        return original_send(*args)

    def send():
        outputs.append(run())

    with mock.patch.object(notifications, "send", slow_send):
        at_the_same_moment(send, [(), ()])

    assert len(mail.outbox) == 1
    assert Reminder.objects.count() == 1
    assert sorted(output.splitlines()[-1] for output in outputs) == [
        "2021-01-26: 0 reminders sent; 1 already sent today.",
        "2021-01-26: 1 reminder sent.",
    ]


def test_a_coordinator_is_reminded_in_their_own_language(cyber, open_period, mailoutbox):
    colleague = coordinator_of(cyber, "marie")
    colleague.language = "fr"
    colleague.save(update_fields=["language"])
    MonitoringReport.start(cyber, open_period)

    run()

    by_address = {address: message for message in mailoutbox for address in message.to}
    french, english = by_address["marie@example.eu"], by_address["coordinator@example.eu"]
    assert "due in 5 days" in english.body
    assert "/fr/workspace/cybersecurity/" in french.body
    assert "due in 5 days" not in french.body
    assert "échéance dans 5 jours, le 31 janvier 2021" in french.body
    assert Reminder.objects.count() == 1  # one reminder, mailed in two languages
