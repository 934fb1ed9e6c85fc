"""The read-only JSON API (issue 14): each resource, its filters and pages, and what does not
exist for it (drafts, withdrawn reports, inactive partnerships, articles with no text).

The world of tests/api_helpers.py: Cybersecurity and Chemicals published for 2020-h2; a
draft, a withdrawn report and an inactive partnership's report that must never show.
"""

import pytest
from django.urls import reverse

from reports.public_data import public_report
from tests.api_helpers import get, refusal, slugs

pytestmark = pytest.mark.django_db


def test_the_names_the_catalogue_links_to():
    assert reverse("api-v1:openapi-json") == "/api/v1/openapi.json"
    assert reverse("api-v1:openapi-view") == "/api/v1/docs/"


def test_the_index_links_every_resource(client):
    index = get(client, "/")
    assert index["reports"] == "http://testserver/api/v1/reports"
    assert set(index) == {
        "platforms",
        "partnerships",
        "periods",
        "reports",
        "regions",
        "news",
        "openapi",
        "docs",
    }


# --- Platforms --------------------------------------------------------------------------------


def test_platforms_list_their_active_partnerships(client, world):
    page = get(client, "/platforms")
    assert [platform["code"] for platform in page["results"]] == ["IND", "ENER"]  # by position
    industry = page["results"][0]
    assert [p["slug"] for p in industry["partnerships"]] == ["chemicals", "cybersecurity"]
    assert get(client, "/platforms/IND") == industry
    assert industry["url"] == "http://testserver/api/v1/platforms/IND"


def test_an_unknown_platform_is_a_404_with_a_message(client, world):
    assert refusal(client, "/platforms/XYZ", 404)["detail"] == "No platform 'XYZ'."


# --- Partnerships -----------------------------------------------------------------------------


def test_a_partnership_has_its_profile_regions_organisations_and_published_reports(client, world):
    partnership = get(client, "/partnerships/cybersecurity")
    assert partnership["full_name"] == "Cybersecurity Smart Regions"
    assert partnership["acronym"] == "CSR"
    assert partnership["platform"]["code"] == "IND"
    assert partnership["start_date"] == "2018-02-01"
    assert partnership["year_established"] == 2018
    assert partnership["mission"] == "Developing the cybersecurity sector."
    assert partnership["shared_specialisation_areas"] == ["Digitalisation", "cybersecurity"]
    assert partnership["regions"] == [
        {
            "role": "lead",
            "role_label": "Leading region",
            "name": "Brittany (FR), FRH0",
            "nuts_code": "FRH0",
            "country": "FR",
            "url": "http://testserver/api/v1/regions/FRH0",
        },
        {
            "role": "interested",
            "role_label": "Interested region or other entity",
            "name": "ECSO",
            "nuts_code": None,
            "country": None,
            "url": None,
        },
    ]
    assert partnership["organisations"] == [
        {"name": "Images & Réseaux", "country": "FR", "kind": "cluster", "kind_label": "Cluster"}
    ]
    # The 2021-h1 draft is not among them.
    assert [report["period"]["slug"] for report in partnership["reports"]] == ["2020-h2"]
    assert partnership["reports"][0]["url"] == (
        "http://testserver/api/v1/reports/cybersecurity/2020-h2"
    )
    assert partnership["page_url"] == "http://testserver/partnerships/cybersecurity/"


def test_the_partnership_list_holds_the_active_ones_by_name(client, world):
    page = get(client, "/partnerships")
    assert slugs(page) == ["chemicals", "cybersecurity"]
    assert page["results"][1] == get(client, "/partnerships/cybersecurity")


def test_an_inactive_partnership_does_not_exist(client, world):
    detail = refusal(client, "/partnerships/retired", 404)["detail"]
    assert detail == "No active partnership 'retired'."


# --- Periods ----------------------------------------------------------------------------------


