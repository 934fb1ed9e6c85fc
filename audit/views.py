"""A report's History page: for reviewers and administrators only, like every review page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from audit.trail import report_trail
from reports.access import get_report_for_reviewer


@login_required
@never_cache
@require_GET
def report_history(request: HttpRequest, slug: str, period: str) -> HttpResponse:
    report = get_report_for_reviewer(request, slug, period)
    return render(
        request, "audit/history.html", {"report": report, "entries": report_trail(report)}
    )
