"""What a reviewer's remark can be about in a report: every question of the form, and every
row of its tables (reports/form.py). A remark's anchor is the question's anchor
("<field>", "regions:lead", "sdgs", "self_assessment:<field>") or a row's
("<table>:<row id>": by the row's id, which survives saves), and every annex ("annex:<id>")."""

from __future__ import annotations

from django.utils.translation import gettext as _

from reports.answers import Answers
from reports.form import FORM, Given, Question, Table
from reports.models import MonitoringReport
from reports.models.monitoring import TableRow


def anchors(report: MonitoringReport, answers: Answers | None = None) -> dict[str, str]:
    """{anchor: label} of everything a remark can be about in this report, in the form's order.
    `answers`: the report's, if the page has read them already."""
    answers = answers or Answers(report)
    labels: dict[str, str] = {}
    for question in FORM.questions():
        if isinstance(question, Given):
            continue
        if isinstance(question, Table):
            labels |= {
                row_anchor(question, row): str(question.row_name % {"row": row.position})
                for row in answers.value(question)
            }
        else:
            labels[question.anchor] = str(question.text)
    for annex in answers.annexes:
        labels[annex.anchor] = _("Annex: %(title)s") % {"title": annex.title}
    return labels


def row_anchor(table: Table, row: TableRow) -> str:
    return f"{table.anchor}:{row.pk}"


def is_annex(anchor: str) -> bool:
    return anchor.startswith(FORM.annexes.anchor_prefix)


def question_of(anchor: str) -> Question | None:
    return FORM.question(anchor)
