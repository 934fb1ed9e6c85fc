"""The public pages cost the same number of queries however many partnerships, periods,
reports, rows and regions there are (issue 11): measured at two sizes, compared."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from regions.models import Region
from reports.models import (
    Event,
    MonitoringReport,
    NewsArticle,
    NewsTranslation,
    Partnership,
    PartnershipRegion,
    ReportingPeriod,
    ReportRegion,
    WorkingArea,
)
from tests.test_public_reports import publish

PAGES = {
    "home": "/",
    "home, searching": "/?q=brit",
    "partnership page": "/partnerships/cybersecurity/",
    "report page": "/partnerships/cybersecurity/reports/2020-h2/",
    "timeline": "/partnerships/cybersecurity/timeline/",
    "region page": "/regions/FRH0/",
    "country page": "/countries/FR/",
    "platform page": "/platforms/IND/",
    "all platforms": "/platforms/",
    "platform's SDG table as CSV": "/platforms/IND/sdgs.csv",
    "home, searching a country": "/?q=france",
}


def add_partnerships(platform, brittany, reviewer, count: int, periods: int) -> None:
    """`count` more partnerships, each led by Brittany, each with `periods` published
    reports of ten working areas, regions and events, and a news article."""
    for number in range(count):
        partnership = Partnership.objects.create(
            platform=platform, short_name=f"P{number}", full_name=f"P{number}", slug=f"p{number}"
        )
        PartnershipRegion.objects.create(partnership=partnership, role="lead", region=brittany)
        for index in range(periods):
            add_published_report(partnership, 2010 + index // 2, index % 2 + 1, brittany, reviewer)
        article = NewsArticle.objects.create(
            slug=f"news-{number}", partnership=partnership, published_on=datetime.date(2021, 1, 1)
        )
        NewsTranslation.objects.create(article=article, language="en", title="News", body="News")


def add_published_report(partnership, year, half, region, reviewer) -> MonitoringReport:
    period, _created = ReportingPeriod.objects.get_or_create(
        year=year, half=half, defaults={"deadline": ReportingPeriod.default_deadline(year, half)}
    )
    report = MonitoringReport.start(partnership, period)
    for position in range(1, 11):
        WorkingArea.objects.create(report=report, position=position, working_area=f"A{position}")
        Event.objects.create(
            report=report,
            kind=Event.Kind.PLANNED,
            position=position,
            title=f"E{position}",
            date=datetime.date(year + 1, 1, position),
        )
        ReportRegion.objects.create(
            report=report, role="participating", position=position, name=f"Region {position}"
        )
    ReportRegion.objects.create(
        report=report, role="lead", position=1, region=region, match="linked"
    )
    publish(report, reviewer)
    return report


def queries(client, url: str) -> int:
    client.get(url)  # a first request may store what later ones read
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("page", PAGES)
def test_a_public_page_costs_the_same_queries_with_more_data(
    client, page, partnership, platform, brittany, reviewer
):
    PartnershipRegion.objects.create(partnership=partnership, role="lead", region=brittany)
    add_published_report(partnership, 2020, 2, brittany, reviewer)
    small = queries(client, PAGES[page])

    other_region = Region.objects.create(
        name_en="Armorica",
        country=brittany.country,
        nuts_code="FRH1",
        nuts_version=Region.NutsVersion.NUTS_2021,
        nuts_level=2,
    )
    add_partnerships(platform, brittany, reviewer, count=4, periods=3)
    add_published_report(Partnership.objects.get(slug="p0"), 2022, 1, other_region, reviewer)
    for year, half in ((2019, 1), (2019, 2), (2020, 1)):
        add_published_report(partnership, year, half, brittany, reviewer)
    large = queries(client, PAGES[page])

    assert large == small, page
