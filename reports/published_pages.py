"""Published reports rendered once: each report's public page and its entry on the
partnership's timeline, in every language, made when the report is published and served
from the database afterwards, without the ORM work and templates that made them.

A stored fragment is served while it is fresh and intact:
- fresh: no report of the partnership has changed state since it was rendered (a page links
  the reports before and after it, a timeline entry compares its report with the one
  before), and the code, templates and translations now running made it (`fingerprint`);
- intact: its text still matches its digest.
Anything else is rendered again on request, stored, and said in the log: a stale or
damaged fragment is never served. Only the report's public projection is ever rendered
(reports/body.py, reports/timeline.py), and only `MonitoringReport.objects.published()`
reaches these functions.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.db.models import FilteredRelation, OuterRef, Q, QuerySet, Subquery
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from reports import sdg_chart, timeline
from reports.access import PERIOD_SLUG
from reports.body import report_body
from reports.models import MonitoringReport, Partnership, ReportTransition, StoredFragment

logger = logging.getLogger(__name__)

Kind = StoredFragment.Kind
PARTS = "reports/includes/published_report.html"
TIMELINE_ENTRY = "reports/includes/timeline_entry.html"
# What renders the fragments: a change to any of these files makes them stale.
RENDERED_BY = {
    "templates": "*.html",
    "reports": "*.py",
    "locale": "*.mo",
    # How dates and numbers are written in each language.
    "s3partnership/formats": "*.py",
}
# The columns a lookup reads of a report's fragment (through the relation "fragment").
FRAGMENT_COLUMNS = ("version", "fingerprint", "title", "html", "sha256")


@dataclass(frozen=True)
class Page:
    """A report's public page, as templates/reports/public_report.html shows it."""

    title: SafeString
    content: SafeString


# --- Serving ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Found[Content]:
    """A lookup's answer: the partnership's version (what a page's ETag is made from), and
    the content, stored or, when it is not usable, rendered and stored now."""

    version: datetime.datetime | None
    content: Callable[[], Content]


def report_page(slug: str, period_slug: str) -> Found[Page] | None:
    """The public page of partnership `slug`'s published report for the period named like
    "2020-h2", in the current language; None when there is no such published report. One
    query when the stored page is usable."""
    match = PERIOD_SLUG.match(period_slug)
    if not match:
        return None
    reports = MonitoringReport.objects.published().filter(
        partnership__slug=slug, period__year=match[1], period__half=match[2]
    )
    found = _with_fragment(reports, Kind.PAGE).first()
    if found is None:
        return None

    def content() -> Page:
        if _usable(found, Kind.PAGE):
            return Page(mark_safe(found["fragment__title"]), mark_safe(found["fragment__html"]))
        report = reports.select_related("partnership__platform", "period").get(pk=found["pk"])
        title, html = render_parts(report)
        _store([_fragment(report, Kind.PAGE, found["current_version"], title, html)])
        return Page(title, html)

    return Found(found["current_version"], content)


def timeline_entries(partnership: Partnership) -> Found[list[SafeString]] | None:
    """The timeline's entries of the partnership's published reports, newest first, in the
    current language; None when it has published none. One query when they are usable."""
    reports = MonitoringReport.objects.published().filter(partnership=partnership)
    found = list(
        _with_fragment(reports, Kind.TIMELINE_ENTRY).order_by("-period__year", "-period__half")
    )
    if not found:
        return None
    version = found[0]["current_version"]

    def content() -> list[SafeString]:
        if all(_usable(row, Kind.TIMELINE_ENTRY) for row in found):
            return [mark_safe(row["fragment__html"]) for row in found]
        fragments = [
            _fragment(
                entry["report"], Kind.TIMELINE_ENTRY, version, "", render_entry(entry, partnership)
            )
            for entry in timeline.entries(reports)
        ]
        _store(fragments)
        return [mark_safe(fragment.html) for fragment in reversed(fragments)]

    return Found(version, content)


def _with_fragment(reports: QuerySet[MonitoringReport], kind: str) -> QuerySet[Any]:
    """The reports' primary keys, each with its stored fragment of `kind` in the current
    language (None where there is none) and the partnership's current version: one query."""
    latest = ReportTransition.objects.filter(report__partnership=OuterRef("partnership")).order_by(
        "-at"
    )
    return reports.annotate(
        fragment=FilteredRelation(
            "stored_fragments",
            condition=Q(
                stored_fragments__language=translation.get_language(),
                stored_fragments__kind=kind,
            ),
        ),
        current_version=Subquery(latest.values("at")[:1]),
    ).values("pk", "current_version", *(f"fragment__{column}" for column in FRAGMENT_COLUMNS))


