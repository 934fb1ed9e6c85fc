"""Two coordinators pressing "Start the report" at the same moment (issue 12): one starts it,
the other lands on it, and neither sees an error. Before, the second got a 500 every time
(a ValidationError on SQLite, an IntegrityError on PostgreSQL)."""

import time
from unittest import mock

import pytest
from django.test import Client

from accounts.models import User
from reports import carry_over
from reports.models import MonitoringReport, ReportingPeriod, WorkingArea
from tests.concurrency import at_the_same_moment, sqlite_on_a_file
from tests.wizard_helpers import messages_of, start_url, step_url

SUMMARY = "We secure regional digital infrastructure."


@pytest.fixture
def previous(partnership):
    """The partnership's report for January-June 2020, whose summary and working areas the
    next one starts from."""
    first_half = ReportingPeriod.objects.create(
        year=2020, half=1, deadline=ReportingPeriod.default_deadline(2020, 1)
    )
    report = MonitoringReport.start(partnership, first_half)
    report.executive_summary = SUMMARY
    report.save(update_fields=["executive_summary"])
    WorkingArea.objects.bulk_create(
        WorkingArea(report=report, position=position, working_area=f"Area {position}")
        for position in (1, 2)
    )
    return report


def slowly(function):
    """`function`, run half a second late: inside the starting transaction, after the new
    report's row is written, so that the other press arrives while it is not committed."""

    def late(*args, **kwargs):
        time.sleep(0.5)
        return function(*args, **kwargs)

    return late


@pytest.mark.django_db(transaction=True)
def test_two_presses_at_the_same_moment_start_one_report_and_both_land_on_it(
    partnership, coordinator, open_period, previous, tmp_path
):
    second_coordinator = User.objects.create_user(
        "aino", password="pw-aino", role=User.Role.COORDINATOR
    )
    partnership.coordinators.add(second_coordinator)
    browsers = []
    for user in (coordinator, second_coordinator):
        # A 500 is answered as the browser would get it, not raised in the test's thread.
        browser = Client(raise_request_exception=False)
        browser.force_login(user)
        browsers.append(browser)
    responses = []

    def press_start(browser):
        responses.append(browser.post(start_url(partnership, open_period)))

    with (
        sqlite_on_a_file(tmp_path),
        mock.patch.object(carry_over, "previous_report", slowly(carry_over.previous_report)),
    ):
        at_the_same_moment(press_start, [(browser,) for browser in browsers])

        report = MonitoringReport.objects.get(partnership=partnership, period=open_period)
        assert [response.status_code for response in responses] == [302, 302]
        assert {response["Location"] for response in responses} == {step_url(report, "header")}
        # Started once, whole: what was carried over is there, and copied only once.
        assert report.executive_summary == SUMMARY
        assert report.working_areas.count() == 2
        said = [messages_of(browser.get(step_url(report, "header"))) for browser in browsers]
        assert sorted(said) == [[], ["Report started."]]
