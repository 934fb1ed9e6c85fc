"""The public pages: home, partnership page, news article, login, 404 and 500."""

import datetime
import inspect
import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regions.models import Country, Region
from reports import sdg_chart, sitemaps
from reports.models import (
    Contact,
    MonitoringReport,
    NewsArticle,
    NewsTranslation,
    Organisation,
    Partnership,
    PartnershipDocument,
    PartnershipRegion,
    ProjectUnderDevelopment,
    RegionRole,
    RelatedProject,
    ReportingPeriod,
    ThematicPlatform,
)
from reports.views import preview, public

HOME_QUERIES = 3
PARTNERSHIP_QUERIES = 12  # the upcoming events and the profile translations are one query each


def publish(report, user):
    for state in ("submitted", "accepted", "published"):
        report.move_to(state, user)


def add_regions_and_organisations(partnership, count, start=0):
    """`count` more participating regions and organisations, each in a new country."""
    for number in range(start, start + count):
        code = f"Q{chr(ord('A') + number)}"
        country = Country.objects.create(code=code, name=f"Country {code}", accession_year=2004)
        region = Region.objects.create(
            name_en=f"Region {code}",
            country=country,
            nuts_code=f"{code}1",
            nuts_version=Region.NutsVersion.NUTS_2021,
            nuts_level=1,
        )
        PartnershipRegion.objects.create(
            partnership=partnership,
            role=RegionRole.PARTICIPATING,
            region=region,
            position=number + 2,
        )
        partnership.organisations.add(
            Organisation.objects.create(name=f"Organisation {code}", country=country)
        )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.fixture
def cybersecurity_page(partnership, brittany, france):
    """The Cybersecurity partnership with every block of its seed pages filled in."""
    partnership.context = "Cybersecurity in Europe is a nascent market still fragmented."
    partnership.description = "The aim of the partnership is to develop cooperation."
    partnership.mission = "Developing the cybersecurity sector."
    partnership.objectives = "In order to:\n- create synergies\n- foster business investment"
    partnership.main_activities = "The main activities are targeted towards the objectives."
    partnership.shared_specialisation_areas = (
        "Digitalisation, cybersecurity, artificial intelligence"
    )
    partnership.save()
    spain = Country.objects.create(code="ES", name="Spain", accession_year=1986)
    basque_country = Region.objects.create(
        name_en="Basque Country",
        country=spain,
        nuts_code="ES21",
        nuts_version=Region.NutsVersion.NUTS_2021,
        nuts_level=2,
    )
    PartnershipRegion.objects.create(partnership=partnership, role=RegionRole.LEAD, region=brittany)
    PartnershipRegion.objects.create(
        partnership=partnership, role=RegionRole.PARTICIPATING, region=basque_country
    )
    PartnershipRegion.objects.create(
        partnership=partnership, role=RegionRole.PARTICIPATING, name="Wales (UK)", position=2
    )
    PartnershipRegion.objects.create(
        partnership=partnership, role=RegionRole.INTERESTED, name="Cyber Valley network"
    )
    partnership.organisations.add(
        Organisation.objects.create(name="Tecnalia", country=spain),
        Organisation.objects.create(name="Images&Réseaux", country=france),
        Organisation.objects.create(name="European Cyber Security Organisation (ECSO)"),
    )
    RelatedProject.objects.create(
        partnership=partnership,
        name="Federated Cyber Range",
        description="Federating national Cyber Ranges into a larger cluster.",
        url="https://www.pesco.europa.eu/project/cyber-ranges-federations-crf/",
    )
    ProjectUnderDevelopment.objects.create(
        partnership=partnership, title="Interregional acceleration programme for scaleups"
    )
    PartnershipDocument.objects.create(
        partnership=partnership,
        kind=PartnershipDocument.Kind.MAPPING_RESULT,
        title="Mapping of cybersecurity ecosystems",
        url="https://example.eu/mapping.pdf",
    )
    PartnershipDocument.objects.create(
        partnership=partnership,
        kind=PartnershipDocument.Kind.USEFUL_DOCUMENT,
        title="Scoping note",
        url="https://example.eu/scoping-note.pdf",
    )
    Contact.objects.create(
        partnership=partnership,
        kind=Contact.Kind.LEAD_REGION,
        name="Annie Audic",
        email="annie.audic@example.eu",
        organisation="Maison de la Bretagne Europe",
    )
    Contact.objects.create(
        partnership=partnership, kind=Contact.Kind.JRC, name="JRC officer", email="jrc@example.eu"
    )
    article = NewsArticle.objects.create(
        slug="ecso-euregionsweek", partnership=partnership, published_on=datetime.date(2020, 10, 14)
    )
    NewsTranslation.objects.create(
        article=article, language="en", title="ECSO at the European Week of Regions", body="Text"
    )
    NewsTranslation.objects.create(
        article=article, language="bg", title="ECSO на Европейската седмица", body="Текст"
    )
    return partnership


