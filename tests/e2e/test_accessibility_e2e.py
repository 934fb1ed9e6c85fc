"""Accessibility in a real browser (headless Chromium), issue 12's small items: contrast of the
"Return for changes" button, the focus ring of the admin's calendar buttons, the NUTS
suggestions driven by the keyboard, and three pages that were wider than the screen.
"""

import re

import pytest
from django.test import Client

from accounts.models import User
from reports.demo.accounts import PASSWORD
from reports.models import MonitoringReport, Partnership
from tests.e2e.helpers import field, log_in, start_current_report
from tests.wizard_helpers import post_step

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture fails or skips these tests and says why
    expect = None

pytestmark = pytest.mark.e2e


@pytest.fixture
def report(demo_data):
    """Cybersecurity's report for the current half-year, started, nothing typed yet."""
    return start_current_report("Cybersecurity")


def path(report, step):
    return f"/workspace/{report.partnership.slug}/{report.period.slug}/{step}/"


# --- Contrast -------------------------------------------------------------------------------

# WCAG 2.1 AA: text 4.5:1 (1.4.3), a control's boundary 3:1 (1.4.11).
TEXT, BOUNDARY = 4.5, 3.0

# The button's text and border colours, its own background and the colour around it (the
# first ancestor's background that is not transparent).
COLOURS = """button => {
  const transparent = "rgba(0, 0, 0, 0)";
  let around = button.parentElement;
  while (getComputedStyle(around).backgroundColor === transparent && around.parentElement) {
    around = around.parentElement;
  }
  const style = getComputedStyle(button);
  return {
    text: style.color,
    border: style.borderTopColor,
    own: style.backgroundColor === transparent ? null : style.backgroundColor,
    around: getComputedStyle(around).backgroundColor,
  };
}"""


def luminance(colour: str) -> float:
    red, green, blue = (int(part) / 255 for part in re.findall(r"\d+", colour)[:3])

    def linear(channel):
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_return_for_changes_reads_at_aa_contrast_at_rest_focused_and_hovered(page, demo_data):
    page.emulate_media(reduced_motion="reduce")  # Bootstrap's colour transitions off: no
    # colours are read halfway between two states
    submitted = MonitoringReport.objects.get(state=MonitoringReport.State.SUBMITTED)
    log_in(page, "reviewer", f"/review/{submitted.partnership.slug}/{submitted.period.slug}/")
    button = page.get_by_role("button", name="Return for changes")
    expect(button).to_have_class(re.compile("btn-outline-danger"))

    def measured():
        colours = button.evaluate(COLOURS)
        return (
            contrast(colours["text"], colours["own"] or colours["around"]),
            contrast(colours["border"], colours["around"]),
        )

    at_rest = measured()
    button.focus()
    focused = measured()
    page.locator("body").focus()
    button.hover()
    hovered = measured()
    for state, (text, border) in {"rest": at_rest, "focus": focused, "hover": hovered}.items():
        assert text >= TEXT, (state, round(text, 2))
        assert border >= BOUNDARY, (state, round(border, 2))


# --- Focus ring -----------------------------------------------------------------------------

RING = """() => {
  const style = getComputedStyle(document.activeElement);
  return [document.activeElement.id, style.outlineStyle, style.outlineWidth];
}"""


def test_the_admin_date_fields_calendar_button_has_the_3px_focus_ring(page, demo_data):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    partnership = Partnership.objects.get(short_name="Cybersecurity")
    page.goto(f"/admin/reports/partnership/{partnership.pk}/change/")
    date = page.locator("input[name=start_date]")
    date.focus()
    assert page.evaluate(RING) == ["id_start_date", "solid", "3px"]
    page.keyboard.press("Tab")  # "Today"
    page.keyboard.press("Tab")
    assert page.evaluate(RING) == ["calendarlink0", "solid", "3px"]


# --- NUTS suggestions -----------------------------------------------------------------------

# Set on the page before the keys are pressed: a submit, or a new page, would show.
WATCH_SUBMITS = """() => {
  window.stillThisPage = true;
  window.submits = 0;
  document.getElementById("step-form").addEventListener("submit", () => window.submits++, true);
}"""


