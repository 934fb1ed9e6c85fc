"""What the audit trail records of a report, written by the save paths themselves.

The wizard saves a step's tables, regions and SDG ratings with bulk queries, which send no
model signals: a signal-based log would see none of it. So each save writes one
django-auditlog LogEntry on the report, whatever the number of answers it changed: the
answers it changed as {key: [old, new]}, in the keys and text values of the step's answers
(reports/wizard/bound.py, `Bound.state`), with the step and the screen in `additional_data`.
Words are made of them when the trail is read (audit/trail.py), in the reader's language.

State changes and remarks are not written again here: ReportTransition and ReviewComment rows
already say who did what and when, and the trail reads them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from auditlog.models import LogEntry

from reports.form import FORM

if TYPE_CHECKING:
    from django.forms import ModelForm

    from accounts.models import User
    from reports.merge import State
    from reports.models import MonitoringReport
    from reports.wizard.steps import Step

# Where a change was made: `additional_data["screen"]`.
WIZARD = "wizard"
AUTOSAVE = "autosave"
REVIEW = "review"
# The admin's pages of a report and of its self-assessment: the step is the model's label
# ("reports.selfassessment"). Their inlines' rows are not recorded.
ADMIN = "admin"
# The step of a change to the reviewers' note (confidential, like the self-assessment's).
REVIEWERS_NOTE = "reviewers-note"


def changed(before: State, after: State) -> dict[str, list[str | None]]:
    """{key: [old, new]} of every answer that differs; None where a row was not there. The
    empty cells of a row added or removed are no change."""
    return {
        key: [old, new]
        for key in [*before, *(key for key in after if key not in before)]
        for old, new in [(before.get(key), after.get(key))]
        if old != new and {old, new} != {None, ""}
    }


def row_numbers(state: State) -> dict[str, int]:
    """{"<table>:<row>": the row's number as a person reads it (1, 2, …)}: kept with the
    change, as later saves renumber the rows."""
    numbers: dict[str, int] = {}
    counted: dict[str, int] = {}
    for key in state:
        parts = key.split(":")
        row = ":".join(parts[:2])
        if len(parts) == 3 and row not in numbers:
            counted[parts[0]] = numbers[row] = counted.get(parts[0], 0) + 1
    return numbers


def step_saved(
    report: MonitoringReport,
    step: Step,
    user: User,
    before: State,
    after: State,
    screen: str = WIZARD,
) -> LogEntry | None:
    """Record a save of a wizard step (one query), if it changed any answer."""
    changes = changed(before, after)
    # Removed rows are numbered as they were, the others as they are now.
    rows = {
        row: number
        for row, number in (row_numbers(before) | row_numbers(after)).items()
        if any(key.startswith(f"{row}:") for key in changes)
    }
    return _report_changed(report, user, changes, step=step.slug, screen=screen, rows=rows)


# The annexes' fields a change of theirs is recorded in: {"annex:<id>:<field>": text}.
ANNEX_FIELDS = ("title", "description", "visibility", "file", "position")


def annex_state(report: MonitoringReport) -> State:
    """The report's annexes as the trail compares them (one query): their words, who reads
    them, their file (its name and checksum: a file replaced by one of the same name is a
    change) and their place in the list."""
    state: dict[str, str] = {}
    for annex in report.annexes.all():
        values = {
            "title": annex.title,
            "description": annex.description,
            "visibility": annex.visibility,
            "file": f"{annex.display_name} (SHA-256 {annex.sha256[:12]})",
            "position": str(annex.position),
        }
        state |= {f"annex:{annex.pk}:{name}": values[name] for name in ANNEX_FIELDS}
    return state


def annexes_saved(
    report: MonitoringReport, step: Step, user: User, before: State, after: State
) -> LogEntry | None:
    """Record a change of the annexes (one query), with each annex's title: the one it had
    last, as an annex removed is gone from the report."""
    changes = changed(before, after)
    annexes = {key.rsplit(":", 1)[0] for key in changes}
    titles = {
        annex: after.get(f"{annex}:title") or before.get(f"{annex}:title", "") for annex in annexes
    }
    # Whether a confidential annex was touched: the trail marks the entry so.
    confidential = any(
        state.get(f"{annex}:visibility", FORM.annexes.public_visibility)
        != FORM.annexes.public_visibility
        for annex in annexes
        for state in (before, after)
    )
    return _report_changed(
        report,
        user,
        changes,
        step=step.slug,
        screen=WIZARD,
        titles=titles,
        confidential=confidential,
    )


def note_saved(report: MonitoringReport, user: User, form: ModelForm) -> LogEntry | None:
    """Record a change of the reviewers' note from its validated form (one query)."""
    return form_saved(report, user, form, step=REVIEWERS_NOTE, screen=REVIEW)


def form_saved(
    report: MonitoringReport, user: User, form: ModelForm, step: str, screen: str
) -> LogEntry | None:
    """Record what a validated model form changed (one query, if it changed anything):
    {field's name: [old, new]}, from the form's initial values and what it cleaned."""
    changes = {
        name: [_text(form.initial.get(name)), _text(form.cleaned_data.get(name))]
        for name in form.changed_data
    }
    return _report_changed(report, user, changes, step=step, screen=screen)


def _report_changed(
    report: MonitoringReport, user: User, changes: dict[str, Any], **where: object
) -> LogEntry | None:
    """One entry on the report's trail (one query), unless nothing changed."""
    if not changes:
        return None
    return LogEntry.objects.log_create(
        report, action=LogEntry.Action.UPDATE, changes=changes, actor=user, additional_data=where
    )


def _text(value: object) -> str:
    return "" if value is None else str(value)
