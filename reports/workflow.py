"""The review workflow: submitting, remarks, returning, accepting, publishing, withdrawing.

Each step moves the report through `MonitoringReport.move_to`, which refuses what the
workflow does not allow and records the move; this module adds what goes with it: the frozen
version of a submission, the reviewers' remarks, and the work that follows a change, queued
for the task worker once the transaction has committed (reports/tasks.py), so that nobody is
told about a change that did not happen and the request does not wait for mails or PDFs.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reports import published_pages, tasks
from reports.anchors import anchors
from reports.models import MonitoringReport, ReportTransition, ReportVersion, ReviewComment
from reports.versions import snapshot

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from accounts.models import User

State = MonitoringReport.State


def latest_version(report: MonitoringReport) -> ReportVersion:
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


def freeze(report: MonitoringReport, user: User | None, when: datetime.datetime) -> ReportVersion:
    number = (report.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return ReportVersion.objects.create(
        report=report, number=number, submitted_at=when, submitted_by=user, content=snapshot(report)
    )


def submit(report: MonitoringReport, user: User) -> ReportTransition:
    with transaction.atomic():
        transition = report.move_to(State.SUBMITTED, user)
        version = freeze(report, user, transition.at)
        # The bases of merges between pages of the wizard, which is closed now.
        report.step_revisions.all().delete()
    tasks.queue_mail("report_submitted", version.pk)
    return transition


def return_for_changes(report: MonitoringReport, user: User, message: str) -> ReportTransition:
    if not message.strip():
        raise ValidationError(_("Write a covering message: tell the coordinators what to change."))
    transition = report.move_to(State.RETURNED, user, message)
    tasks.queue_mail("report_returned", transition.pk)
    return transition


def accept(report: MonitoringReport, user: User, comment: str = "") -> ReportTransition:
    transition = report.move_to(State.ACCEPTED, user, comment)
    tasks.queue_mail("report_accepted", transition.pk)
    return transition


def publish(report: MonitoringReport, user: User) -> ReportTransition:
    transition = report.move_to(State.PUBLISHED, user)
    tasks.queue_mail("report_published", transition.pk)
    # Should the worker be behind or the rendering fail, the first request renders them; so
    # a queue that refuses them is logged (robust) rather than shown to the publisher.
    transaction.on_commit(lambda: tasks.queue_publication_outputs(report), robust=True)
    transaction.on_commit(tasks.open_data_files.enqueue, robust=True)
    return transition


def withdraw(report: MonitoringReport, user: User, reason: str) -> ReportTransition:
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
        published_pages.forget(report)
    tasks.queue_mail("report_returned", transition.pk)
    # Out of every open data file; until the worker has made them again, the first request
    # for one finds them stale and makes them before serving (opendata/files.py).
    transaction.on_commit(tasks.open_data_files.enqueue, robust=True)
    return transition


# --- Decisions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    """A reviewer's decision on a report: what it does and how the review page words it."""

    action: str
    target: State
    apply: Callable[[MonitoringReport, User, str], ReportTransition]  # (report, user, message)
    button: StrOrPromise
    help: StrOrPromise
    done: StrOrPromise  # said once it is taken
    # "… cannot be <refused>": said when the report's state no longer allows it
    refused: StrOrPromise
    message: StrOrPromise | None = None  # the label of its message; None: it takes none
    message_required: StrOrPromise | None = None  # the error when a required message is missing


DECISIONS = {
    decision.action: decision
    for decision in (
        Decision(
            "accept",
            State.ACCEPTED,
            lambda report, user, message: accept(report, user, message),
            button=gettext_lazy("Accept the report"),
            help=gettext_lazy(
                "The report is complete. Publishing it is a separate step; you can still return it."
            ),
            done=gettext_lazy("Accepted. The coordinators have been told by e-mail."),
            refused=gettext_lazy("accepted"),
            message=gettext_lazy("Comment (optional)"),
        ),
        Decision(
            "publish",
            State.PUBLISHED,
            lambda report, user, message: publish(report, user),
            button=gettext_lazy("Publish sections I and II"),
            help=gettext_lazy(
                "Sections I and II appear on the partnership's public page. The "
                "self-assessment is never published."
            ),
            done=gettext_lazy(
                "Published on the partnership's page. The coordinators have been told."
            ),
            refused=gettext_lazy("published"),
        ),
        Decision(
            "return",
            State.RETURNED,
            lambda report, user, message: return_for_changes(report, user, message),
            button=gettext_lazy("Return for changes"),
            help=gettext_lazy(
                "The coordinators can edit the report again; they see each remark beside its field."
            ),
            done=gettext_lazy(
                "Returned for changes. The coordinators have been told, with your message."
            ),
            refused=gettext_lazy("returned for changes"),
            message=gettext_lazy("Covering message to the coordinators"),
            message_required=gettext_lazy(
                "Write a covering message: tell the coordinators what to change."
            ),
        ),
        Decision(
            "withdraw",
            State.RETURNED,
            lambda report, user, message: withdraw(report, user, message),
            button=gettext_lazy("Withdraw from the public site"),
            help=gettext_lazy(
                "The report leaves the partnership's public page and goes back to the "
                "coordinators, who resubmit it."
            ),
            done=gettext_lazy(
                "Withdrawn: the report is off the public page and back with the coordinators."
            ),
            refused=gettext_lazy("withdrawn"),
            message=gettext_lazy("Reason for withdrawing"),
            message_required=gettext_lazy(
                "Give the reason for withdrawing the report: the coordinators read it."
            ),
        ),
    )
}


def decisions(state: str) -> list[Decision]:
    """The decisions a report in `state` allows, from the workflow's transitions: back to the
    coordinators is a withdrawal once the report is published."""
    state = State(state)
    allowed = [
        DECISIONS[action]
        for action in ("accept", "publish")
        if DECISIONS[action].target in state.next_states
    ]
    if State.RETURNED in state.next_states:
        allowed.append(DECISIONS["withdraw" if state == State.PUBLISHED else "return"])
    return allowed


# --- Remarks ------------------------------------------------------------------------------------

REMARKABLE_STATES = (State.SUBMITTED, State.ACCEPTED)


def add_comment(report: MonitoringReport, user: User, anchor: str, text: str) -> ReviewComment:
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


def address_comment(comment: ReviewComment, user: User, reply: str = "") -> ReviewComment:
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
