"""Who takes part in which partnership, in which role, in which period; and what the
partnerships say of the SDGs: the figures of the public region, country and platform pages
(issue 15), computed from the public records of published reports (reports/public_data.py)
and from nothing else of the reports.

A region is involved when a published report lists it linked to its NUTS unit (as the
records say: `RegionRecord.nuts_code`); regions kept as free text have no page and count
nowhere here. Its country, and whether that country is one of the EU13, come from the NUTS
unit, never from what the coordinator wrote.

Every function here takes records already read (`records`: a handful of queries, whatever
their number) and counts in Python, so a page costs the same queries however many reports
there are.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from regions.lookup import fold, one_index, resolve
from regions.models import Country, Region
from reports.charts import Chart, ChartTable, Label, Series, europe_map, heat_map, trend
from reports.form import FORM, LEADS
from reports.models import (
    MonitoringReport,
    Partnership,
    ReportingPeriod,
    ReportRegion,
    WorkingArea,
)
from reports.models.partnerships import RegionRole
from reports.public_data import (
    PublicReport,
    Rating,
    RegionRecord,
    TableCell,
    public_reports,
    publication_times,
)
from reports.published_pages import fingerprint
from reports.sdg_chart import SCORES
from reports.sdgs import GOAL_SHORT_TITLES, Agreement

# The working areas table names regions in some of its columns, as the form declares.
WORKING_AREAS = FORM.table_of(WorkingArea)
REGION_COLUMNS = {
    column.name: column.names_regions for column in WORKING_AREAS.columns if column.names_regions
}
# A cell lists regions one a line, or separated by commas or semicolons.
REGION_SEPARATORS = re.compile(r"[\n;,]+")
# Ratings that count as a partnership contributing to a goal.
CONTRIBUTING = {Agreement.STRONGLY_AGREE, Agreement.AGREE}


@dataclass(frozen=True)
class Involvement:
    """A NUTS region listed in a partnership's published report for a period, in a role."""

    partnership: Partnership
    period: ReportingPeriod
    region: RegionRecord


@dataclass(frozen=True)
class RoleRow:
    """A row of a roles × periods table: what the row is about, and one cell per period (the
    roles' labels, "" where it was in none)."""

    partnership: Partnership
    region: RegionRecord | None  # None on a region's own page: the row is the partnership's
    roles: list[str]


@dataclass(frozen=True)
class WorkingAreaRow:
    partnership: Partnership
    period: ReportingPeriod
    title: str  # the working area's
    leads: bool  # in charge of it, or else taking part


@dataclass(frozen=True)
class PeriodCounts:
    period: ReportingPeriod
    partnerships: int
    regions: int
    countries: int
    eu13_regions: int
    eu13_countries: int


@dataclass(frozen=True)
class TrendCell:
    contributing: int  # partnerships that agree or strongly agree
    rated: int  # partnerships that rated the goal


# --- Reading ---------------------------------------------------------------------------------


def published_reports() -> QuerySet[MonitoringReport]:
    """The published reports, with only what these pages show of them (their contents come
    from their records, `records`)."""
    return (
        MonitoringReport.objects.published()
        .select_related("partnership__platform", "period")
        .only(
            "partnership__slug",
            "partnership__short_name",
            "partnership__platform__code",
            "partnership__platform__name",
            "period__year",
            "period__half",
        )
        .order_by("period__year", "period__half", "partnership__short_name")
    )


def records(reports: QuerySet[MonitoringReport]) -> list[PublicReport]:
    """The public records of `reports` (in their order) as these pages need them: regions,
    SDG ratings and working areas.

    Projecting a report costs milliseconds (its whole public body, in the active language),
    four thousand of them seconds; so each process remembers what it projected, per report,
    language and code (`published_pages.fingerprint`), for as long as the report's latest
    publication is the same: a report published again is projected again, and only the
    reports published since the last request are projected at all."""
    listed = list(reports)
    published = publication_times(listed)
    remembered = _projected.setdefault((get_language(), fingerprint()), {})
    missing = [
        report
        for report in listed
        if report.pk not in remembered
        or remembered[report.pk].published_at != published.get(report.pk)
    ]
    if missing:
        whole = MonitoringReport.objects.filter(pk__in=[report.pk for report in missing])
        for record in public_reports(list(whole.select_related("partnership__platform", "period"))):
            remembered[record.report.pk] = Projected(
                regions=record.regions,
                ratings=record.ratings,
                tables=[cell for cell in record.tables if cell.table == WORKING_AREAS.name],
                published_at=record.published_at,
            )
    return [PublicReport(report, **vars(remembered[report.pk])) for report in listed]


