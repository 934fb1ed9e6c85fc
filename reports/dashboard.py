"""The reviewers' dashboard as data: every active partnership × reporting period, the
report's state, when it was submitted and how late, for a filter by platform, period and
state. The page and both exports read the same rows.

Constant queries whatever the number of partnerships and periods: the platforms and the
periods (for the filter form), one aggregate for the counts per state, one query for the
partnerships of the page and one for their reports with the submission date annotated.
The page is cut in SQL: the rows are ordered by partnership, then period, so each
partnership holds a run of consecutive rows, and a running total (a window function) of
how many rows each partnership has under the filter says which partnerships a page covers.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, F, IntegerField, Max, OuterRef, Q, Subquery, Sum, Value, Window
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from reports.models import (
    MonitoringReport,
    Partnership,
    ReportingPeriod,
    ReportTransition,
    ThematicPlatform,
)

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    class Submitted(TypedDict):
        submitted_at: datetime.datetime | None  # None: never submitted (`submission_dates`)


State = MonitoringReport.State

# A partnership × period without a report. Not a State: no report row holds it.
NOT_STARTED = "not_started"
STATE_CHOICES = [(NOT_STARTED, gettext_lazy("Not started")), *State.choices]
STATE_LABELS = dict(STATE_CHOICES)
# The states in which the report has not (yet) gone to the reviewers: lateness is counted
# against today, not against a submission date.
NOT_SUBMITTED = {NOT_STARTED, State.DRAFT}

ALL_PERIODS = "all"
PER_PAGE = 50

# The table's columns, and so the exports' header: nothing else leaves the dashboard.
COLUMNS = [
    gettext_lazy("Partnership"),
    gettext_lazy("Thematic platform"),
    gettext_lazy("Reporting period"),
    gettext_lazy("Deadline"),
    gettext_lazy("State"),
    gettext_lazy("Submitted"),
    gettext_lazy("Lateness"),
]


@dataclass
class Filters:
    """What the reviewer asked for, after dropping what does not exist (see `notes`)."""

    platforms: list  # every platform, for the form
    all_periods: list  # every period, newest first, for the form
    default_periods: list
    platform: ThematicPlatform | None = None
    period_choice: str = ""  # "" (the default periods), ALL_PERIODS or a period's slug
    state: str = ""  # "" (any), NOT_STARTED or a State value
    notes: list = field(default_factory=list)

    @property
    def periods(self):
        if self.period_choice == ALL_PERIODS:
            return self.all_periods
        if self.period_choice:
            return [period for period in self.all_periods if period.slug == self.period_choice]
        return self.default_periods

    @property
    def state_label(self):
        return STATE_LABELS.get(self.state, "")

    @property
    def default_label(self):
        """How the period filter's default option reads: it says what it selects."""
        if any(period.is_open for period in self.default_periods):
            return _("Open for reporting")
        return _("Latest past its deadline")

    def query(self, **changes):
        """The query string of these filters (only the valid values), with `changes`."""
        values = {
            "platform": self.platform.code if self.platform else "",
            "period": self.period_choice,
            "state": self.state,
            **changes,
        }
        query = QueryDict(mutable=True)
        for name, value in values.items():
            if value not in ("", None):
                query[name] = value
        return query.urlencode()


def default_periods(periods, today):
    """The periods open for reporting; when none is, the latest whose deadline has passed
    (the one reviewers are busy with); failing that, the latest period there is."""
    open_periods = [period for period in periods if period.is_open]
    if open_periods:
        return open_periods
    past = [period for period in periods if period.deadline < today]
    return past[:1] or periods[:1]


def parse_filters(params, today=None):
    """The filters in a query string. Unknown values are ignored, with a note saying so."""
    today = today or timezone.localdate()
    platforms = list(ThematicPlatform.objects.all())
    periods = list(ReportingPeriod.objects.all())
    filters = Filters(
        platforms=platforms, all_periods=periods, default_periods=default_periods(periods, today)
    )

    code = params.get("platform", "")
    if code:
        filters.platform = next((p for p in platforms if p.code == code), None)
        if filters.platform is None:
            filters.notes.append(
                _("There is no thematic platform “%(value)s”; showing all platforms.")
                % {"value": code}
            )

    slug = params.get("period", "")
    if slug == ALL_PERIODS or any(period.slug == slug for period in periods):
        filters.period_choice = slug
    elif slug:
        filters.notes.append(
            _("There is no reporting period “%(value)s”; showing the default periods.")
            % {"value": slug}
        )

    state = params.get("state", "")
    if state in STATE_LABELS:
        filters.state = state
    elif state:
        filters.notes.append(
            _("There is no state “%(value)s”; showing every state.") % {"value": state}
        )
    return filters


