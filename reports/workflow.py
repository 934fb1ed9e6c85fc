"""The review workflow: submitting, remarks, returning, accepting, publishing, withdrawing.

Each step moves the report through `MonitoringReport.move_to`, which refuses what the
workflow does not allow and records the move; this module adds what goes with it: the frozen
version of a submission, the reviewers' remarks, and the mails (sent once the transaction
has committed, so nobody is told about a change that did not happen).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reports import notifications
from reports.models import Event, MonitoringReport, RegionRole, ReportVersion, ReviewComment
from reports.models.self_assessment import SelfAssessment
from reports.pdf import store_report_pdf
from reports.presentation import label
from reports.versions import TEXT_FIELDS, snapshot

State = MonitoringReport.State


def latest_version(report):
    """The report's last frozen submission. Reports submitted before versions existed (the
    demo's) get one made from their current content on first need."""
    version = report.versions.order_by("-number").first()
    if version is None:
        with transaction.atomic():
            # Under the report's lock: two remarks written at once must not both freeze a
            # "first" version (the second would break the unique version number).
            MonitoringReport.objects.select_for_update().filter(pk=report.pk).first()
            version = report.versions.order_by("-number").first() or freeze(
                report, None, timezone.now()
            )
    return version


def freeze(report, user, when):
    number = (report.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return ReportVersion.objects.create(
        report=report, number=number, submitted_at=when, submitted_by=user, content=snapshot(report)
    )


def submit(report, user):
    with transaction.atomic():
        transition = report.move_to(State.SUBMITTED, user)
        version = freeze(report, user, transition.at)
        # The bases of merges between pages of the wizard, which is closed now.
        report.step_revisions.all().delete()
    transaction.on_commit(lambda: notifications.report_submitted(report, version))
    return transition


def return_for_changes(report, user, message):
    if not message.strip():
        raise ValidationError(_("Write a covering message: tell the coordinators what to change."))
    transition = report.move_to(State.RETURNED, user, message)
    transaction.on_commit(lambda: notifications.report_returned(report, transition))
    return transition


def accept(report, user, comment=""):
    transition = report.move_to(State.ACCEPTED, user, comment)
    transaction.on_commit(lambda: notifications.report_accepted(report, transition))
    return transition


def publish(report, user):
    transition = report.move_to(State.PUBLISHED, user)
    transaction.on_commit(lambda: notifications.report_published(report, transition))
    # Stored once published; should rendering fail, the PDF's first request renders it.
    transaction.on_commit(lambda: store_report_pdf(report), robust=True)
    return transition


def withdraw(report, user, reason):
    """Take a published report off the public site and back to its coordinators."""
    if not reason.strip():
        raise ValidationError(_("Give the reason for withdrawing the report."))
    with transaction.atomic():
        # The state as it is now, under the lock move_to takes too: a copy loaded before a
        # colleague returned the accepted report must not "withdraw" an unpublished one.
        current = MonitoringReport.objects.select_for_update().get(pk=report.pk).state
        if current != State.PUBLISHED:
            raise ValidationError(
                _("Only a published report can be withdrawn; this one is “%(state)s”.")
                % {"state": State(current).label}
            )
        transition = report.move_to(State.RETURNED, user, reason)
    transaction.on_commit(lambda: notifications.report_returned(report, transition))
    return transition


# --- Remarks --------------------------------------------------------------------------------

# Lazy: these labels are made once, at import, but shown in each reader's language.
TABLE_ANCHORS = {
    "working_areas": (
        gettext_lazy("Working area, row %(row)s"),
        lambda report: report.working_areas.all(),
    ),
    "past_events": (
        gettext_lazy("Past event, row %(row)s"),
        lambda report: report.events.filter(kind=Event.Kind.PAST),
    ),
    "planned_events": (
        gettext_lazy("Planned event, row %(row)s"),
        lambda report: report.events.filter(kind=Event.Kind.PLANNED),
    ),
}


REMARKABLE_STATES = (State.SUBMITTED, State.ACCEPTED)


def anchors(report):
    """{anchor: label} of everything a remark can be about in this report."""
    choices = {name: str(label(name)) for name in TEXT_FIELDS}
    choices |= {f"regions:{role}": str(RegionRole(role).label) for role in RegionRole.values}
    for table, (row_label, rows) in TABLE_ANCHORS.items():
        choices |= {f"{table}:{row.pk}": row_label % {"row": row.position} for row in rows(report)}
    choices["sdgs"] = _("Sustainable Development Goals")
    choices |= {
        f"self_assessment:{field.name}": str(field.verbose_name)
        for field in SelfAssessment._meta.concrete_fields
        if not field.primary_key and field.name != "report"
    }
    return choices


def add_comment(report, user, anchor, text):
    """A reviewer's remark on one field or row of a report that is with the reviewers."""
    # Accepted too: an accepted report may still be returned, with remarks to go with it.
    if report.state not in REMARKABLE_STATES:
        raise ValidationError(
            _("Remarks are written while the report is with the reviewers; it is “%(state)s”.")
            % {"state": State(report.state).label}
        )
    if anchor not in anchors(report):
        raise ValidationError(_("That field or row does not exist in this report."))
    comment = ReviewComment(
        report=report, anchor=anchor, text=text.strip(), author=user, version=latest_version(report)
    )
    comment.full_clean()
    comment.save()
    return comment


def address_comment(comment, user, reply=""):
    """The coordinator says a remark has been dealt with, optionally replying."""
    if not comment.report.is_editable:
        raise ValidationError(
            _("The report is not with you: remarks are addressed while it is returned.")
        )
    comment.addressed_at = timezone.now()
    comment.addressed_by = user
    comment.reply = reply.strip()
    comment.full_clean()
    comment.save(update_fields=["addressed_at", "addressed_by", "reply"])
    return comment