@dataclass(frozen=True)
class Projected:
    """What these pages read of a report's record: not the report itself, read afresh each
    time (its partnership may have been renamed)."""

    regions: list[RegionRecord]
    ratings: list[Rating]
    tables: list[TableCell]  # the working areas' cells
    published_at: datetime.datetime | None


# {(language, fingerprint): {report's pk: its Projected}}: a few kilobytes a report.
_projected: dict[tuple[str, str], dict[int, Projected]] = {}


def named_regions() -> QuerySet[Region]:
    """The NUTS units a published report lists linked: those with a region page. The rule of
    `public_data.region_record` (a unit only when linked), as one query to filter by."""
    listed = ReportRegion.objects.filter(
        report__in=MonitoringReport.objects.published(),
        match=ReportRegion.Match.LINKED,
        region__nuts_code__isnull=False,
    )
    return Region.objects.filter(nuts_code__in=listed.values("region__nuts_code"))


def reports_naming(**unit: str) -> QuerySet[MonitoringReport]:
    """The published reports listing a NUTS unit linked, the unit chosen by `unit`: a lookup
    on Region ("nuts_code", "country__code")."""
    lookups = {f"regions__region__{name}": value for name, value in unit.items()}
    return (
        published_reports().filter(regions__match=ReportRegion.Match.LINKED, **lookups).distinct()
    )


# --- Who is where --------------------------------------------------------------------------


def involvements(public: Iterable[PublicReport]) -> list[Involvement]:
    return [
        Involvement(record.report.partnership, record.report.period, region)
        for record in public
        for region in record.regions
        if region.nuts_code
    ]


def periods_of(public: Iterable[PublicReport]) -> list[ReportingPeriod]:
    """The periods of `public`, oldest first, each once."""
    periods = {record.report.period.pk: record.report.period for record in public}
    return sorted(periods.values(), key=lambda period: (period.year, period.half))


def latest_records(public: Iterable[PublicReport]) -> list[PublicReport]:
    """Each partnership's latest record: who is in it now."""
    latest: dict[int, PublicReport] = {}
    for record in sorted(public, key=lambda record: period_key(record.report.period)):
        latest[record.report.partnership.pk] = record
    return list(latest.values())


