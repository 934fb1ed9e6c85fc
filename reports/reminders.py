"""Deadline reminders: which partnerships' coordinators are mailed on a day, and what they
are told. The command `send_reminders`, run daily from cron, calls these.

A partnership is reminded about a report for an open period that is not with the reviewers
yet (not started, a draft, or returned for changes) once the deadline is `days` away or
closer, and every day after it has passed while the period stays open. The wording says
where the report stands: "not started", "draft, 64 % complete", "returned for changes on
3 March, waiting for you". Each reminder is a Reminder row, one per partnership, period and
day (a unique constraint), so a second run on the same day sends nothing again.
"""

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reports import notifications
from reports.models import MonitoringReport, Partnership, Reminder, ReportingPeriod
from reports.wizard.steps import STEPS, Status, Step

DEFAULT_DAYS = 14
State = MonitoringReport.State

# What became of one reminder.
SENT = "sent"
ALREADY_SENT = "already sent today"
NO_RECIPIENTS = "no coordinator with an e-mail address"
FAILED = "failed"


@dataclass
class Due:
    """A report a partnership still owes for an open period, with what to tell them."""

    partnership: Partnership
    period: ReportingPeriod
    report: MonitoringReport | None
    today: datetime.date

    @property
    def days_left(self):
        return (self.period.deadline - self.today).days

    # Worded anew each time, not cached: a reminder is worded in each recipient's language
    # (reports.notifications.send), and the stored line in the site's.
    @property
    def state(self):
        return state_wording(self.report)

    @property
    def deadline(self):
        return deadline_wording(self.period.deadline, self.today)

    @property
    def wording(self):
        """The line stored with the reminder, and printed by the command."""
        return _("%(partnership)s, %(period)s: %(state)s; %(deadline)s.") % {
            "partnership": self.partnership.short_name,
            "period": self.period.label,
            "state": self.state,
            "deadline": self.deadline,
        }

    def recipients(self):
        return list(self.partnership.reporting_coordinators().exclude(email=""))

    def url(self):
        if self.report is None:
            # Nothing to open yet: the workspace is where the report is started.
            return notifications.absolute(reverse("reports:workspace"))
        return notifications.coordinator_context(self.report)["url"]


def due(today, days=DEFAULT_DAYS):
    """[Due] for every active partnership whose report for an open period is not yet
    submitted, when that period's deadline is at most `days` days after `today` (or past)."""
    periods = list(
        ReportingPeriod.objects.open().filter(deadline__lte=today + datetime.timedelta(days=days))
    )
    if not periods:
        return []
    partnerships = list(Partnership.objects.active().order_by("short_name"))
    reports = {
        (report.partnership_id, report.period_id): report
        for report in MonitoringReport.objects.filter(
            period__in=periods, partnership__in=partnerships
        ).select_related("partnership", "period")
    }
    found = []
    for period in sorted(periods, key=lambda period: period.deadline):
        for partnership in partnerships:
            report = reports.get((partnership.pk, period.pk))
            if report is None or report.is_editable:
                found.append(Due(partnership, period, report, today))
    return found


def completion(report):
    """(complete sections, all sections): the wizard's steps that ask questions (not the
    annexes, which are optional files, nor the final review)."""
    sections = [step for step in STEPS[:-1] if isinstance(step, Step) and step.page.questions]
    complete = sum(1 for step in sections if step.status(report) == Status.COMPLETE)
    return complete, len(sections)


def state_wording(report):
    if report is None:
        return _("not started")
    if report.state == State.RETURNED:
        returned = report.transitions.filter(to_state=State.RETURNED).last()
        when = formats.date_format(timezone.localtime(returned.at), "MONTH_DAY_FORMAT")
        return _("returned for changes on %(date)s, waiting for you") % {"date": when}
    complete, total = completion(report)
    return _("draft, %(percent)s %% complete (%(complete)s of %(total)s sections)") % {
        "percent": round(100 * complete / total),
        "complete": complete,
        "total": total,
    }


def deadline_wording(deadline, today):
    days = (deadline - today).days
    date = formats.date_format(deadline, "DATE_FORMAT")
    if days > 1:
        return _("due in %(days)s days, on %(date)s") % {"days": days, "date": date}
    if days == 1:
        return _("due tomorrow, %(date)s") % {"date": date}
    if days == 0:
        return _("due today, %(date)s") % {"date": date}
    return ngettext(
        "%(days)s day overdue (the deadline was %(date)s)",
        "%(days)s days overdue (the deadline was %(date)s)",
        -days,
    ) % {"days": -days, "date": date}


def send(item):
    """Mail one reminder, unless this partnership was already reminded about this period
    today. Returns what happened: SENT, ALREADY_SENT, NO_RECIPIENTS or FAILED."""
    recipients = item.recipients()
    if not recipients:
        return NO_RECIPIENTS
    try:
        with transaction.atomic():
            # The row first: a second run at the same time waits here for this one to commit
            # (the unique constraint), then finds the row and sends nothing.
            _reminder, created = Reminder.objects.get_or_create(
                partnership=item.partnership,
                period=item.period,
                sent_on=item.today,
                defaults={"wording": item.wording},
            )
            if not created:
                return ALREADY_SENT
            # A mail that cannot be sent takes the row back with it: the next run retries.
            notifications.send("reminder", recipients, lambda: context(item))
    except IntegrityError:
        return ALREADY_SENT
    except OSError:  # smtplib's errors, refused and timed-out connections
        return FAILED
    return SENT


def already_sent(item):
    return Reminder.objects.filter(
        partnership=item.partnership, period=item.period, sent_on=item.today
    ).exists()


def context(item):
    return {
        "partnership": item.partnership,
        "period": item.period,
        "report": item.report,
        "state": item.state,
        "deadline": item.deadline,
        "days_left": item.days_left,
        "url": item.url(),
    }
