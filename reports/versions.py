"""Freezing a report as it was submitted, and telling what changed between two such states.

A snapshot is plain JSON: every public section, table and rating, and the self-assessment,
so a version stays readable whatever happens to the live rows afterwards. Diffs show texts
word by word, table rows added, removed or changed, and ratings that moved.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from reports.models import PROGRESS_FIELDS, RegionRole
from reports.models.self_assessment import SelfAssessment
from reports.presentation import label
from reports.sdgs import GOALS, Agreement

TEXT_FIELDS = ("start_date", "web_page", "executive_summary", *PROGRESS_FIELDS)
TABLES = {
    "working_areas": ("working_area", "region_in_charge", "involved_regions", "other_actors"),
    "past_events": ("title", "date", "date_detail", "place", "other_information"),
    "planned_events": ("title", "date", "date_detail", "place", "other_information"),
}
TABLE_LABELS = {
    "working_areas": _("Working areas"),
    "past_events": _("Past events"),
    "planned_events": _("Planned events"),
}
GOAL_LABELS = {str(number): goal_label for number, goal_label, _short in GOALS}
# Words and the white space between them, so that a diff can be shown word by word.
TOKENS = re.compile(r"\S+|\s+")


def snapshot(report):
    """The whole report as JSON-ready data."""
    events = list(report.events.all())
    assessment = SelfAssessment.objects.filter(report=report).first()
    return {
        "fields": {name: _text(getattr(report, name)) for name in TEXT_FIELDS},
        "regions": {
            role: [
                entry.label
                for entry in report.regions.filter(role=role).select_related("region__country")
            ]
            for role in RegionRole.values
        },
        "tables": {
            "working_areas": [
                _row(row, TABLES["working_areas"]) for row in report.working_areas.all()
            ],
            "past_events": [
                _row(row, TABLES["past_events"]) for row in events if row.kind == "past"
            ],
            "planned_events": [
                _row(row, TABLES["planned_events"]) for row in events if row.kind == "planned"
            ],
        },
        "sdgs": {
            str(goal): rating for goal, rating in report.sdg_ratings.values_list("goal", "rating")
        },
        "self_assessment": _assessment(assessment) if assessment else [],
    }


# The keys of the self-assessment's answers, in the order SelfAssessment.answers() gives them:
# its own fields, then its two tables.
ASSESSMENT_KEYS = (
    *(
        field.name
        for field in SelfAssessment._meta.concrete_fields
        if not field.primary_key and field.name != "report"
    ),
    "pipeline_projects",
    "milestones",
)


def _assessment(assessment):
    """[[question, answer, key]]: the key (the field's name) makes an answer's remark anchor,
    "self_assessment:<key>", and matches answers whatever language the question was in."""
    return [
        [str(question), _text(answer), key]
        for key, (question, answer) in zip(ASSESSMENT_KEYS, assessment.answers(), strict=False)
    ]


def _text(value):
    return "" if value is None else str(value)


def _row(row, cells):
    return {"id": row.pk, "cells": {name: _text(getattr(row, name)) for name in cells}}


@dataclass
class TextChange:
    anchor: str
    label: str
    # [(operation, text)], operation "equal", "insert" or "delete".
    segments: list


@dataclass
class RowsChange:
    anchor: str  # the table's name, as in comment anchors ("working_areas:<row id>")
    label: str
    added: list = field(default_factory=list)  # snapshot rows: {"id", "cells"}
    removed: list = field(default_factory=list)
    changed: list = field(default_factory=list)  # [(old row, new row)]

    def __bool__(self):
        return bool(self.added or self.removed or self.changed)


@dataclass
class Diff:
    texts: list
    regions: list  # [(role, label, added, removed)]
    tables: list
    ratings: list  # [(goal label, old label, new label)]
    confidential: list  # TextChange per self-assessment answer, anchored "self_assessment:<key>"

    def __bool__(self):
        return any((self.texts, self.regions, self.tables, self.ratings, self.confidential))

    def changed_anchors(self):
        """The comment anchors whose content changed: was a remark's field or row touched?"""
        anchors = {change.anchor for change in self.texts}
        anchors |= {f"regions:{role}" for role, _label, _added, _removed in self.regions}
        for table in self.tables:
            # A changed row is named by both ids: across periods (or after a row was deleted
            # and written again) a remark may be anchored to the old one.
            rows = [*table.added, *table.removed, *(row for pair in table.changed for row in pair)]
            anchors |= {f"{table.anchor}:{row['id']}" for row in rows}
        if self.ratings:
            anchors.add("sdgs")
        anchors |= {change.anchor for change in self.confidential}
        return anchors

    def about(self, anchor):
        """Only what changed in the field or row a remark is anchored to."""
        table, _colon, row_id = anchor.partition(":")

        def is_row(row):
            return str(row["id"]) == row_id

        rows = [
            RowsChange(
                change.anchor,
                change.label,
                [row for row in change.added if is_row(row)],
                [row for row in change.removed if is_row(row)],
                [pair for pair in change.changed if is_row(pair[0]) or is_row(pair[1])],
            )
            for change in self.tables
            if change.anchor == table
        ]
        return Diff(
            [change for change in self.texts if change.anchor == anchor],
            [change for change in self.regions if f"regions:{change[0]}" == anchor],
            [change for change in rows if change],
            self.ratings if anchor == "sdgs" else [],
            [change for change in self.confidential if change.anchor == anchor],
        )


def word_diff(old, new):
    """[(operation, text)] turning `old` into `new` word by word.

    A rewritten passage reads as one removal and one addition, not as a zip of single words:
    an unchanged run of at most one word between two changes is counted into the change.
    """
    old_words, new_words = TOKENS.findall(old), TOKENS.findall(new)
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    # [changed?, old text, new text]
    blocks = [
        [
            operation != "equal",
            "".join(old_words[a_start:a_end]),
            "".join(new_words[b_start:b_end]),
        ]
        for operation, a_start, a_end, b_start, b_end in matcher.get_opcodes()
    ]
    for before, block, after in zip(blocks, blocks[1:], blocks[2:], strict=False):
        if before[0] and after[0] and not block[0] and len(block[1].split()) <= 1:
            block[0] = True
    segments = []
    removed = added = ""
    for changed, old_text, new_text in blocks:
        if changed:
            removed, added = removed + old_text, added + new_text
            continue
        segments += _change(removed, added)
        removed = added = ""
        segments.append(("equal", old_text))
    return segments + _change(removed, added)


def _change(removed, added):
    return [
        (operation, text) for operation, text in (("delete", removed), ("insert", added)) if text
    ]


def diff(old, new):
    """What changed from snapshot `old` to snapshot `new`."""
    texts = []
    for name in TEXT_FIELDS:
        before, after = old["fields"].get(name, ""), new["fields"].get(name, "")
        if before != after:
            texts.append(TextChange(name, label(name), word_diff(before, after)))
    regions = []
    for role in RegionRole.values:
        before, after = old["regions"].get(role, []), new["regions"].get(role, [])
        added = [entry for entry in after if entry not in before]
        removed = [entry for entry in before if entry not in after]
        if added or removed:
            regions.append((role, RegionRole(role).label, added, removed))
    tables = [change for name in TABLES if (change := table_diff(name, old, new))]
    ratings = [
        (GOAL_LABELS[goal], _rating(old["sdgs"].get(goal)), _rating(new["sdgs"].get(goal)))
        for goal in GOAL_LABELS
        if old["sdgs"].get(goal) != new["sdgs"].get(goal)
    ]
    before = _answers(old)
    after = _answers(new)
    confidential = [
        TextChange(
            f"self_assessment:{key}",
            (after.get(key) or before[key])[0],
            word_diff(before.get(key, ("", ""))[1], after.get(key, ("", ""))[1]),
        )
        # Answers present on either side: a self-assessment that was emptied shows as removed.
        for key in dict.fromkeys([*after, *before])
        if before.get(key, ("", ""))[1] != after.get(key, ("", ""))[1]
    ]
    return Diff(texts, regions, tables, ratings, confidential)


def _answers(content):
    """{key: (question, answer)} of a snapshot's self-assessment. Snapshots written before
    answers carried their key are keyed by question."""
    return {
        (entry[2] if len(entry) > 2 else entry[0]): (entry[0], entry[1])
        for entry in content.get("self_assessment", [])
    }


def _rating(value):
    return Agreement(value).label if value else "—"


def table_diff(name, old, new):
    """Rows matched by id within one report, else (across periods) by their first cell."""
    before, after = old["tables"].get(name, []), new["tables"].get(name, [])
    first_cell = TABLES[name][0]
    unmatched = list(before)
    change = RowsChange(name, TABLE_LABELS[name])
    for row in after:
        match = next(
            (old_row for old_row in unmatched if old_row["id"] == row["id"]), None
        ) or next(
            (
                old_row
                for old_row in unmatched
                if old_row["cells"][first_cell] == row["cells"][first_cell]
            ),
            None,
        )
        if match is None:
            change.added.append(row)
            continue
        unmatched.remove(match)
        if match["cells"] != row["cells"]:
            change.changed.append((match, row))
    change.removed = unmatched
    return change
