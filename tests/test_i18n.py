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
from django.utils import translation
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
        trans_real.check_for_language.cache_clear()
    return MO_FILE


pytestmark = [pytest.mark.usefixtures("bulgarian_catalogue", "fast_passwords")]

BULGARIAN = {"HTTP_ACCEPT_LANGUAGE": "bg"}


def page(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response.content.decode()


# Pages in Bulgarian


def test_home_page_in_bulgarian(client, partnership):
    html = page(client, "/", **BULGARIAN)

    assert '<html lang="bg">' in html
    assert "Тематични партньорства за интелигентна специализация" in html
    assert "Към основното съдържание" in html  # the skip link
    assert "Смяна на езика" in html
    assert "Thematic smart specialisation partnerships" not in html


def test_english_stays_the_default(client, partnership):
    html = page(client, "/")

    assert '<html lang="en">' in html
    assert "Thematic smart specialisation partnerships" in html


def test_language_cookie_chooses_bulgarian(client, partnership):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "bg"

    html = page(client, "/", HTTP_ACCEPT_LANGUAGE="en")

    assert '<html lang="bg">' in html
    assert "Партньорства" in html


def test_partnership_page_in_bulgarian(client, partnership):
    html = page(client, partnership.get_absolute_url(), **BULGARIAN)

    assert '<html lang="bg">' in html
    assert "Доклади за мониторинг" in html
    assert "Последни новини" in html
    assert "Все още няма публикуван доклад за мониторинг." in html


def test_login_page_in_bulgarian(client, db):
    html = page(client, "/accounts/login/", **BULGARIAN)

    assert '<html lang="bg">' in html
    assert "Вход" in html
    assert "Обърнете се към администратора на сайта." in html


def test_workspace_in_bulgarian(coordinator_client, open_period):
    html = page(coordinator_client, "/workspace/", **BULGARIAN)

    assert '<html lang="bg">' in html
    assert "Моите доклади" in html
    assert "Изход" in html
    assert "Шестмесечните доклади за мониторинг" in html


def test_wizard_step_in_bulgarian(coordinator_client, open_period, report):
    html = page(coordinator_client, step_url(report, "summary"), **BULGARIAN)

    assert '<html lang="bg">' in html
    assert "Стъпка 2 от" in html
    assert "Резюме и цели" in html
    assert "Моля, представете резюмето и целите на вашето партньорство" in html
    assert "Запис и продължаване" in html


# Dates


def test_dates_are_formatted_in_bulgarian(client, partnership):
    article = NewsArticle.objects.create(
        slug="dated", partnership=partnership, published_on=datetime.date(2021, 11, 3)
    )
    NewsTranslation.objects.create(article=article, language="en", title="Dated", body="x")

    english = page(client, partnership.get_absolute_url())
    bulgarian = page(client, partnership.get_absolute_url(), **BULGARIAN)
    article_page = page(client, article.get_absolute_url(), **BULGARIAN)

    assert "3 November 2021" in english
    assert "3 ноември 2021" in bulgarian  # lower case, as Bulgarian writes month names
    assert "3 ноември 2021" in article_page
    assert 'datetime="2021-11-03"' in article_page


def test_period_labels_are_in_bulgarian(client, partnership, period):
    with translation.override("bg"):
        label = str(period.listing_label)

    assert "юли" in label and "декември" in label and "2020" in label


# The language switcher


def test_switcher_offers_both_languages_and_returns_to_the_page(client, partnership):
    url = partnership.get_absolute_url()
    html = page(client, url)

    assert 'action="/i18n/setlang/"' in html
    assert f'name="next" value="{url}"' in html
    assert '<option value="bg" lang="bg">български</option>' in html.lower()

    response = client.post("/i18n/setlang/", {"language": "bg", "next": url})

    assert response.status_code == 302
    assert response["Location"] == url
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "bg"
    html = page(client, url)
    assert '<html lang="bg">' in html
    assert '<option value="bg" lang="bg" selected>български</option>' in html.lower()


def test_switcher_back_to_english(client, partnership):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "bg"

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert '<html lang="en">' in page(client, "/")


def test_switcher_ignores_foreign_next(client, db):
    response = client.post(
        "/i18n/setlang/", {"language": "bg", "next": "https://evil.example/"}, HTTP_REFERER=""
    )

    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


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
