"""The "what the public will see" preview: a report's public page, before or after it is
published, for the people who write, review and run it. Never cached, never indexed."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from reports.access import get_report_for_preview
from reports.views.public import report_context


@never_cache
@login_required
def report(request: HttpRequest, slug: str, period: str) -> HttpResponse:
    report = get_report_for_preview(request, slug, period)
    return render(
        request, "reports/public_report.html", {**report_context(report), "preview": True}
    )
