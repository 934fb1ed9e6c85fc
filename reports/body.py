"""A report's answers as people read them, in the form's order (reports/form.py).

The one structure every page that shows a report renders, through the one template
templates/reports/includes/report_body.html: the public page, the preview, the reviewers'
page, the coordinators' review step and the PDF. Its public sections are the public projection
of the form: they never read the self-assessment (reports/answers.py refuses).

Each answer and table row has a Slot: what a page adds around it. The reviewers' page fills
slots with remarks and "Remark" links, the coordinators' review with carried-over marks; the
public gets plain slots.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.text import slugify

from reports.answers import Answers
from reports.form import (
    FORM,
    Choice,
    Choices,
    Column,
    Matrix,
    Question,
    RegionList,
    Section,
    Table,
    Text,
    model_field,
)
from reports.models import Annex, MonitoringReport
from reports.models.monitoring import TableRow

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass
class Slot:
    anchor: str
    label: str = ""
    remarks: list = field(default_factory=list)
    carried_over: bool = False

    @property
    def dom_id(self) -> str:
        return "about-" + slugify(self.anchor.replace(":", "-"))


SlotFactory = Callable[[str, bool], Slot]


def plain_slot(anchor: str, carried_over: bool = False) -> Slot:
    """No marks and no remarks: the report as the public reads it."""
    return Slot(anchor)


def carried_over_slot(anchor: str, carried_over: bool = False) -> Slot:
    return Slot(anchor, carried_over=carried_over)


@dataclass
class Cell:
    column: Column
    value: Any
    detail: str = ""

    @property
    def is_quantity(self) -> bool:
        """A number (an amount in euros), read with its thousands grouped."""
        return isinstance(self.value, int) and not isinstance(self.value, bool)


@dataclass
class Row:
    position: int
    cells: list[Cell]
    slot: Slot


@dataclass
class Answer:
    question: Question
    label: StrOrPromise  # its question's heading, or the question itself
    value: Any  # as shown: text, a date, a choice's label, [labels], [(row, answer)], entries
    slot: Slot | None
    level: int = 4  # of its question's heading
    rows: list[Row] = field(default_factory=list)  # a table's

    @property
    def template(self) -> str:
        return f"reports/body/{self.question.kind}.html"

    @property
    def marked_as_a_whole(self) -> bool:
        """Carried over as one answer: a region list's entries are marked one by one."""
        return not isinstance(self.question, RegionList)


@dataclass
class Part:
    """A page of the form, as a part of its section."""

    heading: StrOrPromise
    anchor_id: str
    groups: list[tuple[StrOrPromise, list[Answer]]]
    level: int  # of its heading, and of its groups' titles


@dataclass
class BodySection:
    section: Section
    parts: list[Part]
    level: int  # of its heading

    @property
    def key(self) -> str:
        return self.section.key

    @property
    def title(self) -> StrOrPromise:
        return self.section.title

    @property
    def compact(self) -> bool:
        return self.section.compact

    @property
    def headed_parts(self) -> list[Part]:
        """Its parts with a heading of their own: the PDF's contents list them."""
        return [part for part in self.parts if part.heading]


@dataclass
class Body:
    sections: list[BodySection]
    # The files attached (templates/reports/includes/annexes.html): only the public ones,
    # unless the body is the confidential one too.
    annexes: list[Annex] = field(default_factory=list)
    # That of the annexes' heading: the sections'.
    annex_level: int = 3

    @property
    def public(self) -> list[BodySection]:
        return [part for part in self.sections if part.section.public]

    @property
    def confidential(self) -> list[BodySection]:
        return [part for part in self.sections if not part.section.public]

    @property
    def public_annexes(self) -> list[Annex]:
        return [annex for annex in self.annexes if annex.is_public]

    @property
    def confidential_annexes(self) -> list[Annex]:
        return [annex for annex in self.annexes if not annex.is_public]

    def slots(self) -> Iterator[Slot]:
        """Every slot, in order: the reviewers' page lists those carried over."""
        for body_section in self.sections:
            for part in body_section.parts:
                for _title, answers in part.groups:
                    for answer in answers:
                        if answer.slot:
                            yield answer.slot
                        yield from (row.slot for row in answer.rows)


def report_body(
    report: MonitoringReport,
    slot: SlotFactory = plain_slot,
    confidential: bool = False,
    heading_level: int = 3,
    answers: Answers | None = None,
    as_asked: bool = False,
) -> Body:
    """The report's public sections, and with `confidential` its self-assessment too.
    `heading_level`: that of the sections' headings; parts and questions come below.
    Each answer is headed by its question's statement ("Leading regions"), as the public
    reads it, or `as_asked`, by the question as the form asks it, for the reviewers, who
    remark on what the coordinators were asked."""
    answers = answers or Answers(report, public_only=not confidential)
    sections = []
    part_level = heading_level + 1
    for section in FORM.sections:
        if not (section.public or confidential):
            continue
        parts = []
        for page in section.pages:
            groups = []
            for group in page.groups:
                question_level = part_level + (1 if page.heading or group.title else 0)
                groups.append(
                    (
                        group.title,
                        [
                            shown(question, answers, slot, question_level, as_asked)
                            for question in group.questions
                        ],
                    )
                )
            parts.append(Part(page.heading, f"part-{page.slug}", groups, part_level))
        sections.append(BodySection(section, parts, heading_level))
    for annex in answers.annexes:
        # Its remarks and "Remark" link on the reviewers' page, its mark where carried over.
        annex.slot = slot(annex.anchor, annex.carried_over)  # type: ignore[attr-defined]
    return Body(sections, annexes=answers.annexes, annex_level=heading_level)


def shown(
    question: Question, answers: Answers, slot: SlotFactory, level: int, as_asked: bool
) -> Answer:
    value = answers.value(question)
    report = answers.report
    label = question.text if as_asked else question.statement
    if isinstance(question, Table):
        rows = [
            Row(
                row.position,
                [cell(column, row) for column in question.columns],
                slot(f"{question.anchor}:{row.pk}", getattr(row, "carried_over", False)),
            )
            for row in value
        ]
        # Remarks are on its rows, not on the table as a whole.
        return Answer(question, label, None, None, level, rows)
    if isinstance(question, RegionList):
        carried = any(entry.carried_over for entry in value)
        return Answer(question, label, value, slot(question.anchor, carried), level)
    carried = isinstance(question, Text) and question.name in report.carried_over_fields
    answer_slot = None if question.kind == "given" else slot(question.anchor, carried)
    return Answer(question, label, displayed(question, value), answer_slot, level)


def displayed(question: Question, value: Any) -> Any:
    """A raw answer as people read it: choices by their labels."""
    if isinstance(question, Choice):
        return dict(model_field(question.model, question.name).flatchoices).get(value, value)
    if isinstance(question, Choices):
        return [question.options(item).label for item in value]
    if isinstance(question, Matrix):
        scale = dict(question.scale.choices)
        return [(row, label, scale[value[row]]) for row, label in question.rows if row in value]
    return value


def cell(column: Column, row: TableRow) -> Cell:
    choices = model_field(type(row), column.name).choices
    value = getattr(row, column.name)
    if choices and value:
        value = dict(choices).get(value, value)
    return Cell(column, value, getattr(row, column.detail) if column.detail else "")
