"""The public platform pages (issue 15): partnerships, regions, countries and EU13 over time,
the SDG heat map and trend, partnerships per country, each as a table and a CSV, from
published reports only (tests/places_helpers.py: the data set)."""

import csv
import io

import pytest

from reports import involvement, workflow
from reports.models import ThematicPlatform
from reports.models.self_assessment import PipelineProject, SelfAssessment
from tests.places_helpers import PERSONAS, build_places, sign_in_as
from tests.sitemap_helpers import sitemap_text

GOAL_9 = "9. Industry, innovation and infrastructure"


@pytest.fixture
def places(partnership, other_partnership, brittany, reviewer):
    return build_places(partnership, other_partnership, brittany, reviewer)


def rows(table):
    """{row heading: the other cells} of a table (a DataTable, or a chart's ChartTable)."""
    return {row[0]: row[1:] for row in table.rows}


def test_involvement_over_time_counts_partnerships_regions_countries_and_eu13(client, places):
    table = client.get("/platforms/IND/").context["over_time"]

    assert table.header[1:] == [
        "Partnerships reporting",
        "Regions",
        "Countries",
        "EU13 regions",
        "EU13 countries",
    ]
    # 2020-h2: Brittany and PL91; "Warsaw (PL)", free text, counts neither as a region nor
    # as EU13.
    assert rows(table) == {
        "January - June 2020": [1, 2, 2, 1, 1],
        "July - December 2020": [2, 2, 2, 1, 1],
    }


def test_eu13_is_told_by_the_nuts_code_not_by_the_text(client, places, brittany):
    """A Polish region written as free text counts nowhere; Poland's accession year makes a
    linked Polish unit EU13, France's does not."""
    places.poland.accession_year = None
    places.poland.save()

    table = client.get("/platforms/IND/").context["over_time"]

    assert [row[4:] for row in table.rows] == [[0, 0], [0, 0]]


def test_the_heat_map_has_each_goal_for_each_partnership_of_the_latest_period(client, places):
    table = client.get("/platforms/IND/").context["heat_map"].table

    assert "July - December 2020" in table.caption
    assert table.header == ["Goal", "Chemicals", "Cybersecurity"]
    assert len(table.rows) == 17
    heat = rows(table)
    assert heat[GOAL_9] == ["Agree", "Strongly agree"]
    assert heat["12. Responsible consumption and production"] == ["Not applicable", "Not rated"]
    assert heat["13. Climate action"] == ["Not rated", "Neutral"]
    assert heat["1. No poverty"] == ["Not rated", "Not rated"]
    # The data the chart is drawn from: sdg_chart.SCORES, None where not rated.
    period, partnerships, scores = involvement.sdg_heat_map(
        involvement.records(involvement.published_reports())
    )
    assert (period.slug, [p.short_name for p in partnerships]) == (
        "2020-h2",
        ["Chemicals", "Cybersecurity"],
    )
    by_goal = {goal: cells for goal, _title, cells in scores}
    assert (by_goal[9], by_goal[12], by_goal[13], by_goal[1]) == (
        [4, 5],
        [0, None],
        [None, 3],
        [None, None],
    )


def test_the_trend_counts_partnerships_contributing_to_each_goal_per_period(client, places):
    periods, trend = involvement.sdg_trend(involvement.records(involvement.published_reports()))
    by_goal = {
        goal: [(cell.contributing, cell.rated) for cell in cells] for goal, _t, cells in trend
    }
    chart = rows(client.get("/platforms/IND/").context["trend"].table)

    assert [period.slug for period in periods] == ["2020-h1", "2020-h2"]
    # 2020-h1: Cybersecurity disagrees; 2020-h2: it strongly agrees and Chemicals agrees.
    assert by_goal[9] == [(0, 1), (2, 2)]
    assert by_goal[13] == [(0, 0), (0, 1)]
    assert by_goal[12] == [(0, 0), (0, 1)]
    # The chart shows those contributing; "–" where no partnership rated the goal.
    assert chart[GOAL_9] == ["0", "2"]
    assert chart["13. Climate action"] == ["–", "0"]


def test_partnerships_per_country_count_each_partnerships_latest_report(client, places):
    public = involvement.records(involvement.published_reports())
    table = client.get("/platforms/IND/").context["countries"].table

    assert involvement.partnerships_per_country(public) == {"FR": 2, "PL": 1}
    # The map's table lists every country of the map, most first.
    assert table.rows[:3] == [["France", "2"], ["Poland", "1"], ["Austria", "0"]]


