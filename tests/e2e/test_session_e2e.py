"""The warning before a session ends, in a real browser, used with the keyboard: "Stay signed
in" keeps the session; left alone, the dialog says the session has ended and leads to the
login page. Timeouts of seconds stand in for the hours of production."""

import re

import pytest

from accounts.models import User
from reports.demo.accounts import PASSWORD
from tests.e2e.helpers import log_in

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture fails or skips these tests and says why
    expect = None

pytestmark = pytest.mark.e2e


@pytest.fixture
def coordinator(transactional_db):
    return User.objects.create_user("coordinator", password=PASSWORD)


def short_sessions(settings, idle, warning):
    settings.SESSION_IDLE_TIMEOUT_SECONDS = idle
    settings.SESSION_WARNING_SECONDS = warning


def test_stay_signed_in_with_the_keyboard_keeps_the_session(page, settings, coordinator):
    short_sessions(settings, idle=25, warning=20)
    log_in(page, "coordinator", "/workspace/")

    dialog = page.get_by_role("alertdialog", name="Are you still there?")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(re.compile(r"signed out at \d\d:\d\d\."))
    stay = dialog.get_by_role("button", name="Stay signed in")
    expect(stay).to_be_focused()
    with page.expect_response("**/accounts/session/extend/") as answer:
        page.keyboard.press("Enter")
    # The idle window starts again: the whole of it is left.
    assert answer.value.json()["idle_seconds"] in (24, 25)
    expect(dialog).to_be_hidden()
    expect(page.get_by_text("Signed in as coordinator")).to_be_visible()


def test_left_alone_the_dialog_says_the_session_ended_and_leads_to_the_login(
    page, settings, coordinator
):
    short_sessions(settings, idle=8, warning=6)
    log_in(page, "coordinator", "/workspace/")
    expect(page.get_by_role("alertdialog", name="Are you still there?")).to_be_visible()

    ended = page.get_by_role("alertdialog", name="Your session has ended")
    expect(ended).to_be_visible()
    log_in_again = ended.get_by_role("link", name="Log in")
    expect(log_in_again).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/workspace/$"))
    expect(page.get_by_text("You were signed out after a period without activity.")).to_be_visible()
