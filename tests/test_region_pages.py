"""The public region and country pages (issue 15): who takes part where, in which role,
period by period, from published reports only (tests/places_helpers.py: the data set)."""

import pytest
from django.urls import reverse

from regions.models import Country
from reports import workflow
from tests.places_helpers import PERSONAS, build_places, listed, sign_in_as
from tests.sitemap_helpers import sitemap_text


@pytest.fixture
def places(partnership, other_partnership, brittany, reviewer):
    return build_places(partnership, other_partnership, brittany, reviewer)


def roles(response):
    """{partnership: [role per period]} of a page's roles table."""
    return {row.partnership.short_name: row.roles for row in response.context["role_rows"]}


def test_a_region_page_shows_its_role_in_each_partnership_period_by_period(client, places):
    response = client.get("/regions/FRH0/")

    assert response.status_code == 200
    assert [period.slug for period in response.context["periods"]] == ["2020-h1", "2020-h2"]
    assert roles(response) == {
        "Chemicals": ["", "Participating region"],
        "Cybersecurity": ["Leading region", "Leading region"],
    }
    page = response.content.decode()
    assert "Brittany" in page and "Bretagne" in page and "France" in page
    assert 'href="/countries/FR/"' in page and 'href="/partnerships/chemicals/"' in page


def test_a_region_page_lists_the_working_areas_it_leads_or_takes_part_in(client, places):
    brittany = client.get("/regions/FRH0/").context["areas"]
    warsaw = client.get("/regions/PL91/").context["areas"]

    # The cells are free text: "Brittany" and "FRH0" name Brittany, "Lapland" names neither.
    assert [(row.title, row.leads) for row in brittany] == [
        ("Mapping", True),
        ("Training", False),
    ]
    assert [(row.title, row.leads) for row in warsaw] == [
        ("Training", True),
        ("Mapping", False),
    ]
    assert {row.period.slug for row in brittany + warsaw} == {"2020-h2"}


def test_a_country_page_aggregates_its_regions_and_their_roles(client, places):
    response = client.get("/countries/PL/")

    assert response.status_code == 200
    # Łódzkie is named in a draft only: not here.
    assert [region.nuts_code for region in response.context["regions"]] == ["PL91"]
    assert response.context["role_counts"] == [
        ("Leading region", [0, 0]),
        ("Participating region", [1, 0]),
        ("Interested region or other entity", [0, 1]),
    ]
    assert [
        (row.region.nuts_code, row.partnership.short_name, row.roles)
        for row in response.context["role_rows"]
    ] == [("PL91", "Cybersecurity", ["Participating region", "Interested region or other entity"])]
    page = response.content.decode()
    assert 'href="/regions/PL91/"' in page and "PL71" not in page
    assert "EU13" in page  # Poland joined in 2004

    france = client.get("/countries/FR/").context["role_counts"]
    assert france == [
        ("Leading region", [1, 1]),
        ("Participating region", [0, 1]),
        ("Interested region or other entity", [0, 0]),
    ]


@pytest.mark.parametrize(
    "url",
    [
        "/regions/XX99/",  # no such code
        "/regions/PL71/",  # only in a draft
        "/regions/frh0/",  # codes are capitals
        "/regions/Warsaw/",  # free text has no page
        "/countries/XX/",
        "/countries/NO/",  # not in the EU, and no region of it named
        "/bg/regions/PL71/",
    ],
)
def test_unknown_or_unpublished_places_are_not_found(client, places, url):
    Country.objects.create(code="NO", name="Norway")
    assert client.get(url).status_code == 404


def test_an_eu_country_none_of_whose_regions_is_named_says_so(client, places):
    Country.objects.create(code="SI", name="Slovenia", accession_year=2004)

    response = client.get("/countries/SI/")

    assert response.status_code == 200
    assert "No published monitoring report lists a region of this country yet." in (
        response.content.decode()
    )


def test_a_withdrawn_report_disappears_from_the_region_and_country_pages(client, places, reviewer):
    workflow.withdraw(places.chemicals_report, reviewer, "Published by mistake.")

    assert roles(client.get("/regions/FRH0/")) == {
        "Cybersecurity": ["Leading region", "Leading region"]
    }
    places.cybersecurity.is_active = False
    places.cybersecurity.save()
    assert client.get("/regions/FRH0/").status_code == 404
    assert client.get("/regions/PL91/").status_code == 404
    assert "No published monitoring report" in client.get("/countries/PL/").content.decode()


