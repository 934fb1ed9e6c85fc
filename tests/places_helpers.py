"""A constructed set of published reports with known answers, for the region, country and
platform pages (issue 15).

Two periods, 2020-h1 and 2020-h2, two partnerships of the platform IND:
- Cybersecurity: Brittany (FRH0) leads in both periods; Warszawski stołeczny (PL91, EU13)
  takes part in 2020-h1 and is interested in 2020-h2; in 2020-h2 working areas "Mapping"
  (Brittany in charge, PL91 involved), "Training" (PL91 in charge, FRH0 involved) and
  "Outreach" (Lapland, not a unit here, in charge);
  its SDG ratings: goal 9 disagree in 2020-h1, strongly agree in 2020-h2, goal 13 neutral.
- Chemicals: in 2020-h2 only, Brittany participating, and "Warsaw (PL)" as free text (no
  NUTS unit: it counts nowhere); goal 9 agree, goal 12 not applicable. A draft for 2021-h1
  names Lodzkie (PL71), which therefore has no page.
"""

from dataclasses import dataclass

from regions.models import Country, Region
from reports.models import (
    MonitoringReport,
    Partnership,
    ReportingPeriod,
    ReportRegion,
    SDGRating,
    WorkingArea,
)
from tests.test_public_reports import publish


@dataclass
class Places:
    cybersecurity: Partnership
    chemicals: Partnership
    poland: Country
    warsaw: Region
    lodzkie: Region
    chemicals_report: MonitoringReport


def period(year: int, half: int) -> ReportingPeriod:
    found, _created = ReportingPeriod.objects.get_or_create(
        year=year, half=half, defaults={"deadline": ReportingPeriod.default_deadline(year, half)}
    )
    return found


def listed(report, role, region=None, name="") -> None:
    position = report.regions.count() + 1
    if region is None:
        ReportRegion.objects.create(report=report, role=role, position=position, name=name)
    else:
        ReportRegion.objects.create(
            report=report, role=role, position=position, region=region, match="linked"
        )


def build_places(partnership, other_partnership, brittany, reviewer) -> Places:
    poland = Country.objects.create(code="PL", name="Poland", accession_year=2004)
    warsaw = Region.objects.create(
        name_en="Warszawski stołeczny",
        country=poland,
        nuts_code="PL91",
        nuts_version=Region.NutsVersion.NUTS_2021,
        nuts_level=2,
    )
    lodzkie = Region.objects.create(
        name_en="Łódzkie",
        country=poland,
        nuts_code="PL71",
        nuts_version=Region.NutsVersion.NUTS_2021,
        nuts_level=2,
    )

    first = MonitoringReport.start(partnership, period(2020, 1))
    listed(first, "lead", brittany)
    listed(first, "participating", warsaw)
    SDGRating.objects.create(report=first, goal=9, rating="disagree")
    publish(first, reviewer)

    second = MonitoringReport.start(partnership, period(2020, 2))
    listed(second, "lead", brittany)
    listed(second, "interested", warsaw)
    WorkingArea.objects.create(
        report=second,
        position=1,
        working_area="Mapping",
        region_in_charge="Brittany",
        involved_regions="Warszawski stołeczny, Lapland",
    )
    WorkingArea.objects.create(
        report=second,
        position=2,
        working_area="Training",
        region_in_charge="PL91",
        involved_regions="FRH0",
    )
    WorkingArea.objects.create(
        report=second, position=3, working_area="Outreach", region_in_charge="Lapland"
    )
    SDGRating.objects.create(report=second, goal=9, rating="strongly_agree")
    SDGRating.objects.create(report=second, goal=13, rating="neutral")
    publish(second, reviewer)

    chemicals = MonitoringReport.start(other_partnership, period(2020, 2))
    listed(chemicals, "participating", brittany)
    listed(chemicals, "participating", name="Warsaw (PL)")
    SDGRating.objects.create(report=chemicals, goal=9, rating="agree")
    SDGRating.objects.create(report=chemicals, goal=12, rating="not_applicable")
    publish(chemicals, reviewer)

    draft = MonitoringReport.start(other_partnership, period(2021, 1))
    listed(draft, "lead", lodzkie)

    return Places(partnership, other_partnership, poland, warsaw, lodzkie, chemicals)


def sign_in_as(client, who, request) -> None:
    """`who`: anonymous, or the name of a persona's fixture (tests/conftest.py)."""
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))


PERSONAS = ["anonymous", "coordinator", "other_coordinator", "reviewer", "administrator"]
