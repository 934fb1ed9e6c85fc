"""/data/: the page listing the open data, and the files and catalogue themselves, served from
the "opendata" storage as they were made (opendata/files.py), never made on a request unless
the published reports changed since.

A file is served with its digest as ETag and the time its bytes last changed as Last-Modified:
a client holding it gets 304 without the file being opened. Public data, so any site's script
may read it (CORS), and caches may keep it a few minutes before revalidating.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from opendata import catalogue, files
from opendata.formats import FORMATS
from opendata.models import Generation, OpenDataFile
from opendata.tables import TABLES
from reports.byte_ranges import file_response
from reports.models import Partnership, ReportingPeriod
from reports.published_pages import Found
from reports.views.public import public_page

logger = logging.getLogger(__name__)

Scope = OpenDataFile.Scope
# The files change only when a report is published or withdrawn; a cache may keep one this
# long, then revalidate it with its ETag.
MAX_AGE = 300
DOWNLOAD_NAME = "s3-partnership-monitor"


@require_safe
def data_file(request: HttpRequest, path: str) -> HttpResponseBase:
    row = files.find(path)
    if row is None:
        raise Http404("No such open data file.")
    etag, last_modified = f'"{row.sha256}"', int(row.modified_at.timestamp())
    response: HttpResponseBase | None = get_conditional_response(
        request, etag=etag, last_modified=last_modified
    )
    if response is None:
        row, file = _open(row)
        response = file_response(
            request,
            file,
            size=row.size,
            etag=etag,
            last_modified=last_modified,
            content_type=files.content_type(row),
            filename=f"{DOWNLOAD_NAME}-{row.path.replace('/', '-')}",
            # The catalogue is read where it is; the data files are saved.
            as_attachment=row.scope != Scope.CATALOGUE,
        )
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


def _open(row: OpenDataFile) -> tuple[OpenDataFile, Any]:
    """The row's file, open; made again (and the row read again) if it is missing."""
    try:
        return row, files.storage().open(row.key, "rb")
    except FileNotFoundError:
        logger.warning("Open data file %s (%s) is missing from storage: made again.", row, row.key)
    files.regenerate(rebuild=True)
    row = OpenDataFile.objects.get(path=row.path)
    return row, files.storage().open(row.key, "rb")


# --- The page -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    row: OpenDataFile
    label: str

    @property
    def url(self) -> str:
        return reverse("open_data_file", kwargs={"path": self.row.path})

    @property
    def media_type(self) -> str:
        return files.content_type(self.row).split(";")[0]


@dataclass(frozen=True)
class Listed:
    """A dataset as the page lists it: a name, what it holds, and its files by format."""

    anchor: str
    title: str
    description: str
    links: list[Link]
    page: str = ""  # the partnership's page

    @property
    def modified_at(self) -> Any:
        return max(link.row.modified_at for link in self.links)


@require_safe
def index(request: HttpRequest) -> HttpResponseBase:
    files.ensure_fresh()
    made = Generation.objects.get()
    return public_page(
        request,
        "open data",
        Found(made.made_at, listing),
        lambda context: render(request, "opendata/index.html", context),
    )


def listing() -> dict[str, Any]:
    """Every file, by dataset: the whole corpus's tables, each partnership's and each period's
    files, and the catalogue."""
    rows = list(OpenDataFile.objects.all())

    def links(scope: str, key: str = "", table: str = "") -> list[Link]:
        found = {
            row.format: row
            for row in rows
            if row.scope == scope and row.scope_key == key and row.table == table
        }
        if scope == Scope.CATALOGUE:
            labels = {key: format.label for key, format in catalogue.FORMATS.items()}
        elif scope == Scope.ALL:
            labels = {key: format.label for key, format in FORMATS.items()}
        else:
            labels = {key: format.bundle_label for key, format in FORMATS.items()}
        return [Link(found[key], label) for key, label in labels.items() if key in found]

    keys = {scope: {row.scope_key for row in rows if row.scope == scope} for scope in Scope}
    partnerships = Partnership.objects.filter(slug__in=keys[Scope.PARTNERSHIP])
    periods = ReportingPeriod.objects.order_by("-year", "-half")
    return {
        "tables": [
            Listed(
                table.name,
                str(table.title),
                str(table.description),
                links(Scope.ALL, table=table.name),
            )
            for table in TABLES
        ],
        "partnerships": [
            Listed(
                f"partnership-{p.slug}",
                p.short_name,
                p.full_name,
                links(Scope.PARTNERSHIP, p.slug),
                page=p.get_absolute_url(),
            )
            for p in partnerships.order_by("short_name")
        ],
        "periods": [
            Listed(f"period-{period.slug}", str(period.label), "", links(Scope.PERIOD, period.slug))
            for period in periods
            if period.slug in keys[Scope.PERIOD]
        ],
        "catalogue": links(Scope.CATALOGUE),
        "services": catalogue.SERVICES,
        "updated": max((row.modified_at for row in rows), default=None),
        "contact_email": settings.OPEN_DATA_CONTACT_EMAIL,
    }
