"""What the end-to-end tests do in the browser again and again: signing in, pressing the step
buttons, reading what the page says."""

import datetime
import re

from django.db import models

from reports.carry_over import start_report
from reports.demo.accounts import PASSWORD
from reports.demo.load import current_half_year
from reports.models import Partnership, ReportingPeriod

try:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture fails or skips these tests and says why
    expect = Axe = None
    PlaywrightTimeout = TimeoutError

# "Saved at 14:02." after a step was saved.
SAVED_MESSAGE = re.compile(r"^\s*Saved at \d\d:\d\d\.\s*$")
ADD_ROW = "Add a row"


def start_current_report(short_name):
    """The demo partnership's report for the current half-year, started, nothing typed yet."""
    partnership = Partnership.objects.get(short_name=short_name)
    year, half = current_half_year()
    return start_report(partnership, ReportingPeriod.objects.get(year=year, half=half))


def log_in(page, username, path, prefix=""):
    """Open a page that needs a login, log in on the page it sends to, and land back on it."""
    page.goto(prefix + path)
    expect(page).to_have_url(re.compile(rf"/accounts/login/\?next={re.escape(prefix + path)}$"))
    sign_in_here(page, username)
    expect(page).to_have_url(re.compile(f"{re.escape(prefix + path)}$"))


def sign_in_here(page, username):
    """Fill in and send the login form the page shows."""
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("form:has(input[name=password]) button[type=submit]").click()


def click_and_wait(page, target):
    """Click something that loads another page (a link or a form's button), and wait for it
    to load: typing into a page whose scripts have not run yet is typing before a person
    could, and goes unseen by them (a date not read back, a page not warned about)."""
    with page.expect_navigation():
        target.click()


def field(page, name):
    return page.locator(f"#step-form [name='{name}']")


def press(page, action, lands_on):
    """Press the step form's button for `action`; it lands on `lands_on`, saying it saved.
    If the page does not move, the failure says what the page said (its save status)."""
    try:
        with page.expect_navigation():
            page.locator(f"#step-form button[name='action'][value='{action}']").click()
    except PlaywrightTimeout as error:
        status = page.evaluate(
            "() => [...document.querySelectorAll('[role=status]')].map(e => e.textContent.trim())"
        )
        raise AssertionError(
            f"{action} did not leave {page.url}; the page says {status}"
        ) from error
    expect(page).to_have_url(re.compile(f"/{re.escape(lands_on)}/(#.*)?$"))
    expect(page.get_by_text(SAVED_MESSAGE)).to_be_visible()


def drafts_kept(page):
    """The keys of the unsaved text the page keeps in the browser's storage."""
    return page.evaluate("Object.keys(localStorage).filter(key => key.startsWith('s3pm-draft:'))")


def put(page, name, value):
    """Type a value into a field; a choice (a Choices member) is picked from its select, a
    date typed day first, as people write it."""
    if value in ("", None):
        return
    target = field(page, name)
    if isinstance(value, models.Choices):
        target.select_option(value.value)
    elif isinstance(value, datetime.date):
        target.fill(value.strftime("%d/%m/%Y"))
    else:
        target.fill(str(value))


def fill_rows(page, prefix, rows):
    """Type a table's rows ({column: value}); each row after the first appears with "Add a
    row"."""
    table = page.locator(f"#step-form fieldset:has([name='{prefix}-TOTAL_FORMS'])")
    for index, row in enumerate(rows):
        first_cell = field(page, f"{prefix}-{index}-{next(iter(row))}")
        if index:
            expect(first_cell).to_be_hidden()
            table.get_by_role("button", name=ADD_ROW).click()
        expect(first_cell).to_be_visible()
        for name, value in row.items():
            put(page, f"{prefix}-{index}-{name}", value)


def fill_region_list(page, step, role, entries):
    """Type a region list as the page offers it: into the blank row shown, then into the
    rows "Add a row" brings; should it offer no more, Save brings more blank rows."""
    for entry in entries:
        while True:
            fieldset = page.locator(f"#step-form fieldset:has([name='{role}-TOTAL_FORMS'])")
            entries_typed = fieldset.locator("input[name$='-entry']")
            blank = entries_typed.evaluate_all(
                "inputs => inputs.findIndex("
                "  input => !input.closest('[data-row]').hidden && input.value === '')"
            )
            if blank >= 0:
                entries_typed.nth(blank).fill(entry)
                break
            add_row = fieldset.get_by_role("button", name=ADD_ROW)
            if add_row.count():
                add_row.click()
            else:
                press(page, "save", lands_on=step)


def check(page, name, value):
    page.locator(f"#step-form input[name='{name}'][value='{value}']").check()


# WCAG 2.0 and 2.1, levels A and AA: what the Commission's sites must meet (EN 301 549).
AXE_RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PHONE = {"width": 390, "height": 844}


def accessibility_violations(page) -> list[str]:
    """What axe-core finds wrong on the page as shown: one line per rule and element."""
    results = Axe().run(page, options={**AXE_RULES, "resultTypes": ["violations"]})
    return [
        f"{violation['id']} ({violation['impact']}): {node['target']} {violation['help']}"
        for violation in results.response["violations"]
        for node in violation["nodes"]
    ]


def violations_at_both_widths(page, path: str) -> dict[str, list[str]]:
    """axe-core's findings on the page at the desktop width and at a phone's, by width."""
    found = {}
    desktop = page.viewport_size
    for name, size in (("desktop", desktop), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.goto(path)
        found[name] = accessibility_violations(page)
    page.set_viewport_size(desktop)
    return found
