"""Freezing a report as it was submitted, and telling what changed between two such states.

A snapshot keeps values, not words: every answer of the form (reports/form.py) under its
question's key, as text, an ISO date, a choice's value, a list of values, {row: value}, the
regions as written with their NUTS unit, the tables' rows by id. So the same content frozen
from an English page and from a Bulgarian one is the same snapshot, and a version stays
readable whatever happens to the live rows afterwards. Labels are put on when a diff is shown,
in the reader's language.

Diffs show texts word by word, choices and regions added or removed, table rows added,
removed or changed, and matrix rows whose answer moved.
"""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils import formats
from django.utils.translation import gettext as _

from reports.answers import Answers
from reports.form import (
    FORM,
    Choice,
    Choices,
    Column,
    Date,
    Given,
    Matrix,
    Question,
    RegionList,
    Table,
    model_field,
)
from reports.models import Annex, MonitoringReport

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# What a snapshot is: bumped when its layout changes, so that a migration can tell.
FORMAT = 2
# Words and the white space between them, so that a diff can be shown word by word.
TOKENS = re.compile(r"\S+|\s+")


# --- Freezing -----------------------------------------------------------------------------------


def snapshot(report: MonitoringReport) -> dict:
    """The whole report, confidential part included, as JSON-ready values."""
    answers = Answers(report)
    return {
        "format": FORMAT,
        "answers": {
            question.key: frozen(question, answers.value(question))
            for question in FORM.questions()
            if not isinstance(question, Given)
        },
        "annexes": [frozen_annex(annex) for annex in answers.annexes],
    }


def frozen_annex(annex: Annex) -> dict[str, Any]:
    """An annex as a version keeps it: enough to tell it was replaced, and its stored file
    (`key`), which is kept while a version refers to it."""
    return {
        "id": annex.pk,
        "title": annex.title,
        "visibility": annex.visibility,
        "kind": annex.kind,
        "name": annex.display_name,
        "size": annex.size,
        "sha256": annex.sha256,
        "key": annex.file_key,
    }


def frozen_keys(report: MonitoringReport) -> set[str]:
    """The stored files the report's versions refer to."""
    return {
        annex["key"]
        for content in report.versions.values_list("content", flat=True)
        for annex in content.get("annexes", [])
    }


def frozen(question: Question, value: Any) -> Any:
    if isinstance(question, Choices):
        return sorted(value)
    if isinstance(question, Matrix):
        return {str(row): answer for row, answer in value.items()}
    if isinstance(question, RegionList):
        return [
            {
                "id": entry.pk,
                "name": entry.written,
                "unit": entry.region.nuts_code if entry.is_linked and entry.region else None,
            }
            for entry in value
        ]
    if isinstance(question, Table):
        return [
            {"id": row.pk, "cells": {name: _value(getattr(row, name)) for name in question.cells}}
            for row in value
        ]
    return _value(value)


def _value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value if isinstance(value, int) else str(value)


# --- Reading frozen values --------------------------------------------------------------------


def words(question: Question, value: Any) -> str:
    """A frozen answer (not a matrix, region list or table) as people read it, now."""
    if isinstance(question, Choice):
        return str(dict(model_field(question.model, question.name).flatchoices).get(value, value))
    if isinstance(question, Date):
        return _date(value)
    return "" if value is None else str(value)


def cell_words(column: Column, cells: dict) -> str:
    """A frozen table cell, with its detail: "8 December 2020 (9:30-10:30 am)"."""
    cell_field = model_field(column.table.rows_model, column.name)
    value = cells.get(column.name, "")
    if cell_field.choices and value:
        value = dict(cell_field.choices).get(value, value)
    elif cell_field.get_internal_type() == "DateField":
        value = _date(value)
    detail = cells.get(column.detail, "") if column.detail else ""
    if value and detail:
        return f"{value} ({detail})"
    return str(value or detail)


def choice_labels(question: Choices, values: list) -> list[str]:
    """The labels of the values chosen, in the order the form offers them."""
    known = [str(label) for value, label in question.options.choices if value in values]
    return known + [value for value in values if value not in question.options.values]


def region_words(entry: dict) -> str:
    return f"{entry['name']} ({entry['unit']})" if entry.get("unit") else entry["name"]


