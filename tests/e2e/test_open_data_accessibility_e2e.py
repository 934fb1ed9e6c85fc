"""The open data page and the API's docs page pass axe-core's WCAG 2.1 AA checks, in English
and in Bulgarian, at the desktop width and at a phone's."""

import pytest

from opendata import files
from tests.e2e.helpers import violations_at_both_widths

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("path", ["/data/", "/bg/data/", "/api/v1/docs/"])
def test_the_page_has_no_accessibility_violation(page, demo_data, path):
    files.ensure_fresh()  # the page lists the files of the demo's published reports

    assert violations_at_both_widths(page, path) == {"desktop": [], "phone": []}
