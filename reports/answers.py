"""A report's answers to the form (reports/form.py), read from where they are stored.

`Answers(report)` reads each kind of storage once (the report's own fields, its regions, the
rows of each table's model, the SDG ratings, the self-assessment) and gives every question its
raw value: text, a date, a choice's value, a list of values, {row: answer}, region entries or
table rows. With `public_only`, a confidential question is refused, and the self-assessment is
never read: the public outputs cannot reach it by mistake. `read_together` reads the answers
of many reports with one query per kind of storage, whatever their number (a list of reports
that shows how far each is).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Prefetch, prefetch_related_objects

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
from reports.models import Annex, MonitoringReport, ReportRegion
from reports.models.monitoring import TableRow

if TYPE_CHECKING:
    from reports.models.self_assessment import SelfAssessment


class ConfidentialRefused(Exception):
    """A public output asked for a confidential answer."""


# A report's regions with the units and countries they name (`MonitoringReport.read_regions`),
# prefetched with the report: a page that only reads reads them once.
REGIONS = Prefetch(
    "regions", queryset=ReportRegion.objects.select_related("region__country", "named_country")
)


class Answers:
    def __init__(self, report: MonitoringReport, public_only: bool = False):
        self.report = report
        self.public_only = public_only
        # The rows each model of rows (a table's, a matrix's) holds for this report.
        self._stored: dict[type[models.Model], list[Any]] = {}

    @cached_property
    def assessment(self) -> SelfAssessment | None:
        # Imported here: only confidential answers need it.
        from reports.models.self_assessment import SelfAssessment

        return SelfAssessment.objects.filter(report=self.report).first()

    @cached_property
    def regions(self) -> list[ReportRegion]:
        return list(self.report.read_regions())

    @cached_property
    def annexes(self) -> list[Annex]:
        """The files attached, in order: all of them, or only the public ones."""
        annexes = self.report.annexes.all()
        if self.public_only:
            annexes = annexes.filter(visibility=FORM.annexes.public_visibility)
        found = list(annexes)
        for annex in found:
            annex.report = self.report  # their addresses name its partnership and period
        return found

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
                    for row in self.stored(question.stored_in, "report", self.report)
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
        return [
            row
            for row in self.stored(model, model.owner_field, owner)
            if all(getattr(row, name) == value for name, value in table.filters.items())
        ]

    def stored(self, model: type[models.Model], owner_field: str, owner: models.Model) -> list:
        """The rows of `model` that `owner` (the report, or its self-assessment) holds."""
        if model not in self._stored:
            self._stored[model] = list(model._default_manager.filter(**{owner_field: owner}))
        return self._stored[model]

    @classmethod
    def read_together(
        cls, reports: Sequence[MonitoringReport], public_only: bool = False
    ) -> dict[int, Answers]:
        """{report's pk: its Answers}, read with one query per kind of storage for all of
        `reports` rather than per report."""
        together = {report.pk: cls(report, public_only) for report in reports}
        if not reports:
            return together
        prefetch_related_objects(list(reports), REGIONS)
        # The answers of each owner of rows, by the owner's pk: the reports, and (unless public
        # only) their self-assessments.
        owners: dict[str, dict[int, Answers]] = {"report": together}
        if not public_only:
            owners["self_assessment"] = cls._read_assessments(together)
        annexes = Annex.objects.filter(report__in=list(together))
        if public_only:
            annexes = annexes.filter(visibility=FORM.annexes.public_visibility)
        for answers in together.values():
            answers.annexes = []
        for annex in annexes:
            answers = together[annex.report_id]
            annex.report = answers.report
            answers.annexes.append(annex)
        for model, owner_field in storages(public_only):
            by_owner = owners[owner_field]
            for answers in by_owner.values():
                answers._stored[model] = []
            for row in model._default_manager.filter(**{f"{owner_field}__in": list(by_owner)}):
                by_owner[getattr(row, f"{owner_field}_id")]._stored[model].append(row)
        return together

    @staticmethod
    def _read_assessments(together: dict[int, Answers]) -> dict[int, Answers]:
        """Give each of the answers its report's self-assessment, read at once; returns the
        answers by their self-assessment's pk."""
        from reports.models.self_assessment import SelfAssessment

        assessments = SelfAssessment.objects.filter(report__in=list(together))
        found = {assessment.report_id: assessment for assessment in assessments}
        by_assessment = {}
        for pk, answers in together.items():
            answers.assessment = found.get(pk)
            if answers.assessment is not None:
                by_assessment[answers.assessment.pk] = answers
        return by_assessment


def storages(public_only: bool) -> set[tuple[type[models.Model], str]]:
    """(model, the field naming its owner) of every model whose rows hold answers: the
    tables' and the matrices' stored as rows."""
    found: set[tuple[type[models.Model], str]] = set()
    for question in FORM.questions(public_only=public_only):
        if isinstance(question, Table):
            found.add((question.rows_model, question.rows_model.owner_field))
        elif isinstance(question, Matrix) and question.stored_in is not None:
            found.add((question.stored_in, "report"))
    return found


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
        if not isinstance(question, Given)
        and question.required_for(report)
        and not is_complete(question, answers.value(question))
    ]


def missing_answers(
    report: MonitoringReport, answers: Answers | None = None
) -> list[tuple[Page, Question]]:
    """Every mandatory answer still missing, with its page: what blocks submission."""
    answers = answers or Answers(report)
    return [(page, question) for page in FORM.pages for question in missing(page, answers)]