def frozen_row_title(content: dict, anchor: str) -> str:
    """What a row of a frozen version was called: its first cell, in words."""
    table = FORM.question(anchor)
    if not isinstance(table, Table):
        return ""
    row_id = anchor.removeprefix(f"{table.anchor}:")
    rows = content.get("answers", {}).get(table.key, [])
    cells = next((row["cells"] for row in rows if str(row["id"]) == row_id), None)
    return cell_words(table.title_column, cells) if cells else ""


def _date(value: str) -> str:
    return formats.date_format(datetime.date.fromisoformat(value), "DATE_FORMAT") if value else ""


# --- Diffs ---------------------------------------------------------------------------------------


@dataclass
class Change:
    """What changed in one question's answer (or one table row's, once narrowed by `about`)."""

    question: Question
    # "text": `segments`; "list": `added`, `removed`; "rows": `rows`; "matrix": `ratings`.
    shape: str
    segments: list = field(default_factory=list)  # [(operation, text)]
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    rows: list = field(default_factory=list)  # [{"id", "kind", "title", "cells"|"segments"}]
    ratings: list = field(default_factory=list)  # [(row label, before, after)]

    @property
    def label(self) -> StrOrPromise:
        return self.question.text

    @property
    def anchor(self) -> str:
        return self.question.anchor

    @property
    def public(self) -> bool:
        return self.question.public

    @property
    def template(self) -> str:
        return f"reports/review/diff/{self.shape}.html"

    def anchors(self) -> set[str]:
        if self.shape == "rows":
            return {f"{self.anchor}:{row_id}" for row in self.rows for row_id in row["ids"]}
        return {self.anchor}


@dataclass
class Diff:
    changes: list[Change]

    def __bool__(self) -> bool:
        return bool(self.changes)

    @property
    def public(self) -> list[Change]:
        return [change for change in self.changes if change.public]

    @property
    def confidential(self) -> list[Change]:
        return [change for change in self.changes if not change.public]

    def changed_anchors(self) -> set[str]:
        """The remark anchors whose content changed: was a remark's field or row touched?"""
        return {anchor for change in self.changes for anchor in change.anchors()}

    def about(self, anchor: str) -> Diff:
        """Only what changed in the question or row a remark is anchored to."""
        narrowed = []
        for change in self.changes:
            if change.anchor == anchor:
                narrowed.append(change)
            elif change.shape == "rows" and anchor.startswith(f"{change.anchor}:"):
                row_id = anchor.removeprefix(f"{change.anchor}:")
                rows = [row for row in change.rows if row_id in {str(i) for i in row["ids"]}]
                if rows:
                    narrowed.append(Change(change.question, "rows", rows=rows))
        return Diff(narrowed)


def diff(old: dict, new: dict) -> Diff:
    """What changed from snapshot `old` to snapshot `new`."""
    before, after = old.get("answers", {}), new.get("answers", {})
    changes = []
    for question in FORM.questions():
        if isinstance(question, Given):
            continue
        was, now = before.get(question.key), after.get(question.key)
        change = question_diff(question, was, now)
        if change is not None:
            changes.append(change)
    annexes = annexes_diff(old.get("annexes", []), new.get("annexes", []))
    if annexes is not None:
        changes.append(annexes)
    return Diff(changes)


class AnnexesChange(Change):
    """The annexes added, removed or given another file: listed with the public answers,
    on the reviewers' page only."""

    @property
    def anchor(self) -> str:
        return FORM.annexes.anchor_prefix

    @property
    def public(self) -> bool:
        return True


def annexes_diff(was: list[dict], now: list[dict]) -> Change | None:
    before = {annex["id"]: annex for annex in was}
    after = {annex["id"]: annex for annex in now}
    added = [annex_words(annex) for pk, annex in after.items() if pk not in before]
    removed = [annex_words(annex) for pk, annex in before.items() if pk not in after]
    added += [
        _("%(annex)s, its file replaced") % {"annex": annex_words(annex)}
        for pk, annex in after.items()
        if pk in before and before[pk]["sha256"] != annex["sha256"]
    ]
    if not added and not removed:
        return None
    question = Question(FORM.annexes.slug, label=FORM.annexes.title)
    return AnnexesChange(question, "list", added=added, removed=removed)


def annex_words(annex: dict) -> str:
    """“Signed minutes (minutes.pdf, confidential)”."""
    visibility = dict(Annex.Visibility.choices).get(annex["visibility"], annex["visibility"])
    return f"{annex['title']} ({annex['name']}, {str(visibility).lower()})"


