"""A report's audit trail, as its History page shows it: newest first, each entry with who,
when, from which step or screen, and what changed, old → new, in the words of the form's
declaration (reports/form.py) and in the reader's language.

Three sources, each the record of its own kind of change: the LogEntry rows of the report's
saves (audit/record.py), its transitions (ReportTransition: submitted, returned, accepted,
published, withdrawn) and its remarks (ReviewComment: written, addressed).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from auditlog.models import LogEntry
from django.utils.translation import gettext as _

from audit import record
from reports.anchors import anchors, question_of
from reports.answers import Answers
from reports.form import FORM
from reports.forms import ReviewNoteForm
from reports.models import Annex, MonitoringReport
from reports.wizard.bound import Bound
from reports.wizard.steps import AnnexStep, Step, get_step

if TYPE_CHECKING:
    from accounts.models import User

State = MonitoringReport.State


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    at: datetime.datetime
    who: User | None
    what: str  # what happened: "Step saved", "Remark written", a change of state
    where: str  # the step or screen it was done from
    confidential: bool = False
    changes: list[Change] = field(default_factory=list)
    text: str = ""  # a remark, a reply, a covering message


def report_trail(report: MonitoringReport) -> list[Entry]:
    answers = Answers(report)
    entries = [
        *saves(report, answers),
        *transitions(report),
        *remarks(report, anchors(report, answers)),
    ]
    return sorted(entries, key=lambda entry: entry.at, reverse=True)


# --- Saves ------------------------------------------------------------------------------------


def saves(report: MonitoringReport, answers: Answers) -> list[Entry]:
    steps: dict[str, Bound] = {}  # each step's forms, bound once for its labels
    found = []
    for log in LogEntry.objects.get_for_object(report).select_related("actor"):
        data = log.additional_data or {}
        slug = data.get("step", "")
        if slug == record.REVIEWERS_NOTE:
            found.append(note_entry(log))
            continue
        if data.get("screen") == record.ADMIN:
            found.append(admin_entry(log, slug))
            continue
        step = get_step(slug)
        if isinstance(step, AnnexStep):
            found.append(annexes_entry(log, step))
            continue
        if not isinstance(step, Step):
            continue  # a step no longer in the form
        if slug not in steps:
            steps[slug] = step.bind(report, answers=answers)
        bound = steps[slug]
        screen = _("Autosave") if data.get("screen") == record.AUTOSAVE else _("Wizard")
        found.append(
            Entry(
                at=log.timestamp,
                who=log.actor,
                what=_("Answers saved"),
                where=f"{screen}: {step.title}",
                confidential=step.confidential,
                changes=[
                    step_change(bound, key, old, new, data.get("rows", {}))
                    for key, (old, new) in (log.changes or {}).items()
                ],
            )
        )
    return found


def step_change(
    bound: Bound, key: str, old: str | None, new: str | None, rows: dict[str, int]
) -> Change:
    try:
        label = bound.describe(key, numbered(key, rows))
    except KeyError:  # a field since removed from the form: its key is all there is
        return Change(key, old or "", new or "")
    return Change(label, shown(bound, key, old, added=True), shown(bound, key, new))


def numbered(key: str, rows: dict[str, int]) -> dict[str, str]:
    """A state in which the row of `key` has the number it had when saved: what
    `Bound.describe` counts the rows of."""
    table, row, _cell = (key.split(":") + ["", ""])[:3]
    number = rows.get(f"{table}:{row}", 0)
    return {**{f"{table}:before{n}:": "" for n in range(1, number)}, key: ""}


def shown(bound: Bound, key: str, value: str | None, added: bool = False) -> str:
    if value is None and added:
        return ""  # the row was not there yet
    try:
        return bound.display(key, value)
    except ValueError:
        return value or ""


def annexes_entry(log: LogEntry, step: AnnexStep) -> Entry:
    """A change of the annexes (audit/record.py `annexes_saved`): each field of each annex
    touched, under the annex's title."""
    data = log.additional_data or {}
    titles = data.get("titles", {})
    changes = []
    for key, (old, new) in (log.changes or {}).items():
        annex, name = key.rsplit(":", 1)
        label = f"“{titles.get(annex, '')}”: {annex_field_label(name)}"
        changes.append(Change(label, annex_value(name, old), annex_value(name, new)))
    return Entry(
        at=log.timestamp,
        who=log.actor,
        what=_("Annexes changed"),
        where=f"{_('Wizard')}: {step.title}",
        confidential=data.get("confidential", False),
        changes=changes,
    )


def annex_field_label(name: str) -> str:
    if name == "file":
        return _("file")
    return str(getattr(Annex._meta.get_field(name), "verbose_name", name))


def annex_value(name: str, value: str | None) -> str:
    if name == "visibility" and value in Annex.Visibility.values:
        return str(Annex.Visibility(value).label)
    return value or ""


def note_entry(log: LogEntry) -> Entry:
    form = ReviewNoteForm()
    changes = []
    for name, (old, new) in (log.changes or {}).items():
        form_field = form.fields.get(name)
        choices: dict[Any, Any] = dict(getattr(form_field, "choices", None) or [])
        changes.append(
            Change(
                str(form_field.label) if form_field else name,
                str(choices.get(old, old)),
                str(choices.get(new, new)),
            )
        )
    return Entry(
        at=log.timestamp,
        who=log.actor,
        what=_("Reviewers' note saved"),
        where=_("Review page"),
        confidential=True,
        changes=changes,
    )


def admin_entry(log: LogEntry, model: str) -> Entry:
    """A change made in the admin, to fields of the report or of its self-assessment."""
    questions = {
        question.name: question
        for question in FORM.questions()
        if question.model._meta.label_lower == model
    }
    changes = [
        Change(str(questions[name].text) if name in questions else name, old, new)
        for name, (old, new) in (log.changes or {}).items()
    ]
    return Entry(
        at=log.timestamp,
        who=log.actor,
        what=_("Answers saved"),
        where=_("Admin"),
        confidential=any(not question.public for question in questions.values()),
        changes=changes,
    )


# --- Decisions and remarks -------------------------------------------------------------------


def transitions(report: MonitoringReport) -> list[Entry]:
    return [
        Entry(
            at=transition.at,
            who=transition.user,
            what=f"{transition.get_from_state_display()} → {transition.get_to_state_display()}",
            where=_("Wizard") if transition.to_state == State.SUBMITTED else _("Review page"),
            text=transition.comment,
        )
        for transition in report.transitions.select_related("user")
    ]


def remarks(report: MonitoringReport, labels: dict[str, str]) -> list[Entry]:
    found = []
    for remark in report.review_comments.select_related("author", "addressed_by"):
        about = labels.get(remark.anchor, remark.anchor)
        confidential = not is_public(remark.anchor)
        found.append(
            Entry(
                at=remark.created_at,
                who=remark.author,
                what=_("Remark written on “%(about)s”") % {"about": about},
                where=_("Review page"),
                confidential=confidential,
                text=remark.text,
            )
        )
        if remark.addressed_at:
            found.append(
                Entry(
                    at=remark.addressed_at,
                    who=remark.addressed_by,
                    what=_("Remark on “%(about)s” addressed") % {"about": about},
                    where=_("Wizard"),
                    confidential=confidential,
                    text=remark.reply,
                )
            )
    return found


def is_public(anchor: str) -> bool:
    """Whether a remark's field or row is in a public section (a row's anchor ends in its id)."""
    question = question_of(anchor) or question_of(anchor.rpartition(":")[0])
    return question is None or question.public
