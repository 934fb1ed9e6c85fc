"""Pages anyone may read without signing in.

Reports reach these views only through `MonitoringReport.objects.published()`, and nothing
here imports the confidential self-assessment.
"""

import hashlib
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, translate_url
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import quote_etag
from django.utils.translation import get_language, gettext

from regions.countries import COUNTRIES
from regions.models import Country, Region
from reports import involvement, published_pages
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
    ThematicPlatform,
)
from reports.models.partnerships import REGION_HEADINGS

LATEST_NEWS = 5
# Regions the home page's search lists at most: a query of two letters may name many.
SEARCH_PLACES = 20
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
    regions, countries = places_matching(query) if query else ([], [])
    return render(
        request,
        "reports/home.html",
        {
            "platforms": platforms,
            "query": query,
            "matching_regions": regions,
            "matching_countries": countries,
            "matches": sum(len(platform.active_partnerships) for platform in platforms)
            if query
            else None,
        },
    )


def places_matching(query: str) -> tuple[list[Region], list[Country]]:
    """The regions with a page (named in a published report) and the countries of such
    regions that are named like `query` or have it as their code: two queries."""
    named = involvement.named_regions()
    regions = (
        named.filter(
            Q(name_en__icontains=query)
            | Q(name_national__icontains=query)
            | Q(nuts_code__iexact=query)
        )
        .select_related("country")
        .order_by("nuts_code", "-nuts_version")
    )
    countries = Country.objects.filter(
        Q(name__icontains=query) | Q(code__iexact=query) | Q(code__in=named_in_language(query)),
        regions__in=named,
    ).distinct()
    unique = {region.nuts_code: region for region in reversed(regions[:SEARCH_PLACES])}
    return sorted(unique.values(), key=lambda region: region.name_en), list(countries)


def named_in_language(query: str) -> list[str]:
    """The codes of the countries whose name in the page's language holds `query`
    ("Frankreich" on a German page): the names are translations, not stored."""
    wanted = query.casefold()
    return [country.code for country in COUNTRIES if wanted in gettext(country.name).casefold()]


def _matching(query: str) -> QuerySet[Partnership]:
    """Partnerships named like `query`, or naming a region or country like it: on their page
    or in a published report (never in a report the public cannot read)."""
    published = MonitoringReport.objects.published()
    translated_countries = named_in_language(query)

    def region_names(prefix: str) -> Q:
        return (
            Q(**{f"{prefix}name__icontains": query})
            | Q(**{f"{prefix}region__name_en__icontains": query})
            | Q(**{f"{prefix}region__name_national__icontains": query})
            | Q(**{f"{prefix}region__nuts_code__iexact": query})
            | Q(**{f"{prefix}region__country__name__icontains": query})
            | Q(**{f"{prefix}region__country__code__iexact": query})
            | Q(**{f"{prefix}region__country__code__in": translated_countries})
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
                "regions",
                # Each with whether it has a page of its own, to link to it.
                queryset=PartnershipRegion.objects.select_related("region__country").annotate(
                    has_page=Exists(
                        involvement.named_regions().filter(nuts_code=OuterRef("region__nuts_code"))
                    )
                ),
            ),
            Prefetch("organisations", queryset=Organisation.objects.select_related("country")),
            "related_projects",
            "projects_under_development",
            "documents",
            "contacts",
            "translations",
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
            "upcoming_events": _upcoming_events(reports),
            "news": _with_translations(news[:LATEST_NEWS]),
        },
    )


def _upcoming_events(reports: QuerySet[MonitoringReport]) -> list[Event]:
    """The planned events of the latest of the published `reports` (newest first) that have
    not happened yet, the soonest first; one without an exact date counts as in the half-year
    after the report's (Event.sort_date). One query, of the report's public part only: the
    table of planned events."""
    planned = Event.objects.filter(
        report__in=reports.values("pk")[:1], kind=Event.Kind.PLANNED
    ).select_related("report__period")
    today = timezone.localdate()
    return sorted(
        (event for event in planned if event.sort_date >= today),
        key=lambda event: (event.sort_date, event.position),
    )


# --- Published reports -------------------------------------------------------------------


def _reader(request: HttpRequest) -> str:
    """Who the page is made for: everyone, unless the request has cookies (the header then
    names who is signed in, and a message may be waiting for them)."""
    if not request.COOKIES:
        return "everyone"
    return f"user {request.user.pk}" if request.user.is_authenticated else "anonymous"


def public_page[Content](
    request: HttpRequest,
    address: str,
    found: published_pages.Found[Content],
    respond: Callable[[Content], HttpResponse],
) -> HttpResponseBase:
    """A page of published reports, or 304 Not Modified when the reader has it already.

    Its ETag changes whenever a report of the partnership changes state (the pages of its
    reports link each other, the timeline lists them all) or another deploy makes pages
    differently. A request without cookies gets the page everyone gets, which a proxy or CDN
    may keep for PUBLIC_MAX_AGE seconds (nothing sets a cookie on a visitor who has not signed
    in: the language is in the URL). A page made for one reader is for their browser only.
    """
    key = f"{address}|{found.version}|{published_pages.fingerprint()}|{_reader(request)}"
    etag = quote_etag(hashlib.sha256(key.encode()).hexdigest()[:32])
    response = get_conditional_response(request, etag=etag) or respond(found.content())
    response.headers.setdefault("ETag", etag)
    patch_vary_headers(response, ["Cookie"])
    if request.COOKIES:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return response


def report_page(request: HttpRequest, slug: str, period: str) -> HttpResponseBase:
    found = published_pages.report_page(slug, period)
    if found is None:
        raise Http404("No such published report.")
    return public_page(
        request,
        f"{slug}|{period}",
        found,
        lambda page: render(request, "reports/public_report.html", {"page": page}),
    )


def timeline(request: HttpRequest, slug: str) -> HttpResponseBase:
    partnership = get_object_or_404(Partnership.objects.active(), slug=slug)
    found = published_pages.timeline_entries(partnership)
    if found is None:
        raise Http404("The partnership has published no report.")
    return public_page(
        request,
        f"{slug}|timeline",
        found,
        lambda entries: render(
            request, "reports/timeline.html", {"partnership": partnership, "entries": entries}
        ),
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
