"""Who may open what. Every view's first line is one of these helpers.

Outsiders get 404, not 403: a report that someone may not see does not exist for them.
"""

import re

from django.http import Http404
from django.shortcuts import get_object_or_404

from reports.models import MonitoringReport, Partnership, ReportingPeriod

PERIOD_SLUG = re.compile(r"^(\d{4})-h([12])$")


def is_reviewer(user):
    """JRC reviewers and administrators read every report and decide on it."""
    return user.is_authenticated and (user.is_reviewer or user.is_administrator)


def require_reviewer(request):
    """Review pages do not exist for anyone else."""
    if not is_reviewer(request.user):
        raise Http404("No such page.")


def get_report_for_reviewer(request, slug, period_slug):
    require_reviewer(request)
    return get_object_or_404(
        MonitoringReport.objects.select_related("partnership__platform", "period"),
        partnership__slug=slug,
        period=get_period(period_slug),
    )


def coordinated_partnerships(user):
    """The partnerships whose reports `user` writes: administrators may write any."""
    if user.is_administrator:
        return Partnership.objects.active()
    return user.coordinated_partnerships.filter(is_active=True)


def get_partnership_for_coordinator(request, slug):
    return get_object_or_404(coordinated_partnerships(request.user), slug=slug)


def get_period(period_slug):
    """The period named like "2021-h1"; 404 for anything else."""
    match = PERIOD_SLUG.match(period_slug)
    if not match:
        raise Http404("No such reporting period.")
    year, half = match.groups()
    return get_object_or_404(ReportingPeriod, year=int(year), half=int(half))


def get_report_for_coordinator(request, slug, period_slug):
    """The report a coordinator of its partnership (or an administrator) edits; else 404."""
    partnership = get_partnership_for_coordinator(request, slug)
    period = get_period(period_slug)
    return get_object_or_404(
        MonitoringReport.objects.select_related("partnership", "period", "last_saved_by"),
        partnership=partnership,
        period=period,
    )
