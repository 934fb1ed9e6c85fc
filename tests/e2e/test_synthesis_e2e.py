"""The reviewers' period synthesis passes axe-core's WCAG 2.1 AA checks, in English and in
Bulgarian, at the desktop width and at a phone's, on the demo data: a period whose reports
are compared with the previous period's, the confidential tables included."""

import pytest

from reports.models import MonitoringReport
from tests.e2e.helpers import log_in, violations_at_both_widths

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("prefix", ["", "/bg"])
def test_the_synthesis_has_no_accessibility_violation(page, demo_data, prefix):
    published = MonitoringReport.objects.published().select_related("period").first()
    path = f"/review/synthesis/{published.period.slug}/"
    log_in(page, "reviewer", path, prefix)

    assert violations_at_both_widths(page, prefix + path) == {"desktop": [], "phone": []}
    assert page.locator("table.synthesis-table").count() >= 5  # the synthesis, not a notice
