"""Data in several languages: platform names and partnership profile texts where a
translation is given (English otherwise, marked as English), news translations listed in the
admin, national region names beside the English; the user's own page where they choose the
language of their mails; Maltese formats; the sitemap's 24 alternates."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import formats, translation

from accounts.models import User
from reports.models import NewsArticle, NewsTranslation, PartnershipRegion, PartnershipTranslation
from tests.sitemap_helpers import sitemap_text
from tests.test_public_reports import published  # noqa: F401 (a fixture)

# --- Platform names ------------------------------------------------------------------------


def test_an_administrator_gives_a_platform_its_name_in_other_languages(admin_client, platform):
    change = reverse("admin:reports_thematicplatform_change", args=[platform.pk])
    form = admin_client.get(change).content.decode()
    assert 'name="name_de"' in form and 'name="name_mt"' in form and 'name="name_en"' not in form

    response = admin_client.post(
        change,
        {
            "code": "IND",
            "name": "Industrial Modernisation",
            "position": 1,
            "name_de": " Industrielle Modernisierung ",
            "name_el": "Βιομηχανικός εκσυγχρονισμός",
            "name_fr": "",
        },
    )

    assert response.status_code == 302
    platform.refresh_from_db()
    assert platform.name_translations == {
        "de": "Industrielle Modernisierung",
        "el": "Βιομηχανικός εκσυγχρονισμός",
    }
    listing = admin_client.get(reverse("admin:reports_thematicplatform_changelist"))
    assert '<td class="field-translated_into">de, el</td>' in listing.content.decode()


def test_pages_show_the_platform_name_in_their_language_or_in_english(client, partnership):
    partnership.platform.name_translations = {"de": "Industrielle Modernisierung"}
    partnership.platform.save()

    url = partnership.get_absolute_url()
    german = client.get("/de" + url).content.decode()
    french = client.get("/fr" + url).content.decode()
    api = client.get(f"/api/v1/platforms/{partnership.platform.code}").json()

    assert ">Industrielle Modernisierung</a>" in german
    assert ">Industrial Modernisation</a>" in french  # no French name given
    assert api["name"] == "Industrial Modernisation"  # data stays in English


# --- Partnership profile texts -------------------------------------------------------------


@pytest.fixture
def described(partnership):
    partnership.description = "Cybersecurity risks in Europe are increasing."
    partnership.mission = "Developing the cybersecurity sector."
    partnership.save()
    PartnershipTranslation.objects.create(
        partnership=partnership,
        language="fr",
        description="Les risques de cybersécurité augmentent en Europe.",
    )
    return partnership


def test_a_profile_text_shows_in_the_pages_language_where_translated(client, described):
    french = client.get("/fr" + described.get_absolute_url()).content.decode()

    assert '<p class="prose">Les risques de cybersécurité augmentent en Europe.</p>' in french
    # Not translated: the English text, said to be English.
    assert '<p class="prose" lang="en">Developing the cybersecurity sector.</p>' in french
    assert "Cybersecurity risks in Europe" not in french


def test_without_a_translation_the_english_texts_are_marked_english(client, described):
    url = described.get_absolute_url()  # before a German request leaves German active
    german = client.get("/de" + url).content.decode()
    english = client.get(url).content.decode()

    assert '<p class="prose" lang="en">Cybersecurity risks in Europe are increasing.</p>' in german
    assert '<p class="prose">Cybersecurity risks in Europe are increasing.</p>' in english


def test_a_partnership_has_at_most_one_translation_per_language(described):
    with pytest.raises(Exception, match="unique|UNIQUE"):
        PartnershipTranslation.objects.create(partnership=described, language="fr")


# --- News and regions --------------------------------------------------------------------


def test_the_news_admin_lists_the_languages_of_each_article(admin_client, db):
    article = NewsArticle.objects.create(slug="week", published_on=datetime.date(2026, 10, 1))
    for language in ("en", "mt", "de"):
        NewsTranslation.objects.create(article=article, language=language, title="T", body="B")

    listing = admin_client.get(reverse("admin:reports_newsarticle_changelist")).content.decode()

    assert '<td class="field-translated_into">de, en, mt</td>' in listing


def test_a_region_shows_its_national_name_beside_the_english_in_its_language(
    client, partnership, brittany
):
    PartnershipRegion.objects.create(partnership=partnership, region=brittany, role="lead")

    page = client.get("/el" + partnership.get_absolute_url()).content.decode()

    assert 'Brittany / <span class="region-national-name" lang="fr">Bretagne</span>' in page


# --- The user's own page -------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["coordinator", "reviewer", "administrator"])
def test_every_signed_in_person_chooses_the_language_of_their_mails(client, request, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)

    page = client.get("/accounts/profile/")
    response = client.post("/accounts/profile/", {"language": "mt"})

    assert page.status_code == 200
    assert '<option value="mt">Malti</option>' in page.content.decode()
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "mt"


def test_the_anonymous_are_sent_to_sign_in_for_the_settings(client, db):
    response = client.get("/de/accounts/profile/")

    assert response.status_code == 302
    assert response["Location"].startswith("/de/accounts/login/?next=/de/accounts/profile/")


def test_an_unknown_mail_language_is_refused_and_nothing_changes(client, coordinator):
    client.force_login(coordinator)

    response = client.post("/accounts/profile/", {"language": "xx"})

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    coordinator.refresh_from_db()
    assert coordinator.language == "en"


def test_new_accounts_get_their_mails_in_english(db):
    assert User.objects.create_user("someone").language == "en"


# --- Maltese formats and the sitemap -------------------------------------------------------


def test_maltese_dates_and_numbers_have_formats_of_their_own():
    """Django has none for Maltese: "3 ta’ Diċembru 2026", the decimal point."""
    with translation.override("mt"):
        date = formats.date_format(datetime.date(2026, 12, 3))
        number = formats.number_format(12345.5, decimal_pos=1, use_l10n=True, force_grouping=True)

    assert date == "3 ta’ Diċembru 2026"
    assert number == "12,345.5"


def test_the_sitemap_names_every_pages_24_languages(client, partnership):
    content = sitemap_text(client)
    page = partnership.get_absolute_url()

    entry = content[content.index(f"<loc>http://testserver{page}</loc>") :]
    entry = entry[: entry.index("</url>")]
    alternates = re.findall(r'hreflang="([a-z-]+)" href="([^"]+)"', entry)

    assert len(alternates) == 25  # the 24 and x-default
    assert ("mt", f"http://testserver/mt{page}") in alternates
    assert ("x-default", f"http://testserver{page}") in alternates


def test_the_search_finds_a_country_by_its_name_in_the_pages_language(
    client,
    published,  # noqa: F811 (a report naming Brittany, FR)
):
    german = client.get("/de/", {"q": "frankreich"})
    english = client.get("/", {"q": "frankreich"})

    assert [country.code for country in german.context["matching_countries"]] == ["FR"]
    assert german.context["matches"] == 1  # Cybersecurity, led from a French region
    assert english.context["matches"] == 0
