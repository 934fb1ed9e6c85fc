"""The open data files: made from the published reports when one is published or withdrawn
(reports/workflow.py, after the commit), kept in the "opendata" storage, served from there.

What is made, from `public_reports` (reports/public_data.py), the one public projection:
- the whole corpus, each of the five tables (opendata/tables.py) as CSV, XLSX and JSON Lines:
  `answers.csv`, `answers.xlsx`, `answers.jsonl`, `tables.csv`…;
- per partnership and per reporting period with published reports, all five tables in one
  file per format: `partnerships/<slug>.csv.zip` (a ZIP of the five CSVs), `….xlsx` (a
  workbook, a sheet per table), `….jsonl.zip`. Three files per slice rather than fifteen keep
  the /data/ page and the catalogue readable with dozens of partnerships and periods, and a
  slice is small enough to be taken whole;
- the DCAT-AP catalogue describing them (opendata/catalogue.py), as Turtle and JSON-LD.

A file whose data has not changed is neither made nor stored again: it keeps its bytes, its
ETag and its date. The files are fresh while the published reports are what they were made
from (`current_source`: which reports are published, and since when), and the code and the
site's address are the same; a request finding them stale makes them again before serving
(as a stored page or PDF is rendered again), so a withdrawn report or a deactivated
partnership is in no file served, even if the making after a withdrawal failed.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import secrets
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, partial
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone, translation

from opendata import catalogue
from opendata.formats import EPOCH, FORMATS, Format
from opendata.models import Generation, OpenDataFile
from opendata.tables import TABLES, Sheet, last_published
from reports.models import MonitoringReport
from reports.pdf import LastPublished, publications
from reports.public_data import PublicReport, public_reports
from reports.published_pages import code_fingerprint

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

logger = logging.getLogger(__name__)

Scope = OpenDataFile.Scope
STORAGE = "opendata"
# The code the files are made by: a deploy changing it makes them again.
MADE_BY = {"opendata": "*.py", "reports": "*.py", "regions": "*.py"}
# The data outputs are in English, the partnerships' working language, whatever the page's.
LANGUAGE = "en"
# Folders of the slices' files under /data/.
SLICES: dict[str, str] = {Scope.PARTNERSHIP: "partnerships", Scope.PERIOD: "periods"}
# How often a request finding the files stale tries to make them, should reports be published
# or withdrawn while it does.
ATTEMPTS = 3


def storage() -> Storage:
    return storages[STORAGE]


@cache
def code() -> str:
    return code_fingerprint(MADE_BY)


# --- What the files are made from ---------------------------------------------------------------


def published_reports() -> QuerySet[WithAnnotations[MonitoringReport, LastPublished]]:
    """The reports every file is made from, with their latest publication (`last_published`)."""
    latest = publications().filter(report=OuterRef("pk")).values("at")[:1]
    return (
        MonitoringReport.objects.published()
        .select_related("partnership__platform", "period")
        .annotate(last_published=Subquery(latest))
        .order_by("partnership__slug", "period__year", "period__half")
    )


def current_source() -> str:
    """What the files made now would be made from, as a digest: the reports published and
    when, their partnerships' addresses, the code and the site's address. One query."""
    digest = hashlib.sha256(f"{code()}\n{settings.SITE_URL}\n".encode())
    for pk, slug, published in published_reports().values_list(
        "pk", "partnership__slug", "last_published"
    ):
        digest.update(f"{pk} {slug} {published.isoformat() if published else '-'}\n".encode())
    return digest.hexdigest()


def is_fresh() -> bool:
    """Whether the stored files were made from the published reports as they are now."""
    made_from = Generation.objects.values_list("source", flat=True).first()
    return made_from == current_source()


def ensure_fresh() -> None:
    """Make the files again if the published reports changed since they were made (or the
    making after a publication or withdrawal failed). Two queries when they are fresh."""
    for _attempt in range(ATTEMPTS):
        if is_fresh():
            return
        logger.info("The open data files are stale: made again.")
        regenerate()
    if not is_fresh():
        raise Stale("Reports were published or withdrawn while the open data was made.")


class Stale(Exception):
    """The files could not be made from a stable set of published reports."""


# --- Making -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Planned:
    """A file to have: where, what it holds, what it is made from and how to make it."""

    path: str
    scope: str
    scope_key: str
    table: str
    format: str
    source: str  # digest of what it is made from
    make: Callable[[], bytes]


def regenerate(*, rebuild: bool = False) -> bool:
    """Make every file whose data changed since it was made (every file, with `rebuild`) from
    the reports published now, store them, and drop the files of slices gone. False when
    reports were published or withdrawn meanwhile: nothing is changed then, and the caller
    (or the hook of that change) makes them again."""
    source = current_source()
    now = timezone.now()
    existing = {row.path: row for row in OpenDataFile.objects.all()}
    made = Making(existing, rebuild, now)
    # Labels, periods' names and the addresses in the files, whatever the request's language.
    with translation.override(LANGUAGE):
        records = public_reports(list(published_reports()))
        try:
            rows = [made.row(planned) for planned in plan(records)]
            rows += [made.row(planned) for planned in catalogue_files(rows, records)]
            if not _replace(rows, source, now):
                made.discard()
                return False
        except BaseException:
            made.discard()
            raise
    # The files no row names any more, once nobody can be reading them from a row.
    gone = {row.key for row in existing.values()} - {row.key for row in rows}
    transaction.on_commit(lambda: _delete(gone))
    logger.info("Open data made: %s files, %s of them new.", len(rows), len(made.stored))
    return True


class Making:
    """One making of the files: keeps what has not changed, stores what has."""

    def __init__(self, existing: dict[str, OpenDataFile], rebuild: bool, now: datetime.datetime):
        self.existing = existing
        self.rebuild = rebuild
        self.now = now
        # Each making stores its files in a folder of its own: a making given up (or one
        # running beside it) never removes a file that another's rows name.
        self.folder = f"{now:%Y%m%dT%H%M%S}-{secrets.token_hex(4)}"
        self.stored: list[str] = []

    def row(self, planned: Planned) -> OpenDataFile:
        old = self.existing.get(planned.path)
        if old is not None and not self.rebuild and old.source_sha256 == planned.source:
            return old
        content = planned.make()
        sha256 = hashlib.sha256(content).hexdigest()
        unchanged = old is not None and old.sha256 == sha256
        # Stored again when asked to make everything again: the stored file may be gone.
        if old is not None and unchanged and not self.rebuild:
            key = old.key
        else:
            key = storage().save(f"{self.folder}/{planned.path}", ContentFile(content))
            self.stored.append(key)
        return OpenDataFile(
            path=planned.path,
            scope=planned.scope,
            scope_key=planned.scope_key,
            table=planned.table,
            format=planned.format,
            key=key,
            size=len(content),
            sha256=sha256,
            source_sha256=planned.source,
            issued_at=old.issued_at if old else self.now,
            modified_at=old.modified_at if old and unchanged else self.now,
        )

    def discard(self) -> None:
        _delete(self.stored)


def plan(records: Sequence[PublicReport]) -> Iterator[Planned]:
    """The data files of the whole corpus, then of each partnership and each period."""
    dated = latest_publication(records)
    for table in TABLES:
        sheet = table.sheet(records)
        for format in FORMATS.values():
            yield Planned(
                path=f"{table.name}{format.extension}",
                scope=Scope.ALL,
                scope_key="",
                table=table.name,
                format=format.key,
                source=source_of(format.key, [sheet], dated),
                make=partial(format.write, sheet, dated),
            )
    for scope, key_of in (
        (Scope.PARTNERSHIP, lambda record: record.report.partnership.slug),
        (Scope.PERIOD, lambda record: record.report.period.slug),
    ):
        for key, group in groupby(sorted(records, key=key_of), key=key_of):
            yield from bundles(scope, key, list(group))


def bundles(scope: str, key: str, records: list[PublicReport]) -> Iterator[Planned]:
    """A slice's three files, each holding the five tables."""
    sheets = [table.sheet(records) for table in TABLES]
    dated = latest_publication(records)
    for format in FORMATS.values():
        yield Planned(
            path=f"{SLICES[scope]}/{key}{format.bundle_extension}",
            scope=scope,
            scope_key=key,
            table="",
            format=format.key,
            source=source_of(f"bundle {format.key}", sheets, dated),
            make=partial(format.bundle, sheets, dated),
        )