def test_periods_count_their_published_reports_only(client, world):
    page = get(client, "/periods")
    assert [(p["slug"], p["published_reports"]) for p in page["results"]] == [
        ("2021-h1", 0),  # a draft and a withdrawn report
        ("2020-h2", 2),  # not the inactive partnership's
    ]
    autumn = get(client, "/periods/2020-h2")
    assert autumn["label"] == "July - December 2020"
    assert (autumn["start"], autumn["end"], autumn["half"]) == ("2020-07-01", "2020-12-31", 2)
    assert autumn["reports_url"] == "http://testserver/api/v1/reports?period=2020-h2"


@pytest.mark.parametrize("slug", ["2019-h1", "2020-h3", "2020", "h2-2020"])
def test_an_unknown_or_malformed_period_is_a_404(client, world, slug):
    assert refusal(client, f"/periods/{slug}", 404)["detail"].startswith(f"No period '{slug}'")


# --- Reports ----------------------------------------------------------------------------------


def test_a_report_is_its_public_record(client, world):
    report = get(client, "/reports/cybersecurity/2020-h2")
    record = public_report(world.published)
    assert report["answers"] == [vars(answer) for answer in record.answers]
    summary = {a["question"]: a for a in report["answers"]}["executive_summary"]
    assert summary == {
        "section": "management",
        "question": "executive_summary",
        "label": "Please provide the executive summary and the objectives of your partnership",
        "value": "Cybersecurity risks in Europe are increasing.",
    }
    assert {"table": "working_areas", "row": 1, "column": "working_area"}.items() <= next(
        cell for cell in report["tables"] if cell["value"] == "Regional mapping"
    ).items()
    assert [(r["row"], r["rating"]) for r in report["ratings"]] == [("9", "Agree")]
    assert [(r["role"], r["nuts_code"], r["country"]) for r in report["regions"]] == [
        ("lead", "FRH0", "FR"),
        ("participating", None, "SI"),
    ]
    (annex,) = report["annexes"]
    assert annex["title"] == "Mapping results"
    assert annex["url"] == f"http://testserver{world.published.annexes.get().get_absolute_url()}"
    assert client.get(annex["url"]).status_code == 200
    assert report["published_at"][:19] == record.published_at.isoformat()[:19]
    assert report["pdf_url"] == "http://testserver/partnerships/cybersecurity/reports/2020-h2.pdf"
    assert report["page_url"] == "http://testserver/partnerships/cybersecurity/reports/2020-h2/"


def test_the_report_list_holds_the_published_ones_whole(client, world):
    page = get(client, "/reports")
    assert slugs(page) == ["chemicals", "cybersecurity"]
    assert page["results"][1] == get(client, "/reports/cybersecurity/2020-h2")


@pytest.mark.parametrize(
    "path",
    [
        "/reports/cybersecurity/2021-h1",  # a draft
        "/reports/chemicals/2021-h1",  # withdrawn
        "/reports/retired/2020-h2",  # published, of an inactive partnership
        "/reports/nobody/2020-h2",
        "/reports/cybersecurity/2020-h3",
    ],
)
def test_reports_the_public_cannot_read_do_not_exist(client, world, path):
    assert refusal(client, path, 404)["detail"].startswith("No ")


# --- Regions ----------------------------------------------------------------------------------


def test_a_region_names_the_active_partnerships_it_is_in_and_its_role(client, world):
    basque = get(client, "/regions/ES21")
    assert (basque["name_en"], basque["name_national"]) == ("Basque Country", "País Vasco")
    assert basque["country"] == {"code": "ES", "name": "Spain"}
    assert (basque["nuts_level"], basque["nuts_version"]) == (2, 2021)
    # Retired, inactive, names it too: not said.
    assert [(p["slug"], p["role"]) for p in basque["partnerships"]] == [
        ("chemicals", "participating")
    ]
    assert [r["nuts_code"] for r in get(client, "/regions")["results"]] == ["ES21", "FRH0"]


