"""The Bulgarian UI: pages in Bulgarian, dates in Bulgarian, the language switcher, and a
translation catalogue that covers every string of the project.

The compiled catalogue (.mo) is not committed; `make messages` builds it, and the fixture
below builds it too when it is missing or older than the .po, so that plain `pytest` works.
"""

import datetime
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import formats, translation
from django.utils.translation import trans_real

from reports.models import NewsArticle, NewsTranslation
from tests.wizard_helpers import step_url

PO_FILE = Path(settings.LOCALE_PATHS[0]) / "bg" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")


@pytest.fixture(scope="session")
def bulgarian_catalogue():
    """The compiled Bulgarian catalogue, compiled now if it is missing or out of date."""
    if not MO_FILE.exists() or MO_FILE.stat().st_mtime < PO_FILE.stat().st_mtime:
        call_command("compilemessages", locale=["bg"], ignore_patterns=[".venv"], verbosity=0)
        # Forget catalogues loaded before the .mo existed.
        trans_real._translations = {}
        trans_real._default = None
        trans_real.translation_catalog_exists.cache_clear()  # check_for_language's cache
    return MO_FILE


pytestmark = [pytest.mark.usefixtures("bulgarian_catalogue")]


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def bulgarian(url):
    """The Bulgarian address of an English page: the same path under /bg/. (Take `url`
    before requesting a Bulgarian page: that leaves Bulgarian active for reverse().)"""
    return "/bg" + url


# Pages in Bulgarian


def test_home_page_in_bulgarian(client, partnership):
    html = page(client, "/bg/")

    assert '<html lang="bg">' in html
    assert "Тематични партньорства за интелигентна специализация" in html
    assert "Към основното съдържание" in html  # the skip link
    assert '<span id="language-switcher-label">Език:</span>' in html
    assert "Thematic smart specialisation partnerships" not in html


def test_english_stays_the_default(client, partnership):
    html = page(client, "/")

    assert '<html lang="en">' in html
    assert "Thematic smart specialisation partnerships" in html