def catalogue_files(rows: list[OpenDataFile], records: list[PublicReport]) -> Iterator[Planned]:
    graph = catalogue.graph(rows, records)
    # The graph has no blank nodes: its sorted triples say exactly what it holds.
    triples = sorted(graph.serialize(format="nt").splitlines())
    for format in catalogue.FORMATS.values():
        yield Planned(
            path=f"catalog{format.extension}",
            scope=Scope.CATALOGUE,
            scope_key="",
            table="",
            format=format.key,
            source=hashlib.sha256(json.dumps([code(), format.key, triples]).encode()).hexdigest(),
            make=partial(format.write, graph),
        )


def latest_publication(records: Iterable[PublicReport]) -> datetime.datetime:
    """When the latest of the reports was published: the date inside the files."""
    dates = [last_published(record.report) for record in records]
    return max(
        (date for date in dates if date is not None), default=EPOCH.replace(tzinfo=datetime.UTC)
    )


def source_of(kind: str, sheets: Iterable[Sheet], dated: datetime.datetime) -> str:
    content = [code(), kind, dated.isoformat(), [(s.name, s.columns, s.rows) for s in sheets]]
    return hashlib.sha256(json.dumps(content, default=str).encode()).hexdigest()


def _replace(rows: list[OpenDataFile], source: str, now: datetime.datetime) -> bool:
    """Make `rows` the files, made from `source`, unless the published reports changed since."""
    with transaction.atomic():
        # Under the one row's lock: two makings store one after the other.
        Generation.objects.select_for_update().filter(pk=1).first()
        if current_source() != source:
            return False
        OpenDataFile.objects.exclude(path__in=[row.path for row in rows]).delete()
        changed = [row for row in rows if row.pk is None]
        OpenDataFile.objects.bulk_create(
            changed,
            update_conflicts=True,
            unique_fields=["path"],
            update_fields=[
                field.name
                for field in OpenDataFile._meta.concrete_fields
                if not field.primary_key and field.name != "path"
            ],
        )
        Generation.objects.update_or_create(pk=1, defaults={"source": source, "made_at": now})
    return True


def _delete(keys: Iterable[str]) -> None:
    store = storage()
    for key in keys:
        store.delete(key)
        if isinstance(store, FileSystemStorage):
            _remove_empty_folders(Path(store.path(key)).parent, Path(store.location))


def _remove_empty_folders(folder: Path, root: Path) -> None:
    """A making's folders once their last file is gone (object storage has no folders)."""
    while folder != root and folder.is_relative_to(root) and folder.is_dir():
        if any(folder.iterdir()):
            return
        folder.rmdir()
        folder = folder.parent


# --- Reading ------------------------------------------------------------------------------------


def find(path: str) -> OpenDataFile | None:
    """The fresh file at `path` under /data/, or None when there is no such file."""
    ensure_fresh()
    return OpenDataFile.objects.filter(path=path).first()


def content_type(row: OpenDataFile) -> str:
    if row.scope == Scope.CATALOGUE:
        return catalogue.FORMATS[row.format].content_type
    format: Format = FORMATS[row.format]
    return format.content_type if row.scope == Scope.ALL else format.bundle_content_type
