"""The API over HTTP (issue 14): conditional requests and caching, HEAD, CORS, the rate
limit per client address, its docs page, and queries that do not grow with the data."""

import datetime
import re

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date

from api import throttle
from reports import workflow
from reports.models import ReportTransition
from tests.api_helpers import API, add_period, get, publish
from tests.fresh_process import value_in_fresh_process
from tests.test_public_query_counts import add_published_report

pytestmark = pytest.mark.django_db

REPORT = f"{API}/reports/cybersecurity/2020-h2"


# --- ETag, Last-Modified, 304, Cache-Control ----------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/", "/platforms", "/reports", "/regions/FRH0", "/news", "/openapi.json"]
)
def test_an_answer_is_cacheable_and_revalidated_by_its_etag(client, world, path):
    response = client.get(f"{API}{path}")
    assert response["Cache-Control"] == "public, max-age=300"
    etag = response["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)

    again = client.get(f"{API}{path}", headers={"If-None-Match": etag})

    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    assert client.get(f"{API}{path}", headers={"If-None-Match": '"other"'}).status_code == 200


def test_the_etag_changes_when_a_report_is_published_or_withdrawn(client, world, reviewer):
    before = client.get(f"{API}/reports")["ETag"]
    publish(world.draft, reviewer)
    published = client.get(f"{API}/reports")["ETag"]
    assert client.get(f"{API}/reports", headers={"If-None-Match": before}).status_code == 200
    workflow.withdraw(world.draft, reviewer, "Not yet.")
    withdrawn = client.get(f"{API}/reports")["ETag"]
    # The list is again what it was: so is its ETag, and a client holding it keeps it.
    assert published != before == withdrawn


def test_a_report_is_last_modified_when_it_was_published(client, world):
    response = client.get(REPORT)
    published_at = world.published.transitions.get(to_state="published").at
    assert response["Last-Modified"] == http_date(published_at.timestamp())

    since = {"If-Modified-Since": response["Last-Modified"]}
    assert client.get(REPORT, headers=since).status_code == 304
    earlier = {"If-Modified-Since": http_date(published_at.timestamp() - 60)}
    assert client.get(REPORT, headers=earlier).status_code == 200


def test_the_report_list_is_modified_by_a_withdrawal(client, world, reviewer):
    """A report withdrawn leaves the list: the list's Last-Modified is the latest
    publication or withdrawal."""
    ReportTransition.objects.update(at=datetime.datetime(2021, 2, 14, tzinfo=datetime.UTC))
    before = client.get(f"{API}/reports")["Last-Modified"]
    assert before == "Sun, 14 Feb 2021 00:00:00 GMT"
    workflow.withdraw(world.chemicals_published, reviewer, "A table is wrong.")

    response = client.get(f"{API}/reports", headers={"If-Modified-Since": before})

    assert response.status_code == 200
    assert response["Last-Modified"] != before


def test_resources_that_keep_no_time_of_change_answer_by_etag_alone(client, world):
    response = client.get(f"{API}/partnerships/cybersecurity")
    assert "Last-Modified" not in response
    since = {"If-Modified-Since": http_date(datetime.datetime(2100, 1, 1).timestamp())}
    assert client.get(f"{API}/partnerships/cybersecurity", headers=since).status_code == 200


def test_a_signed_in_reader_gets_private_answers(client, world, coordinator):
    client.force_login(coordinator)
    response = client.get(f"{API}/reports")
    assert response.status_code == 200
    assert "public" not in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_head_answers_as_get_without_the_body(client, world):
    got = client.get(REPORT)
    head = client.head(REPORT)
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == got["ETag"]
    assert head["Content-Length"] == str(len(got.content))


# --- CORS -----------------------------------------------------------------------------------------


def test_any_site_may_read_the_api(client, world):
    response = client.get(REPORT, headers={"Origin": "https://researcher.example.org"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert set(response["Access-Control-Expose-Headers"].split(", ")) == {"ETag", "Retry-After"}


def test_a_browser_may_revalidate_from_another_site(client, world):
    """If-None-Match is not a "simple" header: the browser asks first."""
    response = client.options(
        f"{API}/reports",
        headers={
            "Origin": "https://researcher.example.org",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "if-none-match" in response["Access-Control-Allow-Headers"]
    assert "POST" not in response["Access-Control-Allow-Methods"]


def test_errors_are_readable_from_another_site_too(client, world):
    response = client.get(f"{API}/reports/nobody/2020-h2", headers={"Origin": "https://a.example"})
    assert response.status_code == 404
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_site_itself_is_not_opened_to_other_sites(client, world):
    response = client.get("/partnerships/cybersecurity/", headers={"Origin": "https://a.example"})
    assert "Access-Control-Allow-Origin" not in response


# --- Rate limit -----------------------------------------------------------------------------------


@pytest.fixture
def three_a_minute(settings):
    settings.API_RATE_LIMIT = 3
    settings.API_RATE_WINDOW_SECONDS = 60


@pytest.fixture
def clock(monkeypatch):
    """The throttle's time, moved by hand."""
    now = [1_000_000.0]
    monkeypatch.setattr(throttle.time, "time", lambda: now[0])
    return now


def test_a_client_over_the_limit_gets_429_and_when_to_retry(client, world, three_a_minute, clock):
    for _ in range(3):
        assert client.get(f"{API}/platforms").status_code == 200
        clock[0] += 10

    refused = client.get(f"{API}/reports")

    assert refused.status_code == 429
    # The first request leaves the window 60 s after it was made: 30 s from now.
    assert refused["Retry-After"] == "30"
    assert "at most 3 in 60 seconds" in refused.json()["detail"]
    clock[0] += 29
    assert client.get(f"{API}/platforms").status_code == 429
    clock[0] += 1
    assert client.get(f"{API}/platforms").status_code == 200


def test_the_limit_is_per_client_address(client, world, three_a_minute, clock):
    for _ in range(3):
        client.get(f"{API}/platforms", REMOTE_ADDR="192.0.2.1")
    assert client.get(f"{API}/platforms", REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.get(f"{API}/platforms", REMOTE_ADDR="192.0.2.2").status_code == 200


def test_a_client_cannot_escape_the_limit_by_naming_another_address(
    client, world, three_a_minute, clock, settings
):
    """Without trusted proxies X-Forwarded-For is the client's own writing; behind one, the
    address that proxy saw counts (s3partnership.security.client_address)."""
    for number in range(4):
        response = client.get(f"{API}/platforms", headers={"X-Forwarded-For": f"10.0.0.{number}"})
    assert response.status_code == 429

    settings.TRUSTED_PROXY_COUNT = 1
    behind_proxy = {"X-Forwarded-For": "203.0.113.9, 198.51.100.7"}
    assert client.get(f"{API}/platforms", headers=behind_proxy).status_code == 200


def test_the_limit_comes_from_the_environment():
    limit = "[settings.API_RATE_LIMIT, settings.API_RATE_WINDOW_SECONDS]"
    assert value_in_fresh_process(limit, unset=("API_",)) == [120, 60]
    configured = {"API_RATE_LIMIT": "500", "API_RATE_WINDOW_SECONDS": "3600"}
    assert value_in_fresh_process(limit, unset=("API_",), **configured) == [500, 3600]


# --- The docs page ------------------------------------------------------------------------------


def test_the_docs_page_runs_our_own_files_only(client):
    response = client.get(f"{API}/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>", page)
    # Data for ninja's swagger-ui-init.js, and our files: nothing inline to run.
    assert scripts == [
        ' type="application/json" id="swagger-settings"',
        ' src="/static/ninja/swagger-ui-bundle.js"',
        ' src="/static/ninja/swagger-ui-init.js"',
    ]
    assert '"validatorUrl": null' in page  # no call to Swagger's online validator
    assert "style=" not in page and "<style" not in page
    for path in re.findall(r'(?:src|href)="/static/([^"]+)"', page):
        assert finders.find(path), path
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_the_description_is_openapi_3_of_every_resource(client):
    description = get(client, "/openapi.json")
    assert description["openapi"].startswith("3.")
    assert set(description["paths"]) == {
        "/api/v1/",
        "/api/v1/platforms",
        "/api/v1/platforms/{code}",
        "/api/v1/partnerships",
        "/api/v1/partnerships/{slug}",
        "/api/v1/periods",
        "/api/v1/periods/{slug}",
        "/api/v1/reports",
        "/api/v1/reports/{partnership}/{period}",
        "/api/v1/regions",
        "/api/v1/regions/{nuts_code}",
        "/api/v1/news",
        "/api/v1/news/{slug}",
    }
    for operations in description["paths"].values():
        assert set(operations) == {"get"}


# --- Queries --------------------------------------------------------------------------------------

LISTS = ["/platforms", "/partnerships", "/periods", "/reports", "/regions", "/news"]


def queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"{API}{path}", {"page_size": 50}).status_code == 200
    return len(captured)


@pytest.mark.parametrize("path", LISTS)
def test_a_list_costs_the_same_queries_however_many_reports(
    client, world, path, platform, brittany, reviewer, django_assert_max_num_queries
):
    small = queries(client, path)
    for year in range(2010, 2016):
        for half in (1, 2):
            add_period(year, half)
            add_published_report(world.cybersecurity, year, half, brittany, reviewer)
            add_published_report(world.chemicals, year, half, brittany, reviewer)
    assert get(client, "/reports", page_size=50)["count"] == 26

    with django_assert_max_num_queries(small):
        assert client.get(f"{API}{path}", {"page_size": 50}).status_code == 200