def test_the_address_alone_decides_the_language(client, partnership):
    """Neither the browser's languages nor a cookie change a page: a shared link shows what
    its sender saw, and a proxy may keep one copy per address."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "bg"

    english = client.get("/", HTTP_ACCEPT_LANGUAGE="bg")
    in_bulgarian = client.get("/bg/", HTTP_ACCEPT_LANGUAGE="en")

    assert '<html lang="en">' in english.content.decode()
    assert '<html lang="bg">' in in_bulgarian.content.decode()
    assert english["Content-Language"] == "en"
    assert in_bulgarian["Content-Language"] == "bg"
    assert "Accept-Language" not in english.get("Vary", "")


def test_partnership_page_in_bulgarian(client, partnership):
    html = page(client, bulgarian(partnership.get_absolute_url()))

    assert '<html lang="bg">' in html
    assert "Доклади за мониторинг" in html
    assert "Последни новини" in html
    assert "Все още няма публикуван доклад за мониторинг." in html


def test_login_page_in_bulgarian(client, db):
    html = page(client, "/bg/accounts/login/")

    assert '<html lang="bg">' in html
    assert "Вход" in html
    assert "Обърнете се към администратора на сайта." in html


def test_signing_in_keeps_the_language(client, coordinator):
    response = client.get("/bg/workspace/")

    assert response.status_code == 302
    assert response["Location"] == "/bg/accounts/login/?next=/bg/workspace/"

    response = client.post(
        "/bg/accounts/login/",
        {"username": coordinator.username, "password": "pw-coordinator"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/bg/"


def test_workspace_in_bulgarian(coordinator_client, open_period):
    html = page(coordinator_client, "/bg/workspace/")

    assert '<html lang="bg">' in html
    assert "Моите доклади" in html
    assert "Изход" in html
    assert "Шестмесечните доклади за мониторинг" in html


def test_wizard_step_in_bulgarian(coordinator_client, open_period, report):
    url = bulgarian(step_url(report, "summary"))

    html = page(coordinator_client, url)

    assert '<html lang="bg">' in html
    assert "Стъпка 2 от" in html
    assert "Резюме и цели" in html
    assert "Моля, представете резюмето и целите на вашето партньорство" in html
    assert "Запис и продължаване" in html
    # Saving a draft stays in Bulgarian, and so do the messages it shows.
    assert '"/bg/workspace/cybersecurity/2020-h2/summary/autosave/"' in html


# Dates


def test_dates_are_formatted_in_bulgarian(client, partnership):
    article = NewsArticle.objects.create(
        slug="dated", partnership=partnership, published_on=datetime.date(2021, 11, 3)
    )
    NewsTranslation.objects.create(article=article, language="en", title="Dated", body="x")

    partnership_url, article_url = partnership.get_absolute_url(), article.get_absolute_url()

    english = page(client, partnership_url)
    in_bulgarian = page(client, bulgarian(partnership_url))
    article_page = page(client, bulgarian(article_url))

    assert "3 November 2021" in english
    assert "3 ноември 2021" in in_bulgarian  # lower case, as Bulgarian writes month names
    assert "3 ноември 2021" in article_page
    assert 'datetime="2021-11-03"' in article_page


def test_english_dates_put_the_day_first_with_a_24_hour_clock():
    moment = datetime.datetime(2026, 11, 22, 15, 5)

    with translation.override("en"):
        assert formats.date_format(moment, "DATETIME_FORMAT") == "22 November 2026, 15:05"
        assert formats.date_format(moment.date()) == "22 November 2026"


def test_period_labels_are_in_bulgarian(client, partnership, period):
    with translation.override("bg"):
        label = str(period.listing_label)

    assert "юли" in label and "декември" in label and "2020" in label


# The language switcher


def test_switcher_links_to_the_same_page_in_the_other_language(client, partnership):
    url = partnership.get_absolute_url()

    english = page(client, url)
    in_bulgarian = page(client, bulgarian(url))

    assert f'<a href="{url}" lang="en" hreflang="en" aria-current="true">English</a>' in english
    assert f'<a href="/bg{url}" lang="bg" hreflang="bg">Български</a>' in english
    assert f'<a href="{url}" lang="en" hreflang="en">English</a>' in in_bulgarian
    assert f'<a href="/bg{url}" lang="bg" hreflang="bg" aria-current="true">' in in_bulgarian


def test_switcher_keeps_the_search(client, partnership):
    html = page(client, "/?q=Brittany")

    assert '<a href="/bg/?q=Brittany" lang="bg"' in html


def test_pages_name_their_other_languages_for_search_engines(client, partnership):
    html = page(client, partnership.get_absolute_url())

    assert (
        '<link rel="alternate" hreflang="en" href="http://testserver/partnerships/cybersecurity/">'
        in html
    )
    assert (
        '<link rel="alternate" hreflang="bg" href="http://testserver/bg/partnerships/cybersecurity/">'
        in html
    )


def test_switcher_on_a_missing_page_leads_to_the_home_pages(client, db):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert '<a href="/bg/" lang="bg" hreflang="bg">Български</a>' in response.content.decode()


def test_switching_language_sets_no_cookie(client, partnership):
    response = client.get(bulgarian(partnership.get_absolute_url()))

    assert response.cookies == {}


# The catalogue


def po_entries(text):
    """(flags, msgid, [msgstr…]) for each entry of a .po file, obsolete ones left out."""
    return [
        (flags, fields["msgid"], [v for k, v in fields.items() if k.startswith("msgstr")])
        for flags, fields in po_fields(text)
    ]


def po_fields(text):
    """(flags, {msgid: …, msgstr: …}) for each entry of a .po file, obsolete ones left out."""
    entries = []
    for block in text.split("\n\n"):
        lines = [line for line in block.strip().splitlines() if not line.startswith("#~")]
        if not any(line.startswith("msgid ") for line in lines):
            continue
        flags = [line for line in lines if line.startswith("#,")]
        fields, current = {}, None
        for line in lines:
            if line.startswith("#"):
                continue
            if line.startswith('"'):
                fields[current] += line[1:-1]
            else:
                current, _, value = line.partition(" ")
                fields[current] = value[1:-1]
        entries.append((" ".join(flags), fields))
    return entries


def untranslated(po_text):
    return [
        msgid
        for flags, msgid, translations in po_entries(po_text)
        if msgid and ("fuzzy" in flags or not all(translations))
    ]


def test_every_string_in_the_catalogue_is_translated():
    entries = po_entries(PO_FILE.read_text(encoding="utf-8"))

    assert len(entries) > 700
    assert untranslated(PO_FILE.read_text(encoding="utf-8")) == []


def test_the_catalogue_checker_sees_gaps():
    po = '#, fuzzy\nmsgid "A"\nmsgstr "Б"\n\nmsgid "B"\nmsgstr ""\n\nmsgid "C"\nmsgstr "В"\n'

    assert untranslated(po) == ["A", "B"]


def test_every_string_of_the_project_is_in_the_catalogue_and_translated(tmp_path):
    """makemessages, run on a copy of the sources, finds no string the catalogue lacks."""
    base = Path(settings.BASE_DIR)
    copy = tmp_path / "project"
    shutil.copytree(
        base,
        copy,
        ignore=shutil.ignore_patterns(
            ".git",
            ".venv",
            "staticfiles",
            "media",
            "var",
            "node_modules",
            "__pycache__",
            "*.sqlite3*",
            "*.mo",
        ),
    )
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "bg",
            "--ignore=.venv",
            "--ignore=staticfiles",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
    )

    fresh = (copy / "locale" / "bg" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")

    assert untranslated(fresh) == [], (
        "Strings without a Bulgarian translation: run `manage.py makemessages -l bg "
        "--ignore=.venv --ignore=staticfiles` and translate them in "
        "locale/bg/LC_MESSAGES/django.po."
    )


def test_placeholders_are_kept_in_translations():
    """Every %(name)s of a translation is in the English, and the other way round (a
    singular may say "one" instead of its count)."""
    placeholder = re.compile(r"%\(\w+\)[sd]")
    wrong = []
    for _flags, fields in po_fields(PO_FILE.read_text(encoding="utf-8")):
        english = set(placeholder.findall(fields["msgid"] + fields.get("msgid_plural", "")))
        for key, bulgarian in fields.items():
            if not key.startswith("msgstr"):
                continue
            found = set(placeholder.findall(bulgarian))
            counts = {"%(counter)s", "%(num)d", "%(count)s", "%(days)d", "%(days)s"}
            if not found <= english or (english - found) - (
                counts if key == "msgstr[0]" else set()
            ):
                wrong.append((fields["msgid"], bulgarian))
    assert wrong == []
