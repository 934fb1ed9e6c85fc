"""What the API tests share: a small published world, and how to read the API.

`world`: platform IND with Cybersecurity (led by Brittany, FRH0) and Chemicals (Basque
Country, ES21, participating), both active, and Retired, inactive; periods 2020-h2 and
2021-h1. Published: Cybersecurity and Chemicals 2020-h2, and Retired's 2020-h2 (hidden by its
partnership). Not published: Cybersecurity's 2021-h1 draft, Chemicals' 2021-h1 (published,
then withdrawn). News: one article in English and Bulgarian, one with no text yet.
"""

import datetime
import hashlib
from dataclasses import dataclass

import pytest

from regions.models import Country, Region
from reports import annex_storage, workflow
from reports.models import (
    Annex,
    MonitoringReport,
    NewsArticle,
    NewsTranslation,
    Organisation,
    Partnership,
    PartnershipRegion,
    ReportingPeriod,
    ReportRegion,
    SDGRating,
    ThematicPlatform,
    WorkingArea,
)

API = "/api/v1"


def publish(report, user):
    for state in ("submitted", "accepted", "published"):
        report.move_to(state, user)


def get(client, path, **params):
    """The API's answer to GET `path` (under /api/v1), as JSON, asserting a 200."""
    response = client.get(f"{API}{path}", params)
    assert response.status_code == 200, (path, response.status_code, response.content[:300])
    return response.json()


def refusal(client, path, status, **params):
    """The API's JSON refusal of GET `path`, asserting its status."""
    response = client.get(f"{API}{path}", params)
    assert response.status_code == status, (path, response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def slugs(page):
    """The ids of a page's items: a report's is its partnership's (the tests' periods differ)."""
    return [
        item["partnership"]["slug"] if "answers" in item else item["slug"]
        for item in page["results"]
    ]


def add_period(year, half):
    period, _created = ReportingPeriod.objects.get_or_create(
        year=year, half=half, defaults={"deadline": ReportingPeriod.default_deadline(year, half)}
    )
    return period


def attach_public_annex(report, title="Mapping results"):
    content = b"%PDF-1.4\n%%EOF\n"
    key = f"annex-{report.pk}-{title}"
    annex_storage.save_annex_file(key, content)
    return Annex.objects.create(
        report=report,
        position=report.annexes.count() + 1,
        visibility="public",
        title=title,
        display_name="mapping.pdf",
        file_key=key,
        kind="pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )


@dataclass
class World:
    cybersecurity: Partnership
    chemicals: Partnership
    retired: Partnership
    published: MonitoringReport
    chemicals_published: MonitoringReport
    draft: MonitoringReport
    withdrawn: MonitoringReport
    hidden: MonitoringReport
    article: NewsArticle


@pytest.fixture
def world(partnership, other_partnership, platform, brittany, reviewer):
    spain = Country.objects.create(code="ES", name="Spain", accession_year=1986)
    basque = Region.objects.create(
        name_en="Basque Country",
        name_national="País Vasco",
        country=spain,
        nuts_code="ES21",
        nuts_version=Region.NutsVersion.NUTS_2021,
        nuts_level=2,
    )
    retired = Partnership.objects.create(
        platform=platform,
        short_name="Retired",
        full_name="Retired",
        slug="retired",
        is_active=False,
    )
    ThematicPlatform.objects.create(code="ENER", name="Energy", position=1)
    partnership.acronym = "CSR"
    partnership.mission = "Developing the cybersecurity sector."
    partnership.shared_specialisation_areas = "Digitalisation, cybersecurity"
    partnership.save()
    PartnershipRegion.objects.create(partnership=partnership, role="lead", region=brittany)
    PartnershipRegion.objects.create(
        partnership=partnership, role="interested", name="ECSO", position=2
    )
    PartnershipRegion.objects.create(
        partnership=other_partnership, role="participating", region=basque
    )
    PartnershipRegion.objects.create(partnership=retired, role="lead", region=basque)
    partnership.organisations.add(
        Organisation.objects.create(
            name="Images & Réseaux", country=brittany.country, kind="cluster"
        )
    )

    autumn, spring = add_period(2020, 2), add_period(2021, 1)
    published = MonitoringReport.start(partnership, autumn)
    published.executive_summary = "Cybersecurity risks in Europe are increasing."
    published.save()
    ReportRegion.objects.create(report=published, role="lead", region=brittany, match="linked")
    ReportRegion.objects.create(
        report=published,
        role="participating",
        position=2,
        name="Ljubljana",
        named_country=Country.objects.create(code="SI", name="Slovenia", accession_year=2004),
    )
    WorkingArea.objects.create(report=published, position=1, working_area="Regional mapping")
    SDGRating.objects.create(report=published, goal=9, rating="agree")
    attach_public_annex(published)
    publish(published, reviewer)

    chemicals_published = MonitoringReport.start(other_partnership, autumn)
    chemicals_published.executive_summary = "Chemicals in the Basque Country."
    chemicals_published.save()
    ReportRegion.objects.create(
        report=chemicals_published, role="participating", region=basque, match="linked"
    )
    publish(chemicals_published, reviewer)

    draft = MonitoringReport.start(partnership, spring)
    draft.executive_summary = "Unpublished plans."
    draft.save()
    withdrawn = MonitoringReport.start(other_partnership, spring)
    publish(withdrawn, reviewer)
    workflow.withdraw(withdrawn, reviewer, "A table is wrong.")
    hidden = MonitoringReport.start(retired, autumn)
    publish(hidden, reviewer)

    article = NewsArticle.objects.create(
        slug="cyber-week", partnership=partnership, published_on=datetime.date(2021, 2, 1)
    )
    NewsTranslation.objects.create(article=article, language="en", title="Cyber week", body="Text")
    NewsTranslation.objects.create(article=article, language="bg", title="Кибер седмица", body="Т")
    NewsArticle.objects.create(slug="not-written", published_on=datetime.date(2021, 3, 1))
    for report in (published, chemicals_published, draft, withdrawn, hidden):
        report.refresh_from_db()
    return World(
        partnership,
        other_partnership,
        retired,
        published,
        chemicals_published,
        draft,
        withdrawn,
        hidden,
        article,
    )