def page_number(value, num_pages):
    """(page number, note): a page that is not a number or out of range is not an error."""
    if value in (None, ""):
        return 1, None
    try:
        number = int(value)
    except ValueError:
        return 1, _("There is no page “%(value)s”; showing the first page.") % {"value": value}
    if number < 1:
        return 1, _("There is no page “%(value)s”; showing the first page.") % {"value": value}
    if number > num_pages:
        return num_pages, _("There is no page %(value)s; showing the last page.") % {
            "value": number
        }
    return number, None


def active_partnerships(filters):
    partnerships = Partnership.objects.active()
    if filters.platform:
        partnerships = partnerships.filter(platform=filters.platform)
    return partnerships


def count_states(filters):
    """How many rows each state has under the platform and period filters (the state filter
    aside, so the reviewer sees what the other states hold): {state: count}, in the order
    of STATE_CHOICES, in one query."""
    periods = filters.periods
    if not periods:
        return dict.fromkeys(STATE_LABELS, 0)
    in_periods = Q(reports__period__in=periods)
    totals = active_partnerships(filters).aggregate(
        partnerships=Count("pk", distinct=True),
        **{
            state: Count("reports", filter=in_periods & Q(reports__state=state))
            for state in State.values
        },
    )
    cells = totals.pop("partnerships") * len(periods)
    return {NOT_STARTED: cells - sum(totals.values()), **totals}


def rows_per_partnership(filters):
    """An expression: how many rows a partnership has under the filters."""
    periods = filters.periods
    if not filters.state:
        return Value(len(periods), output_field=IntegerField())
    reports = MonitoringReport.objects.filter(partnership=OuterRef("pk"), period__in=periods)
    if filters.state != NOT_STARTED:
        reports = reports.filter(state=filters.state)
    counted = Coalesce(
        Subquery(
            reports.order_by().values("partnership").annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        ),
        0,
    )
    if filters.state == NOT_STARTED:
        return Value(len(periods), output_field=IntegerField()) - counted
    return counted


def submission_dates():
    """An expression for a report: when it was last submitted."""
    return Subquery(
        ReportTransition.objects.filter(report=OuterRef("pk"), to_state=State.SUBMITTED)
        .order_by()
        .values("report")
        .annotate(last=Max("at"))
        .values("last")
    )


@dataclass
class Row:
    partnership: Partnership
    period: ReportingPeriod
    report: WithAnnotations[MonitoringReport, Submitted] | None
    today: datetime.date

    @property
    def state(self):
        return self.report.state if self.report else NOT_STARTED

    @property
    def state_label(self):
        return STATE_LABELS[self.state]

    @property
    def submitted_on(self):
        at = self.report.submitted_at if self.report else None
        return timezone.localdate(at) if at else None

    @property
    def lateness(self):
        return lateness(self.state, self.period.deadline, self.submitted_on, self.today)

    @property
    def url(self):
        """The report's review page; only a report that exists has one."""
        if self.report is None:
            return None
        return reverse(
            "reports:review_report",
            kwargs={"slug": self.partnership.slug, "period": self.period.slug},
        )

    def values(self):
        """The row as the exports write it, column by column (COLUMNS)."""
        return [
            self.partnership.short_name,
            self.partnership.platform.local_name,
            self.period.label,
            self.period.deadline,
            str(self.state_label),
            self.submitted_on,
            self.lateness[0],
        ]


