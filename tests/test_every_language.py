"""Every public page, every wizard step and every review page, in each of the 24 languages,
on the demo data: the page says its language (`lang`), and no string of the English
catalogue is shown untranslated, leaving aside proper names and what users typed.

The English a page must not show is read from the language's own compiled catalogue: every
message whose translation differs from its English, cut at its placeholders and tags into
stretches of three words or more ("Download as PDF"). What users typed (answers, remarks,
profile texts, names) is English in the demo data and is left aside: the report's answers,
form fields' values and whatever is marked with a `lang` of its own.
"""

import gettext
import re
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from accounts.models import User
from reports.models import MonitoringReport, NewsArticle
from reports.wizard.steps import STEPS
from tests.e2e.helpers import start_current_report
from tests.wizard_helpers import step_url

LANGUAGES = [code for code, _name in settings.LANGUAGES]
PLACEHOLDER_OR_TAG = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}|<[^>]+>|&\w+;")
# Elements whose text is what users typed, not the interface.
USER_TEXT_CLASSES = {"report-answer", "text-break", "prose", "remark-text"}
SKIPPED_ELEMENTS = {"script", "style", "textarea", "svg"}
VOID_ELEMENTS = {"br", "img", "input", "link", "meta", "hr", "wbr", "source", "col", "area"}


def english_stretches(language: str) -> set[str]:
    """The stretches of English (three words or more) of every message the language's
    catalogue translates into something else."""
    mo = Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.mo"
    with mo.open("rb") as file:
        catalogue = gettext.GNUTranslations(file)._catalog  # type: ignore[attr-defined]
    stretches = set()
    for key, translated in catalogue.items():
        english = key[0] if isinstance(key, tuple) else key
        if not english or translated == english:
            continue
        english = english.split("\x04")[-1]  # after a context
        for stretch in PLACEHOLDER_OR_TAG.split(english):
            stretch = " ".join(stretch.split()).strip(" :;,.()")
            if len(stretch.split()) >= 3 and stretch not in translated:
                stretches.add(stretch)
    return stretches


class InterfaceText(HTMLParser):
    """The words of the interface on a page: text and the labels of attributes, without
    scripts, what users typed, and anything in a language of its own."""

    LABELS = ("aria-label", "title", "placeholder", "alt")

    def __init__(self, language: str) -> None:
        super().__init__(convert_charrefs=True)
        self.language = language
        self.page_lang = ""
        self.stack: list[bool] = []  # per open element: is its text left aside?
        self.words: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.page_lang = attributes.get("lang") or ""
        aside = bool(self.stack and self.stack[-1])
        aside = aside or tag in SKIPPED_ELEMENTS
        aside = aside or bool(set((attributes.get("class") or "").split()) & USER_TEXT_CLASSES)
        aside = aside or attributes.get("lang", self.language) != self.language
        if not aside:
            self.words.extend(attributes[name] or "" for name in self.LABELS if name in attributes)
        if tag not in VOID_ELEMENTS:
            self.stack.append(aside)

    def handle_endtag(self, tag):
        if tag not in VOID_ELEMENTS and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.words.append(data)

    def text(self) -> str:
        return " ".join(" ".join(self.words).split())


def pages(coordinator_report: MonitoringReport) -> list[tuple[str, str]]:
    """(who, English path) of every page to visit: the public's, the coordinator's wizard
    and workspace, the reviewer's."""
    partnership = coordinator_report.partnership
    published = (
        MonitoringReport.objects.published()
        .filter(partnership=partnership)
        .latest("period__year", "period__half")
    )
    under_review = MonitoringReport.objects.filter(state=MonitoringReport.State.SUBMITTED).first()
    article = NewsArticle.objects.first()
    public = [
        "/",
        "/?q=bret",
        partnership.get_absolute_url(),
        f"{partnership.get_absolute_url()}timeline/",
        f"{partnership.get_absolute_url()}reports/{published.period.slug}/",
        "/news/",
        article.get_absolute_url(),
        "/platforms/",
        f"/platforms/{partnership.platform.code}/",
        "/regions/FRH0/",
        "/countries/FR/",
        "/data/",
        "/accounts/login/",
    ]
    wizard = ["/workspace/", "/accounts/profile/"] + [
        step_url(coordinator_report, step.slug) for step in STEPS
    ]
    review = [
        "/review/",
        f"/review/synthesis/{published.period.slug}/",
        f"/review/{published.partnership.slug}/{published.period.slug}/",
        f"/review/{published.partnership.slug}/{published.period.slug}/history/",
    ]
    if under_review:
        review.append(f"/review/{under_review.partnership.slug}/{under_review.period.slug}/")
    return (
        [("public", path) for path in public]
        + [("coordinator", path) for path in wizard]
        + [("reviewer", path) for path in review]
    )


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The NUTS units and the demo data, loaded once for the module, and the coordinator's
    current report started."""
    with django_db_blocker.unblock():
        call_command("load_nuts", stdout=StringIO())
        call_command("load_demo", force=True, stdout=StringIO())
        report = start_current_report("Cybersecurity")
        with translation.override("en"):  # the English addresses, whatever ran before
            every_page = pages(report)
        yield every_page
        call_command("flush", interactive=False, verbosity=0)


def clients() -> dict[str, Client]:
    signed_in = {"public": Client()}
    for who in ("coordinator", "reviewer"):
        signed_in[who] = Client()
        signed_in[who].force_login(User.objects.get(username=who))
    return signed_in


def in_language(path: str, language: str) -> str:
    return path if language == "en" else f"/{language}{path}"


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_is_wholly_in_the_language(demo, language):
    english = english_stretches(language) if language != "en" else set()
    by = clients()
    problems = []
    for who, path in demo:
        address = in_language(path, language)
        response = by[who].get(address)
        if response.status_code != 200:
            problems.append((address, f"status {response.status_code}"))
            continue
        parser = InterfaceText(language)
        parser.feed(response.content.decode())
        if parser.page_lang != language:
            problems.append((address, f'<html lang="{parser.page_lang}">'))
        text = parser.text()
        problems.extend(
            (address, f"English: {stretch!r}") for stretch in english if stretch in text
        )

    assert problems == []


@pytest.mark.django_db
def test_the_check_would_see_the_english_pages(demo):
    """The stretches are the interface's own: the English pages show many of them, so a
    page left in English in another language's address would be caught."""
    german = english_stretches("de")
    by = clients()
    found = set()
    for who, path in demo:
        parser = InterfaceText("en")
        parser.feed(by[who].get(path).content.decode())
        found |= {stretch for stretch in german if stretch in parser.text()}

    assert len(german) > 500
    assert len(found) > 150


def test_the_check_sees_english_left_on_a_page():
    """The parser keeps the interface's words and leaves aside what users typed."""
    parser = InterfaceText("de")
    parser.feed(
        '<html lang="de"><body><h1>Download as PDF</h1><div class="report-answer">Typed by a'
        ' coordinator</div><a lang="en" href="/">English</a><button aria-label="Save and'
        ' continue later">X</button><script>var notShown = "a b c";</script></body></html>'
    )

    text = parser.text()

    assert "Download as PDF" in text
    assert "Save and continue later" in text
    assert "Typed by" not in text and "English" not in text and "notShown" not in text
    assert parser.page_lang == "de"
