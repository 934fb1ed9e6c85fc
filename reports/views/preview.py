"""The "what the public will see" preview: a report's public page, before or after it is
published, for the people who write, review and run it. Never cached, never indexed."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from reports.access import coordinated_partnerships, get_period, is_reviewer
from reports.models import MonitoringReport
from reports.views.public import report_context


def get_report_for_preview(request, slug, period_slug):
    """Any report for reviewers and administrators, their partnerships' reports for
    coordinators; 404 for everyone else."""
    reports = MonitoringReport.objects.select_related("partnership__platform", "period")
    if not is_reviewer(request.user):
        reports = reports.filter(partnership__in=coordinated_partnerships(request.user))
    return get_object_or_404(reports, partnership__slug=slug, period=get_period(period_slug))


@never_cache
@login_required
def report(request, slug, period):
    report = get_report_for_preview(request, slug, period)
    return render(
        request, "reports/public_report.html", {**report_context(report), "preview": True}
    )
