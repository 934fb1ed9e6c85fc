"""The API's resources: platforms, partnerships, reporting periods, published reports, NUTS
regions and news, each a list (paged, filtered, in a stable order) and a detail.

Only what the public reads: reports through `MonitoringReport.objects.published()` and
serialized from their public record (reports/public_data.py) and nothing else; active
partnerships; news with a text. Anything else does not exist here (404). Each list takes a
constant number of queries, however many items it holds.
"""

import datetime
import math
from collections.abc import Callable, Sequence
from typing import Any

from django.db import models
from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, QuerySet, When
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import http_date
from ninja import Query, Router

from api import schemas
from api.errors import NotFound
from regions.models import Region
from reports.access import PERIOD_SLUG
from reports.models import (
    MonitoringReport,
    NewsArticle,
    NewsTranslation,
    Organisation,
    Partnership,
    PartnershipRegion,
    ReportingPeriod,
    ReportRegion,
    ThematicPlatform,
)
from reports.models.partnerships import REGION_HEADINGS
from reports.public_data import PublicReport, public_reports, reports_changed

router = Router()
Item = dict[str, Any]
# What a detail or a list says besides its 200: documented, so clients and the property-based
# tests know every answer they may get.
ERRORS = {400: schemas.Error, 404: schemas.Error, 429: schemas.Error}


# As the partnership page lists regions: leading, participating, interested.
ROLE_ORDER = Case(*(When(role=role, then=rank) for rank, (role, _) in enumerate(REGION_HEADINGS)))


def api_url(request: HttpRequest, name: str, *args: object) -> str:
    return request.build_absolute_uri(reverse(f"api-v1:{name}", args=args))


