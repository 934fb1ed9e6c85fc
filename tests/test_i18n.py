"""The UI in other languages, Bulgarian for the examples: pages and dates in Bulgarian, the
language menu, and for each of the 24 languages a catalogue that covers every string of the
project, with its placeholders kept.

The compiled catalogues (.mo) are not committed; `make messages` builds them, and the
fixture below builds them too when one is missing or older than its .po, so that plain
`pytest` works.
"""

import datetime
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import formats, translation

from reports.models import NewsArticle, NewsTranslation
from tests.wizard_helpers import step_url

OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]
# Our catalogue of each language, and Django's own strings for Maltese, which Django lacks.
CATALOGUES = [
    *(
        Path(settings.LOCALE_PATHS[0]) / code / "LC_MESSAGES" / "django.po"
        for code in OTHER_LANGUAGES
    ),
    Path(settings.LOCALE_PATHS[1]) / "mt" / "LC_MESSAGES" / "django.po",
]
PO_FILE = Path(settings.LOCALE_PATHS[0]) / "bg" / "LC_MESSAGES" / "django.po"


def catalogue_id(path):
    return "-".join(path.parts[-4:-2])  # locale-bg, locale_django-mt


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
    assert (
        '<span id="language-menu-label">Език</span><span class="language-menu-label-colon">:</span>'
        in html
    )
    assert '<span class="language-menu-current">български</span>' in html
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
    assert f'<a href="/bg{url}" lang="bg" hreflang="bg">български</a>' in english
    assert f'<a href="{url}" lang="en" hreflang="en">English</a>' in in_bulgarian
    assert f'<a href="/bg{url}" lang="bg" hreflang="bg" aria-current="true">' in in_bulgarian


def test_the_language_menu_offers_the_24_languages_each_in_its_own_name(client, partnership):
    """A <details> menu (no JavaScript), in the EU's protocol order, each language named as
    it names itself and marked with its own `lang`, leading to the same page in it."""
    url = partnership.get_absolute_url()
    html = page(client, "/de" + url)

    menu = html[
        html.index('<nav class="language-menu"') : html.index(
            "</nav>", html.index('<nav class="language-menu"')
        )
    ]
    links = re.findall(r'<a href="([^"]+)" lang="([a-z]+)" hreflang="\2"[^>]*>([^<]+)</a>', menu)

    assert "<details>" in menu and "<summary>" in menu and "<script" not in menu
    assert [code for _url, code, _name in links] == [code for code, _ in settings.LANGUAGES]
    assert len(links) == 24
    names = {code: name for _url, code, name in links}
    assert names["de"] == "Deutsch"
    assert names["el"] == "ελληνικά"
    assert names["mt"] == "Malti"
    assert names["ga"] == "Gaeilge"
    assert names["fi"] == "suomi"
    assert {link_url for link_url, code, _ in links if code == "en"} == {url}
    assert {link_url for link_url, code, _ in links if code == "fi"} == {"/fi" + url}
    assert '<span class="language-menu-current">Deutsch</span>' in menu
    assert 'lang="de" hreflang="de" aria-current="true">Deutsch</a>' in menu


@pytest.mark.parametrize("code", [code for code, _name in settings.LANGUAGES])
def test_each_language_has_its_address_and_its_lang(client, partnership, code):
    prefix = "" if code == "en" else f"/{code}"
    response = client.get(f"{prefix}/")

    assert response.status_code == 200
    assert f'<html lang="{code}">' in response.content.decode()
    assert response["Content-Language"] == code


@pytest.mark.parametrize("prefix", ["xx", "en", "gr", "ie", "de-at", "EN", "DE"])
def test_an_unknown_language_prefix_is_a_404(client, partnership, prefix):
    """English has no prefix; "gr" and "ie" are countries, not languages; codes are lower
    case."""
    assert client.get(f"/{prefix}/").status_code == 404
    assert client.get(f"/{prefix}{partnership.get_absolute_url()}").status_code == 404


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
    assert '<a href="/bg/" lang="bg" hreflang="bg">български</a>' in response.content.decode()


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


def test_there_is_a_catalogue_for_each_language_but_english():
    folders = {path.name for path in Path(settings.LOCALE_PATHS[0]).iterdir() if path.is_dir()}

    assert folders == set(OTHER_LANGUAGES)
    assert len(OTHER_LANGUAGES) == 23


@pytest.mark.parametrize("po_file", CATALOGUES, ids=catalogue_id)
def test_every_string_in_the_catalogue_is_translated(po_file):
    text = po_file.read_text(encoding="utf-8")

    assert len(po_entries(text)) > 250
    assert untranslated(text) == []


@pytest.mark.parametrize("po_file", CATALOGUES, ids=catalogue_id)
def test_msgfmt_counts_every_message_translated(po_file):
    """`msgfmt --check --statistics`, as a translator runs it: the format of every
    placeholder, the plural forms and the header are right, and 100 % is translated."""
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po_file)],
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"\d+ translated messages?\.\n", result.stderr), result.stderr


def test_msgfmt_check_sees_a_broken_placeholder(tmp_path):
    broken = tmp_path / "django.po"
    broken.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, python-format\nmsgid "%(count)s reports"\nmsgstr "%(cuont)s Berichte"\n',
        encoding="utf-8",
    )

    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(broken)], capture_output=True
    )

    assert result.returncode != 0


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
            *(f"--locale={code}" for code in OTHER_LANGUAGES),
            "--ignore=.venv",
            "--ignore=staticfiles",
            "--ignore=bench",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
    )

    missing = {
        code: untranslated(
            (copy / "locale" / code / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
        )
        for code in OTHER_LANGUAGES
    }

    assert {code: strings for code, strings in missing.items() if strings} == {}, (
        "Strings without a translation: run `manage.py makemessages --all --no-wrap "
        "--ignore=.venv --ignore=staticfiles --ignore=bench` and translate them in "
        "locale/<language>/LC_MESSAGES/django.po."
    )


@pytest.mark.parametrize("po_file", CATALOGUES, ids=catalogue_id)
def test_placeholders_are_kept_in_translations(po_file):
    """Every %(name)s of a translation is in the English, and the other way round (a plural
    form other than the last, such as the singular, may say "one" instead of its count)."""
    placeholder = re.compile(r"%\(\w+\)[sd]")
    counts = {
        "%(counter)s",
        "%(num)d",
        "%(count)s",
        "%(days)d",
        "%(days)s",
        "%(number)s",
        "%(minutes)s",
    }
    wrong = []
    for _flags, fields in po_fields(po_file.read_text(encoding="utf-8")):
        english = set(placeholder.findall(fields["msgid"] + fields.get("msgid_plural", "")))
        forms = sorted(key for key in fields if key.startswith("msgstr"))
        for key in forms:
            found = set(placeholder.findall(fields[key]))
            may_drop = counts if key.startswith("msgstr[") and key != forms[-1] else set()
            if not found <= english or (english - found) - may_drop:
                wrong.append((fields["msgid"], fields[key]))
    assert wrong == []
