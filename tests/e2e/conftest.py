"""Headless Chromium for the end-to-end tests, driven by Playwright against the live server.

The browser is Debian's Chromium at /usr/bin/chromium, which `make install` installs (the
environment variable CHROMIUM names another). Playwright's own browser downloads are not
possible here, so Playwright only drives it. Without that browser the tests fail on CI
(where a missing browser is a broken setup) and are skipped elsewhere, saying why.

A failing test leaves a full-page screenshot in /tmp/e2e-failure-<test name>.png.
"""

import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# Without the background-networking flags Chromium keeps calling home, which a closed
# network answers with a flood of failures; the sandbox needs privileges CI does not give.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
# Every tab: a desktop window, British English, and no animated scrolling. Bootstrap scrolls
# smoothly unless the reader asks for reduced motion; a click while the page still slides
# (after typing into a field it scrolled to) lands where the page has moved on. Playwright
# sees the step buttons as still, since their bar sticks to the window's bottom, but the
# bar comes unstuck at the end of the page: the button moved away between mouse down and
# up, and the click hit the page instead (a CI failure one run in three, reproduced 2 times
# in 40 with smooth scrolling, 0 in 80 without).
TAB = {"viewport": DESKTOP, "locale": "en-GB", "reduced_motion": "reduce"}
# Generous for a two-core CI machine that may be busy (15 s timed out under load), short
# enough that a missing element still fails within the minute.
TIMEOUT_MS = 30_000


def unavailable(reason):
    message = f"End-to-end tests need headless Chromium: {reason}. Run `make install`."
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


# Module-scoped, not session-scoped: pytest-django runs these tests among the other
# transactional ones, which must not run beside Playwright's event loop (see below).
@pytest.fixture(scope="module")
def playwright_driver():
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        unavailable("the Python package playwright is not installed")
    if not os.access(CHROMIUM, os.X_OK):
        unavailable(f"{CHROMIUM} is missing")
    # Playwright's sync API runs an event loop in this thread, and Django refuses database
    # calls in a thread with a running loop. The test code is plain sequential code that
    # only waits on the browser, so the check does not apply; it is lifted only while the
    # browser runs.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    expect.set_options(timeout=TIMEOUT_MS)
    try:
        with sync_playwright() as driver:
            yield driver
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="module")
def browser(playwright_driver):
    try:
        browser = playwright_driver.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
    except Exception as error:  # a broken install says so here, not as a timeout later
        unavailable(f"{CHROMIUM} did not start ({error})")
    yield browser
    browser.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


class Dialogs:
    """The dialogs a page opened. Each is answered yes, or no while `stay` is set."""

    def __init__(self):
        self.seen = []
        self.stay = False
        self.expected = False

    def answer(self, dialog):
        self.seen.append(dialog.type)
        if self.stay:
            dialog.dismiss()
        else:
            dialog.accept()


DIALOGS = pytest.StashKey[Dialogs]()


@pytest.fixture
def page(browser, live_server, request):
    """A fresh browser tab (no cookies) on the live server; a screenshot if the test fails.

    Every dialog the page opens is answered and recorded. Without an answer Playwright
    dismisses it, and a dismissed "Leave site?" cancels the navigation: the test would time out
    on a page that looks fine. A test that does not ask for `dialogs` fails if any opened, since
    a person would have been asked too.

    Whatever the test, it fails if any page it opened broke the Content-Security-Policy: the
    browser says so in the console ("Refused to load ... Content Security Policy ...").
    """
    context = browser.new_context(base_url=live_server.url, **TAB)
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    dialogs = request.node.stash[DIALOGS] = Dialogs()
    tab.on("dialog", dialogs.answer)
    violations = []

    def note_violation(message):
        if "Content Security Policy" in message.text:
            violations.append(f"{tab.url}: {message.text}")

    tab.on("console", note_violation)
    yield tab
    outcome = getattr(request.node, "rep_call", None)
    if outcome is not None and outcome.failed:
        path = Path("/tmp") / f"e2e-failure-{request.node.name}.png"
        try:
            tab.screenshot(path=str(path), full_page=True)
            print(f"Screenshot of the failure: {path} (at {tab.url})")
        except Exception as error:  # the page may be gone; the failure itself matters more
            print(f"No screenshot of the failure: {error}")
    context.close()
    assert violations == [], "Content-Security-Policy violations"
    assert not dialogs.seen or dialogs.expected, f"Dialogs nobody expected: {dialogs.seen}"


@pytest.fixture
def dialogs(page, request):
    """The page's dialogs, for a test that expects some."""
    dialogs = request.node.stash[DIALOGS]
    dialogs.expected = True
    return dialogs


@pytest.fixture
def demo_data(transactional_db):
    """The NUTS units and the demo data (`make run` loads the same), committed for the server."""
    call_command("load_nuts", stdout=StringIO())
    call_command("load_demo", force=True, stdout=StringIO())
