"""A new report is offered the previous period's public annexes, carried over until the
coordinator confirms or changes them; its confidential ones stay where they were."""

import datetime
import hashlib

from reports import annex_storage
from reports.carry_over import start_report
from reports.models import Annex, MonitoringReport, ReportingPeriod
from tests.wizard_helpers import page_values, post_step, step_url

PDF = b"%PDF-1.4\n%%EOF\n"


def attach(report, key, title, visibility):
    annex_storage.save_annex_file(key, PDF)
    return Annex.objects.create(
        report=report,
        position=report.annexes.count() + 1,
        title=title,
        visibility=visibility,
        file_key=key,
        display_name=f"{key}.pdf",
        kind="pdf",
        size=len(PDF),
        sha256=hashlib.sha256(PDF).hexdigest(),
    )


def started_after(partnership, period):
    first_half = ReportingPeriod.objects.create(
        year=2020, half=1, deadline=datetime.date(2020, 7, 31)
    )
    previous = MonitoringReport.start(partnership, first_half)
    attach(previous, "public-one", "Mapping results", "public")
    attach(previous, "secret-one", "Signed minutes", "confidential")
    return previous, start_report(partnership, period)


def test_the_public_annexes_are_offered_again_with_their_own_files(partnership, period):
    previous, report = started_after(partnership, period)
    (carried,) = report.annexes.all()
    assert (carried.title, carried.carried_over) == ("Mapping results", True)
    assert carried.file_key not in ("public-one", "secret-one")
    with annex_storage.open_annex_file(carried.file_key) as stored:
        assert stored.read() == PDF
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