def lateness(state, deadline, submitted_on, today):
    """(wording, tone) of a report's timing against its deadline; tone is one of "late",
    "on-time", "due" or "" (a report past draft whose submission was never recorded)."""
    if state in NOT_SUBMITTED:
        days = (today - deadline).days
        if days > 0:
            return ngettext("overdue by %(days)d day", "overdue by %(days)d days", days) % {
                "days": days
            }, "late"
        if days == 0:
            return _("due today"), "due"
        return ngettext("due in %(days)d day", "due in %(days)d days", -days) % {
            "days": -days
        }, "due"
    if submitted_on is None:
        return "", ""
    days = (submitted_on - deadline).days
    if days > 0:
        return ngettext("%(days)d day late", "%(days)d days late", days) % {"days": days}, "late"
    return _("on time"), "on-time"


def rows(filters, start=0, stop=None, today=None):
    """The rows [start:stop] of the table under `filters`, in two queries."""
    today = today or timezone.localdate()
    periods = filters.periods
    if not periods or (stop is not None and stop <= start):
        return []
    partnerships = (
        active_partnerships(filters)
        .select_related("platform")
        .only("pk", "short_name", "slug", "platform__name", "platform__name_translations")
        .annotate(row_count=rows_per_partnership(filters))
        .filter(row_count__gt=0)
        .annotate(
            rows_until=Window(Sum("row_count"), order_by=[F("short_name").asc(), F("pk").asc()])
        )
        .order_by("short_name", "pk")
    )
    if start or stop is not None:
        # The partnerships whose run of rows [rows_until - row_count, rows_until) meets the page.
        partnerships = partnerships.filter(rows_until__gt=start)
        if stop is not None:
            partnerships = partnerships.annotate(rows_from=F("rows_until") - F("row_count")).filter(
                rows_from__lt=stop
            )
    partnerships = list(partnerships)
    if not partnerships:
        return []

    reports = MonitoringReport.objects.filter(
        partnership__in=partnerships, period__in=periods
    ).only("pk", "partnership_id", "period_id", "state")
    if filters.state and filters.state != NOT_STARTED:
        reports = reports.filter(state=filters.state)
    by_cell = {
        (report.partnership_id, report.period_id): report
        for report in reports.order_by().annotate(submitted_at=submission_dates())
    }

    selected = []
    for partnership in partnerships:
        for period in periods:
            report = by_cell.get((partnership.pk, period.pk))
            if filters.state and (report.state if report else NOT_STARTED) != filters.state:
                continue
            selected.append(Row(partnership, period, report, today))
    first = partnerships[0].rows_until - partnerships[0].row_count
    return selected[start - first : None if stop is None else stop - first]


def export_name(filters, extension, today=None):
    """E.g. "s3-review-2021-h1-submitted-2026-11-22.csv"."""
    today = today or timezone.localdate()
    parts = [
        "s3-review",
        filters.platform.code.lower() if filters.platform else "",
        filters.period_choice,
        filters.state.replace("_", "-"),
        today.isoformat(),
    ]
    return "-".join(part for part in parts if part) + f".{extension}"


def spreadsheet_text(value):
    """A name typed by someone ("=HYPERLINK(…)") must reach a spreadsheet as text, never run
    as a formula: a leading quote is how spreadsheets mark a cell as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(table_rows):
    """The rows as CSV text, header first; dates as YYYY-MM-DD."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([str(column) for column in COLUMNS])
    for row in table_rows:
        writer.writerow(
            [
                value.isoformat() if isinstance(value, datetime.date) else spreadsheet_text(value)
                for value in (v if v is not None else "" for v in row.values())
            ]
        )
    return out.getvalue()


def to_xlsx(table_rows, title):
    """The rows as an Excel workbook (bytes): a bold, frozen header and real date cells."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    for letter, width in zip("ABCDEFG", (32, 28, 24, 12, 22, 12, 20), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    header = []
    for column in COLUMNS:
        cell = WriteOnlyCell(sheet, value=str(column))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in table_rows:
        cells = []
        for value in row.values():
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(value, str):
                # Text stays text: openpyxl would otherwise store "=…" as a formula.
                cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def describe(filters):
    """What the table shows, in words, for its caption."""
    periods = filters.periods
    if filters.period_choice == ALL_PERIODS:
        when = _("all reporting periods")
    elif len(periods) == 1:
        when = periods[0].label
    else:
        when = get_text_list([period.label for period in periods], _("and"))
    where = filters.platform.local_name if filters.platform else _("all thematic platforms")
    return _("%(where)s, %(when)s") % {"where": where, "when": when}
