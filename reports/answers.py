"""A report's answers to the form (reports/form.py), read from where they are stored.

`Answers(report)` reads each kind of storage once (the report's own fields, its regions, the
rows of each table's model, the SDG ratings, the self-assessment) and gives every question its
raw value: text, a date, a choice's value, a list of values, {row: answer}, region entries or
table rows. With `public_only`, a confidential question is refused, and the self-assessment is
never read: the public outputs cannot reach it by mistake.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.db import models

from reports.form import (
    FORM,
    Choices,
    Given,
    Matrix,
    Page,
    Question,
    RegionList,
    Table,
)
from reports.models import MonitoringReport, ReportRegion
from reports.models.monitoring import TableRow

if TYPE_CHECKING:
    from reports.models.self_assessment import SelfAssessment


class ConfidentialRefused(Exception):
    """A public output asked for a confidential answer."""


class Answers:
    def __init__(self, report: MonitoringReport, public_only: bool = False):
        self.report = report
        self.public_only = public_only
        self._rows: dict[type[TableRow], list[TableRow]] = {}

    @cached_property
    def assessment(self) -> SelfAssessment | None:
        # Imported here: only confidential answers need it.
        from reports.models.self_assessment import SelfAssessment

        return SelfAssessment.objects.filter(report=self.report).first()

    @cached_property
    def regions(self) -> list[ReportRegion]:
        return list(self.report.regions.select_related("region__country", "named_country"))

    def owner(self, question: Question) -> models.Model | None:
        """The object whose fields hold the question's answer: None if not there yet."""
        if self.public_only and not question.public:
            raise ConfidentialRefused(question.anchor)
        if question.model is MonitoringReport:
            return self.report
        return self.assessment

    def value(self, question: Question) -> Any:
        owner = self.owner(question)
        if isinstance(question, Given):
            return question.value(self.report)
        if isinstance(question, RegionList):
            return [entry for entry in self.regions if entry.role == question.role]
        if isinstance(question, Table):
            return self.rows(question, owner)
        if isinstance(question, Matrix):
            if question.stored_in is not None:
                return {
                    getattr(row, question.row_field): getattr(row, question.answer_field)
                    for row in question.stored_in._default_manager.filter(report=self.report)
                }
            return dict(getattr(owner, question.name)) if owner else {}
        if owner is None:
            return [] if isinstance(question, Choices) else None
        return getattr(owner, question.name)

    def rows(self, table: Table, owner: models.Model | None) -> list[TableRow]:
        """The table's rows, in order. One query per model: past and planned events share."""
        if owner is None:
            return []
        model = table.rows_model
        if model not in self._rows:
            self._rows[model] = list(model._default_manager.filter(**{model.owner_field: owner}))
        return [
            row
            for row in self._rows[model]
            if all(getattr(row, name) == value for name, value in table.filters.items())
        ]


def is_answered(question: Question, value: Any) -> bool:
    """Whether anything is given."""
    if isinstance(value, str):
        return bool(value.strip())
    return value is not None and value != [] and value != {}


def is_complete(question: Question, value: Any) -> bool:
    """Whether all is given: every row of a matrix, anything for the rest."""
    if isinstance(question, Matrix):
        return len(value) == len(question.rows)
    return is_answered(question, value)


def missing(page: Page, answers: Answers) -> list[Question]:
    """The page's questions that must be answered and are not."""
    report = answers.report
    return [
        question
        for question in page.questions
        if question.required_for(report)
        and not is_complete(question, answers.value(question))
        and not isinstance(question, Given)
    ]


def missing_answers(
    report: MonitoringReport, answers: Answers | None = None
) -> list[tuple[Page, Question]]:
    """Every mandatory answer still missing, with its page: what blocks submission."""
    answers = answers or Answers(report)
    return [(page, question) for page in FORM.pages for question in missing(page, answers)]
