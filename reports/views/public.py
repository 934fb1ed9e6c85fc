"""Pages anyone may read without signing in.

Reports reach these views only through `MonitoringReport.objects.published()`, and nothing
here imports the confidential self-assessment.
"""

import hashlib
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Concatenate

from django.conf import settings
from django.db.models import Max, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, translate_url
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from django.views.decorators.http import condition

from reports import published_pages
from reports.access import PERIOD_SLUG
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
from reports.models.partnerships import REGION_HEADINGS

LATEST_NEWS = 5
# Pages of published reports change only when a report is published or withdrawn; a proxy
# may keep them this long and then revalidate with the ETag.
PUBLIC_MAX_AGE = 600


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
    page = published_pages.report_page(slug, period)
    if page is None:
        raise Http404("No such published report.")
    return render(request, "reports/public_report.html", {"page": page})


@public_page
def timeline(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_object_or_404(Partnership.objects.active(), slug=slug)
    entries = published_pages.timeline_entries(partnership)
    if not entries:
        raise Http404("The partnership has published no report.")
    return render(
        request, "reports/timeline.html", {"partnership": partnership, "entries": entries}
    )


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
