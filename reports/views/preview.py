"""The "what the public will see" preview: a report's public page, before or after it is
published, for the people who write, review and run it. Never cached, never indexed."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from reports.access import get_report_for_preview
from reports.published_pages import Page, render_parts


@never_cache
@login_required
def report(request: HttpRequest, slug: str, period: str) -> HttpResponse:
    report = get_report_for_preview(request, slug, period)
    context = {"page": Page(*render_parts(report)), "report": report, "preview": True}
    return render(request, "reports/public_report.html", context)
