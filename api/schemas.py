"""What the API answers and what it accepts, as pydantic models: django-ninja validates
requests against them and writes the OpenAPI description from them.

Every field of a report comes from its public record (reports/public_data.py); the other
resources show what the public pages show. Ids are stable: platform codes, partnership slugs,
period slugs ("2020-h2"), NUTS codes and news slugs; a report is its partnership and period.
"""

import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

from reports.models import RegionRole

# --- Query parameters -------------------------------------------------------------------------

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Report records hold every answer: a page of them is heavier.
MAX_REPORTS_PAGE_SIZE = 50

SLUG = r"^[-a-zA-Z0-9_]+$"
PERIOD = r"^[0-9]{4}-h[12]$"
NUTS_CODE = r"^[A-Z]{2}[0-9A-Z]{0,3}$"
COUNTRY = r"^[A-Z]{2}$"


class QueryParameters(Schema):
    """The query parameters of a list; any other is refused (api.main.refuse_unknown)."""

    page: int = Field(1, ge=1, description="The page, from 1.")
    page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Items per page.")


def platform_filter() -> str | None:
    return Field(None, pattern=SLUG, description="A platform's code, e.g. IND.")


def partnership_filter() -> str | None:
    return Field(None, pattern=SLUG, description="A partnership's slug, e.g. cybersecurity.")


def country_filter(what: str) -> str | None:
    return Field(None, pattern=COUNTRY, description=f"{what}: a country's code, e.g. FR or EL.")


def region_filter(what: str) -> str | None:
    return Field(
        None,
        pattern=NUTS_CODE,
        description=f"{what}: a NUTS code, e.g. FRH0; a shorter one (FRH, FR) takes in the "
        "units within it.",
    )


class PartnershipQuery(QueryParameters):
    platform: str | None = platform_filter()
    region: str | None = region_filter("With a region")
    country: str | None = country_filter("With a region in the country")


class ReportQuery(QueryParameters):
    page_size: int = Field(
        DEFAULT_PAGE_SIZE, ge=1, le=MAX_REPORTS_PAGE_SIZE, description="Reports per page."
    )
    platform: str | None = platform_filter()
    partnership: str | None = partnership_filter()
    period: str | None = Field(None, pattern=PERIOD, description="A period's slug, e.g. 2020-h2.")
    region: str | None = region_filter("Listing a region linked to its NUTS unit")
    country: str | None = country_filter("Listing a region in the country")


class RegionQuery(QueryParameters):
    nuts_code: str | None = region_filter("The unit")
    country: str | None = country_filter("In the country")
    level: int | None = Field(None, ge=0, le=3, description="The NUTS level, 0 to 3.")
    partnership: str | None = partnership_filter()
    role: RegionRole | None = Field(
        None, description="In a partnership (the one given, or any) in this role."
    )


class NewsQuery(QueryParameters):
    platform: str | None = platform_filter()
    partnership: str | None = partnership_filter()


# --- Answers ----------------------------------------------------------------------------------


class Error(Schema):
    detail: str = Field(description="What was wrong, in words.")
    parameter: str | None = Field(None, description="The query parameter at fault, if one was.")


class Page(Schema):
    count: int = Field(description="Items in all pages.")
    page: int
    page_size: int
    pages: int
    next: str | None = Field(description="The next page's address; null on the last.")
    previous: str | None = Field(description="The previous page's address; null on the first.")


class PlatformRef(Schema):
    code: str
    name: str
    url: str


class PartnershipRef(Schema):
    slug: str
    short_name: str
    full_name: str
    url: str
    page_url: str = Field(description="Its page on the site.")


class PeriodRef(Schema):
    slug: str
    label: str
    url: str


class Platform(Schema):
    code: str
    name: str
    launch_year: int | None
    partnerships: list[PartnershipRef] = Field(description="Its active partnerships.")
    url: str


class PlatformPage(Page):
    results: list[Platform]


class PartnershipRegion(Schema):
    role: RegionRole
    role_label: str
    name: str = Field(description="As the partnership's page names it.")
    nuts_code: str | None = Field(description="Null for an entity outside NUTS.")
    country: str | None
    url: str | None = Field(description="The NUTS unit in this API; null outside NUTS.")


class Organisation(Schema):
    name: str
    country: str | None = Field(description="Null for EU-level bodies.")
    kind: str
    kind_label: str


class RelatedProject(Schema):
    name: str
    description: str
    url: str


class Document(Schema):
    kind: Literal["mapping", "document"]
    kind_label: str
    title: str
    url: str


class ReportRef(Schema):
    period: PeriodRef
    url: str
    page_url: str


class Partnership(Schema):
    slug: str
    short_name: str
    full_name: str
    acronym: str
    platform: PlatformRef
    web_page: str
    start_date: datetime.date | None
    year_established: int | None
    context: str
    description: str
    mission: str
    objectives: str
    main_activities: str
    shared_specialisation_areas: list[str]
    regions: list[PartnershipRegion]
    organisations: list[Organisation]
    related_projects: list[RelatedProject]
    projects_under_development: list[str]
    documents: list[Document]
    reports: list[ReportRef] = Field(description="Its published reports, the latest first.")
    url: str
    page_url: str


class PartnershipPage(Page):
    results: list[Partnership]


class Period(Schema):
    slug: str
    year: int
    half: Literal[1, 2]
    label: str
    start: datetime.date
    end: datetime.date
    deadline: datetime.date
    published_reports: int
    reports_url: str = Field(description="Its published reports in this API.")
    url: str


class PeriodPage(Page):
    results: list[Period]


class Answer(Schema):
    section: str
    question: str = Field(description="The question's key, the same in every report.")
    label: str = Field(description="The question as the form words it.")
    value: str


class TableCell(Schema):
    table: str
    table_label: str
    row: int
    column: str
    column_label: str
    value: str


class Rating(Schema):
    question: str
    row: str = Field(description="The goal's number.")
    row_label: str
    rating: str


class ReportRegion(Schema):
    role: RegionRole
    role_label: str
    written: str = Field(description="As the coordinator wrote it.")
    nuts_code: str | None = Field(description="The NUTS unit it is linked to, if it is.")
    nuts_level: int | None
    country: str | None


class Annex(Schema):
    id: int
    title: str
    description: str
    kind: str
    media_type: str
    size: int = Field(description="In bytes.")
    url: str = Field(description="Where to download it.")


class Report(Schema):
    partnership: PartnershipRef
    platform: PlatformRef
    period: PeriodRef
    published_at: datetime.datetime
    answers: list[Answer]
    tables: list[TableCell]
    ratings: list[Rating]
    regions: list[ReportRegion]
    annexes: list[Annex]
    url: str
    page_url: str
    pdf_url: str


class ReportPage(Page):
    results: list[Report]


class Country(Schema):
    code: str
    name: str


class RegionPartnership(Schema):
    slug: str
    short_name: str
    role: RegionRole
    role_label: str
    url: str


class Region(Schema):
    nuts_code: str
    nuts_version: int
    nuts_level: int
    name_en: str
    name_national: str
    country: Country
    within: str | None = Field(description="The NUTS code of the unit it lies in.")
    partnerships: list[RegionPartnership] = Field(
        description="The active partnerships that name it on their page, and in which role."
    )
    url: str


class RegionPage(Page):
    results: list[Region]


class NewsTranslation(Schema):
    language: str
    title: str
    lead: str
    body: str


class News(Schema):
    slug: str
    published_on: datetime.date
    partnership: PartnershipRef | None
    translations: list[NewsTranslation]
    url: str
    page_url: str


class NewsPage(Page):
    results: list[News]