def test_a_nuts_suggestion_is_picked_with_arrow_down_and_enter_without_submitting(page, report):
    log_in(page, "coordinator", path(report, "regions"))
    page.evaluate(WATCH_SUBMITS)
    entry = field(page, "lead-0-entry")  # Brittany Region, carried over: typed over
    expect(entry).to_have_attribute("role", "combobox")
    expect(entry).to_have_attribute("aria-expanded", "false")
    suggestions = page.locator(f"#{entry.get_attribute('aria-controls')}")
    expect(suggestions).to_have_attribute("role", "listbox")

    entry.fill("")
    entry.press_sequentially("Bretag")
    options = suggestions.get_by_role("option")
    expect(options.first).to_be_visible()
    expect(entry).to_have_attribute("aria-expanded", "true")
    entry.press("ArrowDown")
    first = options.first
    expect(first).to_have_attribute("aria-selected", "true")
    expect(entry).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    picked = first.get_attribute("data-value")
    assert picked.startswith("Brittany (FR)")

    entry.press("Enter")
    expect(entry).to_have_value(picked)
    expect(entry).to_have_attribute("aria-expanded", "false")
    expect(suggestions).to_be_hidden()
    assert entry.get_attribute("aria-activedescendant") is None
    assert page.evaluate("[window.stillThisPage, window.submits]") == [True, 0]
    expect(entry).to_be_focused()


def test_escape_closes_the_nuts_suggestions_and_keeps_what_was_typed(page, report):
    log_in(page, "coordinator", path(report, "regions"))
    page.evaluate(WATCH_SUBMITS)
    entry = field(page, "participating-0-entry")
    entry.fill("")
    entry.press_sequentially("Lapl")
    suggestions = page.locator(f"#{entry.get_attribute('aria-controls')}")
    expect(suggestions.get_by_role("option").first).to_be_visible()
    entry.press("ArrowDown")
    entry.press("ArrowUp")  # from the first option round to the last
    expect(suggestions.get_by_role("option").last).to_have_attribute("aria-selected", "true")
    entry.press("Escape")
    expect(suggestions).to_be_hidden()
    expect(entry).to_have_attribute("aria-expanded", "false")
    expect(entry).to_have_value("Lapl")
    assert page.evaluate("[window.stillThisPage, window.submits]") == [True, 0]


# --- Nothing wider than the screen ------------------------------------------------------------

# How far the page, and the content column inside it, reach past their width. The column is
# measured too: headless Chromium hides the scroll bars, so a table that sticks out of its
# column may still fit the window here and not on a screen with classic scroll bars.
SIDEWAYS = """() => {
  const root = document.documentElement;
  const column = document.querySelector("main > .container");
  return {
    page: root.scrollWidth - root.clientWidth,
    column: column.scrollWidth - column.clientWidth,
  };
}"""
FITS = {"page": 0, "column": 0}


def test_the_partnership_page_fits_a_320px_screen(page, demo_data):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/partnerships/cybersecurity/")
    expect(page.get_by_role("heading", name="Contacts")).to_be_visible()
    assert page.evaluate(SIDEWAYS) == FITS


def test_the_bulgarian_review_dashboard_fits_a_1280px_screen(page, demo_data):
    log_in(page, "reviewer", "/review/", prefix="/bg")
    expect(page.locator("table.review-table")).to_be_visible()
    assert page.evaluate(SIDEWAYS) == FITS


def test_the_conflict_screen_fits_a_390px_screen(page, report):
    """A co-editor saved the same answer meanwhile; their name, an e-mail address without a
    space (as EU Login accounts without a full name have), heads the conflict."""
    name = "maria.rodriguezfernandez@juntadeandalucia.example.org"
    colleague = User.objects.create_user(name, password="pw-colleague", role=User.Role.COORDINATOR)
    report.partnership.coordinators.add(colleague)
    page.set_viewport_size({"width": 390, "height": 800})
    log_in(page, "coordinator", path(report, "summary"))

    theirs = Client()
    theirs.force_login(colleague)
    post_step(theirs, report, "summary", {"executive_summary": "Theirs."})
    field(page, "executive_summary").fill("Mine.")
    with page.expect_navigation():
        page.locator("#step-form button[value='save']").click()
    expect(page.locator("section.conflict")).to_contain_text(f"{name} saved this page")
    assert page.evaluate(SIDEWAYS) == FITS