def question_diff(question: Question, was: Any, now: Any) -> Change | None:
    if isinstance(question, Table):
        return _rows_change(question, was or [], now or [])
    if isinstance(question, Matrix):
        return _matrix_change(question, was or {}, now or {})
    if isinstance(question, RegionList | Choices):
        if isinstance(question, RegionList):
            was_words = [region_words(entry) for entry in was or []]
            now_words = [region_words(entry) for entry in now or []]
        else:
            was_words = choice_labels(question, was or [])
            now_words = choice_labels(question, now or [])
        added = [entry for entry in now_words if entry not in was_words]
        removed = [entry for entry in was_words if entry not in now_words]
        return Change(question, "list", added=added, removed=removed) if added or removed else None
    was_text, now_text = words(question, was or ""), words(question, now or "")
    if was_text == now_text:
        return None
    return Change(question, "text", segments=word_diff(was_text, now_text))


def _matrix_change(matrix: Matrix, was: dict, now: dict) -> Change | None:
    # Looked up with None too: a row left unanswered has no answer.
    scale: dict[str | None, StrOrPromise] = dict(matrix.scale.choices)

    def answer(answers: dict, row: Any) -> str:
        return str(scale.get(answers.get(str(row)), "—"))

    ratings = [
        (str(label), answer(was, row), answer(now, row))
        for row, label in matrix.rows
        if was.get(str(row)) != now.get(str(row))
    ]
    return Change(matrix, "matrix", ratings=ratings) if ratings else None


def _rows_change(table: Table, before: list, after: list) -> Change | None:
    """Rows matched by id within one report, else (across periods) by their first cell."""
    title = table.title_column.name
    unmatched = list(before)
    rows = []
    for row in after:
        match = next((old for old in unmatched if old["id"] == row["id"]), None) or next(
            (old for old in unmatched if old["cells"].get(title) == row["cells"].get(title)), None
        )
        if match is None:
            rows.append(_row("added", table, row))
            continue
        unmatched.remove(match)
        if match["cells"] != row["cells"]:
            rows.append(
                {
                    "kind": "changed",
                    "id": row["id"],
                    # A changed row is named by both ids: across periods (or after a row was
                    # deleted and written again) a remark may be anchored to the old one.
                    "ids": [match["id"], row["id"]],
                    "title": cell_words(table.title_column, row["cells"]),
                    "segments": [
                        (column.text, word_diff(old_text, new_text))
                        for column in table.columns
                        if (old_text := cell_words(column, match["cells"]))
                        != (new_text := cell_words(column, row["cells"]))
                    ],
                }
            )
    rows += [_row("removed", table, row) for row in unmatched]
    return Change(table, "rows", rows=rows) if rows else None


def _row(kind: str, table: Table, row: dict) -> dict:
    return {
        "kind": kind,
        "id": row["id"],
        "ids": [row["id"]],
        "title": cell_words(table.title_column, row["cells"]),
        "cells": [
            (column.text, text)
            for column in table.columns
            if (text := cell_words(column, row["cells"]))
        ],
    }


@dataclass
class _Block:
    """A run of words in a diff: changed or not, its text before and after."""

    changed: bool
    old: str
    new: str


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """[(operation, text)] turning `old` into `new` word by word.

    A rewritten passage reads as one removal and one addition, not as a zip of single words:
    an unchanged run of at most one word between two changes is counted into the change.
    """
    old_words, new_words = TOKENS.findall(old), TOKENS.findall(new)
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    blocks = [
        _Block(
            operation != "equal",
            "".join(old_words[a_start:a_end]),
            "".join(new_words[b_start:b_end]),
        )
        for operation, a_start, a_end, b_start, b_end in matcher.get_opcodes()
    ]
    for before, block, after in zip(blocks, blocks[1:], blocks[2:], strict=False):
        if before.changed and after.changed and not block.changed and len(block.old.split()) <= 1:
            block.changed = True
    segments: list[tuple[str, str]] = []
    removed = added = ""
    for block in blocks:
        if block.changed:
            removed, added = removed + block.old, added + block.new
            continue
        segments += _change(removed, added)
        removed = added = ""
        segments.append(("equal", block.old))
    return segments + _change(removed, added)


def _change(removed: str, added: str) -> list[tuple[str, str]]:
    return [
        (operation, text) for operation, text in (("delete", removed), ("insert", added)) if text
    ]
