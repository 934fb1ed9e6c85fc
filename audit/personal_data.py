"""Everything held about a person, exported; a person who has left, pseudonymised.

Erasing keeps what they did (reports, remarks, decisions, submissions and the audit trail
stay, and say who, as "Former user #<n>") and removes who they were: their names, e-mail and
organisation, from their account and from the trail of changes to it.
"""

from __future__ import annotations

import datetime
from typing import Any

from auditlog.models import LogEntry
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q

from accounts.models import User
from audit.accounts import PERSONAL_FIELDS
from reports.models import (
    MonitoringReport,
    Partnership,
    Reminder,
    ReportTransition,
    ReportVersion,
    ReviewComment,
    ReviewNote,
    StepRevision,
)


def pseudonym(user: User) -> tuple[str, str]:
    """(username, name) a person is known by once erased: by their account's number only."""
    return f"former-user-{user.pk}", f"Former user #{user.pk}"


def export(user: User) -> dict[str, Any]:
    """Everything held about `user`, as JSON-ready data."""
    coordinated = Partnership.objects.filter(coordinators=user)
    return {
        "exported_at": _when(datetime.datetime.now(datetime.UTC)),
        "account": {
            **{name: getattr(user, name) for name in PERSONAL_FIELDS},
            "role": user.role,
            "eu_login_id": user.eu_login_id,
            "eu_login_domain": user.eu_login_domain,
            "is_active": user.is_active,
            "is_staff": user.is_staff,
            "is_superuser": user.is_superuser,
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
        },
        "partnerships_coordinated": [p.short_name for p in coordinated.order_by("short_name")],
        "reports_edited": [_report(report) for report in _reports_edited(user)],
        "remarks_written": [
            {
                **_of(remark.report),
                "about": remark.anchor,
                "text": remark.text,
                "written_at": _when(remark.created_at),
            }
            for remark in _remarks(ReviewComment.objects.filter(author=user))
        ],
        "remarks_addressed": [
            {
                **_of(remark.report),
                "about": remark.anchor,
                "reply": remark.reply,
                "addressed_at": _when(remark.addressed_at),
            }
            for remark in _remarks(ReviewComment.objects.filter(addressed_by=user))
        ],
        "reviewers_notes": [
            {
                **_of(note.report),
                "internal_note": note.internal_note,
                "recommendation": note.recommendation,
                "updated_at": _when(note.updated_at),
            }
            for note in ReviewNote.objects.filter(updated_by=user).select_related(*REPORT)
        ],
        "transitions": [
            {
                **_of(t.report),
                "from": t.from_state,
                "to": t.to_state,
                "at": _when(t.at),
                "comment": t.comment,
            }
            for t in ReportTransition.objects.filter(user=user).select_related(*REPORT)
        ],
        "versions_submitted": [
            {
                **_of(version.report),
                "number": version.number,
                "submitted_at": _when(version.submitted_at),
            }
            for version in ReportVersion.objects.filter(submitted_by=user).select_related(*REPORT)
        ],
        "audit_entries_by_them": [_entry(e) for e in LogEntry.objects.filter(actor=user)],
        "audit_entries_about_their_account": [
            _entry(e) for e in LogEntry.objects.get_for_object(user)
        ],
        # django-axes' records of signing in (when, from which address, with which browser).
        "sign_ins": [
            {
                "at": _when(entry.attempt_time),
                "ip_address": entry.ip_address,
                "user_agent": entry.user_agent,
            }
            for entry in AccessLog.objects.filter(username__in=_usernames(user))
        ],
        "reminders_to_their_partnerships": [
            {
                "partnership": r.partnership.short_name,
                "period": r.period.slug,
                "sent_on": r.sent_on.isoformat(),
                "wording": r.wording,
            }
            for r in Reminder.objects.filter(partnership__in=coordinated).select_related(
                "partnership", "period"
            )
        ],
    }


@transaction.atomic
def erase(user: User) -> None:
    """Pseudonymise `user`: what they did stays, who they were goes."""
    former_usernames = _usernames(user)
    username, name = pseudonym(user)
    user.username, user.first_name = username, name
    user.last_name = user.email = user.organisation = user.eu_login_domain = ""
    user.eu_login_id = None
    user.role = User.Role.NONE
    user.set_unusable_password()
    user.is_active = user.is_staff = user.is_superuser = False
    user.save()
    # After the new name: the trail of these removals names them by it.
    for partnership in Partnership.objects.filter(coordinators=user):
        partnership.coordinators.remove(user)
    _scrub_trail(user, former_usernames)
    for sign_ins in (AccessLog, AccessAttempt, AccessFailureLog):
        sign_ins.objects.filter(username__in=former_usernames).delete()


def _usernames(user: User) -> set[str]:
    """Every username `user` has had, as the trail of their account tells."""
    names = {user.username}
    for entry in LogEntry.objects.get_for_object(user):
        names.update(str(value) for value in (entry.changes or {}).get("username", []))
    names.discard("None")  # auditlog's "before" of an account's creation
    return names


def _scrub_trail(user: User, former_usernames: set[str]) -> None:
    """Their names and e-mail out of the trail: of their account's changes (the erasure's own
    included), of the partnerships they coordinated, and of what they did."""
    for entry in LogEntry.objects.get_for_object(user):
        entry.object_repr = user.username
        entry.changes = {
            name: ["", ""] if name in PERSONAL_FIELDS else values
            for name, values in (entry.changes or {}).items()
        }
        entry.save(update_fields=["object_repr", "changes"])
    LogEntry.objects.filter(actor=user).update(actor_email=None)
    AdminLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    ).update(object_repr=user.username)
    # Partnerships' coordinator changes list people by username: theirs becomes the pseudonym.
    partnerships = ContentType.objects.get_for_model(Partnership)
    for entry in LogEntry.objects.filter(content_type=partnerships):
        coordinators = (entry.changes or {}).get("coordinators")
        if coordinators and former_usernames & set(coordinators["objects"]):
            coordinators["objects"] = [
                user.username if name in former_usernames else name
                for name in coordinators["objects"]
            ]
            entry.save(update_fields=["changes"])


REPORT = ("report__partnership", "report__period")


def _reports_edited(user: User) -> list[MonitoringReport]:
    by_trail = LogEntry.objects.filter(
        actor=user, content_type=ContentType.objects.get_for_model(MonitoringReport)
    ).values("object_id")
    by_revision = StepRevision.objects.filter(saved_by=user).values("report_id")
    return list(
        MonitoringReport.objects.filter(
            Q(last_saved_by=user) | Q(pk__in=by_trail) | Q(pk__in=by_revision)
        ).select_related("partnership", "period")
    )


def _remarks(remarks: Any) -> Any:
    return remarks.select_related(*REPORT)


def _report(report: MonitoringReport) -> dict[str, str]:
    return {"partnership": report.partnership.short_name, "period": report.period.slug}


def _of(report: MonitoringReport) -> dict[str, Any]:
    return {"report": _report(report)}


def _entry(entry: LogEntry) -> dict[str, Any]:
    return {
        "at": _when(entry.timestamp),
        "object": entry.object_repr,
        "action": entry.get_action_display(),
        "changes": entry.changes,
        "details": entry.additional_data,
    }


def _when(moment: datetime.datetime | None) -> str | None:
    return moment.isoformat() if moment else None
