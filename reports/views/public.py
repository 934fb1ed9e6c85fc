"""Pages anyone may read without signing in.

Reports reach these views only through `MonitoringReport.objects.published()`, and nothing
here imports the confidential self-assessment.
"""

import hashlib
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, Concatenate, TypedDict

from django.conf import settings
from django.db.models import Max, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, translate_url
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import condition

from reports import sdg_chart
from reports.access import PERIOD_SLUG, get_published_report
from reports.answers import Answers
from reports.body import report_body
from reports.form import FORM, Table
from reports.models import (
    Contact,
    Event,
    MonitoringReport,
    NewsArticle,
    Organisation,
    Partnership,
    PartnershipDocument,
    PartnershipRegion,
    RegionRole,
    ReportTransition,
    ThematicPlatform,
)
from reports.pdf import PDF_LANGUAGE
from reports.sdgs import GOAL_SHORT_TITLES, Agreement

LATEST_NEWS = 5
# Pages of published reports change only when a report is published or withdrawn; a proxy
# may keep them this long and then revalidate with the ETag.
PUBLIC_MAX_AGE = 600

# The partnership page lists regions under plural headings, in this order.
REGION_HEADINGS = [
    (RegionRole.LEAD, _("Leading regions")),
    (RegionRole.PARTICIPATING, _("Participating regions")),
    (RegionRole.INTERESTED, _("Interested regions")),
]


