"""The public pages of a region, a country and a thematic platform (issue 15): who takes
part where, in which role, over the periods, and what the partnerships say of the SDGs.

Made from published reports only, through their public records (reports/involvement.py over
reports/public_data.py); served as the report pages are (`public_page`: ETag, Cache-Control),
their version the last publication or withdrawal of any report.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.text import slugify

from regions.models import Country, Region
from reports import involvement
from reports.charts import Chart
from reports.models import ThematicPlatform
from reports.public_data import PublicReport, reports_changed
from reports.published_pages import Found
from reports.views.public import public_page


def region_page(request: HttpRequest, code: str) -> HttpResponseBase:
    region = (
        involvement.named_regions()
        .filter(nuts_code=code)
        .select_related("country", "parent")
        .order_by("-nuts_version")
        .first()
    )
    if region is None:
        raise Http404("No published report names this NUTS region.")
    return _page(request, f"region|{code}", "reports/region.html", lambda: region_context(region))


def region_context(region: Region) -> dict[str, Any]:
    public = involvement.records(involvement.reports_naming(nuts_code=region.nuts_code or ""))
    found = [
        entry
        for entry in involvement.involvements(public)
        if entry.region.nuts_code == region.nuts_code
    ]
    periods = involvement.periods_of(public)
    return {
        "region": region,
        "periods": periods,
        "role_rows": involvement.role_rows(found, periods, by_region=False),
        "areas": involvement.areas_naming(public, region),
    }


def country_page(request: HttpRequest, code: str) -> HttpResponseBase:
    country = Country.objects.filter(code=code).first()
    # Every EU country has a page, saying so when no report names its regions yet; another
    # country only when one does.
    if country is None or not (
        country.is_eu28 or involvement.named_regions().filter(country=country).exists()
    ):
        raise Http404("No such country.")
    return _page(
        request, f"country|{code}", "reports/country.html", lambda: country_context(country)
    )


def country_context(country: Country) -> dict[str, Any]:
    public = involvement.records(involvement.reports_naming(country__code=country.code))
    found = [
        entry for entry in involvement.involvements(public) if entry.region.country == country.code
    ]
    periods = involvement.periods_of(public)
    return {
        "country": country,
        "regions": _one_per_code(involvement.named_regions().filter(country=country)),
        "periods": periods,
        "role_counts": involvement.role_counts(found, periods),
        "role_rows": involvement.role_rows(found, periods, by_region=True),
    }


def _one_per_code(regions: QuerySet[Region]) -> list[Region]:
    """The units by code, each once (its latest NUTS version)."""
    units: dict[str, Region] = {}
    for unit in regions.order_by("nuts_code", "nuts_version"):
        units[unit.nuts_code or ""] = unit
    return list(units.values())


# --- Platforms -------------------------------------------------------------------------------


def platform_of(code: str | None) -> ThematicPlatform | None:
    """The platform of `code`; None for all of them. 404 for an unknown code."""
    if code is None:
        return None
    platform = ThematicPlatform.objects.filter(code__iexact=code).first()
    if platform is None:
        raise Http404("No such thematic platform.")
    return platform


def platform_records(platform: ThematicPlatform | None) -> list[PublicReport]:
    """The records of the platform's published reports; of every platform's for None."""
    reports = involvement.published_reports()
    if platform is not None:
        reports = reports.filter(partnership__platform=platform)
    return involvement.records(reports)


def platform_page(request: HttpRequest, code: str | None = None) -> HttpResponseBase:
    platform = platform_of(code)
    return _page(
        request,
        f"platform|{platform.code if platform else ''}",
        "reports/platform.html",
        lambda: platform_context(platform),
    )


def platform_context(platform: ThematicPlatform | None) -> dict[str, Any]:
    public = platform_records(platform)
    return {
        "platform": platform,
        "platforms": ThematicPlatform.objects.all() if platform is None else [],
        "partnerships": sorted(
            (record.report.partnership for record in involvement.latest_records(public)),
            key=lambda partnership: partnership.short_name.casefold(),
        ),
        "over_time": involvement.over_time_table(public, involvement.eu13_codes()),
        "heat_map": involvement.heat_map_chart(public),
        "trend": involvement.trend_chart(public),
        "countries": involvement.europe_chart(public),
    }


# Each chart's data as CSV: the rows of its table on the page.
CHARTS: dict[str, Callable[[Sequence[PublicReport]], Chart]] = {
    "sdgs": involvement.heat_map_chart,
    "sdg-trend": involvement.trend_chart,
    "countries": involvement.europe_chart,
}


def platform_csv(request: HttpRequest, table: str, code: str | None = None) -> HttpResponseBase:
    if table not in CHARTS:
        raise Http404("No such table.")
    platform = platform_of(code)
    name = f"{slugify(platform.code) if platform else 'platforms'}-{table}.csv"

    def respond(chart: Chart) -> HttpResponse:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        writer = csv.writer(response)
        writer.writerow(chart.table.header)
        writer.writerows(chart.table.rows)
        return response

    return public_page(
        request,
        f"platform|{platform.code if platform else ''}|{table}",
        Found(reports_changed(), lambda: CHARTS[table](platform_records(platform))),
        respond,
    )


def _page(
    request: HttpRequest, address: str, template: str, context: Callable[[], dict[str, Any]]
) -> HttpResponseBase:
    return public_page(
        request,
        address,
        Found(reports_changed(), context),
        lambda made: render(request, template, made),
    )