def test_an_unknown_nuts_code_is_a_404(client, world):
    assert refusal(client, "/regions/FRZZ", 404)["detail"] == "No NUTS unit 'FRZZ'."


# --- News -------------------------------------------------------------------------------------


def test_news_come_in_all_their_languages(client, world):
    article = get(client, "/news/cyber-week")
    assert [(t["language"], t["title"]) for t in article["translations"]] == [
        ("bg", "Кибер седмица"),
        ("en", "Cyber week"),
    ]
    assert article["partnership"]["slug"] == "cybersecurity"
    assert article["page_url"] == "http://testserver/news/cyber-week/"
    assert slugs(get(client, "/news")) == ["cyber-week"]


def test_an_article_with_no_text_yet_does_not_exist(client, world):
    refusal(client, "/news/not-written", 404)


def test_an_inactive_partnerships_news_does_not_name_it(client, world):
    world.article.partnership = world.retired
    world.article.save()
    assert get(client, "/news/cyber-week")["partnership"] is None
    assert get(client, "/news", partnership="retired")["results"] == []


# --- Filters ----------------------------------------------------------------------------------

FILTERS = [
    ("/partnerships", {"platform": "IND"}, ["chemicals", "cybersecurity"]),
    ("/partnerships", {"platform": "ENER"}, []),
    ("/partnerships", {"region": "FRH0"}, ["cybersecurity"]),
    ("/partnerships", {"region": "FR"}, ["cybersecurity"]),  # the units within France
    ("/partnerships", {"region": "ES"}, ["chemicals"]),
    ("/partnerships", {"country": "ES"}, ["chemicals"]),
    ("/partnerships", {"country": "SI"}, []),
    ("/reports", {"platform": "IND"}, ["chemicals", "cybersecurity"]),
    ("/reports", {"platform": "ENER"}, []),
    ("/reports", {"partnership": "cybersecurity"}, ["cybersecurity"]),
    ("/reports", {"partnership": "retired"}, []),
    ("/reports", {"period": "2020-h2"}, ["chemicals", "cybersecurity"]),
    ("/reports", {"period": "2021-h1"}, []),
    ("/reports", {"region": "ES21"}, ["chemicals"]),
    ("/reports", {"region": "FRH"}, ["cybersecurity"]),
    ("/reports", {"country": "FR"}, ["cybersecurity"]),
    ("/reports", {"country": "SI"}, ["cybersecurity"]),  # named by the text, not linked
    ("/reports", {"country": "ES", "partnership": "cybersecurity"}, []),
    ("/news", {"partnership": "cybersecurity"}, ["cyber-week"]),
    ("/news", {"partnership": "chemicals"}, []),
    ("/news", {"platform": "IND"}, ["cyber-week"]),
    ("/news", {"platform": "ENER"}, []),
]


@pytest.mark.parametrize(("path", "params", "expected"), FILTERS)
def test_filters(client, world, path, params, expected):
    assert slugs(get(client, path, **params)) == expected


REGION_FILTERS = [
    ({"nuts_code": "FR"}, ["FRH0"]),
    ({"nuts_code": "FRH0"}, ["FRH0"]),
    ({"country": "ES"}, ["ES21"]),
    ({"level": 2}, ["ES21", "FRH0"]),
    ({"level": 3}, []),
    ({"partnership": "cybersecurity"}, ["FRH0"]),
    ({"partnership": "retired"}, []),  # inactive
    ({"role": "participating"}, ["ES21"]),
    ({"role": "lead"}, ["FRH0"]),  # Retired's lead region ES21 does not count
    ({"partnership": "chemicals", "role": "lead"}, []),
]


@pytest.mark.parametrize(("params", "expected"), REGION_FILTERS)
def test_region_filters(client, world, params, expected):
    page = get(client, "/regions", **params)
    assert [region["nuts_code"] for region in page["results"]] == expected