@pytest.mark.parametrize("who", PERSONAS)
def test_everyone_reads_the_same_region_and_country_pages(client, places, who, request):
    sign_in_as(client, who, request)
    for url in ("/regions/FRH0/", "/countries/FR/", "/regions/PL71/"):
        response = client.get(url)
        assert response.status_code == (404 if "PL71" in url else 200), (who, url)
    assert roles(client.get("/regions/FRH0/"))["Chemicals"] == ["", "Participating region"]


def test_the_pages_are_cached_like_the_report_pages(client, places, reviewer):
    response = client.get("/regions/FRH0/")

    assert response["Cache-Control"] == "public, max-age=600"
    again = client.get("/regions/FRH0/", headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304
    # A withdrawal changes the page: its ETag changes.
    workflow.withdraw(places.chemicals_report, reviewer, "Published by mistake.")
    changed = client.get("/regions/FRH0/", headers={"if-none-match": response["ETag"]})
    assert changed.status_code == 200


def test_the_pages_are_in_bulgarian(client, places):
    region = client.get("/bg/regions/FRH0/").content.decode()
    country = client.get("/bg/countries/PL/").content.decode()

    assert "Роля във всяко партньорство, период по период" in region
    assert "Региони в партньорства" in country
    assert "<h1>Полша</h1>" in country  # the country's name in Bulgarian


def test_the_home_page_search_finds_regions_and_countries(client, places):
    by_name = client.get("/", {"q": "warsz"})
    by_country = client.get("/", {"q": "Poland"})
    draft_only = client.get("/", {"q": "Łódzkie"})

    assert [region.nuts_code for region in by_name.context["matching_regions"]] == ["PL91"]
    assert 'href="/regions/PL91/"' in by_name.content.decode()
    assert [country.code for country in by_country.context["matching_countries"]] == ["PL"]
    assert 'href="/countries/PL/"' in by_country.content.decode()
    assert draft_only.context["matching_regions"] == []
    assert [
        region.nuts_code for region in client.get("/", {"q": "frh0"}).context["matching_regions"]
    ] == ["FRH0"]


def test_partnership_and_report_pages_link_their_regions_pages(client, places, brittany):
    places.cybersecurity.regions.create(role="lead", region=brittany)
    places.cybersecurity.regions.create(role="interested", region=places.lodzkie)
    partnership_page = client.get("/partnerships/cybersecurity/").content.decode()
    report_page = client.get(
        reverse("reports:public_report", kwargs={"slug": "cybersecurity", "period": "2020-h2"})
    ).content.decode()

    assert 'href="/regions/FRH0/"' in partnership_page
    assert 'href="/regions/PL71/"' not in partnership_page  # no page: named in a draft only
    assert 'href="/regions/FRH0/"' in report_page and 'href="/regions/PL91/"' in report_page
    assert 'href="/platforms/IND/"' in partnership_page and 'href="/platforms/IND/"' in report_page


def test_the_sitemap_lists_the_region_and_country_pages(client, places):
    sitemap = sitemap_text(client)

    for path in ("/regions/FRH0/", "/regions/PL91/", "/countries/PL/", "/bg/countries/FR/"):
        assert f"<loc>http://testserver{path}</loc>" in sitemap, path
    assert "/regions/PL71/" not in sitemap


@pytest.mark.parametrize("state", ["draft", "submitted", "returned", "accepted", "published"])
@pytest.mark.parametrize("who", PERSONAS)
def test_a_region_has_a_page_for_everyone_once_a_report_naming_it_is_published_only(
    client, report, brittany, reviewer, state, who, request
):
    """The access ladder of the region, country and platform pages: what a report in each
    state shows there is the same for every persona, and only a published report shows."""
    listed(report, "lead", brittany)
    path = {
        "draft": [],
        "submitted": ["submitted"],
        "returned": ["submitted", "returned"],
        "accepted": ["submitted", "accepted"],
        "published": ["submitted", "accepted", "published"],
    }[state]
    for step in path:
        report.move_to(step, reviewer)
    sign_in_as(client, who, request)

    shown = state == "published"
    assert client.get("/regions/FRH0/").status_code == (200 if shown else 404)
    country = client.get("/countries/FR/").content.decode()
    assert ('href="/regions/FRH0/"' in country) == shown
    platform = client.get("/platforms/IND/").context
    assert [p.short_name for p in platform["partnerships"]] == (["Cybersecurity"] if shown else [])
