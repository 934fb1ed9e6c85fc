"""The languages that run longest or write other alphabets, on a phone: every public page,
every wizard step and every review page fits a 390-px screen in German, Finnish, Greek,
Bulgarian, Maltese and Irish; and the language menu works with the keyboard alone."""

import re

import pytest
from django.utils import translation

from tests.e2e.helpers import expect, sign_in_here, start_current_report
from tests.e2e.test_accessibility_e2e import FITS, SIDEWAYS
from tests.test_every_language import in_language, pages

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 800}


@pytest.mark.parametrize("language", ["de", "fi", "el", "bg", "mt", "ga"])
def test_every_page_fits_a_phone_in_the_language(page, demo_data, language):
    with translation.override("en"):
        every_page = pages(start_current_report("Cybersecurity"))
    page.set_viewport_size(PHONE)
    overflowing = []
    signed_in_as = "public"
    for who, path in every_page:
        if who != signed_in_as:
            page.context.clear_cookies()
            page.goto(in_language("/accounts/login/", language))
            sign_in_here(page, who)
            signed_in_as = who
        page.goto(in_language(path, language))
        expect(page.locator("html")).to_have_attribute("lang", language)
        if (sideways := page.evaluate(SIDEWAYS)) != FITS:
            overflowing.append((path, sideways))

    assert overflowing == []


def test_the_language_menu_works_with_the_keyboard_on_a_phone(page, demo_data):
    page.set_viewport_size(PHONE)
    page.goto("/partnerships/cybersecurity/")
    menu = page.locator(".language-menu")
    expect(menu.get_by_role("link", name="Deutsch")).to_be_hidden()

    menu.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(menu.get_by_role("link", name="Deutsch")).to_be_visible()
    assert page.evaluate(SIDEWAYS) == FITS  # the open list stays on the screen
    menu.get_by_role("link", name="Deutsch").focus()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/de/partnerships/cybersecurity/$"))
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator(".language-menu summary")).to_contain_text("Deutsch")
