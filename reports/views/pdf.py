"""The PDF of a published report, served from storage (reports.pdf) as a static file is:
one query finds the report and its stored file, which is streamed with its length, its
validators (the file's digest is its ETag), conditional requests (304) and byte ranges
(reports.byte_ranges).

Only `MonitoringReport.objects.published()` reaches it: any other report is a 404, like an
unknown one.
"""

from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from reports import pdf
from reports.byte_ranges import FileSlice, Unsatisfiable, requested_range
from reports.models import MonitoringReport, StoredReportPDF


@require_safe
def report_pdf(request: HttpRequest, slug: str, period: str) -> HttpResponseBase:
    report = pdf.find_published_report(slug, period)
    stored = pdf.current_pdf(report)
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
    file = stored.file
    try:
        byte_range = requested_range(request, file.size, _etag(stored), _last_modified(stored))
    except Unsatisfiable as unsatisfiable:
        file.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = unsatisfiable.content_range
        return response
    name = pdf.filename(report)
    if byte_range is None:
        return FileResponse(file, content_type="application/pdf", filename=name)
    file.seek(byte_range.start)
    part = FileResponse(
        FileSlice(file, byte_range.length),
        status=206,
        content_type="application/pdf",
        filename=name,
    )
    part["Content-Length"] = byte_range.length
    part["Content-Range"] = byte_range.content_range
    return part
