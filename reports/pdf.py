"""A published report as PDF: rendered once with WeasyPrint from a print-only template,
stored, and served from storage until the report is published again.

The renderer is fed the report's public part only (reports.body) and a URL fetcher
that serves our own static files and refuses everything else, so nothing a coordinator
typed can make it read a local file or call the network. Nothing here reads the
self-assessment.
"""

import hashlib
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone, translation
from weasyprint import HTML, URLFetcher
from weasyprint.urls import URLFetcherResponse

from reports.body import report_body
from reports.models import MonitoringReport, StoredReportPDF

# The document's own origin: never resolved (".invalid" is reserved), only recognised by
# the fetcher. Static references in the template and print.css resolve against it.
BASE_URL = "https://pdf.s3-partnership-monitor.invalid/"
# What the fetcher hands out, by suffix: the stylesheet and its fonts, nothing else.
SERVED_TYPES = {".css": "text/css", ".ttf": "font/ttf", ".woff2": "font/woff2"}
# The PDF is the partnerships' public record, written in their working language.
PDF_LANGUAGE = "en"


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


def publication(report):
    """When the report was (last) published: the cover's date and the stored file's key."""
    return (
        report.transitions.filter(to_state=MonitoringReport.State.PUBLISHED)
        .order_by("-at", "-pk")
        .values_list("at", flat=True)
        .first()
    )


def render_report_pdf(report, fetcher=None):
    """The report's public part as a tagged PDF/UA-1 document, in bytes."""
    with translation.override(PDF_LANGUAGE):
        published_at = publication(report)
        html = render_to_string(
            "reports/pdf/report.html",
            {
                "report": report,
                "partnership": report.partnership,
                "period": report.period,
                "published_at": published_at,
                "body": report_body(report, heading_level=2),
                "language": PDF_LANGUAGE,
            },
        )
        return HTML(
            string=html, base_url=BASE_URL, url_fetcher=fetcher or StaticFilesFetcher()
        ).write_pdf(
            pdf_variant="pdf/ua-1",
            # Title, author and language come from the template's <title>, <meta> and lang.
            custom_metadata=True,
        )


def store_report_pdf(report):
    """Render the report's PDF and keep it, replacing the one of an earlier publication."""
    content = render_report_pdf(report)
    digest = hashlib.sha256(content).hexdigest()
    name = f"{report.partnership.slug}-{report.period.slug}-{digest[:12]}.pdf"
    old = StoredReportPDF.objects.filter(report=report).first()
    stored = old or StoredReportPDF(report=report)
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
        return StoredReportPDF.objects.get(report=report)
    if old_name and old_name != stored.file.name:
        stored.file.storage.delete(old_name)
    return stored


def get_report_pdf(report):
    """The stored PDF of a published report, rendered now if it has none yet (reports
    published before PDFs were stored) or only one of an earlier publication."""
    stored = StoredReportPDF.objects.filter(report=report).first()
    if (
        stored is None
        or stored.published_at != publication(report)
        or not stored.file.name
        or not stored.file.storage.exists(stored.file.name)
    ):
        stored = store_report_pdf(report)
    return stored


def filename(report):
    return f"{report.partnership.slug}-monitoring-report-{report.period.slug}.pdf"
