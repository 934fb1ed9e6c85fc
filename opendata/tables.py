"""The five tables of the open data, each a serialization of the one public projection
(reports/public_data.py `public_reports`) and nothing else: `reports` (one row per published
report), `answers` (per report × question), `tables` (per report × table × row × column),
`ratings` (per report × SDG rated) and `regions` (per report × region listed).

Every row starts with the report's id, partnership and period, so that each table reads on
its own and joins the others. Values are in English, as the public page words them in
English: the caller activates it.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from reports.models import MonitoringReport
from reports.public_data import AnswerRecord, PublicReport, Rating, RegionRecord, TableCell

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

Value = str | int | None
Row = tuple[Value, ...]

# What every row starts with.
REPORT_KEY = ("report_id", "partnership", "period")


@dataclass(frozen=True)
class Sheet:
    """A table's rows for some reports: what a format writes."""

    name: str
    columns: tuple[str, ...]
    rows: list[Row]


@dataclass(frozen=True)
class Table:
    name: str
    title: StrOrPromise
    description: StrOrPromise  # what one row is, for the /data/ page
    columns: tuple[str, ...]  # after REPORT_KEY, except for `reports`, which has its own
    rows_of: Callable[[PublicReport], Iterable[Row]]

    @property
    def header(self) -> tuple[str, ...]:
        return self.columns if self.name == "reports" else REPORT_KEY + self.columns

    def sheet(self, records: Iterable[PublicReport]) -> Sheet:
        rows: list[Row] = []
        for record in records:
            key = () if self.name == "reports" else report_key(record)
            rows.extend(key + row for row in self.rows_of(record))
        return Sheet(self.name, self.header, rows)


def last_published(report: MonitoringReport) -> datetime.datetime | None:
    """When the report was last published, as opendata.files.published_reports annotates it."""
    published: datetime.datetime | None = getattr(report, "last_published", None)
    return published


def report_key(record: PublicReport) -> Row:
    report = record.report
    return (report.pk, report.partnership.slug, report.period.slug)


def fields_of(items: Iterable[object]) -> Iterator[Row]:
    """Each of the projection's records (a dataclass) as a row, its fields in order."""
    for item in items:
        yield dataclasses.astuple(item)  # type: ignore[call-overload]


def columns_of(record_type: type, **renamed: str) -> tuple[str, ...]:
    """The columns of rows made by `fields_of`: the record's fields, in order, some renamed
    where the file says more plainly what they hold."""
    return tuple(
        renamed.get(name, name) for name in (f.name for f in dataclasses.fields(record_type))
    )


def report_row(record: PublicReport) -> Iterator[Row]:
    report = record.report
    partnership, period = report.partnership, report.period
    page = reverse(
        "reports:public_report", kwargs={"slug": partnership.slug, "period": period.slug}
    )
    pdf = reverse("report_pdf", kwargs={"slug": partnership.slug, "period": period.slug})
    published = last_published(report)
    yield (
        report.pk,
        partnership.slug,
        partnership.short_name,
        partnership.full_name,
        partnership.platform.name,
        period.slug,
        period.start.isoformat(),
        period.end.isoformat(),
        published.date().isoformat() if published else "",
        settings.SITE_URL + page,
        settings.SITE_URL + pdf,
    )


TABLES = (
    Table(
        "reports",
        _("Reports"),
        _(
            "One row per published report: its partnership, platform, period, publication date "
            "and addresses of its page and PDF."
        ),
        (
            "report_id",
            "partnership",
            "partnership_name",
            "partnership_full_name",
            "platform",
            "period",
            "period_start",
            "period_end",
            "published",
            "page_url",
            "pdf_url",
        ),
        report_row,
    ),
    Table(
        "answers",
        _("Answers"),
        _(
            "One row per report and question of its public sections, with the question as the "
            "form words it."
        ),
        columns_of(AnswerRecord),
        lambda record: fields_of(record.answers),
    ),
    Table(
        "tables",
        _("Tables"),
        _(
            "One row per cell of the reports' tables (working areas, past and planned events): "
            "report, table, row and column."
        ),
        columns_of(TableCell),
        lambda record: fields_of(record.tables),
    ),
    Table(
        "ratings",
        _("SDG ratings"),
        _("One row per Sustainable Development Goal a report rates."),
        columns_of(Rating, row="goal", row_label="goal_label"),
        lambda record: fields_of(record.ratings),
    ),
    Table(
        "regions",
        _("Regions"),
        _("One row per region a report lists, with its role, its NUTS code and country."),
        columns_of(RegionRecord),
        lambda record: fields_of(record.regions),
    ),
)