# Home


def test_home_lists_platforms_with_their_active_partnerships(
    client, platform, partnership, other_partnership, brittany
):
    energy = ThematicPlatform.objects.create(code="ENER", name="Energy", position=2)
    PartnershipRegion.objects.create(partnership=partnership, role=RegionRole.LEAD, region=brittany)
    Partnership.objects.create(
        platform=platform,
        short_name="Textile",
        full_name="Textile",
        slug="textile",
        is_active=False,
    )

    response = client.get(reverse("reports:home"))

    assert response.status_code == 200
    assert [p.name for p in response.context["platforms"]] == [platform.name, energy.name]
    content = response.content.decode()
    assert "Industrial Modernisation" in content
    assert "Energy" in content
    assert 'href="/partnerships/cybersecurity/"' in content
    assert "Cybersecurity Smart Regions" in content
    assert 'Brittany / <span class="region-national-name" lang="fr">Bretagne</span> (FR)' in content
    assert "FRH0" in content
    assert 'href="/partnerships/chemicals/"' in content
    assert "/partnerships/textile/" not in content


def test_home_queries_do_not_grow_with_partnerships_and_regions(
    client, partnership, other_partnership, django_assert_max_num_queries
):
    add_regions_and_organisations(partnership, 2)
    few = count_queries(client, reverse("reports:home"))

    for number in range(5):
        Partnership.objects.create(
            platform=partnership.platform,
            short_name=f"More {number}",
            full_name=f"More {number}",
            slug=f"more-{number}",
        )
    add_regions_and_organisations(other_partnership, 5, start=2)
    with django_assert_max_num_queries(HOME_QUERIES):
        client.get(reverse("reports:home"))
    assert count_queries(client, reverse("reports:home")) == few


# Partnership page


def test_partnership_page_shows_every_block(client, cybersecurity_page, report, coordinator):
    publish(report, coordinator)

    response = client.get(cybersecurity_page.get_absolute_url())

    assert response.status_code == 200
    content = response.content.decode()
    for text in [
        "<h1",
        "Cybersecurity Smart Regions",
        "Industrial Modernisation",
        "2018",
        "1 February 2018",
        'href="https://s3platform.jrc.ec.europa.eu/cybersecurity"',
        "Cybersecurity in Europe is a nascent market still fragmented.",
        "The aim of the partnership is to develop cooperation.",
        "Developing the cybersecurity sector.",
        "In order to:<br>- create synergies<br>- foster business investment",
        "The main activities are targeted towards the objectives.",
        "Leading regions",
        'Brittany / <span class="region-national-name" lang="fr">Bretagne</span> (FR)',
        "NUTS FRH0",
        "Participating regions",
        "Basque Country (ES)",
        "NUTS ES21",
        "Wales (UK)",
        "Interested regions",
        "Cyber Valley network",
        "Organisations involved",
        "Tecnalia",
        "Images&amp;Réseaux",
        "European Cyber Security Organisation (ECSO)",
        "<li>Digitalisation</li>",
        "<li>artificial intelligence</li>",
        "Federated Cyber Range",
        "Federating national Cyber Ranges into a larger cluster.",
        'href="https://www.pesco.europa.eu/project/cyber-ranges-federations-crf/"',
        "Interregional acceleration programme for scaleups",
        "Results of the mapping",
        'href="https://example.eu/mapping.pdf"',
        "Useful documents",
        "Scoping note",
        "Contact details of the leading region",
        "Annie Audic",
        "Maison de la Bretagne Europe",
        'href="mailto:annie.audic@example.eu"',
        "Contact details of JRC",
        "JRC officer",
        "Monitoring reports",
        "Monitoring report covering the period from July to December 2020",
        "Latest news",
        "ECSO at the European Week of Regions",
        'href="/news/ecso-euregionsweek/"',
    ]:
        assert text in content, text


