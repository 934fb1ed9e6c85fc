"""A new report is offered the previous period's public annexes, carried over until the
coordinator confirms or changes them; its confidential ones stay where they were."""

import datetime

from reports import annex_storage
from reports.carry_over import start_report
from reports.models import MonitoringReport, ReportingPeriod
from tests.wizard_helpers import TINY_PDF, attach, page_values, post_step, step_url


def started_after(partnership, period):
    first_half = ReportingPeriod.objects.create(
        year=2020, half=1, deadline=datetime.date(2020, 7, 31)
    )
    previous = MonitoringReport.start(partnership, first_half)
    attach(previous, "public-one", "Mapping results", visibility="public")
    attach(previous, "secret-one", "Signed minutes", visibility="confidential")
    return previous, start_report(partnership, period)


def test_the_public_annexes_are_offered_again_with_their_own_files(partnership, period):
    previous, report = started_after(partnership, period)
    (carried,) = report.annexes.all()
    assert (carried.title, carried.carried_over) == ("Mapping results", True)
    assert carried.file_key not in ("public-one", "secret-one")
    with annex_storage.open_annex_file(carried.file_key) as stored:
        assert stored.read() == TINY_PDF
    # The previous report keeps its own.
    assert previous.annexes.count() == 2


def test_the_coordinator_confirms_the_carried_over_annexes(coordinator_client, partnership, period):
    _previous, report = started_after(partnership, period)
    page = coordinator_client.get(step_url(report, "annexes")).content.decode()
    assert "Carried over" in page and 'value="confirm"' in page
    values = page_values(coordinator_client, report, "annexes")
    response = post_step(coordinator_client, report, "annexes", values, action="confirm")
    assert response.status_code == 302
    assert not report.annexes.filter(carried_over=True).exists()
