"""A published report as PDF: rendered once with WeasyPrint from a print-only template,
stored, and served from storage until the report is published again.

The renderer is fed the report's public part only (reports.body) and a URL fetcher
that serves our own static files and refuses everything else, so nothing a coordinator
typed can make it read a local file or call the network. Nothing here reads the
self-assessment.

The questions, headings, cover, contents and dates are in one of the site's languages, the
answers as the coordinators wrote them: one file and one address per language, the English
one rendered at publication, each other on its first request.

A stored PDF is served while it is fresh (made for the report's latest publication) and
intact (its bytes still match their digest); anything else is rendered again on request and
said in the log, never served.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import re
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, TypedDict
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from pydyf import String  # type: ignore[import-untyped]  # pydyf ships no types
from weasyprint import CSS, HTML, Document, URLFetcher
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcherResponse

from reports.access import PERIOD_SLUG
from reports.body import report_body
from reports.models import MonitoringReport, ReportTransition, StoredReportPDF

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

logger = logging.getLogger(__name__)

# The document's own origin: never resolved (".invalid" is reserved), only recognised by
# the fetcher. Static references in print.css resolve against it.
BASE_URL = "https://pdf.s3-partnership-monitor.invalid/"
# What the fetcher hands out, by suffix: the stylesheet and its fonts, nothing else.
SERVED_TYPES = {".css": "text/css", ".ttf": "font/ttf", ".woff2": "font/woff2"}
# Rendered when a report is published: the partnerships' working language.
PUBLICATION_LANGUAGE = "en"
STYLESHEET = "css/print.css"


class RefusedURL(ValueError):
    """The fetcher does not serve this URL."""


class StaticFilesFetcher(URLFetcher):
    """Serves our static files under BASE_URL + STATIC_URL; refuses file:, http(s): to
    anywhere else, data: and everything else."""

    def fetch(self, url, headers=None):
        path = self.static_path(url)
        found = finders.find(path)
        if not found:
            raise RefusedURL(f"No such static file: {url}")
        with open(found, "rb") as file:
            body = file.read()
        return URLFetcherResponse(url, body, {"Content-Type": SERVED_TYPES[_suffix(path)]})

    @staticmethod
    def static_path(url):
        """The static file's path for one of our URLs; RefusedURL for anything else."""
        prefix = BASE_URL.rstrip("/") + static("")
        if not url.startswith(prefix):
            raise RefusedURL(f"Not one of our static files: {url[:80]}")
        parts = urlsplit(url)
        path = unquote(parts.path.removeprefix(urlsplit(prefix).path))
        if parts.query or parts.fragment or "\\" in path or "\x00" in path:
            raise RefusedURL(f"Not one of our static files: {url[:80]}")
        pure = PurePosixPath(path)
        if pure.is_absolute() or ".." in pure.parts or _suffix(path) not in SERVED_TYPES:
            raise RefusedURL(f"Not one of our static files: {url[:80]}")
        return str(pure)


def _suffix(path):
    return PurePosixPath(path).suffix.lower()


# --- Rendering ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PrintStyle:
    """What every render shares: the fetcher, print.css parsed, and the font configuration
    that holds the fonts print.css declares."""

    fetcher: URLFetcher
    stylesheet: CSS
    fonts: FontConfiguration


def load_print_style(fetcher: URLFetcher) -> PrintStyle:
    """print.css and its fonts, fetched through `fetcher`."""
    fonts = FontConfiguration()
    stylesheet = CSS(
        url=BASE_URL.rstrip("/") + static(STYLESHEET), url_fetcher=fetcher, font_config=fonts
    )
    return PrintStyle(fetcher, stylesheet, fonts)


@cache
def shared_print_style() -> PrintStyle:
    """The print style of every render in this process, loaded once: parsing print.css and
    loading its fonts would otherwise be done again for each PDF, and making a fetcher
    loads the system's certificates for an HTTPS it never uses."""
    return load_print_style(StaticFilesFetcher())


# Pango and fontconfig objects, which the shared style holds, are not safe to use from two
# threads at once; a render is CPU-bound under the GIL anyway, so waiting costs nothing.
_render_lock = threading.Lock()


def publications() -> QuerySet[ReportTransition]:
    """Reports' publications, the latest first."""
    return ReportTransition.objects.filter(to_state=MonitoringReport.State.PUBLISHED).order_by(
        "-at", "-pk"
    )


def publication(report):
    """When the report was (last) published: the cover's date and the stored file's key."""
    return publications().filter(report=report).values_list("at", flat=True).first()


def report_html(report: MonitoringReport, language: str) -> str:
    """The print-only page of the report's public part (templates/reports/pdf/report.html),
    its words in `language`."""
    with translation.override(language):
        return render_to_string(
            "reports/pdf/report.html",
            {
                "report": report,
                "partnership": report.partnership,
                "period": report.period,
                "published_at": publication(report),
                "body": report_body(report, heading_level=2),
                "language": language,
                # The annexes' links lead out of the PDF, to the site.
                "site_url": settings.SITE_URL,
            },
        )


def render_report_pdf(
    report: MonitoringReport,
    language: str = PUBLICATION_LANGUAGE,
    fetcher: URLFetcher | None = None,
) -> bytes:
    """The report's public part as a tagged PDF/UA-1 document in `language`, in bytes. With
    a `fetcher` of its own, print.css and its fonts are fetched through it for this render
    only."""
    html = report_html(report, language)
    if fetcher is not None:
        return _write_pdf(html, language, load_print_style(fetcher))
    return render_pdf(html, language)


