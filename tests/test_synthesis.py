"""The reviewers' period synthesis (reports/synthesis.py, /review/synthesis/<period>/): every
figure on a constructed data set with known answers, who may open it, its spreadsheet and
PDF, bad periods, and constant queries as reports are added."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import User
from regions.models import Country, Region
from reports.models import (
    Event,
    MonitoringReport,
    Partnership,
    ReportingPeriod,
    ReportRegion,
    ReportTransition,
    ThematicPlatform,
    WorkingArea,
)
from reports.models.self_assessment import PipelineProject, SelfAssessment
from reports.synthesis import Figure, Synthesis, build

State = MonitoringReport.State
Match = ReportRegion.Match
TODAY = timezone.localdate()

PAGE = reverse("reports:review_synthesis", kwargs={"period": "2024-h2"})
XLSX = reverse("reports:review_synthesis_xlsx", kwargs={"period": "2024-h2"})
PDF = reverse("reports:review_synthesis_pdf", kwargs={"period": "2024-h2"})
URLS = [PAGE, XLSX, PDF]


def at(year, month, day):
    return timezone.make_aware(datetime.datetime(year, month, day, 12))


def submitted(report, on):
    ReportTransition.objects.create(
        report=report, from_state=State.DRAFT, to_state=State.SUBMITTED, at=on
    )


def add_report(partnership, period, state, submitted_on=None):
    report = MonitoringReport.objects.create(partnership=partnership, period=period, state=state)
    if submitted_on:
        submitted(report, submitted_on)
    return report


def add_region(report, position, region=None, name="", match=Match.LINKED, country=None):
    return ReportRegion.objects.create(
        report=report,
        role="participating",
        position=position,
        region=region,
        name=name,
        match=match if region else (Match.UNMATCHED if match == Match.LINKED else match),
        named_country=country,
    )


def add_projects(report, *projects, **answers):
    assessment = SelfAssessment.objects.create(report=report, **answers)
    for position, (status, source, amount) in enumerate(projects, start=1):
        PipelineProject.objects.create(
            self_assessment=assessment,
            position=position,
            name=f"Project {position}",
            status=status,
            funding_source=source,
            amount_eur=amount,
        )
    return assessment


@pytest.fixture
def landscape(platform, partnership, other_partnership, brittany):
    """Two half-years of six active partnerships on two platforms, and an inactive one.

    2024-h2 (deadline 31 January 2025): Cybersecurity published (on time), Chemicals submitted
    (late), Grain returned (on time), Olives accepted (late), Dairy a draft, Vines not started.
    2024-h1 (deadline 31 July 2024): Cybersecurity and Chemicals published, on time.
    """
    agri = ThematicPlatform.objects.create(code="AGR", name="Agri-Food")
    grain, olives, dairy, vines = (
        Partnership.objects.create(
            platform=agri, short_name=name, full_name=name, slug=name.lower()
        )
        for name in ("Grain", "Olives", "Dairy", "Vines")
    )
    gone = Partnership.objects.create(
        platform=agri, short_name="Gone", full_name="Gone", slug="gone", is_active=False
    )
    before = ReportingPeriod.objects.create(year=2024, half=1, deadline=datetime.date(2024, 7, 31))
    now = ReportingPeriod.objects.create(year=2024, half=2, deadline=datetime.date(2025, 1, 31))

    poland = Country.objects.create(code="PL", name="Poland", accession_year=2004)
    slovakia = Country.objects.create(code="SK", name="Slovakia", accession_year=2004)
    mazowieckie = Region.objects.create(
        name_en="Mazowieckie", country=poland, nuts_code="PL91", nuts_version=2021, nuts_level=2
    )

    # The previous period.
    cyber_before = add_report(partnership, before, State.PUBLISHED, at(2024, 7, 20))
    add_region(cyber_before, 1, brittany)
    add_region(cyber_before, 2, name="Pays de la Loire cluster")
    add_region(cyber_before, 3, mazowieckie)
    WorkingArea.objects.create(report=cyber_before, position=1, working_area="Data spaces")
    WorkingArea.objects.create(report=cyber_before, position=2, working_area="Skills")
    Event.objects.create(report=cyber_before, kind="past", position=1, title="Kick-off")
    add_projects(cyber_before, ("idea", "i3", 10), progress_rating="good")
    chem_before = add_report(other_partnership, before, State.PUBLISHED, at(2024, 7, 1))
    add_region(chem_before, 1, brittany)

    # This period.
    cyber = add_report(partnership, now, State.PUBLISHED, at(2025, 1, 10))
    add_region(cyber, 1, brittany)
    add_region(cyber, 2, name="pays de la  Loire Cluster")  # the same, written otherwise
    add_region(cyber, 3, name="Bratislava DIH", country=slovakia)  # joined; Mazowieckie left
    WorkingArea.objects.create(report=cyber, position=1, working_area="data spaces")
    WorkingArea.objects.create(report=cyber, position=2, working_area="Pilots")
    for position in (1, 2):
        Event.objects.create(report=cyber, kind="past", position=position, title="Workshop")
    Event.objects.create(report=cyber, kind="planned", position=1, title="Conference")
    add_projects(
        cyber,
        ("funded", "i3", 100_000),
        ("idea", "interreg", None),
        ("funded", "horizon", 50_000),
        progress_rating="poor",
    )
    chem = add_report(other_partnership, now, State.SUBMITTED, at(2025, 2, 5))
    add_region(chem, 1, brittany)
    Event.objects.create(report=chem, kind="past", position=1, title="Webinar")
    add_projects(chem, ("running", "", 20_000), obstacles=["staff", "business", "administrative"])
    grain_report = add_report(grain, now, State.RETURNED, at(2025, 1, 20))
    add_region(grain_report, 1, mazowieckie)
    add_projects(grain_report, governance={"roles_defined": "disagree"})
    olives_report = add_report(olives, now, State.ACCEPTED, at(2025, 2, 10))
    add_region(olives_report, 1, brittany, name="Bretagne?", match=Match.SUGGESTED)
    add_projects(olives_report, continuation="undecided", obstacles=["staff"])
    dairy_report = add_report(dairy, now, State.DRAFT)
    add_region(dairy_report, 1, name="Half-typed region")  # a draft: not counted
    add_projects(dairy_report, ("funded", "erdf", 5), progress_rating="poor")
    add_report(gone, now, State.PUBLISHED, at(2025, 1, 5))  # inactive: not counted
    return {"now": now, "before": before, "vines": vines}


def synthesis_of(landscape) -> Synthesis:
    return build(landscape["now"], TODAY)


def table(synthesis, key):
    return next(table for table in synthesis.tables if table.key == key)


def by_label(synthesis, key):
    """{first cell: the other cells} of a table."""
    return {str(row[0]): row[1:] for row in table(synthesis, key).rows}


def fig(current, previous):
    return Figure(current, previous)


# --- the figures --------------------------------------------------------------------------------


def test_reports_per_state_with_lateness(landscape):
    rows = by_label(synthesis_of(landscape), "reports")
    assert rows == {
        "Reports expected (active partnerships)": [fig(6, 6)],
        "Not started": [fig(1, 4)],
        "Draft": [fig(1, 0)],
        "Submitted": [fig(1, 0)],
        "Returned for changes": [fig(1, 0)],
        "Accepted": [fig(1, 0)],
        "Published": [fig(1, 2)],
        # Cybersecurity and Grain this time; Cybersecurity and Chemicals before.
        "Submitted on time": [fig(2, 2)],
        # Chemicals and Olives submitted late, Dairy's draft and Vines past the deadline.
        "Late (submitted late, or not submitted and past the deadline)": [fig(4, 4)],
    }


def test_received_reports_headline(landscape):
    synthesis = synthesis_of(landscape)
    assert (synthesis.received, synthesis.expected) == (fig(4, 2), 6)


def test_regions_joined_and_left_per_partnership(landscape):
    rows = by_label(synthesis_of(landscape), "partnerships")
    assert rows["Cybersecurity"] == [
        "Industrial Modernisation",
        "Bratislava DIH",  # free text, new
        "Mazowieckie (PL), PL91",  # its NUTS unit is gone; "pays de la Loire" stays
        "Pilots",
        "Skills",
    ]
    assert "Chemicals" not in rows  # nothing changed
    assert rows["Grain"][1:] == ["no earlier report to compare"] * 4
    assert "Dairy" not in rows  # a draft is not received


def test_per_platform(landscape):
    rows = by_label(synthesis_of(landscape), "platforms")
    assert rows["Industrial Modernisation"] == [
        fig(2, 2),  # reports received
        fig(4, 4),  # regions named
        1,  # joined
        1,  # left
        1,  # working areas added
        1,  # dropped
        fig(3, 1),  # events held
        fig(1, 0),  # events planned
    ]
    assert rows["Agri-Food"][:2] == [fig(2, 0), fig(2, 0)]


def test_free_text_regions_are_listed_for_cleaning(landscape):
    rows = table(synthesis_of(landscape), "cleaning").rows
    assert [(row[0], row[1], str(row[3])) for row in rows] == [
        ("Olives", "Bretagne?", "A NUTS unit suggested, not confirmed"),
        ("Cybersecurity", "pays de la  Loire Cluster", "Kept as written: no NUTS unit matches"),
        ("Cybersecurity", "Bratislava DIH", "Kept as written: no NUTS unit matches"),
    ]


def test_eu13_from_nuts_units_and_named_countries(landscape):
    rows = by_label(synthesis_of(landscape), "eu13")
    assert rows == {
        "Partnerships naming an EU13 region or country": [fig(2, 1)],
        "EU13 regions (NUTS units) named": [fig(1, 1)],
        "EU13 countries involved": [fig(2, 1)],
        "Partnerships in Poland (PL)": [fig(1, 1)],
        "Partnerships in Slovakia (SK)": [fig(1, 0)],
    }


def test_pipeline_by_stage(landscape):
    rows = by_label(synthesis_of(landscape), "pipeline-stage")
    assert rows["Idea"] == [fig(1, 1), fig(0, 10)]
    assert rows["Funded"] == [fig(2, 0), fig(150_000, 0)]
    assert rows["Running"] == [fig(1, 0), fig(20_000, 0)]
    assert rows["Submitted"] == [fig(0, 0), fig(0, 0)]
    assert rows["All projects"] == [fig(4, 1), fig(170_000, 10)]


def test_pipeline_by_funding_source(landscape):
    rows = by_label(synthesis_of(landscape), "pipeline-source")
    assert rows["I3"] == [fig(1, 1), fig(100_000, 10)]
    assert rows["Interreg"] == [fig(1, 0), fig(0, 0)]
    assert rows["Horizon 2020/Europe"] == [fig(1, 0), fig(50_000, 0)]
    assert rows["ERDF"] == [fig(0, 0), fig(0, 0)]  # only Dairy's draft names it
    assert rows["Not given"] == [fig(1, 0), fig(20_000, 0)]


def test_problem_flags_say_why(landscape):
    problems = table(synthesis_of(landscape), "problems")
    assert {row[0]: row[2] for row in problems.rows} == {
        "Cybersecurity": "progress rated “Poor”",
        "Chemicals": "names 3 obstacles",
        "Grain": "disagrees with 1 governance statement(s)",
        "Olives": "continuation: “Undecided”",
    }
    assert problems.summary == ("Partnerships flagging problems", fig(4, 0))


def test_figure_change():
    assert (fig(5, 3).arrow, fig(5, 3).change_text, str(fig(5, 3))) == ("▲", "+2", "5 (▲ +2)")
    assert (fig(1, 4).arrow, fig(1, 4).change_text) == ("▼", "−3")
    assert (fig(2, 2).arrow, str(fig(2, 2))) == ("", "2 (±0)")
    assert (fig(2, None).change, str(fig(2, None))) == (None, "2")


def test_without_a_previous_period_nothing_is_compared(landscape):
    landscape["before"].reports.all().delete()
    landscape["before"].delete()
    synthesis = synthesis_of(landscape)
    assert by_label(synthesis, "reports")["Published"] == [fig(1, None)]
    assert by_label(synthesis, "partnerships")["Cybersecurity"][1] == (
        "no earlier report to compare"
    )


# --- who may open it ----------------------------------------------------------------------------


@pytest.mark.parametrize("url", URLS)
def test_anonymous_visitors_are_sent_to_sign_in(client, landscape, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.fixture
def no_role(db):
    """Signed in, and no role given yet."""
    return User.objects.create_user("newcomer", password="pw-newcomer")


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("persona", ["coordinator", "other_coordinator", "no_role"])
def test_it_does_not_exist_for_anyone_else(client, request, landscape, persona, url):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("persona", ["reviewer", "administrator"])
def test_it_opens_for_reviewers_and_administrators(client, request, landscape, persona, url):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("url", URLS)
def test_it_is_read_only(client, reviewer, landscape, url):
    client.force_login(reviewer)
    assert client.post(url).status_code == 405


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


def test_the_page_shows_each_figure_with_its_change(reviewer_client, landscape):
    page = reviewer_client.get(PAGE).text
    assert "4 reports received out of 6 expected." in page
    assert "Each figure is compared with January - June 2024" in page
    # Published: 1, one fewer than before, the arrow doubled in words.
    assert (
        '<span class="figure-now">1</span> <span class="figure-change figure-down">'
        '<span class="visually-hidden">change since the previous period: </span>'
        '<span aria-hidden="true">▼</span> −1</span>'
    ) in page
    assert "Bratislava DIH" in page and "progress rated “Poor”" in page
    assert reverse("reports:review_synthesis", kwargs={"period": "2024-h1"}) in page


def test_the_page_in_bulgarian(reviewer_client, landscape):
    response = reviewer_client.get("/bg" + PAGE)
    assert response.status_code == 200
    assert 'lang="bg"' in response.text
    assert "Синтез за периода" in response.text
    assert "Period synthesis" not in response.text


def test_the_dashboard_links_to_the_latest_period_begun(reviewer_client, landscape):
    ReportingPeriod.objects.create(year=TODAY.year + 1, half=1, deadline=TODAY.replace(day=1))
    latest = ReportingPeriod.objects.filter(year__lte=TODAY.year).first()
    page = reviewer_client.get(reverse("reports:review_dashboard")).text
    assert reverse("reports:review_synthesis", kwargs={"period": latest.slug}) in page


def test_no_public_page_shows_or_links_to_it(client, landscape):
    for url in [
        reverse("reports:home"),
        reverse("reports:partnership", kwargs={"slug": "cybersecurity"}),
        reverse("reports:public_report", kwargs={"slug": "cybersecurity", "period": "2024-h2"}),
    ]:
        page = client.get(url).text
        assert "/review/synthesis/" not in page
        assert "Projects in the pipeline by" not in page and "flags problems" not in page


# --- bad periods --------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["2024-h3", "24-h1", "0000-h1", "2024-H1", "synthesis"])
def test_a_malformed_period_is_not_found(reviewer_client, landscape, slug):
    assert reviewer_client.get(f"/review/synthesis/{slug}/").status_code == 404


def test_an_unknown_past_period_is_not_found(reviewer_client, landscape):
    assert reviewer_client.get("/review/synthesis/2019-h1/").status_code == 404


def test_a_period_to_come_says_so(reviewer_client, landscape):
    response = reviewer_client.get(f"/review/synthesis/{TODAY.year + 2}-h1/")
    assert response.status_code == 200
    assert "This period has not begun yet" in response.text
    assert reviewer_client.get(f"/review/synthesis/{TODAY.year + 2}-h1.xlsx").status_code == 404


def test_a_period_without_reports_says_so(reviewer_client, landscape):
    ReportingPeriod.objects.create(year=2023, half=2, deadline=datetime.date(2024, 1, 31))
    response = reviewer_client.get("/review/synthesis/2023-h2/")
    assert response.status_code == 200
    assert "No report has been started for this period yet" in response.text
    assert reviewer_client.get("/review/synthesis/2023-h2.pdf").status_code == 404


# --- downloads ----------------------------------------------------------------------------------


def sheets(response):
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return {
        sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook
    }


def test_the_spreadsheet_holds_every_table_with_counts_and_changes(reviewer_client, landscape):
    response = reviewer_client.get(XLSX)
    assert response["Content-Disposition"].startswith('attachment; filename="s3-synthesis-2024-h2-')
    workbook = sheets(response)
    assert list(workbook) == [
        "Synthesis",
        "1. Reports",
        "2. Per thematic platform",
        "3. Per partnership regions and ",
        "4. Region names not linked to N",
        "5. EU13 involvement",
        "6. Projects in the pipeline by ",
        "7. Projects in the pipeline by ",
        "8. Partnerships whose self-asse",
    ]
    reports = workbook["1. Reports"]
    assert reports[3] == ["Figure", "Reports", "Reports: change"]
    assert ["Published", 1, -1] in reports
    assert ["Not started", 1, -3] in reports
    stage = workbook["6. Projects in the pipeline by "]
    assert ["All projects", 4, 3, 170_000, 169_990] in stage
    problems = workbook["8. Partnerships whose self-asse"]
    assert problems[2] == ["Partnerships flagging problems", 4, 4, None]


def test_the_pdf_brief_holds_the_figures(reviewer_client, landscape):
    response = reviewer_client.get(PDF)
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Period synthesis" in text and "July - December 2024" in text
    assert "4 of 6 expected (▲ +2)" in text
    assert "Bratislava DIH" in text
    assert "progress rated “Poor”" in text
    assert "170,000 (▲ +169,990)" in text
    assert "for cleaning" not in text  # a chore, not for the steering committee


# --- queries ------------------------------------------------------------------------------------


def test_the_queries_do_not_grow_with_the_reports(reviewer_client, landscape, platform):
    def queries():
        with CaptureQueriesContext(connection) as context:
            assert reviewer_client.get(PAGE).status_code == 200
        return len(context.captured_queries)

    first = queries()
    more = Partnership.objects.bulk_create(
        Partnership(platform=platform, short_name=f"Q{n:03}", full_name="Q", slug=f"q{n:03}")
        for n in range(60)
    )
    for partnership in more:
        for period in (landscape["now"], landscape["before"]):
            report = add_report(partnership, period, State.SUBMITTED, at(2025, 1, 2))
            add_region(report, 1, name=f"Somewhere {partnership.pk}")
            WorkingArea.objects.create(report=report, position=1, working_area="Area")
            Event.objects.create(report=report, kind="past", position=1, title="Event")
            add_projects(report, ("idea", "i3", 1), progress_rating="poor")
    assert queries() == first
