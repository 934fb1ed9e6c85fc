"""The public part of a published report as data: what the API, the bulk downloads and the
catalogue serialize (issue 14), as the public page and the PDF render it.

It is read from the report's public body (reports/body.py `report_body`, over
`Answers(public_only=True)`, which refuses every confidential question and never reads the
self-assessment), so data and pages cannot disagree on what is public: a question is in
both or in neither, as the form's declaration (reports/form.py) says. Values are as the
public page shows them, in the active language (data outputs activate English): texts, ISO
dates, choices by their labels.

A report's record has four kinds of answer, each a file of its own in the downloads:
`answers` (one per question answered in one value), `tables` (one per table cell), `ratings`
(the SDG matrix: one per goal rated) and `regions` (one per region listed, with its NUTS unit
when linked); and its public annexes. And when it was published: the latest publication,
which is what a reader of the API (its Last-Modified) and of the catalogue cares about.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, Q

from reports.answers import Answers, ConfidentialRefused
from reports.body import Answer, report_body
from reports.form import Matrix, RegionList, Table
from reports.models import Annex, MonitoringReport, ReportRegion, ReportTransition


@dataclass(frozen=True)
class AnswerRecord:
    section: str  # the section's key
    question: str  # the question's key, stable across languages and versions
    label: str  # the question as the form words it (seed 004)
    value: str  # "; "-joined where the answer is a list of choices


@dataclass(frozen=True)
class TableCell:
    table: str
    table_label: str
    row: int  # its position, from 1
    column: str  # the column's field name
    column_label: str
    value: str


@dataclass(frozen=True)
class Rating:
    question: str
    row: str  # the row's code (an SDG's number)
    row_label: str
    rating: str


@dataclass(frozen=True)
class RegionRecord:
    role: str  # RegionRole's value: lead, participating, interested
    role_label: str
    written: str  # as the coordinator wrote it
    nuts_code: str  # "" unless linked to a NUTS unit
    nuts_level: int | None
    nuts_name: str  # the unit's English name; "" unless linked
    country: str  # ISO code: the unit's country, or the one the text names; "" if neither


@dataclass(frozen=True)
class AnnexRecord:
    id: int
    title: str
    description: str
    kind: str  # annex_files.ACCEPTED code: pdf, docx, png…
    media_type: str
    size: int
    path: str  # where it is served (absolute path on this site)


@dataclass
class PublicReport:
    report: MonitoringReport
    answers: list[AnswerRecord] = field(default_factory=list)
    tables: list[TableCell] = field(default_factory=list)
    ratings: list[Rating] = field(default_factory=list)
    regions: list[RegionRecord] = field(default_factory=list)
    annexes: list[AnnexRecord] = field(default_factory=list)
    # Its latest publication (a report withdrawn and published again: the second); None for
    # a report never published, such as the preview's.
    published_at: datetime.datetime | None = None


def public_report(report: MonitoringReport, answers: Answers | None = None) -> PublicReport:
    """The public record of `report`. `answers`: its public answers, read beforehand."""
    published = publication_times([report]).get(report.pk)
    return record_of(report, answers or Answers(report, public_only=True), published)


def public_reports(reports: Sequence[MonitoringReport]) -> list[PublicReport]:
    """The public records of many reports, their answers read with one query per kind of
    storage whatever their number, and their publications with one more."""
    together = Answers.read_together(reports, public_only=True)
    published = publication_times(reports)
    return [record_of(report, together[report.pk], published.get(report.pk)) for report in reports]


def record_of(
    report: MonitoringReport, answers: Answers, published_at: datetime.datetime | None
) -> PublicReport:
    if not answers.public_only:
        raise ConfidentialRefused("The public record is made from public answers only.")
    body = report_body(report, answers=answers)
    record = PublicReport(report, published_at=published_at)
    for body_section in body.public:
        for part in body_section.parts:
            for _title, shown in part.groups:
                for answer in shown:
                    add_answer(record, body_section.key, answer)
    record.annexes = [annex_record(annex) for annex in body.public_annexes]
    return record


def publication_times(reports: Sequence[MonitoringReport]) -> dict[int, datetime.datetime]:
    """{report's pk: its latest publication} for those of `reports` ever published: one query."""
    transitions = ReportTransition.objects.filter(
        report__in=[report.pk for report in reports], to_state=MonitoringReport.State.PUBLISHED
    )
    return dict(transitions.values("report").annotate(at=Max("at")).values_list("report", "at"))


def reports_changed() -> datetime.datetime | None:
    """When a report was last published or withdrawn: the last change of what the public
    reads across reports (the API's lists, the region, country and platform pages)."""
    public_changes = ReportTransition.objects.filter(
        Q(to_state=MonitoringReport.State.PUBLISHED)
        | Q(from_state=MonitoringReport.State.PUBLISHED)
    )
    return public_changes.aggregate(at=Max("at"))["at"]


def add_answer(record: PublicReport, section: str, answer: Answer) -> None:
    question = answer.question
    if question.kind == "given":
        return  # the partnership and period: the report's own fields in every output
    if isinstance(question, Table):
        record.tables += [
            TableCell(
                question.key,
                str(question.text),
                row.position,
                cell.column.name,
                str(cell.column.text),
                as_text(cell.value) + (f" {cell.detail}" if cell.detail else ""),
            )
            for row in answer.rows
            for cell in row.cells
        ]
    elif isinstance(question, Matrix):
        record.ratings += [
            Rating(question.key, str(row), str(label), str(rating))
            for row, label, rating in answer.value
        ]
    elif isinstance(question, RegionList):
        record.regions += [region_record(entry) for entry in answer.value]
    else:
        record.answers.append(
            AnswerRecord(section, question.key, str(question.text), as_text(answer.value))
        )


def region_record(entry: ReportRegion) -> RegionRecord:
    unit = entry.region if entry.is_linked else None
    country = unit.country if unit else entry.named_country
    return RegionRecord(
        role=entry.role,
        role_label=str(entry.get_role_display()),
        written=entry.written,
        nuts_code=(unit.nuts_code or "") if unit else "",
        nuts_level=unit.nuts_level if unit else None,
        nuts_name=unit.name_en if unit else "",
        country=country.code if country else "",
    )


def annex_record(annex: Annex) -> AnnexRecord:
    kind = annex.file_kind
    return AnnexRecord(
        id=annex.pk,
        title=annex.title,
        description=annex.description,
        kind=annex.kind,
        media_type=kind.media_type,
        size=annex.size,
        path=annex.get_absolute_url(),
    )


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return str(value)