def render_pdf(html: str, language: str) -> bytes:
    """One of our print-only pages (a report's, the reviewers' synthesis), whose words are in
    `language`, as a tagged PDF/UA-1 document, in bytes, with the print style every render
    shares."""
    with _render_lock:
        return _write_pdf(html, language, shared_print_style())


@cache
def page_numbers(language: str) -> CSS:
    """The footer's "Page 3 of 12" in `language`, over print.css's English one: a stylesheet
    cannot translate itself. Its words become CSS strings, its numbers the page counters."""
    with translation.override(language):
        wording = _("Page %(page)s of %(pages)s")
    # Split on the placeholders: words at even places, "page" or "pages" at odd ones.
    pieces = re.split(r"%\((pages?)\)s", wording)
    content = " ".join(
        f"counter({piece})" if place % 2 else _css_string(piece)
        for place, piece in enumerate(pieces)
        if piece or place % 2
    )
    return CSS(string=f"@page {{ @bottom-right {{ content: {content}; }} }}")


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _write_pdf(html: str, language: str, style: PrintStyle) -> bytes:
    return HTML(string=html, base_url=BASE_URL, url_fetcher=style.fetcher).write_pdf(
        stylesheets=[style.stylesheet, page_numbers(language)],
        font_config=style.fonts,
        pdf_variant="pdf/ua-1",
        # Title, author and language come from the template's <title>, <meta> and lang.
        custom_metadata=True,
        finisher=_describe_links,
    )


def _describe_links(document: Document, _pdf: object) -> None:
    """Give each link, as its description (PDF/UA asks for one), its own text: WeasyPrint
    gives its target, which for the contents' "Header" is "report-header"."""
    for page in document.pages:
        for _kind, _target, _area, box in page.links:
            if box.link_annotation is not None:
                text = " ".join("".join(box.element.itertext()).split())
                box.link_annotation["Contents"] = String(text)


# --- Storing ------------------------------------------------------------------------------------


def store_report_pdf(
    report: MonitoringReport, language: str = PUBLICATION_LANGUAGE
) -> StoredReportPDF:
    """Render the report's PDF in `language` and keep it, replacing the one of an earlier
    publication."""
    content = render_report_pdf(report, language)
    digest = hashlib.sha256(content).hexdigest()
    name = f"{report.partnership.slug}-{report.period.slug}-{language}-{digest[:12]}.pdf"
    old = StoredReportPDF.objects.filter(report=report, language=language).first()
    stored = old or StoredReportPDF(report=report, language=language)
    old_name = old.file.name if old else None
    stored.file.save(name, ContentFile(content), save=False)
    stored.sha256 = digest
    stored.published_at = publication(report)
    stored.rendered_at = timezone.now()
    try:
        with transaction.atomic():
            stored.save()
    except IntegrityError:
        # Two first requests rendered at once and the other one stored its file first.
        stored.file.delete(save=False)
        return StoredReportPDF.objects.get(report=report, language=language)
    if old_name and old_name != stored.file.name:
        stored.file.storage.delete(old_name)
    return stored


# --- Serving ------------------------------------------------------------------------------------


class LastPublished(TypedDict):
    last_published: datetime.datetime | None  # None: set published without a transition


def find_published_report(
    slug: str, period_slug: str
) -> WithAnnotations[MonitoringReport, LastPublished]:
    """Partnership `slug`'s published report for the period named like "2020-h2", with the
    time of its latest publication (`last_published`), in one query; 404 for anything
    else."""
    match = PERIOD_SLUG.match(period_slug)
    if not match:
        raise Http404("No such reporting period.")
    latest = publications().filter(report=OuterRef("pk")).values("at")[:1]
    reports = (
        MonitoringReport.objects.published()
        .select_related("partnership", "period")
        .annotate(last_published=Subquery(latest))
    )
    return get_object_or_404(
        reports, partnership__slug=slug, period__year=match[1], period__half=match[2]
    )


def current_pdf(
    report: WithAnnotations[MonitoringReport, LastPublished], language: str
) -> StoredReportPDF:
    """The stored PDF in `language` of the report's latest publication
    (`find_published_report`), rendered now if it has none yet (its first request in that
    language, or published before the render on publication finished) or only one of an
    earlier publication."""
    stored = StoredReportPDF.objects.filter(report=report, language=language).first()
    if stored is not None and stored.published_at == report.last_published:
        return stored
    logger.info(
        "Report %s has no %s PDF of its latest publication yet: rendered now.",
        report.pk,
        language,
    )
    return store_report_pdf(report, language)


def open_pdf(report: MonitoringReport, stored: StoredReportPDF) -> StoredReportPDF:
    """`stored` with its file open at the start, checked whole; rendered again when the file
    is missing from storage or its bytes no longer match their digest."""
    try:
        stored.file.open("rb")
    except FileNotFoundError:
        problem = "missing from storage"
    else:
        if _digest(stored) == stored.sha256:
            stored.file.seek(0)
            return stored
        stored.file.close()
        problem = "damaged (its bytes do not match their digest)"
    logger.warning("Stored PDF %s of report %s is %s: rendered again.", stored, report.pk, problem)
    stored = store_report_pdf(report, stored.language)
    stored.file.open("rb")
    return stored


def _digest(stored: StoredReportPDF) -> str:
    digest = hashlib.sha256()
    for chunk in stored.file.chunks():
        digest.update(chunk)
    return digest.hexdigest()


def filename(report: MonitoringReport, language: str) -> str:
    return f"{report.partnership.slug}-monitoring-report-{report.period.slug}-{language}.pdf"
