"""Nothing a coordinator types is lost, in a real browser (issue 9).

The five paths that lost or misread work before: a second save after a colleague's save, a
step button pressed while offline, a save after every cookie was cleared, a reload while a
background save was on its way, and dates read month first. Each test walks the path as a
coordinator does and checks what the server stored.
"""

import re

import pytest

from accounts.models import User
from reports.models import Event, MonitoringReport
from tests.e2e.conftest import TAB
from tests.e2e.helpers import (
    SAVED_MESSAGE,
    drafts_kept,
    field,
    log_in,
    press,
    sign_in_here,
    start_current_report,
)

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture fails or skips these tests and says why
    expect = None

pytestmark = pytest.mark.e2e


@pytest.fixture
def report(demo_data):
    """Sustainable Buildings' report for the current half-year, started, nothing typed yet."""
    return start_current_report("Sustainable Buildings")


def path(report, step):
    return f"/workspace/{report.partnership.slug}/{report.period.slug}/{step}/"


def stored(report, name):
    return getattr(MonitoringReport.objects.get(pk=report.pk), name)


def test_a_second_save_after_a_colleagues_save_keeps_their_answer(
    page, browser, live_server, report
):
    """Path 1: tab A saves question 1; tab B, opened before, saves question 2 and then saves
    again. Before, the second save blanked question 1."""
    colleague = User.objects.create_user(
        "ana", first_name="Ana", last_name="Ferreira", role=User.Role.COORDINATOR
    )
    colleague.set_password("demo-password-2026")
    colleague.save()
    report.partnership.coordinators.add(colleague)
    other = browser.new_context(base_url=live_server.url, **TAB)
    tab_b = other.new_page()
    log_in(page, "coordinator2", path(report, "innovative-results"))
    log_in(tab_b, "ana", path(report, "innovative-results"))

    field(page, "innovative_results").fill("Three pilots, written in tab A.")
    press(page, "save", lands_on="innovative-results")
    field(tab_b, "socio_economic_impacts").fill("Fifty jobs, written in tab B.")
    press(tab_b, "save", lands_on="innovative-results")
    expect(tab_b.get_by_text(re.compile("also saved this page"))).to_be_visible()
    expect(field(tab_b, "innovative_results")).to_have_value("Three pilots, written in tab A.")
    press(tab_b, "save", lands_on="innovative-results")
    assert stored(report, "innovative_results") == "Three pilots, written in tab A."
    assert stored(report, "socio_economic_impacts") == "Fifty jobs, written in tab B."

    # Both change the same answer: the second is refused and shown beside the first.
    page.reload()
    field(page, "socio_economic_impacts").fill("Sixty jobs, says tab A.")
    press(page, "save", lands_on="innovative-results")
    field(tab_b, "socio_economic_impacts").fill("Seventy jobs, says tab B.")
    with tab_b.expect_navigation():
        tab_b.locator("#step-form button[value='save']").click()
    conflict = tab_b.locator("section.conflict")
    expect(conflict).to_contain_text("You both changed the answers below")
    expect(conflict.locator(".conflict-theirs")).to_contain_text("Sixty jobs, says tab A.")
    expect(field(tab_b, "socio_economic_impacts")).to_have_value("Seventy jobs, says tab B.")
    assert stored(report, "socio_economic_impacts") == "Sixty jobs, says tab A."
    press(tab_b, "save", lands_on="innovative-results")  # tab B keeps its own, knowingly
    assert stored(report, "socio_economic_impacts") == "Seventy jobs, says tab B."
    assert stored(report, "innovative_results") == "Three pilots, written in tab A."
    other.close()


def test_save_and_continue_while_offline_stays_and_saves_when_the_connection_returns(page, report):
    """Path 2: before, the button posted anyway and the browser showed its offline page."""
    log_in(page, "coordinator2", path(report, "summary"))
    field(page, "executive_summary").fill("Written on a train, between two tunnels.")
    page.context.set_offline(True)
    page.locator("#step-form button[value='next']").click()
    status = page.locator("#step-form .autosave-status")
    expect(status).to_contain_text("kept in this browser")
    expect(page).to_have_url(re.compile(f"{re.escape(path(report, 'summary'))}$"))
    assert any(
        key.endswith(f":{report.pk}:summary:" + key.split(":")[-1]) for key in drafts_kept(page)
    )
    assert stored(report, "executive_summary") == ""

    with page.expect_navigation():
        page.context.set_offline(False)
    expect(page).to_have_url(re.compile(f"{re.escape(path(report, 'regions'))}$"))
    expect(page.get_by_text(SAVED_MESSAGE)).to_be_visible()
    assert stored(report, "executive_summary") == "Written on a train, between two tunnels."
    assert drafts_kept(page) == []  # the server confirmed the save: the browser forgets it


def test_words_typed_before_the_pages_script_arrived_are_saved_and_guarded(page, report, dialogs):
    """On a slow connection a person may type before wizard.js has run. Before, the script
    took the typed words for saved ones: never saved in the background, no warning on leaving.
    Here the script arrives only after the typing."""
    log_in(page, "coordinator2", path(report, "summary"))
    page.route(lambda url: url.endswith("/static/js/wizard.js"), lambda route: route.abort())
    with page.expect_navigation():
        page.reload()
    summary = field(page, "executive_summary")
    summary.fill("Typed while the page was still loading.")
    assert drafts_kept(page) == []  # no script yet

    page.add_script_tag(url="/static/js/wizard.js?arrived-late")

    expect(page.locator("#step-form .autosave-status")).to_have_text(re.compile(r"^Saved at "))
    assert stored(report, "executive_summary") == "Typed while the page was still loading."
    summary.fill("Typed while the page was still loading, and more.")
    dialogs.stay = True
    page.get_by_role("link", name="My reports").first.click()
    assert dialogs.seen == ["beforeunload"]
    expect(summary).to_have_value("Typed while the page was still loading, and more.")