def test_each_chart_has_its_table_as_csv(client, places):
    page = client.get("/platforms/IND/")
    for name, chart in (("sdgs", "heat_map"), ("sdg-trend", "trend"), ("countries", "countries")):
        response = client.get(f"/platforms/IND/{name}.csv")
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert f'href="/platforms/IND/{name}.csv"' in page.content.decode()
        read = list(csv.reader(io.StringIO(response.content.decode())))
        table = page.context[chart].table
        assert read == [table.header, *table.rows]
        assert f'id="{page.context[chart].chart_id}' in page.content.decode()  # the chart


def test_the_page_of_all_platforms_counts_every_platform(client, places, platform):
    ThematicPlatform.objects.create(code="ENER", name="Energy")

    response = client.get("/platforms/")

    assert response.status_code == 200
    assert rows(response.context["over_time"])["July - December 2020"] == [2, 2, 2, 1, 1]
    page = response.content.decode()
    assert 'href="/platforms/IND/"' in page and 'href="/platforms/ENER/"' in page
    assert 'href="/platforms/sdgs.csv"' in page
    assert client.get("/platforms/countries.csv").status_code == 200
    # A platform without published reports says so.
    energy = client.get("/platforms/ENER/").content.decode()
    assert "No partnership of this platform has published a monitoring report yet." in energy


@pytest.mark.parametrize(
    "url",
    [
        "/platforms/NOPE/",
        "/platforms/NOPE/sdgs.csv",
        "/platforms/IND/other.csv",
        "/bg/platforms/X/",
    ],
)
def test_unknown_platforms_and_tables_are_not_found(client, places, url):
    assert client.get(url).status_code == 404


def test_the_platform_code_is_read_whatever_its_case(client, places):
    assert client.get("/platforms/ind/").context["platform"].code == "IND"


def test_a_withdrawn_report_disappears_from_the_platform_pages(client, places, reviewer):
    workflow.withdraw(places.chemicals_report, reviewer, "Published by mistake.")

    response = client.get("/platforms/IND/")

    assert response.context["heat_map"].table.header == ["Goal", "Cybersecurity"]
    assert response.context["countries"].table.rows[:2] == [["France", "1"], ["Poland", "1"]]
    assert "Chemicals" not in client.get("/platforms/IND/sdgs.csv").content.decode()


@pytest.mark.parametrize("who", PERSONAS)
def test_everyone_reads_the_same_platform_pages(client, places, who, request):
    sign_in_as(client, who, request)
    for url in ("/platforms/", "/platforms/IND/", "/platforms/IND/sdgs.csv"):
        assert client.get(url).status_code == 200, (who, url)
    assert rows(client.get("/platforms/IND/").context["heat_map"].table)[GOAL_9] == [
        "Agree",
        "Strongly agree",
    ]


def test_the_platform_pages_are_cached_and_in_bulgarian(client, places):
    response = client.get("/bg/platforms/IND/")

    assert response.status_code == 200
    assert "Принос към ЦУР" in response.content.decode()
    assert response["Cache-Control"] == "public, max-age=600"
    assert (
        client.get("/bg/platforms/IND/", headers={"if-none-match": response["ETag"]}).status_code
        == 304
    )
    assert "Тематични платформи" in client.get("/bg/").content.decode()  # the navigation


def test_the_sitemap_lists_the_platform_pages(client, places):
    sitemap = sitemap_text(client)

    for path in ("/platforms/", "/platforms/IND/", "/bg/platforms/IND/"):
        assert f"<loc>http://testserver{path}</loc>" in sitemap, path


def test_no_pipeline_or_self_assessment_figure_appears_on_a_platform_page(client, places):
    """The self-assessment's pipeline (projects, stages, funding, amounts) is for reviewers:
    a report's pipeline of distinctive figures shows on no platform page or CSV."""
    report = places.chemicals_report
    assessment = SelfAssessment.objects.create(report=report, risks="QZXRISK")
    for position in (1, 2, 3):
        PipelineProject.objects.create(
            self_assessment=assessment,
            position=position,
            name=f"QZXPROJECT{position}",
            status=PipelineProject.Status.FUNDED,
            funding_source=PipelineProject.FundingSource.I3,
            amount_eur=987_654_321,
            regions_involved="QZXREGIONS, Brittany",
        )
    for url in (
        "/platforms/",
        "/platforms/IND/",
        "/platforms/IND/sdgs.csv",
        "/platforms/IND/sdg-trend.csv",
        "/platforms/IND/countries.csv",
        "/regions/FRH0/",
        "/countries/FR/",
    ):
        content = client.get(url).content.decode()
        assert "QZX" not in content and "987654321" not in content, url
        assert "987 654 321" not in content and "987,654,321" not in content, url
        assert "pipeline" not in content.casefold(), url
