"""The region, country and platform pages, and the home page's search for places, pass
axe-core's WCAG 2.1 AA checks, in English and in Bulgarian, at the desktop width and at a
phone's (tests/e2e/helpers.py `violations_at_both_widths`, from the open data hand-over)."""

import pytest

from tests.e2e.helpers import violations_at_both_widths
from tests.e2e.test_accessibility_e2e import FITS, SIDEWAYS

pytestmark = pytest.mark.e2e

PATHS = ["/regions/FRH0/", "/countries/FR/", "/platforms/", "/platforms/IND/", "/?q=bret"]


@pytest.mark.parametrize("language", ["", "/bg"])
@pytest.mark.parametrize("path", PATHS)
def test_the_page_has_no_accessibility_violation(page, demo_data, language, path):
    assert violations_at_both_widths(page, language + path) == {"desktop": [], "phone": []}


@pytest.mark.parametrize("path", ["/countries/FR/", "/bg/countries/FR/", "/platforms/IND/"])
def test_the_page_fits_a_390px_screen(page, demo_data, path):
    """Wide tables and charts scroll inside their box; the page itself never scrolls
    sideways (the hidden words of a table's empty cells once made it)."""
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(path)
    assert page.evaluate(SIDEWAYS) == FITS
