"""The region, country and platform pages, and the home page's search for places, pass
axe-core's WCAG 2.1 AA checks, in English and in Bulgarian, at the desktop width and at a
phone's (tests/e2e/helpers.py `violations_at_both_widths`, from the open data hand-over)."""

import pytest

from tests.e2e.helpers import violations_at_both_widths

pytestmark = pytest.mark.e2e

PATHS = ["/regions/FRH0/", "/countries/FR/", "/platforms/", "/platforms/IND/", "/?q=bret"]


@pytest.mark.parametrize("language", ["", "/bg"])
@pytest.mark.parametrize("path", PATHS)
def test_the_page_has_no_accessibility_violation(page, demo_data, language, path):
    assert violations_at_both_widths(page, language + path) == {"desktop": [], "phone": []}