def site_url(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


# --- Pages ------------------------------------------------------------------------------------


def page_of[M: models.Model](
    request: HttpRequest,
    items: QuerySet[M],
    query: schemas.QueryParameters,
    serialize: Callable[[Sequence[M]], list[Item]],
) -> Item:
    """One page of `items` (already in their stable order), with links to its neighbours:
    two queries, and those `serialize` makes for the page whatever its length."""
    count = items.count()
    pages = max(1, math.ceil(count / query.page_size))
    if query.page > pages:
        raise NotFound(
            f"There is no page {query.page}: the last is page {pages}.",
            parameter="page",
        )
    start = (query.page - 1) * query.page_size
    chunk = list(items[start : start + query.page_size])

    def link(page: int) -> str | None:
        if not 1 <= page <= pages:
            return None
        wanted = request.GET.copy()
        wanted["page"] = str(page)
        return request.build_absolute_uri(f"{request.path}?{wanted.urlencode()}")

    return {
        "count": count,
        "page": query.page,
        "page_size": query.page_size,
        "pages": pages,
        "next": link(query.page + 1),
        "previous": link(query.page - 1),
        "results": serialize(chunk),
    }


def one[M: models.Model](items: QuerySet[M], what: str, given: str, **lookup: object) -> M:
    """The item of `items` found by `lookup`, else 404 naming what was `given`."""
    found = items.filter(**lookup).first()
    if found is None:
        raise NotFound(f"No {what} {given!r}.")
    return found


def region_within(prefix: str, code: str) -> Q:
    """A NUTS unit with `code` or within it (FRH takes in FRH0 and FRH01)."""
    return Q(**{f"{prefix}nuts_code__startswith": code})


# --- References -------------------------------------------------------------------------------


def platform_ref(request: HttpRequest, platform: ThematicPlatform) -> Item:
    return {
        "code": platform.code,
        "name": platform.name,
        "url": api_url(request, "platform", platform.code),
    }


def partnership_ref(request: HttpRequest, partnership: Partnership) -> Item:
    return {
        "slug": partnership.slug,
        "short_name": partnership.short_name,
        "full_name": partnership.full_name,
        "url": api_url(request, "partnership", partnership.slug),
        "page_url": site_url(request, partnership.get_absolute_url()),
    }


def period_ref(request: HttpRequest, period: ReportingPeriod) -> Item:
    return {
        "slug": period.slug,
        "label": period.label,
        "url": api_url(request, "period", period.slug),
    }


def report_urls(request: HttpRequest, slug: str, period: str) -> Item:
    return {
        "url": api_url(request, "report", slug, period),
        "page_url": site_url(
            request, reverse("reports:public_report", kwargs={"slug": slug, "period": period})
        ),
    }


# --- Platforms --------------------------------------------------------------------------------


def platforms() -> QuerySet[ThematicPlatform]:
    return ThematicPlatform.objects.order_by("position", "name").prefetch_related(
        Prefetch(
            "partnerships",
            queryset=Partnership.objects.active().order_by("short_name"),
            to_attr="active_partnerships",
        )
    )


def platform_item(request: HttpRequest, platform: ThematicPlatform) -> Item:
    return {
        "code": platform.code,
        "name": platform.name,
        "launch_year": platform.launch_year,
        "partnerships": [
            partnership_ref(request, partnership)
            for partnership in platform.active_partnerships  # type: ignore[attr-defined]
        ],
        "url": api_url(request, "platform", platform.code),
    }


@router.get(
    "/platforms",
    response={200: schemas.PlatformPage, **ERRORS},
    url_name="platforms",
    tags=["platforms"],
    summary="The thematic platforms",
)
def list_platforms(request: HttpRequest, query: Query[schemas.QueryParameters]) -> Item:
    return page_of(
        request, platforms(), query, lambda page: [platform_item(request, p) for p in page]
    )


@router.get(
    "/platforms/{code}",
    response={200: schemas.Platform, **ERRORS},
    url_name="platform",
    tags=["platforms"],
    summary="A thematic platform, by its code",
)
def get_platform(request: HttpRequest, code: str) -> Item:
    return platform_item(request, one(platforms(), "platform", code, code=code))


# --- Partnerships -----------------------------------------------------------------------------


def partnerships() -> QuerySet[Partnership]:
    return (
        Partnership.objects.active()
        .order_by("short_name")
        .select_related("platform")
        .prefetch_related(
            Prefetch(
                "regions",
                queryset=PartnershipRegion.objects.select_related("region__country").order_by(
                    ROLE_ORDER, "position", "pk"
                ),
            ),
            Prefetch(
                "organisations",
                queryset=Organisation.objects.select_related("country").order_by("name", "pk"),
            ),
            "related_projects",
            "projects_under_development",
            "documents",
            Prefetch(
                "reports",
                queryset=MonitoringReport.objects.published()
                .select_related("period")
                .only("partnership", "period__year", "period__half")
                .order_by("-period__year", "-period__half"),
                to_attr="published_reports",
            ),
        )
    )


def partnership_item(request: HttpRequest, partnership: Partnership) -> Item:
    return {
        **partnership_ref(request, partnership),
        "acronym": partnership.acronym,
        "platform": platform_ref(request, partnership.platform),
        "web_page": partnership.web_page,
        "start_date": partnership.start_date,
        "year_established": partnership.year_established,
        "context": partnership.context,
        "description": partnership.description,
        "mission": partnership.mission,
        "objectives": partnership.objectives,
        "main_activities": partnership.main_activities,
        "shared_specialisation_areas": partnership.specialisation_areas,
        "regions": [partnership_region(request, entry) for entry in partnership.regions.all()],
        "organisations": [
            {
                "name": organisation.name,
                "country": organisation.country.code if organisation.country else None,
                "kind": organisation.kind,
                "kind_label": organisation.get_kind_display(),
            }
            for organisation in partnership.organisations.all()
        ],
        "related_projects": [
            {"name": project.name, "description": project.description, "url": project.url}
            for project in partnership.related_projects.all()
        ],
        "projects_under_development": [
            project.title for project in partnership.projects_under_development.all()
        ],
        "documents": [
            {
                "kind": document.kind,
                "kind_label": document.get_kind_display(),
                "title": document.title,
                "url": document.url,
            }
            for document in partnership.documents.all()
        ],
        "reports": [
            {
                "period": period_ref(request, report.period),
                **report_urls(request, partnership.slug, report.period.slug),
            }
            for report in partnership.published_reports  # type: ignore[attr-defined]
        ],
    }


def partnership_region(request: HttpRequest, entry: PartnershipRegion) -> Item:
    unit = entry.region
    code = unit.nuts_code if unit else None
    return {
        "role": entry.role,
        "role_label": entry.get_role_display(),
        "name": entry.label,
        "nuts_code": code,
        "country": unit.country.code if unit else None,
        "url": api_url(request, "region", code) if code else None,
    }


@router.get(
    "/partnerships",
    response={200: schemas.PartnershipPage, **ERRORS},
    url_name="partnerships",
    tags=["partnerships"],
    summary="The active partnerships, with their profile, regions and organisations",
)
def list_partnerships(request: HttpRequest, query: Query[schemas.PartnershipQuery]) -> Item:
    items = partnerships()
    if query.platform:
        items = items.filter(platform__code=query.platform)
    regions = PartnershipRegion.objects.filter(partnership=OuterRef("pk"))
    if query.region:
        items = items.filter(Exists(regions.filter(region_within("region__", query.region))))
    if query.country:
        items = items.filter(Exists(regions.filter(region__country__code=query.country)))
    return page_of(request, items, query, lambda page: [partnership_item(request, p) for p in page])


@router.get(
    "/partnerships/{slug}",
    response={200: schemas.Partnership, **ERRORS},
    url_name="partnership",
    tags=["partnerships"],
    summary="An active partnership, by its slug",
)
def get_partnership(request: HttpRequest, slug: str) -> Item:
    return partnership_item(request, one(partnerships(), "active partnership", slug, slug=slug))


# --- Reporting periods ------------------------------------------------------------------------


def periods() -> QuerySet[ReportingPeriod]:
    published = Q(reports__in=MonitoringReport.objects.published())
    return ReportingPeriod.objects.order_by("-year", "-half").annotate(
        published_reports=Count("reports", filter=published)
    )


def period_item(request: HttpRequest, period: ReportingPeriod) -> Item:
    return {
        **period_ref(request, period),
        "year": period.year,
        "half": period.half,
        "start": period.start,
        "end": period.end,
        "deadline": period.deadline,
        "published_reports": period.published_reports,  # type: ignore[attr-defined]
        "reports_url": f"{api_url(request, 'reports')}?period={period.slug}",
    }


@router.get(
    "/periods",
    response={200: schemas.PeriodPage, **ERRORS},
    url_name="periods",
    tags=["periods"],
    summary="The reporting periods, the latest first",
)
def list_periods(request: HttpRequest, query: Query[schemas.QueryParameters]) -> Item:
    return page_of(request, periods(), query, lambda page: [period_item(request, p) for p in page])


@router.get(
    "/periods/{slug}",
    response={200: schemas.Period, **ERRORS},
    url_name="period",
    tags=["periods"],
    summary="A reporting period, by its slug (2020-h2: July to December 2020)",
)
def get_period(request: HttpRequest, slug: str) -> Item:
    match = PERIOD_SLUG.match(slug)
    if not match:
        raise NotFound(f"No period {slug!r}: periods are named like 2020-h2.")
    return period_item(
        request, one(periods(), "period", slug, year=int(match[1]), half=int(match[2]))
    )


# --- Published reports ------------------------------------------------------------------------


def reports() -> QuerySet[MonitoringReport]:
    return (
        MonitoringReport.objects.published()
        .select_related("partnership__platform", "period")
        .order_by("-period__year", "-period__half", "partnership__short_name")
    )


def report_items(request: HttpRequest, page: Sequence[MonitoringReport]) -> list[Item]:
    return [report_item(request, record) for record in public_reports(page)]


def report_item(request: HttpRequest, record: PublicReport) -> Item:
    """A report's public record, as it is: nothing read around it."""
    report = record.report
    slug, period = report.partnership.slug, report.period.slug
    return {
        "partnership": partnership_ref(request, report.partnership),
        "platform": platform_ref(request, report.partnership.platform),
        "period": period_ref(request, report.period),
        "published_at": record.published_at,
        "answers": [vars(answer) for answer in record.answers],
        "tables": [vars(cell) for cell in record.tables],
        "ratings": [vars(rating) for rating in record.ratings],
        "regions": [
            {
                **vars(region),
                "nuts_code": region.nuts_code or None,
                "country": region.country or None,
            }
            for region in record.regions
        ],
        "annexes": [
            {**vars(annex), "url": site_url(request, annex.path)} for annex in record.annexes
        ],
        **report_urls(request, slug, period),
        "pdf_url": site_url(
            request, reverse("report_pdf", kwargs={"slug": slug, "period": period})
        ),
    }


def last_modified(response: HttpResponse, moment: datetime.datetime | None) -> None:
    """Only the reports know when they last changed: their publication. Other resources keep no
    time of change, and answer with their ETag alone (api/http.py)."""
    if moment is not None:
        response["Last-Modified"] = http_date(moment.timestamp())


@router.get(
    "/reports",
    response={200: schemas.ReportPage, **ERRORS},
    url_name="reports",
    tags=["reports"],
    summary="The published reports, each with every public answer",
)
def list_reports(
    request: HttpRequest, response: HttpResponse, query: Query[schemas.ReportQuery]
) -> Item:
    items = reports()
    if query.platform:
        items = items.filter(partnership__platform__code=query.platform)
    if query.partnership:
        items = items.filter(partnership__slug=query.partnership)
    if query.period:
        year, half = PERIOD_SLUG.match(query.period).groups()  # type: ignore[union-attr]
        items = items.filter(period__year=int(year), period__half=int(half))
    # As the records read them (public_data.region_record): a unit only when linked, else the
    # country the text names.
    listed = ReportRegion.objects.filter(report=OuterRef("pk"))
    linked = listed.filter(match=ReportRegion.Match.LINKED)
    if query.region:
        items = items.filter(Exists(linked.filter(region_within("region__", query.region))))
    if query.country:
        items = items.filter(
            Exists(linked.filter(region__country__code=query.country))
            | Exists(listed.filter(named_country__code=query.country))
        )
    last_modified(response, reports_changed())
    return page_of(request, items, query, lambda page: report_items(request, page))


@router.get(
    "/reports/{partnership}/{period}",
    response={200: schemas.Report, **ERRORS},
    url_name="report",
    tags=["reports"],
    summary="A published report, by its partnership's slug and its period's",
)
def get_report(request: HttpRequest, response: HttpResponse, partnership: str, period: str) -> Item:
    match = PERIOD_SLUG.match(period)
    if not match:
        raise NotFound(f"No period {period!r}: periods are named like 2020-h2.")
    found = reports().filter(
        partnership__slug=partnership, period__year=int(match[1]), period__half=int(match[2])
    )
    records = public_reports(list(found))
    if not records:
        raise NotFound(f"No published report of {partnership!r} for {period!r}.")
    (record,) = records
    last_modified(response, record.published_at)
    return report_item(request, record)


# --- Regions ----------------------------------------------------------------------------------


def regions() -> QuerySet[Region]:
    return (
        Region.objects.nuts()
        .order_by("nuts_code", "-nuts_version")
        .select_related("country", "parent")
    )


def region_items(request: HttpRequest, page: Sequence[Region]) -> list[Item]:
    """The units of `page`, each with the active partnerships naming it: one query for all."""
    entries = (
        PartnershipRegion.objects.filter(region__in=page, partnership__is_active=True)
        .select_related("partnership")
        .order_by("partnership__short_name", ROLE_ORDER)
    )
    by_region: dict[int, list[PartnershipRegion]] = {}
    for entry in entries:
        by_region.setdefault(entry.region_id, []).append(entry)  # type: ignore[arg-type]
    return [region_item(request, region, by_region.get(region.pk, [])) for region in page]


def region_item(request: HttpRequest, region: Region, entries: list[PartnershipRegion]) -> Item:
    return {
        "nuts_code": region.nuts_code,
        "nuts_version": region.nuts_version,
        "nuts_level": region.nuts_level,
        "name_en": region.name_en,
        "name_national": region.name_national,
        "country": {"code": region.country.code, "name": region.country.name},
        "within": region.parent.nuts_code if region.parent else None,
        "partnerships": [
            {
                "slug": entry.partnership.slug,
                "short_name": entry.partnership.short_name,
                "role": entry.role,
                "role_label": entry.get_role_display(),
                "url": api_url(request, "partnership", entry.partnership.slug),
            }
            for entry in entries
        ],
        "url": api_url(request, "region", region.nuts_code),
    }


@router.get(
    "/regions",
    response={200: schemas.RegionPage, **ERRORS},
    url_name="regions",
    tags=["regions"],
    summary="The NUTS units, with the partnerships each is in",
)
def list_regions(request: HttpRequest, query: Query[schemas.RegionQuery]) -> Item:
    items = regions()
    if query.nuts_code:
        items = items.filter(region_within("", query.nuts_code))
    if query.country:
        items = items.filter(country__code=query.country)
    if query.level is not None:
        items = items.filter(nuts_level=query.level)
    if query.partnership or query.role:
        entries = PartnershipRegion.objects.filter(
            region=OuterRef("pk"), partnership__is_active=True
        )
        if query.partnership:
            entries = entries.filter(partnership__slug=query.partnership)
        if query.role:
            entries = entries.filter(role=query.role)
        items = items.filter(Exists(entries))
    return page_of(request, items, query, lambda page: region_items(request, page))


@router.get(
    "/regions/{nuts_code}",
    response={200: schemas.Region, **ERRORS},
    url_name="region",
    tags=["regions"],
    summary="A NUTS unit, by its code",
)
def get_region(request: HttpRequest, nuts_code: str) -> Item:
    (item,) = region_items(request, [one(regions(), "NUTS unit", nuts_code, nuts_code=nuts_code)])
    return item


# --- News -------------------------------------------------------------------------------------


def news() -> QuerySet[NewsArticle]:
    """Articles with a text, as the news pages list them, each in all its languages."""
    return (
        NewsArticle.objects.filter(Exists(NewsTranslation.objects.filter(article=OuterRef("pk"))))
        .order_by("-published_on", "slug")
        .prefetch_related(
            Prefetch("translations", queryset=NewsTranslation.objects.order_by("language")),
            # Only an active partnership is named, as on the article's page.
            Prefetch("partnership", queryset=Partnership.objects.active()),
        )
    )


def news_item(request: HttpRequest, article: NewsArticle) -> Item:
    return {
        "slug": article.slug,
        "published_on": article.published_on,
        "partnership": partnership_ref(request, article.partnership)
        if article.partnership
        else None,
        "translations": [
            {
                "language": translation.language,
                "title": translation.title,
                "lead": translation.lead,
                "body": translation.body,
            }
            for translation in article.translations.all()
        ],
        "url": api_url(request, "news_article", article.slug),
        "page_url": site_url(request, article.get_absolute_url()),
    }


@router.get(
    "/news",
    response={200: schemas.NewsPage, **ERRORS},
    url_name="news",
    tags=["news"],
    summary="The news articles, the latest first, each in all its languages",
)
def list_news(request: HttpRequest, query: Query[schemas.NewsQuery]) -> Item:
    items = news()
    if query.platform:
        items = items.filter(
            partnership__is_active=True, partnership__platform__code=query.platform
        )
    if query.partnership:
        items = items.filter(partnership__is_active=True, partnership__slug=query.partnership)
    return page_of(request, items, query, lambda page: [news_item(request, a) for a in page])


@router.get(
    "/news/{slug}",
    response={200: schemas.News, **ERRORS},
    url_name="news_article",
    tags=["news"],
    summary="A news article, by its slug",
)
def get_news(request: HttpRequest, slug: str) -> Item:
    return news_item(request, one(news(), "news article", slug, slug=slug))