def home(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    lead_regions = PartnershipRegion.objects.filter(role=RegionRole.LEAD).select_related(
        "region__country"
    )
    partnerships = Partnership.objects.active().prefetch_related(
        Prefetch("regions", queryset=lead_regions, to_attr="lead_regions")
    )
    if query:
        partnerships = partnerships.filter(pk__in=_matching(query))
    platforms = list(
        ThematicPlatform.objects.prefetch_related(
            Prefetch("partnerships", queryset=partnerships, to_attr="active_partnerships")
        )
    )
    if query:
        platforms = [platform for platform in platforms if platform.active_partnerships]
    return render(
        request,
        "reports/home.html",
        {
            "platforms": platforms,
            "query": query,
            "matches": sum(len(platform.active_partnerships) for platform in platforms)
            if query
            else None,
        },
    )


def _matching(query: str) -> QuerySet[Partnership]:
    """Partnerships named like `query`, or naming a region or country like it: on their page
    or in a published report (never in a report the public cannot read)."""
    published = MonitoringReport.objects.published()

    def region_names(prefix: str) -> Q:
        return (
            Q(**{f"{prefix}name__icontains": query})
            | Q(**{f"{prefix}region__name_en__icontains": query})
            | Q(**{f"{prefix}region__name_national__icontains": query})
            | Q(**{f"{prefix}region__nuts_code__iexact": query})
            | Q(**{f"{prefix}region__country__name__icontains": query})
            | Q(**{f"{prefix}region__country__code__iexact": query})
        )

    on_page = Partnership.objects.filter(
        Q(short_name__icontains=query)
        | Q(full_name__icontains=query)
        | Q(acronym__icontains=query)
        | region_names("regions__")
    )
    in_reports = published.filter(region_names("regions__")).values("partnership")
    return Partnership.objects.filter(Q(pk__in=on_page.values("pk")) | Q(pk__in=in_reports))


def partnership_detail(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_object_or_404(
        Partnership.objects.active()
        .select_related("platform")
        .prefetch_related(
            Prefetch(
                "regions", queryset=PartnershipRegion.objects.select_related("region__country")
            ),
            Prefetch("organisations", queryset=Organisation.objects.select_related("country")),
            "related_projects",
            "projects_under_development",
            "documents",
            "contacts",
        ),
        slug=slug,
    )
    reports = (
        MonitoringReport.objects.published()
        .filter(partnership=partnership)
        .select_related("period")
        .only("period__year", "period__half")  # the listing needs nothing else: skip long texts
        .order_by("-period__year", "-period__half")
    )
    news = NewsArticle.objects.filter(partnership=partnership).prefetch_related("translations")
    # The planned events of the latest published report that have not happened yet; one
    # without an exact date counts as in the half-year after the report's.
    planned = Event.objects.filter(
        report__in=reports.values("pk")[:1], kind=Event.Kind.PLANNED
    ).select_related("report__period")
    upcoming = sorted(
        (event for event in planned if event.sort_date >= timezone.localdate()),
        key=lambda event: (event.sort_date, event.position),
    )
    regions = partnership.regions.all()
    documents = partnership.documents.all()
    contacts = partnership.contacts.all()
    return render(
        request,
        "reports/partnership_detail.html",
        {
            "partnership": partnership,
            "region_lists": [
                (heading, [entry for entry in regions if entry.role == role])
                for role, heading in REGION_HEADINGS
            ],
            "organisations_by_country": _by_country(partnership.organisations.all()),
            "mapping_results": _of_kind(documents, PartnershipDocument.Kind.MAPPING_RESULT),
            "useful_documents": _of_kind(documents, PartnershipDocument.Kind.USEFUL_DOCUMENT),
            "lead_region_contacts": _of_kind(contacts, Contact.Kind.LEAD_REGION),
            "jrc_contacts": _of_kind(contacts, Contact.Kind.JRC),
            "reports": reports,
            "upcoming_events": upcoming,
            "news": _with_translations(news[:LATEST_NEWS]),
        },
    )


# --- Published reports -------------------------------------------------------------------


def published_reports(slug: str) -> QuerySet[MonitoringReport]:
    """The published reports of the partnership `slug`: where every report page starts."""
    return MonitoringReport.objects.published().filter(partnership__slug=slug)


def reports_etag(request: HttpRequest, slug: str, period: str | None = None) -> str | None:
    """Changes whenever a report of the partnership changes state (published or withdrawn):
    the pages of its reports link each other, and its timeline lists them all. None (no ETag)
    when there is no such published report, so that the view answers 404 whatever the request's
    If-None-Match says."""
    reports = published_reports(slug)
    if period is not None:
        match = PERIOD_SLUG.match(period)
        if not match:
            return None
        reports = reports.filter(period__year=match[1], period__half=match[2])
    if not reports.exists():
        return None
    latest = ReportTransition.objects.filter(report__partnership__slug=slug).aggregate(
        at=Max("at")
    )["at"]
    key = f"{slug}|{period}|{latest.isoformat() if latest else ''}|{_reader(request)}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _reader(request: HttpRequest) -> str:
    """Who the page is made for: everyone, unless the request has cookies (the header then
    names who is signed in, and a message may be waiting for them)."""
    if not request.COOKIES:
        return "everyone"
    return f"user {request.user.pk}" if request.user.is_authenticated else "anonymous"


def public_page[**P](
    view: Callable[Concatenate[HttpRequest, P], HttpResponse],
) -> Callable[Concatenate[HttpRequest, P], HttpResponseBase]:
    """Caching for a page of published reports, with an ETag: a conditional request gets 304.

    A request without cookies gets the page everyone gets, which a proxy or CDN may keep for
    PUBLIC_MAX_AGE seconds (nothing sets a cookie on a visitor who has not signed in: the
    language is in the URL). A page made for one reader is for their browser only.
    """
    conditional_view = condition(etag_func=reports_etag)(view)

    @wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
        response = conditional_view(request, *args, **kwargs)
        patch_vary_headers(response, ["Cookie"])
        if request.COOKIES:
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        return response

    return wrapper


@public_page
def report_page(request: HttpRequest, slug: str, period: str) -> HttpResponse:
    report = get_published_report(slug, period)
    return render(request, "reports/public_report.html", report_context(report))


def report_context(report: MonitoringReport) -> dict[str, Any]:
    """What templates/reports/public_report.html needs: the public page and the preview."""
    earlier, later = neighbours(report)
    rows = sdg_chart.ratings(dict(report.sdg_ratings.values_list("goal", "rating")))
    published = (
        report.transitions.filter(to_state=MonitoringReport.State.PUBLISHED)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    return {
        "report": report,
        "partnership": report.partnership,
        "body": report_body(report, heading_level=2),
        "sdg_rows": rows,
        "sdg_chart": sdg_chart.chart(rows),
        "published_at": published if report.state == MonitoringReport.State.PUBLISHED else None,
        "previous_report": earlier,
        "next_report": later,
        "pdf_language": PDF_LANGUAGE,
    }


def neighbours(report: MonitoringReport) -> tuple[MonitoringReport | None, MonitoringReport | None]:
    """The published reports of the same partnership just before and just after `report`."""
    others = (
        MonitoringReport.objects.published()
        .filter(partnership=report.partnership)
        .select_related("period")
        .only("period__year", "period__half")
    )
    year, half = report.period.year, report.period.half
    earlier = (
        others.filter(Q(period__year__lt=year) | Q(period__year=year, period__half__lt=half))
        .order_by("-period__year", "-period__half")
        .first()
    )
    later = (
        others.filter(Q(period__year__gt=year) | Q(period__year=year, period__half__gt=half))
        .order_by("period__year", "period__half")
        .first()
    )
    return earlier, later


@public_page
def timeline(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_object_or_404(Partnership.objects.active(), slug=slug)
    reports = list(
        published_reports(slug)
        .select_related("period")
        .prefetch_related("regions__region__country", "sdg_ratings")
        .order_by("period__year", "period__half")
    )
    if not reports:
        raise Http404("The partnership has published no report.")
    entries = []
    previous: PublicState | None = None
    for report in reports:
        state = _public_state(report)
        entries.append(
            {
                "report": report,
                "state": state,
                "kept": [
                    {"heading": FORM.page_of(table).title, "names": state["tables"][table.name]}
                    for table in kept_tables()
                ],
                "changes": _changes(previous, state) if previous else None,
            }
        )
        previous = state
    return render(
        request,
        "reports/timeline.html",
        {"partnership": partnership, "entries": entries[::-1]},
    )


def kept_tables() -> list[Table]:
    """The public tables a partnership keeps from one period to the next (those the form
    carries over): the timeline says what is added to them and dropped."""
    return [
        question
        for question in FORM.questions(public_only=True)
        if isinstance(question, Table) and question.carry_over
    ]


class PublicState(TypedDict):
    regions: dict[str, list[str]]  # {role: names}
    tables: dict[str, list[Any]]  # {table: its rows' first cells}
    sdgs: dict[int, str]  # {goal: rating}


def _public_state(report: MonitoringReport) -> PublicState:
    """What the timeline compares between periods, read only from the public part: a
    table's rows by the column that names them."""
    answers = Answers(report, public_only=True)
    return {
        "regions": {
            role: [entry.label for entry in report.regions.all() if entry.role == role]
            for role in RegionRole.values
        },
        "tables": {
            table.name: [getattr(row, table.title_column.name) for row in answers.value(table)]
            for table in kept_tables()
        },
        "sdgs": {rating.goal: rating.rating for rating in report.sdg_ratings.all()},
    }


def _changes(before: PublicState, after: PublicState) -> dict[str, list[dict[str, Any]]]:
    """Regions that joined or left (per role), rows added to a kept table or dropped, SDG
    ratings that moved, from one published period to the next."""
    regions = []
    for role, heading in REGION_HEADINGS:
        joined = [name for name in after["regions"][role] if name not in before["regions"][role]]
        left = [name for name in before["regions"][role] if name not in after["regions"][role]]
        if joined or left:
            regions.append({"heading": heading, "joined": joined, "left": left})
    tables = []
    for table in kept_tables():
        was, now = before["tables"][table.name], after["tables"][table.name]
        added = [name for name in now if name not in was]
        dropped = [name for name in was if name not in now]
        if added or dropped:
            tables.append(
                {"heading": FORM.page_of(table).title, "added": added, "dropped": dropped}
            )
    old_scores, new_scores = before["sdgs"], after["sdgs"]
    ratings = [
        {
            "title": f"{goal}. {GOAL_SHORT_TITLES[goal]}",
            "before": Agreement(old_scores[goal]).label if goal in old_scores else None,
            "after": Agreement(new_scores[goal]).label if goal in new_scores else None,
            "direction": _direction(old_scores.get(goal), new_scores.get(goal)),
        }
        for goal in sorted(old_scores.keys() | new_scores.keys())
        if old_scores.get(goal) != new_scores.get(goal)
    ]
    return {"regions": regions, "tables": tables, "ratings": ratings}


def _direction(old: str | None, new: str | None) -> str:
    if old is None or new is None:
        return "added" if old is None else "removed"
    old_score, new_score = sdg_chart.SCORES[Agreement(old)], sdg_chart.SCORES[Agreement(new)]
    return "up" if new_score > old_score else "down" if new_score < old_score else "other"


# --- Robots ---------------------------------------------------------------------------------


def robots_txt(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "robots.txt",
        {
            "sitemap_url": request.build_absolute_uri(reverse("sitemap")),
            # The pages for people are in every language, under each language's home page
            # ("/", "/bg/"; s3partnership.i18n).
            "home_paths": [translate_url("/", code) for code, _name in settings.LANGUAGES],
        },
        content_type="text/plain; charset=utf-8",
    )


def _with_translations(articles: Iterable[NewsArticle]) -> list[NewsArticle]:
    """The articles that have any text, each with `.translation` set for the active language."""
    articles = list(articles)
    for article in articles:
        article.translation = article.translation_in(get_language())
    return [article for article in articles if article.translation]


def _by_country(
    organisations: Iterable[Organisation],
) -> list[tuple[str | None, list[Organisation]]]:
    """[(country name, organisations)] by country name; EU-level bodies (None) come last."""
    groups: dict[str | None, list[Organisation]] = {}
    for organisation in sorted(
        organisations,
        key=lambda o: (o.country is None, o.country.name if o.country else "", o.name.casefold()),
    ):
        groups.setdefault(organisation.country.name if organisation.country else None, []).append(
            organisation
        )
    return list(groups.items())


def _of_kind[Item: (PartnershipDocument, Contact)](items: Iterable[Item], kind: str) -> list[Item]:
    return [item for item in items if item.kind == kind]