def _usable(found: dict[str, Any], kind: str) -> bool:
    """Whether the fragment a lookup found may be served; says in the log why not."""
    if found["fragment__html"] is None:
        problem = "not stored (yet)"
    elif (
        found["fragment__version"] != found["current_version"]
        or found["fragment__fingerprint"] != fingerprint()
    ):
        problem = "stale"
    elif found["fragment__sha256"] != digest(found["fragment__title"], found["fragment__html"]):
        problem = "damaged"
    else:
        return True
    log = logger.warning if problem == "damaged" else logger.info
    log(
        "Stored %s of report %s (%s) is %s: rendered again.",
        kind,
        found["pk"],
        translation.get_language(),
        problem,
    )
    return False


# --- Rendering and storing --------------------------------------------------------------------


def store_published(report: MonitoringReport, language: str) -> None:
    """Render and store the public page of a report just published, and its partnership's
    timeline, in `language`, unless those stored are usable already. Run by the task worker
    for each language after a publication (reports.tasks): 24 languages would keep the
    reviewer who publishes waiting (3.4 s against 0.15 s for one)."""
    with translation.override(language):
        for found in (
            report_page(report.partnership.slug, report.period.slug),
            timeline_entries(report.partnership),
        ):
            if found is not None:
                found.content()


def forget(report: MonitoringReport) -> None:
    """Drop what was stored of a report taken off the public site (reports.workflow.withdraw)."""
    StoredFragment.objects.filter(report=report).delete()


def render_parts(report: MonitoringReport) -> tuple[SafeString, SafeString]:
    """The report's public page, live, in the current language: (title, content). Also the
    preview, before the report is published."""
    context = page_context(report)
    return (
        render_to_string(f"{PARTS}#title", context),
        render_to_string(f"{PARTS}#content", context),
    )


def render_entry(entry: dict[str, Any], partnership: Partnership) -> SafeString:
    """An entry of `timeline.entries`, as the timeline shows it."""
    return render_to_string(TIMELINE_ENTRY, {"entry": entry, "partnership": partnership})


def page_context(report: MonitoringReport) -> dict[str, Any]:
    """What the public page of a report shows (templates/reports/includes/published_report.html)."""
    earlier, later = neighbours(report)
    rows = sdg_chart.ratings(dict(report.sdg_ratings.values_list("goal", "rating")))
    published = (
        report.transitions.filter(to_state=MonitoringReport.State.PUBLISHED)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    return {
        "report": report,
        "partnership": report.partnership,
        "body": report_body(report, heading_level=2),
        "sdg_rows": rows,
        "sdg_chart": sdg_chart.chart(rows),
        "published_at": published if report.state == MonitoringReport.State.PUBLISHED else None,
        "previous_report": earlier,
        "next_report": later,
    }


def neighbours(report: MonitoringReport) -> tuple[MonitoringReport | None, MonitoringReport | None]:
    """The published reports of the same partnership just before and just after `report`."""
    others = (
        MonitoringReport.objects.published()
        .filter(partnership=report.partnership)
        .select_related("period")
        .only("period__year", "period__half")
    )
    year, half = report.period.year, report.period.half
    earlier = (
        others.filter(Q(period__year__lt=year) | Q(period__year=year, period__half__lt=half))
        .order_by("-period__year", "-period__half")
        .first()
    )
    later = (
        others.filter(Q(period__year__gt=year) | Q(period__year=year, period__half__gt=half))
        .order_by("period__year", "period__half")
        .first()
    )
    return earlier, later


def _fragment(
    report: MonitoringReport, kind: str, version: Any, title: str, html: str
) -> StoredFragment:
    """A fragment just rendered, under the version read before rendering it: a transition
    made meanwhile leaves it stale."""
    return StoredFragment(
        report=report,
        language=translation.get_language(),
        kind=kind,
        version=version,
        fingerprint=fingerprint(),
        title=title,
        html=html,
        sha256=digest(title, html),
    )


def _store(fragments: list[StoredFragment]) -> None:
    """Store fragments, replacing those stored before: one query, safe against another
    request storing the same ones at the same time."""
    StoredFragment.objects.bulk_create(
        fragments,
        update_conflicts=True,
        unique_fields=["report", "language", "kind"],
        update_fields=["version", "fingerprint", "title", "html", "sha256", "rendered_at"],
    )


def digest(title: str, html: str) -> str:
    return hashlib.sha256(f"{title}\0{html}".encode()).hexdigest()


@cache
def fingerprint() -> str:
    """Of the files that render the fragments, read once per process."""
    return code_fingerprint(RENDERED_BY)


def code_fingerprint(made_by: Mapping[str, str]) -> str:
    """A digest of the project's files that `made_by` names ({folder: glob pattern}): what
    tells stored output made by other code (another deploy) from current output."""
    files = hashlib.sha256()
    for folder, pattern in made_by.items():
        for path in sorted((settings.BASE_DIR / folder).rglob(pattern)):
            files.update(str(path.relative_to(settings.BASE_DIR)).encode())
            files.update(path.read_bytes())
    return files.hexdigest()
