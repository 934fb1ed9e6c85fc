"""The reviewers' period synthesis: what a half-year's reports say together, each figure
beside the previous period's, for the platform team to present at a steering committee.

Reviewer-only: the pipeline and the problem flags come from the confidential
self-assessment, so no public module may import this one (tests/test_public_import_graph.py
forbids the self-assessment to public outputs, and this module imports it).

What counts:
- expected: the active partnerships × the period, as on the review dashboard; a report's
  state, on-time and late come from the dashboard's rows (`reports.dashboard.Row`);
- everything a report says (regions, working areas, events, projects, EU13, problems)
  comes from the reports *received*: submitted to the reviewers at least once (every state
  but draft). A draft is unfinished: its half-typed region list would read as regions
  leaving;
- regions are the same region when linked to the same NUTS unit; otherwise by their name as
  written, whatever the case and spacing. Working areas by name, the same way.

Constant queries whatever the number of reports: the previous period, the partnerships, the
reports, then one query each for regions, working areas, events, projects and
self-assessments (`load`).
"""

from __future__ import annotations

import datetime
import io
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reports.dashboard import STATE_CHOICES, Row, spreadsheet_text, submission_dates
from reports.form import FORM
from reports.models import (
    Event,
    MonitoringReport,
    Partnership,
    ReportingPeriod,
    ReportRegion,
    ThematicPlatform,
    WorkingArea,
)
from reports.models.self_assessment import (
    MANY_OBSTACLES,
    Obstacle,
    PipelineProject,
    SelfAssessment,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise, WithAnnotations

    from reports.dashboard import Submitted

    # A report with the time it was last submitted, as the dashboard's rows read it.
    SubmittedReport = WithAnnotations[MonitoringReport, Submitted]

State = MonitoringReport.State
RECEIVED_STATES = [state for state in State.values if state != State.DRAFT]

XLSX_SHEET_NAME = 31  # Excel's limit on a sheet's name
CONFIDENTIAL_NOTE = gettext_lazy(
    "Confidential: figures from the partnerships' self-assessments, for the reviewers and the "
    "platform team only. Never to be published."
)


# --- Figures and tables -------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A count this period beside the previous period's (None: no previous period)."""

    current: int
    previous: int | None

    @property
    def change(self) -> int | None:
        return None if self.previous is None else self.current - self.previous

    @property
    def arrow(self) -> str:
        """▲ up, ▼ down; nothing when unchanged or not comparable."""
        change = self.change
        if not change:
            return ""
        return "▲" if change > 0 else "▼"

    @property
    def sign(self) -> str:
        """ "+", "−" (a minus, not a hyphen) or "±" for no change; "" when not comparable."""
        change = self.change
        if change is None:
            return ""
        return "±" if change == 0 else "+" if change > 0 else "−"

    @property
    def size(self) -> int:
        """How much it changed, whichever the direction."""
        return abs(self.change or 0)

    @property
    def change_text(self) -> str:
        """The difference as "+3", "−2" or "±0"; "" when there is nothing to compare."""
        return f"{self.sign}{self.size}" if self.sign else ""

    def __str__(self) -> str:
        if self.change is None:
            return str(self.current)
        return f"{self.current} ({self.arrow} {self.change_text})".replace("( ", "(")


@dataclass(frozen=True)
class Column:
    label: StrOrPromise
    # A column of Figures: the exports write each as the count and its change.
    compared: bool = False


@dataclass
class Table:
    """One table of the synthesis, as the page, the spreadsheet and the PDF show it."""

    key: str
    title: str
    intro: str
    columns: list[Column]
    rows: Sequence[Sequence[object]] = field(default_factory=list)
    confidential: bool = False
    empty: str = ""
    # A headline figure above the table, for a table that lists only this period's rows.
    summary: tuple[str, Figure] | None = None
    # In the PDF brief for the steering committee; the list for cleaning is not.
    in_brief: bool = True

    def spreadsheet_header(self) -> list[str]:
        header: list[str] = []
        for column in self.columns:
            header.append(str(column.label))
            if column.compared:
                header.append(_("%(figure)s: change") % {"figure": column.label})
        return header

    def spreadsheet_rows(self) -> list[list[object]]:
        """Each Figure as two cells, the count and its change (empty without a previous
        period); every other cell as a plain value."""
        rows = []
        for row in self.rows:
            cells: list[object] = []
            for column, value in zip(self.columns, row, strict=True):
                if column.compared and isinstance(value, Figure):
                    cells.extend([value.current, value.change])
                elif column.compared:
                    cells.extend([value, None])
                elif isinstance(value, int):
                    cells.append(value)
                else:
                    cells.append(spreadsheet_text(str(value)))
            rows.append(cells)
        return rows

    @property
    def is_wide(self) -> bool:
        """Too wide for a phone's screen: each row is shown as a card there."""
        return len(self.columns) > 3

    def display_rows(self) -> list[list[tuple[Column, object]]]:
        """The rows with each cell's column, for the templates (a compared column's cell is
        a Figure, shown with its change)."""
        return [list(zip(self.columns, row, strict=True)) for row in self.rows]


@dataclass
class Synthesis:
    period: ReportingPeriod
    previous: ReportingPeriod | None
    today: datetime.date
    received: Figure | None = None
    expected: int = 0
    tables: list[Table] = field(default_factory=list)

    @property
    def has_begun(self) -> bool:
        return self.period.start <= self.today

    @property
    def has_reports(self) -> bool:
        return bool(self.tables)

    @property
    def confidential_note(self) -> StrOrPromise:
        return CONFIDENTIAL_NOTE

    def comparison(self) -> str:
        """What every figure is compared with, in words."""
        if self.previous is None:
            return _("There is no previous period to compare with.")
        return _("Each figure is compared with %(previous)s: ▲ more, ▼ fewer.") % {
            "previous": self.previous.label
        }


# --- Loading ------------------------------------------------------------------------------------


def previous_period(period: ReportingPeriod) -> ReportingPeriod | None:
    year, half = (period.year, 1) if period.half == 2 else (period.year - 1, 2)
    return ReportingPeriod.objects.filter(year=year, half=half).first()


@dataclass
class Loaded:
    """What the reports of two periods hold, read in constant queries."""

    partnerships: list[Partnership]
    reports: Mapping[tuple[int, int], SubmittedReport]  # (partnership, period) -> report
    regions: dict[int, list[ReportRegion]]  # report -> its region entries
    areas: dict[int, list[str]]  # report -> its working areas' titles
    events: dict[int, Counter[str]]  # report -> {kind: count}
    assessments: dict[int, SelfAssessment]
    pipeline: Sequence[Mapping[str, Any]]  # PipelineProject.totals

    def report(
        self, partnership: Partnership, period: ReportingPeriod | None
    ) -> SubmittedReport | None:
        if period is None:
            return None
        return self.reports.get((partnership.pk, period.pk))

    def received(
        self, partnership: Partnership, period: ReportingPeriod | None
    ) -> SubmittedReport | None:
        """Its report of `period` if it reached the reviewers, else None."""
        report = self.report(partnership, period)
        return report if report is not None and report.state in RECEIVED_STATES else None


def load(periods: list[ReportingPeriod]) -> Loaded:
    partnerships = list(
        Partnership.objects.active()
        .select_related("platform")
        .order_by("platform__name", "short_name", "pk")
    )
    reports = (
        MonitoringReport.objects.filter(period__in=periods, partnership__is_active=True)
        .only("pk", "partnership_id", "period_id", "state")
        .order_by()
    )
    received: QuerySet[MonitoringReport] = reports.filter(state__in=RECEIVED_STATES)
    received_ids = received.values("pk")
    by_cell = {
        (report.partnership_id, report.period_id): report
        for report in reports.annotate(submitted_at=submission_dates())
    }

    regions: dict[int, list[ReportRegion]] = defaultdict(list)
    for entry in ReportRegion.objects.filter(report__in=received_ids).select_related(
        "region__country", "named_country"
    ):
        regions[entry.report_id].append(entry)

    areas: dict[int, list[str]] = defaultdict(list)
    for report_id, name in WorkingArea.objects.filter(report__in=received_ids).values_list(
        "report_id", FORM.table_of(WorkingArea).title_column.name
    ):
        areas[report_id].append(name)

    events: dict[int, Counter[str]] = defaultdict(Counter)
    for row in (
        Event.objects.filter(report__in=received_ids)
        .values("report_id", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        events[row["report_id"]][row["kind"]] = row["n"]

    assessments = {
        assessment.report_id: assessment
        for assessment in SelfAssessment.objects.filter(report__in=received_ids).only(
            *SelfAssessment.PROBLEM_FIELDS
        )
    }
    pipeline = PipelineProject.totals(received_ids)
    return Loaded(partnerships, by_cell, regions, areas, events, assessments, pipeline)


# --- Building -----------------------------------------------------------------------------------


def build(period: ReportingPeriod, today: datetime.date) -> Synthesis:
    """The synthesis of `period` (saved, or a future one not yet created)."""
    previous = previous_period(period) if period.pk else None
    synthesis = Synthesis(period, previous, today)
    if not period.pk or not synthesis.has_begun:
        return synthesis
    data = load([p for p in (period, previous) if p is not None])
    if not any(period_id == period.pk for _partnership, period_id in data.reports):
        return synthesis
    synthesis.expected = len(data.partnerships)
    synthesis.received = figure(data, period, previous, lambda p, r: 1)
    synthesis.tables = [
        reports_table(data, period, previous, today),
        platforms_table(data, period, previous),
        partnerships_table(data, period, previous),
        cleaning_table(data, period),
        eu13_table(data, period, previous),
        pipeline_table(data, period, previous, "stage"),
        pipeline_table(data, period, previous, "source"),
        problems_table(data, period, previous),
    ]
    return synthesis


def over(
    count: Callable[[ReportingPeriod], int],
    period: ReportingPeriod,
    previous: ReportingPeriod | None,
) -> Figure:
    """`count` of the period beside `count` of the previous one."""
    return Figure(count(period), None if previous is None else count(previous))


def pick(now: Counter[str], before: Counter[str] | None, key: str) -> Figure:
    """One key of two periods' Counters as a Figure."""
    return Figure(now[key], None if before is None else before[key])


def figure(
    data: Loaded,
    period: ReportingPeriod,
    previous: ReportingPeriod | None,
    count: Callable[[Partnership, MonitoringReport], int],
    partnerships: Iterable[Partnership] | None = None,
) -> Figure:
    """Sum of `count(partnership, report)` over the received reports of each period."""
    members = list(partnerships if partnerships is not None else data.partnerships)

    def total(of_period: ReportingPeriod) -> int:
        return sum(
            count(partnership, report)
            for partnership in members
            if (report := data.received(partnership, of_period)) is not None
        )

    return over(total, period, previous)


def reports_table(
    data: Loaded, period: ReportingPeriod, previous: ReportingPeriod | None, today: datetime.date
) -> Table:
    def states(of_period: ReportingPeriod) -> Counter[str]:
        counted: Counter[str] = Counter()
        for partnership in data.partnerships:
            row = Row(partnership, of_period, data.report(partnership, of_period), today)
            counted[row.state] += 1
            counted["tone-" + row.lateness[1]] += 1
        return counted

    now = states(period)
    before = states(previous) if previous else None

    expected = len(data.partnerships)
    rows: list[list[object]] = [
        [_("Reports expected (active partnerships)"), over(lambda _p: expected, period, previous)]
    ]
    rows += [[label, pick(now, before, state)] for state, label in STATE_CHOICES]
    rows += [
        [_("Submitted on time"), pick(now, before, "tone-on-time")],
        [
            _("Late (submitted late, or not submitted and past the deadline)"),
            pick(now, before, "tone-late"),
        ],
    ]
    return Table(
        "reports",
        _("Reports"),
        _(
            "Every active partnership is expected to report. The deadline of %(period)s is "
            "%(deadline)s; a report not submitted by then counts as late."
        )
        % {"period": period.label, "deadline": date_format(period.deadline, "DATE_FORMAT")},
        [Column(_("Figure")), Column(_("Reports"), compared=True)],
        rows,
    )


# --- Regions and working areas ------------------------------------------------------------------


def region_key(entry: ReportRegion) -> str:
    """The same region in two reports: its NUTS unit when linked, else its name as written."""
    if entry.is_linked and entry.region is not None:
        return f"nuts:{entry.region.pk}"
    return "text:" + name_key(entry.written)


def region_label(entry: ReportRegion) -> str:
    return str(entry.region) if entry.is_linked else entry.written


def name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


@dataclass
class Changes:
    """What joined and left a partnership between its two reports (None: nothing to compare)."""

    joined: list[str] | None
    left: list[str] | None

    @property
    def joined_count(self) -> int:
        return len(self.joined or [])

    @property
    def left_count(self) -> int:
        return len(self.left or [])

    @property
    def to_show(self) -> bool:
        """Something joined or left, or there was nothing to compare with."""
        return self.joined is None or bool(self.joined_count or self.left_count)


def compare_named(before: dict[str, str] | None, now: dict[str, str]) -> Changes:
    """{key: label} of two reports -> the labels added and dropped."""
    if before is None:
        return Changes(None, None)
    return Changes(
        sorted(label for key, label in now.items() if key not in before),
        sorted(label for key, label in before.items() if key not in now),
    )


def changes(
    data: Loaded,
    partnership: Partnership,
    period: ReportingPeriod,
    previous: ReportingPeriod | None,
    named: Callable[[MonitoringReport], dict[str, str]],
) -> Changes:
    """What joined and left between the partnership's two reports, `named` giving each
    report's {key: label}."""
    now = data.received(partnership, period)
    before = data.received(partnership, previous)
    if now is None:
        return Changes(None, None)
    return compare_named(named(before) if before else None, named(now))


def region_changes(
    data: Loaded,
    partnership: Partnership,
    period: ReportingPeriod,
    previous: ReportingPeriod | None,
) -> Changes:
    def named(report: MonitoringReport) -> dict[str, str]:
        return {region_key(e): region_label(e) for e in data.regions.get(report.pk, [])}

    return changes(data, partnership, period, previous, named)


def area_changes(
    data: Loaded,
    partnership: Partnership,
    period: ReportingPeriod,
    previous: ReportingPeriod | None,
) -> Changes:
    def named(report: MonitoringReport) -> dict[str, str]:
        return {name_key(name): name for name in data.areas.get(report.pk, [])}

    return changes(data, partnership, period, previous, named)


def platforms_table(
    data: Loaded, period: ReportingPeriod, previous: ReportingPeriod | None
) -> Table:
    by_platform: dict[ThematicPlatform, list[Partnership]] = defaultdict(list)
    for partnership in data.partnerships:
        by_platform[partnership.platform].append(partnership)
    rows = []
    for platform, members in by_platform.items():
        regions = [region_changes(data, p, period, previous) for p in members]
        areas = [area_changes(data, p, period, previous) for p in members]
        rows.append(
            [
                platform.local_name,
                figure(data, period, previous, lambda p, r: 1, members),
                figure(
                    data, period, previous, lambda p, r: len(data.regions.get(r.pk, [])), members
                ),
                sum(change.joined_count for change in regions),
                sum(change.left_count for change in regions),
                sum(change.joined_count for change in areas),
                sum(change.left_count for change in areas),
                figure(
                    data, period, previous, lambda p, r: data.events[r.pk][Event.Kind.PAST], members
                ),
                figure(
                    data,
                    period,
                    previous,
                    lambda p, r: data.events[r.pk][Event.Kind.PLANNED],
                    members,
                ),
            ]
        )
    return Table(
        "platforms",
        _("Per thematic platform"),
        _(
            "Reports received, regions named, regions and working areas joined and left since "
            "the previous period, events held in the period and planned after it."
        ),
        [
            Column(_("Thematic platform")),
            Column(_("Reports received"), compared=True),
            Column(_("Regions named"), compared=True),
            Column(_("Regions joined")),
            Column(_("Regions left")),
            Column(_("Working areas added")),
            Column(_("Working areas dropped")),
            Column(_("Events held"), compared=True),
            Column(_("Events planned"), compared=True),
        ],
        rows,
    )


def listed(names: list[str] | None) -> str:
    if names is None:
        return _("no earlier report to compare")
    return "; ".join(names) or "—"


def partnerships_table(
    data: Loaded, period: ReportingPeriod, previous: ReportingPeriod | None
) -> Table:
    rows = []
    for partnership in data.partnerships:
        if data.received(partnership, period) is None:
            continue
        regions = region_changes(data, partnership, period, previous)
        areas = area_changes(data, partnership, period, previous)
        if not (regions.to_show or areas.to_show):
            continue
        rows.append(
            [
                partnership.short_name,
                partnership.platform.local_name,
                listed(regions.joined),
                listed(regions.left),
                listed(areas.joined),
                listed(areas.left),
            ]
        )
    return Table(
        "partnerships",
        _("Per partnership: regions and working areas"),
        _(
            "The partnerships whose regions or working areas changed since their report of the "
            "previous period, or that have none to compare with. Regions are the same when "
            "linked to the same NUTS unit, otherwise when written alike."
        ),
        [
            Column(_("Partnership")),
            Column(_("Thematic platform")),
            Column(_("Regions joined")),
            Column(_("Regions left")),
            Column(_("Working areas added")),
            Column(_("Working areas dropped")),
        ],
        rows,
        empty=_("No partnership's regions or working areas changed since the previous period."),
    )


def cleaning_table(data: Loaded, period: ReportingPeriod) -> Table:
    rows = []
    for partnership in data.partnerships:
        report = data.received(partnership, period)
        if report is None:
            continue
        for entry in data.regions.get(report.pk, []):
            if not entry.is_linked:
                rows.append(
                    [
                        partnership.short_name,
                        entry.written,
                        entry.get_role_display(),
                        entry.get_match_display(),
                    ]
                )
    return Table(
        "cleaning",
        _("Region names not linked to NUTS, for cleaning"),
        _(
            "Entries of this period's reports kept as written: they count as regions by their "
            "name only, and have no region page until linked to a NUTS unit."
        ),
        [
            Column(_("Partnership")),
            Column(_("Name as written")),
            Column(_("Role")),
            Column(_("NUTS match")),
        ],
        rows,
        empty=_("Every region named in this period's reports is linked to a NUTS unit."),
        in_brief=False,
    )


# --- EU13 ---------------------------------------------------------------------------------------


def eu13_entries(data: Loaded, report) -> list[ReportRegion]:
    return [entry for entry in data.regions.get(report.pk, []) if entry.lies_in_eu13]


def eu13_country(entry: ReportRegion):
    return entry.region.country if entry.region else entry.named_country


def eu13_table(data: Loaded, period: ReportingPeriod, previous: ReportingPeriod | None) -> Table:
    def countries(of_period) -> Counter[str]:
        """{country: partnerships naming a region of it}."""
        counted: Counter[str] = Counter()
        for partnership in data.partnerships:
            report = data.received(partnership, of_period)
            if report is not None:
                counted.update({str(eu13_country(e)) for e in eu13_entries(data, report)})
        return counted

    def units(of_period) -> int:
        return len(
            {
                entry.region_id
                for partnership in data.partnerships
                if (report := data.received(partnership, of_period)) is not None
                for entry in eu13_entries(data, report)
                if entry.region_id
            }
        )

    now = countries(period)
    before = countries(previous) if previous else None
    rows: list[list[object]] = [
        [
            _("Partnerships naming an EU13 region or country"),
            figure(data, period, previous, lambda p, r: int(bool(eu13_entries(data, r)))),
        ],
        [_("EU13 regions (NUTS units) named"), over(units, period, previous)],
        [_("EU13 countries involved"), over(lambda p: len(countries(p)), period, previous)],
    ]
    rows += [
        [_("Partnerships in %(country)s") % {"country": country}, pick(now, before, country)]
        for country in sorted(set(now) | set(before or ()))
    ]
    return Table(
        "eu13",
        _("EU13 involvement"),
        _(
            "From the regions' NUTS units and the countries the entries name, not from the "
            "free-text answer: EU13 are the Member States that joined in 2004, 2007 and 2013."
        ),
        [Column(_("Figure")), Column(_("Count"), compared=True)],
        rows,
    )


# --- Self-assessment: pipeline and problems (reviewers only) ----------------------------------


def pipeline_table(
    data: Loaded,
    period: ReportingPeriod,
    previous: ReportingPeriod | None,
    breakdown: str,
) -> Table:
    """The pipeline by one of PipelineProject.BREAKDOWNS ("stage", "source")."""
    by, choices = PipelineProject.BREAKDOWNS[breakdown]

    def counted(of_period: ReportingPeriod, what: str) -> Counter[str]:
        totals: Counter[str] = Counter()
        for row in data.pipeline:
            if row["period"] == of_period.pk:
                totals[str(row[by])] += int(row[what] or 0)
        return totals

    def projects_of(of_period: ReportingPeriod) -> Counter[str]:
        return counted(of_period, "projects")

    def amounts_of(of_period: ReportingPeriod) -> Counter[str]:
        return counted(of_period, "amount")

    projects, amounts = projects_of(period), amounts_of(period)
    projects_before = projects_of(previous) if previous else None
    amounts_before = amounts_of(previous) if previous else None
    stage = breakdown == "stage"
    # A project's funding source may be left blank; its stage may not.
    labels = list(choices) if stage else [*choices, ("", _("Not given"))]
    rows: list[list[object]] = [
        [
            label,
            pick(projects, projects_before, value),
            pick(amounts, amounts_before, value),
        ]
        for value, label in labels
    ]
    rows.append(
        [
            _("All projects"),
            over(lambda p: projects_of(p).total(), period, previous),
            over(lambda p: amounts_of(p).total(), period, previous),
        ]
    )
    return Table(
        f"pipeline-{'stage' if stage else 'source'}",
        _("Projects in the pipeline by stage")
        if stage
        else _("Projects in the pipeline by funding source"),
        _("As the self-assessments record them (question III8), with the amounts given in euros."),
        [
            Column(_("Stage") if stage else _("Funding source")),
            Column(_("Projects"), compared=True),
            Column(_("Amount (EUR)"), compared=True),
        ],
        rows,
        confidential=True,
    )


def flags(data: Loaded, partnership: Partnership, period: ReportingPeriod) -> list[str]:
    """Why the partnership's self-assessment of `period` flags problems ([]: it does not,
    or there is none)."""
    report = data.received(partnership, period)
    assessment = data.assessments.get(report.pk) if report else None
    return assessment.problems() if assessment else []


def problems_table(
    data: Loaded, period: ReportingPeriod, previous: ReportingPeriod | None
) -> Table:
    obstacle_labels = dict(Obstacle.choices)
    rows = []
    for partnership in data.partnerships:
        reasons = flags(data, partnership, period)
        if reasons:
            assessment = data.assessments[data.reports[partnership.pk, period.pk].pk]
            rows.append(
                [
                    partnership.short_name,
                    partnership.platform.local_name,
                    "; ".join(reasons),
                    "; ".join(str(obstacle_labels.get(o, o)) for o in assessment.obstacles) or "—",
                ]
            )
    return Table(
        "problems",
        _("Partnerships whose self-assessment flags problems"),
        _(
            "A self-assessment flags problems when it rates progress “Insufficient” or “Poor”, "
            "is undecided about continuing or says the partnership will close, disagrees with a "
            "governance statement, or names %(count)d or more obstacles."
        )
        % {"count": MANY_OBSTACLES},
        [
            Column(_("Partnership")),
            Column(_("Thematic platform")),
            Column(_("Why")),
            Column(_("Obstacles named")),
        ],
        rows,
        confidential=True,
        empty=_("No self-assessment of this period flags problems."),
        summary=(
            _("Partnerships flagging problems"),
            over(
                lambda p: sum(bool(flags(data, member, p)) for member in data.partnerships),
                period,
                previous,
            ),
        ),
    )


# --- Spreadsheet --------------------------------------------------------------------------------


def sheet_name(number: int, title: str) -> str:
    """ "3. Per partnership…": numbered, so names cut to Excel's length stay apart, and
    without the characters Excel refuses in a sheet's name."""
    name = f"{number}. {title}".translate(str.maketrans("", "", "[]:*?/\\"))
    return name[:XLSX_SHEET_NAME]


def to_xlsx(synthesis: Synthesis) -> bytes:
    """The synthesis as an Excel workbook: a cover sheet, then one sheet per table, each with
    its title and explanation above a bold, frozen header; figures as numbers, each followed
    by its change since the previous period."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold = Font(bold=True)
    workbook = Workbook()
    cover = workbook.active
    cover.title = _("Synthesis")[:XLSX_SHEET_NAME]
    cover.append([_("Period synthesis: %(period)s") % {"period": synthesis.period.label}])
    cover["A1"].font = bold
    cover.append([synthesis.comparison()])
    cover.append([_("Made on %(date)s") % {"date": synthesis.today.isoformat()}])
    cover.append([str(CONFIDENTIAL_NOTE)])
    cover.column_dimensions["A"].width = 100
    for number, table in enumerate(synthesis.tables, start=1):
        sheet = workbook.create_sheet(sheet_name(number, table.title))
        sheet.append([table.title])
        sheet["A1"].font = bold
        sheet.append([table.intro])
        if table.summary:
            label, summary = table.summary
            sheet.append([label, summary.current, summary.change])
        sheet.append([])
        sheet.append(table.spreadsheet_header())
        header_row = sheet.max_row
        for cell in sheet[header_row]:
            cell.font = bold
        sheet.freeze_panes = f"A{header_row + 1}"
        for row in table.spreadsheet_rows():
            sheet.append(row)
        for letter in "ABCDEFGHIJKLMNOP"[: len(table.spreadsheet_header())]:
            sheet.column_dimensions[letter].width = 40 if letter == "A" else 18
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
