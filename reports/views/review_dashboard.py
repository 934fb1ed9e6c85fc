"""JRC reviewers' dashboard: who has submitted and who is late, and its exports.

Filter values that do not exist (a platform, period or state that is not there, a page that
is not a number) are ignored with a note on the page, not answered with an error: the
dashboard's links get shared and bookmarked, and a period or platform may since have gone.
The exports ignore them the same way and write the table the page would show, every row.
"""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from reports.access import require_reviewer
from reports.dashboard import (
    ALL_PERIODS,
    PER_PAGE,
    STATE_CHOICES,
    Filters,
    count_states,
    describe,
    export_name,
    page_number,
    parse_filters,
    rows,
    to_csv,
    to_xlsx,
)
from reports.models import ReportingPeriod

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@never_cache
@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    require_reviewer(request)
    today = timezone.localdate()
    filters = parse_filters(request.GET, today)
    counts = count_states(filters)
    shown = counts[filters.state] if filters.state else sum(counts.values())
    paginator = Paginator(range(shown), PER_PAGE)
    number, note = page_number(request.GET.get("page"), paginator.num_pages)
    if note:
        filters.notes.append(note)
    page = paginator.page(number)
    first = (number - 1) * PER_PAGE
    return render(
        request,
        "reports/review/dashboard.html",
        {
            "filters": filters,
            "rows": rows(filters, first, first + PER_PAGE, today),
            "page": page,
            "page_links": page_links(filters, page),
            "previous_query": page.has_previous() and filters.query(page=number - 1),
            "next_query": page.has_next() and filters.query(page=number + 1),
            "shown": shown,
            "state_counts": [
                (state, label, counts[state], filters.query(state=state))
                for state, label in STATE_CHOICES
            ],
            "all_states_query": filters.query(state=""),
            "total": sum(counts.values()),
            "caption": describe(filters),
            "state_choices": STATE_CHOICES,
            "all_periods": ALL_PERIODS,
            "export_query": filters.query(),
            "synthesis_period": latest_begun(filters.all_periods, today),
        },
    )


def latest_begun(periods: list[ReportingPeriod], today: datetime.date) -> ReportingPeriod | None:
    """The period the synthesis link leads to: the latest that has begun (`periods` newest
    first, as the filters hold them)."""
    return next((period for period in periods if period.start <= today), None)


def page_links(filters: Filters, page: Page[int]) -> list[tuple[int | None, str | None]]:
    """(label, query string or None for the current page) for the pagination: the first and
    last pages and two either side of the current one, with gaps as None labels."""
    last = page.paginator.num_pages
    numbers = sorted({1, last, *range(page.number - 2, page.number + 3)} & set(range(1, last + 1)))
    links: list[tuple[int | None, str | None]] = []
    previous = 0
    for number in numbers:
        if number > previous + 1:
            links.append((None, None))
        links.append((number, None if number == page.number else filters.query(page=number)))
        previous = number
    return links


@never_cache
@login_required
@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    require_reviewer(request)
    filters = parse_filters(request.GET)
    # A byte-order mark, so that Excel reads the UTF-8 ("Castilla y León") as UTF-8.
    response = HttpResponse(
        "\ufeff" + to_csv(rows(filters)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{export_name(filters, "csv")}"'
    return response


@never_cache
@login_required
@require_GET
def export_xlsx(request: HttpRequest) -> HttpResponse:
    require_reviewer(request)
    filters = parse_filters(request.GET)
    response = HttpResponse(to_xlsx(rows(filters), _("Reports")), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{export_name(filters, "xlsx")}"'
    return response
