"""The API's docs page (/api/v1/docs/) in headless Chromium: Swagger UI from our own files
runs under the Content-Security-Policy (the `page` fixture fails on any violation) without
any other console error, and "Try it out" calls the API."""

import pytest

from accounts.models import User
from regions.models import Country, Region
from reports.models import Partnership, ThematicPlatform
from tests.test_public_query_counts import add_published_report

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture fails or skips these tests and says why
    expect = None

pytestmark = pytest.mark.e2e


def test_the_docs_page_lists_the_api_and_tries_it_out(page, transactional_db):
    platform = ThematicPlatform.objects.create(code="IND", name="Industrial Modernisation")
    partnership = Partnership.objects.create(
        platform=platform, short_name="Cybersecurity", full_name="Cyber", slug="cybersecurity"
    )
    france = Country.objects.create(code="FR", name="France")
    brittany = Region.objects.create(
        name_en="Brittany", country=france, nuts_code="FRH0", nuts_version=2021, nuts_level=2
    )
    reviewer = User.objects.create_user("reviewer", role=User.Role.REVIEWER)
    add_published_report(partnership, 2020, 2, brittany, reviewer)
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto("/api/v1/docs/")
    expect(page.get_by_role("heading", name="S3 Partnership Monitor open data API")).to_be_visible()
    page.get_by_text("/api/v1/reports/{partnership}/{period}").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_placeholder("partnership").fill("cybersecurity")
    page.get_by_placeholder("period").fill("2020-h2")
    page.get_by_role("button", name="Execute").click()

    expect(page.locator(".live-responses-table tbody .response-col_status")).to_have_text("200")
    expect(page.locator(".live-responses-table")).to_contain_text('"slug": "2020-h2"')
    assert errors == []
