"""The PDF of a published report, served from storage (reports.pdf).

Only `MonitoringReport.objects.published()` reaches it: any other report is a 404, like an
unknown one. The file's digest is its ETag, so a conditional request gets 304.
"""

from django.http import FileResponse, HttpRequest
from django.http.response import HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from reports.access import get_published_report
from reports.pdf import filename, get_report_pdf


@require_safe
def report_pdf(request: HttpRequest, slug: str, period: str) -> HttpResponseBase:
    report = get_published_report(slug, period)
    stored = get_report_pdf(report)
    etag = f'"{stored.sha256}"'
    last_modified = int(stored.rendered_at.timestamp())
    response: HttpResponseBase | None = get_conditional_response(
        request, etag=etag, last_modified=last_modified
    )
    if response is None:
        response = FileResponse(
            stored.file.open("rb"), content_type="application/pdf", filename=filename(report)
        )
        response["Content-Disposition"] = f'inline; filename="{filename(report)}"'
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, public=True, max_age=300)
    return response