def test_organisations_are_grouped_by_country_with_other_last(client, cybersecurity_page):
    groups = client.get(cybersecurity_page.get_absolute_url()).context["organisations_by_country"]

    assert [(country, [o.name for o in orgs]) for country, orgs in groups] == [
        ("France", ["Images&Réseaux"]),
        ("Spain", ["Tecnalia"]),
        (None, ["European Cyber Security Organisation (ECSO)"]),
    ]


def test_unknown_partnership_is_404_with_our_template(client, db):
    response = client.get(reverse("reports:partnership", kwargs={"slug": "no-such-thing"}))

    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]
    content = response.content.decode()
    assert "Page not found" in content
    assert 'href="/"' in content
    # It offers the partnership search, which lands on the home page's results.
    assert '<form method="get" action="/"' in content
    assert 'name="q"' in content


def test_404_page_in_bulgarian_searches_in_bulgarian(client, db):
    content = client.get("/bg/partnerships/no-such-thing/").content.decode()

    assert "Страницата не е намерена" in content
    assert '<form method="get" action="/bg/"' in content


def test_inactive_partnership_is_404(client, partnership):
    partnership.is_active = False
    partnership.save()

    assert client.get(partnership.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("state", ["draft", "submitted", "accepted"])
def test_unpublished_reports_are_not_listed(client, report, coordinator, state):
    for step in ("submitted", "accepted")[: ("draft", "submitted", "accepted").index(state)]:
        report.move_to(step, coordinator)

    content = client.get(report.partnership.get_absolute_url()).content.decode()

    assert MonitoringReport.objects.get(pk=report.pk).state == state
    assert "from July to December 2020" not in content
    assert "No monitoring report has been published yet." in content


def test_published_reports_are_listed_newest_first_as_links_to_their_pages(
    client, partnership, other_partnership, report, coordinator
):
    publish(report, coordinator)
    older = MonitoringReport.start(
        partnership, ReportingPeriod.objects.create(year=2019, half=1, deadline="2019-07-31")
    )
    publish(older, coordinator)
    publish(MonitoringReport.start(other_partnership, report.period), coordinator)

    response = client.get(partnership.get_absolute_url())

    assert list(response.context["reports"]) == [report, older]
    content = response.content.decode()
    newest = content.index("Monitoring report covering the period from July to December 2020")
    assert newest < content.index("Monitoring report covering the period from January to June 2019")
    items = re.findall(r'<li><a href="([^"]+)">(Monitoring report covering[^<]*)</a></li>', content)
    assert items == [
        (
            "/partnerships/cybersecurity/reports/2020-h2/",
            "Monitoring report covering the period from July to December 2020",
        ),
        (
            "/partnerships/cybersecurity/reports/2019-h1/",
            "Monitoring report covering the period from January to June 2019",
        ),
    ]
    assert 'href="/partnerships/cybersecurity/timeline/"' in content
    assert 'href="#"' not in content


def test_user_text_is_escaped(client, partnership, france):
    attack = "<script>alert(1)</script>"
    partnership.context = f"Context {attack}"
    partnership.objectives = f"- objective {attack}"
    partnership.shared_specialisation_areas = f"Cyber, {attack}"
    partnership.save()
    partnership.organisations.add(Organisation.objects.create(name=f"Org {attack}", country=france))
    PartnershipRegion.objects.create(
        partnership=partnership, role=RegionRole.INTERESTED, name=f"Entity {attack}"
    )
    RelatedProject.objects.create(partnership=partnership, name="P", description=attack)

    content = client.get(partnership.get_absolute_url()).content.decode()

    assert attack not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_partnership_page_queries_do_not_grow_with_regions_and_organisations(
    client, cybersecurity_page, report, coordinator, django_assert_max_num_queries
):
    publish(report, coordinator)
    few = count_queries(client, cybersecurity_page.get_absolute_url())

    add_regions_and_organisations(cybersecurity_page, 8)
    with django_assert_max_num_queries(PARTNERSHIP_QUERIES):
        client.get(cybersecurity_page.get_absolute_url())
    assert count_queries(client, cybersecurity_page.get_absolute_url()) == few


@pytest.mark.parametrize("module", [public, preview, sitemaps, sdg_chart])
def test_public_views_never_touch_the_self_assessment(module):
    source = inspect.getsource(module)
    assert "self_assessment" not in source
    assert "versions" not in source  # reports.versions snapshots the self-assessment


# News


def test_news_article_is_shown_in_the_active_language(client, cybersecurity_page):
    english = client.get("/news/ecso-euregionsweek/")
    bulgarian = client.get("/bg/news/ecso-euregionsweek/")

    assert "ECSO at the European Week of Regions" in english.content.decode()
    assert '<html lang="bg"' in bulgarian.content.decode()
    assert "ECSO на Европейската седмица" in bulgarian.content.decode()


def test_news_article_falls_back_to_english(client, partnership):
    article = NewsArticle.objects.create(
        slug="english-only", partnership=partnership, published_on=datetime.date(2021, 3, 1)
    )
    NewsTranslation.objects.create(article=article, language="en", title="In English", body="x")

    response = client.get("/bg" + article.get_absolute_url())

    assert response.status_code == 200
    assert "In English" in response.content.decode()
    assert 'lang="en"' in response.content.decode()


def test_unknown_news_article_is_404(client, db):
    response = client.get(reverse("reports:news_article", kwargs={"slug": "nothing"}))

    assert response.status_code == 404


# Layout, login, errors


def test_layout_serves_static_files_locally(client, db):
    content = client.get(reverse("reports:home")).content.decode()

    references = re.findall(
        r"<link rel=\"stylesheet\"[^>]*href=\"([^\"]+)\"", content
    ) + re.findall(r"<script[^>]*src=\"([^\"]+)\"", content)
    assert "/static/vendor/bootstrap/bootstrap.min.css" in references
    assert "/static/css/site.css" in references
    assert "/static/vendor/bootstrap/bootstrap.bundle.min.js" in references
    assert all(reference.startswith("/static/") for reference in references), references
    assert not any("http" in reference for reference in references)


def test_layout_has_language_skip_link_and_main(client, db):
    content = client.get(reverse("reports:home")).content.decode()

    assert '<html lang="en"' in content
    assert 'href="#main"' in content
    assert '<main id="main"' in content
    assert "S3 Partnership Monitor" in content
    assert 'href="/accounts/login/' in content


def test_logout_is_a_post_form(client, coordinator):
    client.force_login(coordinator)

    content = client.get(reverse("reports:home")).content.decode()

    header = content[content.index("<header") : content.index("</header>")]
    assert re.search(r'<form method="post" action="/accounts/logout/">', header)
    assert "csrfmiddlewaretoken" in header
    # (The session warning further down offers to log in again once the session has ended.)
    assert "Log in" not in header


def test_login_page_renders_a_form(client, db):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    content = response.content.decode()
    assert '<form method="post" action="/accounts/login/"' in content
    assert 'name="username"' in content
    assert 'name="password"' in content
    assert "csrfmiddlewaretoken" in content


def test_login_signs_in_and_follows_next(client, coordinator):
    response = client.post(
        reverse("login"),
        {"username": "coordinator", "password": "pw-coordinator", "next": "/partnerships/x/"},
    )

    assert response.status_code == 302
    assert response.url == "/partnerships/x/"


def test_500_template_renders_without_context():
    html = render_to_string("500.html")

    assert "Something went wrong" in html
    assert "<link" not in html
    assert "<script" not in html
