"""The API's refusals (issue 14, "Bad input"): each is JSON with a `detail` in words, a 400
names the parameter at fault, and nothing is ever a 500."""

import pytest

from tests.api_helpers import API, get, refusal, slugs

pytestmark = pytest.mark.django_db

LISTS = ["/platforms", "/partnerships", "/periods", "/reports", "/regions", "/news"]
DETAILS = [
    "/platforms/IND",
    "/partnerships/cybersecurity",
    "/periods/2020-h2",
    "/reports/cybersecurity/2020-h2",
    "/regions/FRH0",
    "/news/cyber-week",
]
EVERY_ADDRESS = ["/", *LISTS, *DETAILS, "/openapi.json", "/docs/"]


@pytest.mark.parametrize("path", LISTS + DETAILS + ["/"])
def test_an_unknown_query_parameter_is_named(client, world, path):
    body = refusal(client, path, 400, partnrship="cybersecurity")
    assert body["parameter"] == "partnrship"
    assert "Unknown query parameter 'partnrship'" in body["detail"]


def test_the_refusal_says_which_parameters_the_address_takes(client, world):
    detail = refusal(client, "/news", 400, lang="bg")["detail"]
    assert detail == (
        "Unknown query parameter 'lang'. This address takes: page, page_size, partnership, "
        "platform."
    )


@pytest.mark.parametrize(
    ("path", "params", "parameter"),
    [
        ("/platforms", {"page": "0"}, "page"),
        ("/platforms", {"page": "two"}, "page"),
        ("/platforms", {"page_size": "0"}, "page_size"),
        ("/platforms", {"page_size": "101"}, "page_size"),  # over the maximum
        ("/reports", {"page_size": "51"}, "page_size"),  # reports are heavier: 50 at most
        ("/reports", {"period": "2020-2"}, "period"),
        ("/reports", {"region": "frh0"}, "region"),
        ("/reports", {"region": "FRH0123"}, "region"),
        ("/reports", {"country": "FRA"}, "country"),
        ("/reports", {"partnership": "cyber security"}, "partnership"),
        ("/partnerships", {"platform": "IND;"}, "platform"),
        ("/regions", {"level": "4"}, "level"),
        ("/regions", {"level": "two"}, "level"),
        ("/regions", {"role": "leader"}, "role"),
        ("/regions", {"nuts_code": "F"}, "nuts_code"),
        ("/news", {"platform": ""}, "platform"),
    ],
)
def test_a_malformed_parameter_is_named(client, world, path, params, parameter):
    body = refusal(client, path, 400, **params)
    assert body["parameter"] == parameter
    assert body["detail"].startswith(f"Query parameter '{parameter}': ")


def test_a_parameter_given_twice_is_refused(client, world):
    response = client.get(f"{API}/reports?period=2020-h2&period=2021-h1")
    assert response.status_code == 400
    assert response.json()["parameter"] == "period"


def test_a_control_character_in_the_address_is_a_json_400(client, world):
    response = client.get(f"{API}/reports", {"partnership": "cyber\x00"})
    assert response.status_code == 400
    assert "control character" in response.json()["detail"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", EVERY_ADDRESS)
def test_no_write_method_is_accepted(client, world, method, path):
    response = getattr(client, method)(f"{API}{path}", data={}, content_type="application/json")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert "read-only" in response.json()["detail"]


def test_an_address_outside_the_api_is_a_json_404(client, world):
    body = refusal(client, "/nothing-here", 404)
    assert body["detail"] == (
        "No such address in the API: /api/v1/nothing-here. Its addresses are listed at "
        "/api/v1/docs/."
    )
    assert client.post("/api/v2/reports").status_code == 404


def test_a_trailing_slash_is_forgiven_with_a_redirect(client, world):
    response = client.get(f"{API}/reports/?period=2020-h2")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/reports?period=2020-h2"
    response = client.get(f"{API}/docs")
    assert (response.status_code, response["Location"]) == (301, "/api/v1/docs/")


# --- Pages ------------------------------------------------------------------------------------


def test_pages_follow_each_other_in_a_stable_order(client, world):
    first = get(client, "/periods", page_size=1)
    assert (first["count"], first["pages"], first["previous"]) == (2, 2, None)
    assert first["next"] == "http://testserver/api/v1/periods?page_size=1&page=2"
    second = client.get(first["next"]).json()
    assert second["next"] is None
    assert second["previous"] == "http://testserver/api/v1/periods?page_size=1&page=1"
    assert slugs(first) + slugs(second) == slugs(get(client, "/periods"))


def test_filters_are_kept_in_the_page_links(client, world):
    first = get(client, "/reports", period="2020-h2", page_size=1)
    assert first["next"] == "http://testserver/api/v1/reports?period=2020-h2&page_size=1&page=2"
    both = slugs(first) + slugs(client.get(first["next"]).json())
    assert both == ["chemicals", "cybersecurity"]


def test_a_page_past_the_last_is_a_404_naming_it(client, world):
    body = refusal(client, "/platforms", 404, page=3)
    assert body == {"detail": "There is no page 3: the last is page 1.", "parameter": "page"}


def test_an_empty_list_has_one_empty_page(client, db):
    page = get(client, "/reports")
    assert (page["count"], page["pages"], page["results"]) == (0, 1, [])