def role_rows(
    found: Sequence[Involvement], periods: Sequence[ReportingPeriod], by_region: bool
) -> list[RoleRow]:
    """Rows partnership (or region and partnership, `by_region`) × `periods`, each cell the
    roles it had in that period's report."""
    cells: dict[tuple[str, int], dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    rows: dict[tuple[str, int], RoleRow] = {}
    for involvement in found:
        key = (involvement.region.nuts_code if by_region else "", involvement.partnership.pk)
        roles = cells[key][involvement.period.pk]
        if involvement.region.role_label not in roles:
            roles.append(involvement.region.role_label)
        rows.setdefault(
            key, RoleRow(involvement.partnership, involvement.region if by_region else None, [])
        )
    return [
        RoleRow(
            row.partnership,
            row.region,
            [", ".join(cells[key].get(period.pk, [])) for period in periods],
        )
        for key, row in sorted(
            rows.items(), key=lambda item: (item[0][0], item[1].partnership.short_name.casefold())
        )
    ]


def role_counts(
    found: Sequence[Involvement], periods: Sequence[ReportingPeriod]
) -> list[tuple[str, list[int]]]:
    """For each role (RegionRole's order), its label and the places in it (a region in a
    partnership) in each of `periods`."""
    seen: dict[tuple[str, int], set[tuple[str, int]]] = defaultdict(set)
    for involvement in found:
        seen[(involvement.region.role, involvement.period.pk)].add(
            (involvement.region.nuts_code, involvement.partnership.pk)
        )
    return [
        (str(role.label), [len(seen[(role.value, period.pk)]) for period in periods])
        for role in RegionRole
    ]


def areas_naming(public: Iterable[PublicReport], region: Region) -> list[WorkingAreaRow]:
    """The working areas of each partnership's latest report naming `region` in charge of
    it or among those involved. The cells are free text: a name counts when it resolves
    certainly to the unit (its code, or its name as NUTS or the country writes it), or when
    it is written as the report's own region list writes the unit."""
    rows = []
    with one_index():
        for record in latest_records(public):
            written = {
                fold(entry.written)
                for entry in record.regions
                if entry.nuts_code == region.nuts_code
            }
            for cells in _table_rows(record.tables, WORKING_AREAS.name):
                roles = {
                    REGION_COLUMNS[column]
                    for column, cell in cells.items()
                    if column in REGION_COLUMNS and _names_region(cell.value, region, written)
                }
                if roles:
                    title = cells.get(WORKING_AREAS.title_column.name)
                    rows.append(
                        WorkingAreaRow(
                            record.report.partnership,
                            record.report.period,
                            title.value if title else "",
                            leads=LEADS in roles,
                        )
                    )
    return sorted(rows, key=lambda row: (row.partnership.short_name.casefold(), not row.leads))


def _table_rows(cells: Iterable[TableCell], table: str) -> list[dict[str, TableCell]]:
    rows: dict[int, dict[str, TableCell]] = defaultdict(dict)
    for cell in cells:
        if cell.table == table:
            rows[cell.row][cell.column] = cell
    return [rows[position] for position in sorted(rows)]


def _names_region(text: str, region: Region, written: set[str]) -> bool:
    for name in REGION_SEPARATORS.split(text):
        if not name.strip():
            continue
        if fold(name) in written:
            return True
        match = resolve(name)
        if match.certain and match.region and match.region.nuts_code == region.nuts_code:
            return True
    return False


# --- Platforms -----------------------------------------------------------------------------


def counts_over_time(public: Sequence[PublicReport], eu13: set[str]) -> list[PeriodCounts]:
    """Per period: partnerships reporting, the regions and countries in them, and those of
    the EU13 (`eu13`: their country codes, `eu13_codes`)."""
    partnerships: dict[int, set[int]] = defaultdict(set)
    regions: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for record in public:
        partnerships[record.report.period.pk].add(record.report.partnership.pk)
    for involvement in involvements(public):
        regions[involvement.period.pk].add(
            (involvement.region.nuts_code, involvement.region.country)
        )
    rows = []
    for period in periods_of(public):
        countries = {country for _code, country in regions[period.pk]}
        rows.append(
            PeriodCounts(
                period,
                partnerships=len(partnerships[period.pk]),
                regions=len(regions[period.pk]),
                countries=len(countries),
                eu13_regions=sum(1 for _code, country in regions[period.pk] if country in eu13),
                eu13_countries=len(countries & eu13),
            )
        )
    return rows


def eu13_codes() -> set[str]:
    """The EU13 countries' codes (regions.models Country.is_eu13): one query."""
    return set(Country.objects.eu13().values_list("code", flat=True))


def sdg_heat_map(
    public: Sequence[PublicReport],
) -> tuple[ReportingPeriod | None, list[Partnership], list[tuple[int, str, list[int | None]]]]:
    """The latest period's goals × partnerships: (the period, the partnerships in columns,
    rows (goal, its title, a score per partnership: sdg_chart.SCORES, 5 strongly agree … 0 not
    applicable; None not rated))."""
    periods = periods_of(public)
    if not periods:
        return None, [], []
    latest = [record for record in public if record.report.period.pk == periods[-1].pk]
    latest.sort(key=lambda record: record.report.partnership.short_name.casefold())
    by_label = _agreements()
    ratings = [_goal_ratings(record, by_label) for record in latest]
    rows = [
        (
            goal,
            str(title),
            [SCORES[rated[goal]] if goal in rated else None for rated in ratings],
        )
        for goal, title in GOAL_SHORT_TITLES.items()
    ]
    return periods[-1], [record.report.partnership for record in latest], rows


def sdg_trend(
    public: Sequence[PublicReport],
) -> tuple[list[ReportingPeriod], list[tuple[int, str, list[TrendCell]]]]:
    """Per goal and period: how many partnerships agree or strongly agree that they
    contribute to it, of how many rated it."""
    periods = periods_of(public)
    by_period: dict[int, list[dict[int, Agreement]]] = defaultdict(list)
    by_label = _agreements()
    for record in public:
        by_period[record.report.period.pk].append(_goal_ratings(record, by_label))
    rows = []
    for goal, title in GOAL_SHORT_TITLES.items():
        cells = []
        for period in periods:
            given = [rated[goal] for rated in by_period[period.pk] if goal in rated]
            cells.append(TrendCell(sum(1 for a in given if a in CONTRIBUTING), len(given)))
        rows.append((goal, str(title), cells))
    return periods, rows


def _agreements() -> dict[str, Agreement]:
    """The rating scale by its labels in the active language, the records' language."""
    return {str(agreement.label): agreement for agreement in Agreement}


def _goal_ratings(record: PublicReport, by_label: dict[str, Agreement]) -> dict[int, Agreement]:
    """{goal: its rating} of a record."""
    return {
        int(rating.row): by_label[rating.rating]
        for rating in record.ratings
        if rating.rating in by_label
    }


def partnerships_per_country(public: Sequence[PublicReport]) -> dict[str, int]:
    """{country code: how many partnerships its regions are in now (each partnership's latest
    report)}: the data of the map of Europe."""
    partnerships: dict[str, set[int]] = defaultdict(set)
    for involvement in involvements(latest_records(public)):
        partnerships[involvement.region.country].add(involvement.partnership.pk)
    return {code: len(found) for code, found in partnerships.items()}


def period_key(period: ReportingPeriod) -> tuple[int, int]:
    return (period.year, period.half)


# --- The charts' data as tables: the page's accessible table and its CSV, the same rows ----


def over_time_table(public: Sequence[PublicReport], eu13: set[str]) -> ChartTable:
    return ChartTable(
        _("Partnerships, regions and countries, period by period"),
        [
            _("Period"),
            _("Partnerships reporting"),
            _("Regions"),
            _("Countries"),
            _("EU13 regions"),
            _("EU13 countries"),
        ],
        [
            [
                row.period.label,
                row.partnerships,
                row.regions,
                row.countries,
                row.eu13_regions,
                row.eu13_countries,
            ]
            for row in counts_over_time(public, eu13)
        ],
    )


def heat_map_chart(public: Sequence[PublicReport]) -> Chart:
    """Goals × the partnerships reporting in the latest period, each cell a rating."""
    period, partnerships, rows = sdg_heat_map(public)
    return heat_map(
        [Label(goal, f"{goal}. {title}") for goal, title, _cells in rows],
        [Label(partnership.pk, partnership.short_name) for partnership in partnerships],
        {
            (goal, partnership.pk): score
            for goal, _title, scores in rows
            for partnership, score in zip(partnerships, scores, strict=True)
        },
        title=_("How each partnership rates its contribution to each goal, %(period)s")
        % {"period": period.label}
        if period
        else "",
    )


def trend_chart(public: Sequence[PublicReport]) -> Chart:
    """Per goal, the partnerships that agree or strongly agree that they contribute to it,
    period by period ("–" where none rated it)."""
    periods, rows = sdg_trend(public)
    return trend(
        [
            Series(
                Label(goal, f"{goal}. {title}"),
                [cell.contributing if cell.rated else None for cell in cells],
            )
            for goal, title, cells in rows
        ],
        [
            Label(period.pk, period.label, short=f"{period.year % 100:02d} H{period.half}")
            for period in periods
        ],
        title=_(
            "Partnerships that agree or strongly agree that they contribute to each goal, "
            "period by period"
        ),
    )


def europe_chart(public: Sequence[PublicReport]) -> Chart:
    return europe_map(partnerships_per_country(public))
