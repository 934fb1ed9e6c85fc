"""The PDF in the reader's language: one address and one stored file per language, its
questions, headings, cover and page numbers translated, the answers as written, and fonts
that draw every letter of the 24 languages (no tofu)."""

import unicodedata
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from reports.models import StoredReportPDF
from tests.test_i18n import OTHER_LANGUAGES, po_fields
from tests.test_public_reports import published  # noqa: F401 (a fixture)

FONTS = [
    Path(settings.BASE_DIR) / "static/fonts" / name
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
]


def pdf_path(report, language):
    with translation.override(language):
        return reverse("report_pdf", args=[report.partnership.slug, report.period.slug])


def download(client, report, language):
    response = client.get(pdf_path(report, language))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def text_of(body):
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(body)).pages)


def without_accents(text):
    decomposed = unicodedata.normalize("NFD", text.upper())
    return "".join(char for char in decomposed if unicodedata.category(char) != "Mn")


def embedded_fonts(body):
    """The names of the fonts the PDF embeds, without their subset prefix."""
    names = set()
    for page in PdfReader(BytesIO(body)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return names


@pytest.mark.parametrize("font", FONTS, ids=lambda path: path.name)
def test_the_fonts_draw_every_letter_of_every_translation(font):
    """Every character of every catalogue (Latin with Irish and Maltese letters, Greek,
    Cyrillic) is in the PDF's fonts: none falls back to another font or to a box."""
    drawn = set(TTFont(font).getBestCmap())
    missing = {}
    for code in OTHER_LANGUAGES:
        po = Path(settings.LOCALE_PATHS[0]) / code / "LC_MESSAGES" / "django.po"
        text = "".join(
            value
            for _flags, fields in po_fields(po.read_text(encoding="utf-8"))
            for key, value in fields.items()
            if key.startswith("msgstr")
        )
        absent = {char for char in text if ord(char) not in drawn and not char.isspace()}
        if absent:
            missing[code] = "".join(sorted(absent))

    assert missing == {}


@pytest.mark.parametrize(
    ("language", "cover_words"),
    [("el", ["Περιεχόμενα", "Σελίδα"]), ("bg", ["Съдържание", "Страница"])],
)
def test_the_greek_and_bulgarian_pdfs_draw_their_alphabet_in_the_report_fonts(
    client,
    published,  # noqa: F811
    language,
    cover_words,
):
    body = download(client, published, language)
    text = text_of(body)

    assert embedded_fonts(body) == {"Report-Sans", "Report-Sans-Bold"}
    for words in cover_words:
        assert words in text
    with translation.override(language):
        # The cover sets it in capitals, which in Greek drop their accents.
        assert without_accents(gettext("Monitoring Progress Report")) in without_accents(text)
    assert "A federated cyber range." in text  # the answers as the coordinators wrote them
    assert "\ufffd" not in text


@pytest.mark.parametrize("language", ["de", "mt", "ga"])
def test_the_pdf_is_in_the_language_of_its_address(client, published, language):  # noqa: F811
    text = text_of(download(client, published, language))

    with translation.override(language):
        expected = [gettext("Contents"), gettext("Reporting period"), gettext("Published")]
    for words in expected:
        assert words in text
    assert "Contents" not in text and "Reporting period" not in text


def test_each_language_is_rendered_once_and_stored_apart(client, published):  # noqa: F811
    """Each language is rendered on its first request (or, for English, at publication),
    then served from storage."""
    german = download(client, published, "de")
    again = download(client, published, "de")
    english = download(client, published, "en")

    assert german == again != english
    assert sorted(StoredReportPDF.objects.values_list("language", flat=True)) == ["de", "en"]
    stored = StoredReportPDF.objects.get(language="de")
    assert client.get(pdf_path(published, "de"))["Content-Disposition"].endswith('-2020-h2-de.pdf"')
    assert client.get(pdf_path(published, "de"))["ETag"] == f'"{stored.sha256}"'


@pytest.mark.parametrize("prefix", ["xx", "en", "gr", "EL"])
def test_a_pdf_address_with_an_unknown_language_is_a_404(client, published, prefix):  # noqa: F811
    path = pdf_path(published, "en")

    assert client.get(f"/{prefix}{path}").status_code == 404
