"""The PDF of a published report, served from storage (reports.pdf) as a static file is:
one query finds the report, one its stored file in the address's language, which is
streamed with its length, its validators (the file's digest is its ETag), conditional
requests (304) and byte ranges (reports.byte_ranges).

Only `MonitoringReport.objects.published()` reaches it: any other report is a 404, like an
unknown one.
"""

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from reports import pdf
from reports.byte_ranges import file_response
from reports.models import MonitoringReport, StoredReportPDF


@require_safe
def report_pdf(request: HttpRequest, slug: str, period: str) -> HttpResponseBase:
    report = pdf.find_published_report(slug, period)
    # In the language of its address, as the page linking it: /de/…/2020-h2.pdf is German.
    stored = pdf.current_pdf(report, get_language())
    # A client holding these very bytes is answered without opening the file.
    response = _not_modified(request, stored)
    if response is None:
        stored = pdf.open_pdf(report, stored)
        response = _file_response(request, report, stored)
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = _etag(stored)
    response["Last-Modified"] = http_date(_last_modified(stored))
    patch_cache_control(response, public=True, max_age=300)
    return response


def _etag(stored: StoredReportPDF) -> str:
    return f'"{stored.sha256}"'


def _last_modified(stored: StoredReportPDF) -> int:
    return int(stored.rendered_at.timestamp())


def _not_modified(request: HttpRequest, stored: StoredReportPDF) -> HttpResponseBase | None:
    response: HttpResponseBase | None = get_conditional_response(
        request, etag=_etag(stored), last_modified=_last_modified(stored)
    )
    return response


def _file_response(
    request: HttpRequest, report: MonitoringReport, stored: StoredReportPDF
) -> HttpResponseBase:
    """All of the open file, or the range of it the request asks for."""
    return file_response(
        request,
        stored.file,
        size=stored.file.size,
        etag=_etag(stored),
        last_modified=_last_modified(stored),
        content_type="application/pdf",
        filename=pdf.filename(report, stored.language),
    )