def test_a_save_after_every_cookie_was_cleared_keeps_the_text_through_a_new_sign_in(page, report):
    """Path 3: before, Django's debug page said "CSRF verification failed" and the text was
    gone."""
    log_in(page, "coordinator2", path(report, "summary"))
    field(page, "executive_summary").fill("An hour of writing.")
    page.context.clear_cookies()
    with page.expect_navigation():
        page.locator("#step-form button[value='save']").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    expect(page.get_by_text("Log in again and they will be offered to you")).to_be_visible()
    sign_in_here(page, "coordinator2")
    expect(page).to_have_url(re.compile(f"{re.escape(path(report, 'summary'))}$"))
    expect(page.get_by_text("It is not saved yet: check it, then save it.")).to_be_visible()
    expect(field(page, "executive_summary")).to_have_value("An hour of writing.")
    assert stored(report, "executive_summary") == ""
    press(page, "save", lands_on="summary")
    assert stored(report, "executive_summary") == "An hour of writing."


def test_a_reload_while_a_background_save_is_on_its_way_offers_the_text_back(page, report, dialogs):
    """Path 4: before, the words typed after the background save was sent were lost. Here
    the background save reaches the server, but its answer never reaches the page."""
    log_in(page, "coordinator2", path(report, "summary"))
    held = []

    def hold_the_first(route):
        if held:
            route.continue_()
        else:
            held.append(route)

    page.route("**/autosave/", hold_the_first)
    summary = field(page, "executive_summary")
    summary.click()
    summary.press_sequentially("First words")
    expect(page.locator("#step-form .autosave-status")).to_have_text("Saving…", timeout=15_000)
    summary.press_sequentially(", and the last ones.")
    held[0].fetch()  # saved on the server; the page is never told
    assert stored(report, "executive_summary") == "First words"
    page.reload()
    assert dialogs.seen == ["beforeunload"]

    kept = page.locator("section.draft-restore")
    expect(kept).to_contain_text("Unsaved text from this browser")
    expect(kept).to_contain_text("This page has been saved since.")
    expect(kept.locator(".draft-server")).to_have_text("First words")
    expect(kept.locator(".draft-typed")).to_have_text("First words, and the last ones.")
    kept.get_by_role("button", name="Restore all").click()
    expect(kept).to_have_count(0)
    expect(summary).to_have_value("First words, and the last ones.")
    press(page, "save", lands_on="summary")
    assert stored(report, "executive_summary") == "First words, and the last ones."
    expect(page.locator("section.draft-restore")).to_have_count(0)
    assert drafts_kept(page) == []


def test_the_confidential_step_keeps_nothing_in_the_browser(page, report):
    log_in(page, "coordinator2", path(report, "self-assessment"))
    field(page, "risks").fill("Funding ends in June.")
    page.context.set_offline(True)
    page.locator("#step-form button[value='save']").click()
    expect(page.locator("#step-form .autosave-status")).to_contain_text("kept on this page only")
    assert drafts_kept(page) == []
    with page.expect_navigation():
        page.context.set_offline(False)
    expect(page.get_by_text(SAVED_MESSAGE)).to_be_visible()
    assert drafts_kept(page) == []


def test_dates_are_read_day_first_and_said_back_before_saving(page, report):
    """Path 5: before, the browser's picker stored "01/02/2018" as 2 January."""
    log_in(page, "coordinator2", path(report, "header"))
    start = field(page, "start_date")
    understood = page.locator("#id_start_date-understood")
    for typed, read in [
        ("01/02/2018", "1 February 2018"),
        ("1.2.2018", "1 February 2018"),
        ("8/12/2020", "8 December 2020"),
        ("31/02/2021", "“31/02/2021” is not a date: February 2021 has 28 days."),
        ("Friday 30th October", "“Friday 30th October” is not a date: it has no year."),
    ]:
        start.fill(typed)
        expect(understood).to_have_text(read)
    press_refused = page.locator("#step-form button[value='save']")
    start.fill("2021-13-01")
    with page.expect_navigation():
        press_refused.click()
    expect(page.locator(".invalid-feedback")).to_contain_text(
        "Start date of your partnership: “2021-13-01” is not a date: there is no month 13."
    )
    start.fill("01/02/2018")
    expect(understood).to_have_text("1 February 2018")
    press(page, "save", lands_on="header")
    expect(start).to_have_value("01/02/2018")
    expect(understood).to_have_text("1 February 2018")
    assert str(stored(report, "start_date")) == "2018-02-01"

    # An event known only as "Friday 30th October (9:30-10:30 am)" keeps that as its date.
    page.goto(path(report, "past-events"))
    field(page, "past-events-0-title").fill("TAF Talks series")
    field(page, "past-events-0-date_detail").fill("Friday 30th October (9:30-10:30 am)")
    press(page, "save", lands_on="past-events")
    event = Event.objects.get(report=report)
    assert (event.date, event.date_detail) == (None, "Friday 30th October (9:30-10:30 am)")


def test_in_bulgarian_dates_are_read_with_bulgarian_month_names(page, report):
    log_in(page, "coordinator2", path(report, "header"), prefix="/bg")
    start = field(page, "start_date")
    expect(start).to_have_attribute("placeholder", "дд.мм.гггг")
    start.fill("1 февруари 2018 г.")
    expect(page.locator("#id_start_date-understood")).to_have_text("1 февруари 2018 г.")
    with page.expect_navigation():
        page.locator("#step-form button[value='save']").click()
    expect(start).to_have_value("01.02.2018")
    assert str(stored(report, "start_date")) == "2018-02-01"
