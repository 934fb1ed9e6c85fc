"""The reviewers' period synthesis (reports/synthesis.py): the page, its spreadsheet and its
PDF brief. Reviewers and administrators only, never cached: it holds confidential figures."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from reports.access import PERIOD_SLUG, require_reviewer
from reports.models import ReportingPeriod
from reports.pdf import render_pdf
from reports.synthesis import Synthesis, build, to_xlsx
from reports.views.review_dashboard import XLSX


def find_period(slug: str) -> ReportingPeriod:
    """The period named like "2021-h1"; one not created yet, if still to come, as an unsaved
    period (its page says it has not begun); 404 for a malformed name or an unknown period
    of the past."""
    match = PERIOD_SLUG.match(slug)
    if not match:
        raise Http404("No such reporting period.")
    year, half = int(match[1]), int(match[2])
    period = ReportingPeriod.objects.filter(year=year, half=half).first()
    if period is not None:
        return period
    period = ReportingPeriod(year=year, half=half)
    try:
        period.clean_fields(exclude=["deadline"])
    except ValidationError:
        raise Http404("No such reporting period.") from None
    if period.start <= timezone.localdate():
        raise Http404("No such reporting period.")
    period.deadline = ReportingPeriod.default_deadline(year, half)
    return period


def synthesis_of(request: HttpRequest, slug: str) -> Synthesis:
    require_reviewer(request)
    return build(find_period(slug), timezone.localdate())


def downloadable(request: HttpRequest, slug: str) -> Synthesis:
    """The synthesis to download; 404 when the period has nothing to show yet."""
    synthesis = synthesis_of(request, slug)
    if not synthesis.has_reports:
        raise Http404("This period has no reports yet.")
    return synthesis


def file_name(synthesis: Synthesis, extension: str) -> str:
    return f"s3-synthesis-{synthesis.period.slug}-{synthesis.today.isoformat()}.{extension}"


@never_cache
@login_required
@require_GET
def page(request: HttpRequest, period: str) -> HttpResponse:
    synthesis = synthesis_of(request, period)
    return render(request, "reports/review/synthesis.html", {"synthesis": synthesis})


@never_cache
@login_required
@require_GET
def xlsx(request: HttpRequest, period: str) -> HttpResponse:
    synthesis = downloadable(request, period)
    response = HttpResponse(to_xlsx(synthesis), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{file_name(synthesis, "xlsx")}"'
    return response


@never_cache
@login_required
@require_GET
def pdf(request: HttpRequest, period: str) -> HttpResponse:
    synthesis = downloadable(request, period)
    html = render_to_string(
        "reports/pdf/synthesis.html", {"synthesis": synthesis, "language": get_language()}
    )
    response = HttpResponse(render_pdf(html, get_language()), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{file_name(synthesis, "pdf")}"'
    return response
