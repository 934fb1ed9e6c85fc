"""Who may open what. Every view's first line is one of these helpers; what each person may
read or change is decided once, by MonitoringReport's queryset (`published`, `written_by`,
`visible_to`, `editable_by`).

Outsiders get 404, not 403: a report that someone may not see does not exist for them.
"""

import re

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from accounts.models import AnyUser, User
from reports.models import MonitoringReport, Partnership, ReportingPeriod

PERIOD_SLUG = re.compile(r"^(\d{4})-h([12])$")


class AuthenticatedHttpRequest(HttpRequest):
    """The request a view gets behind a login (`login_required`, the workspace's `signed_in`):
    its user is signed in. Only for annotations: the requests Django makes are HttpRequests."""

    user: User


def is_reviewer(user: AnyUser) -> bool:
    """JRC reviewers and administrators read every report and decide on it."""
    return user.is_authenticated and (user.is_reviewer or user.is_administrator)


def require_reviewer(request: HttpRequest) -> None:
    """Review pages do not exist for anyone else."""
    if not is_reviewer(request.user):
        raise Http404("No such page.")


def get_period(period_slug: str) -> ReportingPeriod:
    """The period named like "2021-h1"; 404 for anything else."""
    match = PERIOD_SLUG.match(period_slug)
    if not match:
        raise Http404("No such reporting period.")
    year, half = match.groups()
    return get_object_or_404(ReportingPeriod, year=int(year), half=int(half))


def get_report(
    reports: QuerySet[MonitoringReport], slug: str, period_slug: str
) -> MonitoringReport:
    """The report of partnership `slug` for the period named like "2020-h2", among `reports`;
    404 for anything else, whether it does not exist or may not be seen."""
    return get_object_or_404(
        reports.select_related("partnership__platform", "period"),
        partnership__slug=slug,
        period=get_period(period_slug),
    )


def get_published_report(slug: str, period_slug: str) -> MonitoringReport:
    return get_report(MonitoringReport.objects.published(), slug, period_slug)


def get_report_for_reviewer(request: HttpRequest, slug: str, period_slug: str) -> MonitoringReport:
    require_reviewer(request)
    return get_report(MonitoringReport.objects.visible_to(request.user), slug, period_slug)


def get_report_for_preview(request: HttpRequest, slug: str, period_slug: str) -> MonitoringReport:
    """Any report for reviewers and administrators, their own for coordinators."""
    return get_report(MonitoringReport.objects.visible_to(request.user), slug, period_slug)


def get_report_for_coordinator(
    request: HttpRequest, slug: str, period_slug: str
) -> MonitoringReport:
    """The report a coordinator of its partnership (or an administrator) writes; else 404."""
    reports = MonitoringReport.objects.written_by(request.user).select_related("last_saved_by")
    return get_report(reports, slug, period_slug)


def get_partnership_for_coordinator(request: HttpRequest, slug: str) -> Partnership:
    return get_object_or_404(Partnership.objects.coordinated_by(request.user), slug=slug)
