"""Published reports on the public site: report page, timeline, search, sitemap, robots.txt,
caching, and the "what the public will see" preview.

Personas as in conftest: `coordinator` writes the Cybersecurity reports, `other_coordinator`
the Chemicals ones, `reviewer` and `administrator` read everything, `client` is a visitor.
"""

import datetime
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings
from django.urls import reverse

from reports import timeline
from reports.models import (
    Event,
    MonitoringReport,
    NewsArticle,
    NewsTranslation,
    PartnershipRegion,
    ReportingPeriod,
    ReportRegion,
    SDGRating,
    WorkingArea,
)
from reports.sdg_chart import chart, ratings
from tests.sitemap_helpers import sitemap_text

ATTACKS = [
    "<script>alert(1)</script>",
    '<a rel="attachment" href="file:///etc/passwd">x</a>',
    '<img src="http://169.254.169.254/latest">',
]


def publish(report, user):
    for state in ("submitted", "accepted", "published"):
        report.move_to(state, user)


def same_page(response, other):
    """The two pages are the same but for the CSRF token and the period in the login link."""

    def normalised(page):
        text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page.content.decode())
        return re.sub(r"\d{4}-h[12]", "PERIOD", text)

    return normalised(response) == normalised(other)


def report_url(report):
    return reverse(
        "reports:public_report",
        kwargs={"slug": report.partnership.slug, "period": report.period.slug},
    )


def period(year, half):
    return ReportingPeriod.objects.create(
        year=year, half=half, deadline=ReportingPeriod.default_deadline(year, half)
    )


@pytest.fixture
def published(report, reviewer, brittany):
    """The July-December 2020 Cybersecurity report, filled in and published."""
    report.executive_summary = "Cybersecurity risks in Europe are increasing."
    report.innovative_results = "A federated cyber range."
    report.save()
    ReportRegion.objects.create(report=report, role="lead", region=brittany, match="linked")
    WorkingArea.objects.create(
        report=report, position=1, working_area="Regional mapping", region_in_charge="Brittany"
    )
    Event.objects.create(
        report=report,
        kind=Event.Kind.PLANNED,
        position=1,
        title="Cyber week in Rennes",
        date=datetime.date(2021, 11, 16),
        place="Rennes",
    )
    SDGRating.objects.create(report=report, goal=9, rating="strongly_agree")
    SDGRating.objects.create(report=report, goal=14, rating="not_applicable")
    publish(report, reviewer)
    return report


@pytest.fixture
def draft(partnership):
    """A January-June 2021 report that the coordinators are still writing."""
    report = MonitoringReport.start(partnership, period(2021, 1))
    report.executive_summary = "Unpublished plans of the partnership."
    report.save()
    return report


# --- URL scheme -----------------------------------------------------------------------------


def test_urls_are_readable_and_stable(published):
    assert report_url(published) == "/partnerships/cybersecurity/reports/2020-h2/"
    assert (
        reverse("reports:timeline", kwargs={"slug": "cybersecurity"})
        == "/partnerships/cybersecurity/timeline/"
    )
    assert (
        reverse("reports:preview", kwargs={"slug": "cybersecurity", "period": "2020-h2"})
        == "/workspace/cybersecurity/2020-h2/preview/"
    )
    assert reverse("sitemap") == "/sitemap.xml"
    assert reverse("robots_txt") == "/robots.txt"


# --- The report page ------------------------------------------------------------------------


def test_report_page_shows_header_sections_tables_and_sdgs(client, published):
    response = client.get(report_url(published))

    assert response.status_code == 200
    content = response.content.decode()
    for text in [
        "Monitoring report covering the period from July to December 2020",
        "Cybersecurity Smart Regions",
        "Published on",
        '<h2 id="report-header"',
        '<h2 id="report-management"',
        "I. Management report",
        '<h2 id="report-progress"',
        "II. Progress report",
        "Cybersecurity risks in Europe are increasing.",
        "A federated cyber range.",
        "Brittany",
        "Regional mapping",
        "Cyber week in Rennes",
        "Goal 9. Build resilient infrastructure",
        'href="/partnerships/cybersecurity/timeline/"',
    ]:
        assert text in content, text
    assert '<meta name="robots"' not in content


def test_sdg_ratings_are_an_svg_chart_with_the_same_data_as_a_table(client, published):
    content = client.get(report_url(published)).content.decode()

    svg = content[content.index("<svg") : content.index("</svg>")]
    assert 'role="img"' in svg
    assert 'aria-labelledby="sdg-chart-title sdg-chart-desc"' in svg
    assert '<title id="sdg-chart-title">Contribution to the Sustainable Development Goals' in svg
    assert (
        "9. Industry, innovation and infrastructure: Strongly agree; "
        "14. Life below water: Not applicable</desc>"
    ) in svg
    assert svg.count("<rect") == 2
    assert "<script" not in svg
    table = content[content.index('<table id="sdg-chart-data">') :]
    table = table[: table.index("</table>")]
    assert (
        '<th scope="row">9. Industry, innovation and infrastructure</th><td>Strongly agree</td>'
    ) in table
    assert '<th scope="row">14. Life below water</th><td>Not applicable</td>' in table


def test_chart_bars_grow_with_agreement():
    rows = ratings({1: "strongly_disagree", 2: "neutral", 3: "strongly_agree", 4: "not_applicable"})

    assert [row.score for row in rows] == [1, 3, 5, 0]
    svg = str(chart(rows))
    widths = [float(width) for width in re.findall(r'<rect [^>]*width="([\d.]+)"', svg)]
    assert widths == sorted(widths[:3]) + [0.0]
    assert chart([]) == ""


def test_report_without_ratings_has_no_chart(client, report, reviewer):
    publish(report, reviewer)

    content = client.get(report_url(report)).content.decode()

    assert "<svg" not in content


def test_previous_and_next_periods_are_linked(client, published, partnership, reviewer, draft):
    older = MonitoringReport.start(partnership, period(2019, 2))
    publish(older, reviewer)
    oldest = MonitoringReport.start(partnership, period(2019, 1))
    publish(oldest, reviewer)

    middle = client.get(report_url(older)).content.decode()
    newest = client.get(report_url(published)).content.decode()
    first = client.get(report_url(oldest)).content.decode()

    assert 'href="/partnerships/cybersecurity/reports/2019-h1/" rel="prev"' in middle
    assert 'href="/partnerships/cybersecurity/reports/2020-h2/" rel="next"' in middle
    assert 'href="/partnerships/cybersecurity/reports/2019-h2/" rel="prev"' in newest
    # The draft of January-June 2021 is not the next period for the public.
    assert 'rel="next"' not in newest
    assert "2021-h1" not in newest
    assert 'rel="prev"' not in first


def test_partnership_page_links_each_report(client, published):
    content = client.get(published.partnership.get_absolute_url()).content.decode()

    assert (
        '<a href="/partnerships/cybersecurity/reports/2020-h2/">'
        "Monitoring report covering the period from July to December 2020</a>"
    ) in content


def test_upcoming_events_are_the_latest_reports_future_plans(
    client, published, partnership, reviewer, draft
):
    Event.objects.filter(report=published).update(date=datetime.date.today())
    Event.objects.create(
        report=published,
        kind=Event.Kind.PLANNED,
        position=2,
        title="Already held",
        date=datetime.date.today() - datetime.timedelta(days=1),
    )
    Event.objects.create(
        report=draft,
        kind=Event.Kind.PLANNED,
        position=1,
        title="Planned in the draft",
        date=datetime.date.today() + datetime.timedelta(days=30),
    )
    older = MonitoringReport.start(partnership, period(2019, 2))
    Event.objects.create(
        report=older,
        kind=Event.Kind.PLANNED,
        position=1,
        title="Planned in an older report",
        date=datetime.date.today() + datetime.timedelta(days=30),
    )
    publish(older, reviewer)

    response = client.get(partnership.get_absolute_url())

    assert [event.title for event in response.context["upcoming_events"]] == [
        "Cyber week in Rennes"
    ]
    content = response.content.decode()
    assert "Upcoming events" in content
    assert "Already held" not in content
    assert "Planned in the draft" not in content


def test_no_upcoming_events_says_so(client, published):
    content = client.get(published.partnership.get_absolute_url()).content.decode()

    assert "No upcoming events have been announced." in content  # Rennes 2021 is long past
    assert "Cyber week in Rennes" not in content


def test_user_text_appears_as_text(client, published, reviewer):
    published.move_to("returned", reviewer)
    attack = " ".join(ATTACKS)
    MonitoringReport.objects.filter(pk=published.pk).update(executive_summary=attack)
    WorkingArea.objects.create(report=published, position=2, working_area=attack)
    published.move_to("submitted", reviewer)
    published.move_to("accepted", reviewer)
    published.move_to("published", reviewer)
    earlier = MonitoringReport.start(published.partnership, period(2020, 1))
    publish(earlier, reviewer)

    pages = [
        client.get(report_url(published)).content.decode(),
        client.get(reverse("reports:timeline", kwargs={"slug": "cybersecurity"})).content.decode(),
    ]

    for content in pages:
        for text in ATTACKS:
            assert text not in content
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
        assert 'src="http://169.254.169.254' not in content
        assert 'href="file:///etc/passwd"' not in content


# --- Bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/partnerships/no-such-thing/reports/2020-h2/",
        "/partnerships/cybersecurity/reports/2030-h1/",
        "/partnerships/cybersecurity/reports/2020-h3/",
        "/partnerships/cybersecurity/reports/latest/",
        "/partnerships/no-such-thing/timeline/",
    ],
)
def test_unknown_partnership_or_period_is_404(client, published, path):
    response = client.get(path)

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_inactive_partnership_hides_its_reports(client, published):
    published.partnership.is_active = False
    published.partnership.save()

    assert client.get(report_url(published)).status_code == 404
    assert client.get("/partnerships/cybersecurity/timeline/").status_code == 404
    assert "cybersecurity" not in sitemap_text(client)


def test_partnership_without_published_reports_has_no_timeline(client, draft):
    assert client.get("/partnerships/cybersecurity/timeline/").status_code == 404


UNPUBLISHED = {
    "draft": [],
    "submitted": ["submitted"],
    "returned": ["submitted", "returned"],
    "accepted": ["submitted", "accepted"],
    "withdrawn": ["submitted", "accepted", "published", "returned"],
}


@pytest.mark.parametrize("state", UNPUBLISHED)
def test_unpublished_report_does_not_exist_for_the_public(
    client, published, draft, reviewer, brittany, state
):
    for step in UNPUBLISHED[state]:
        draft.move_to(step, reviewer)
    ReportRegion.objects.create(report=draft, role="participating", name="Atlantis Secret Region")
    WorkingArea.objects.create(report=draft, position=1, working_area="Secret working area")
    not_found = client.get("/partnerships/cybersecurity/reports/2099-h1/")

    response = client.get(report_url(draft))

    assert response.status_code == 404
    # No hint: the same page as for a period that never existed.
    assert same_page(response, not_found)
    assert "Unpublished plans" not in response.content.decode()
    assert "2021-h1" not in sitemap_text(client)
    timeline = client.get("/partnerships/cybersecurity/timeline/").content.decode()
    assert "January - June 2021" not in timeline
    assert "Secret working area" not in timeline
    assert "Atlantis" not in timeline
    search = client.get("/", {"q": "Atlantis"})
    assert search.context["matches"] == 0
    assert "Cybersecurity" not in search.content.decode().split("<search")[1].split("</main>")[0]
    for url in (report_url(published), published.partnership.get_absolute_url()):
        page = client.get(url).content.decode()
        assert "2021-h1" not in page
        assert "January to June 2021" not in page


@pytest.mark.parametrize("language", ["en", "bg", "de", "mt"])
def test_each_language_links_the_pdf_in_its_own_language(client, published, language):
    prefix = "" if language == "en" else f"/{language}"
    url = prefix + report_url(published)
    link = (
        f'<a href="{prefix}/partnerships/cybersecurity/reports/2020-h2.pdf" type="application/pdf"'
    )

    page = client.get(url).content.decode()

    assert f'{link} hreflang="{language}">' in page


# --- Caching --------------------------------------------------------------------------------


def test_report_page_sends_cache_control_and_etag(client, published):
    response = client.get(report_url(published))

    assert "public" in response["Cache-Control"]
    assert "max-age=600" in response["Cache-Control"]
    assert response["ETag"].startswith('"')


@pytest.mark.parametrize("language_prefix", ["", "/bg"])
def test_a_proxy_can_keep_one_copy_for_every_visitor(client, published, language_prefix):
    """A visitor who has not signed in gets no cookie (not even from the language switcher),
    and the page varies only with cookies, which such a visitor does not send."""
    response = client.get(language_prefix + report_url(published))

    assert response.status_code == 200
    assert response.cookies == {}
    assert "Set-Cookie" not in response
    assert response["Vary"] == "Cookie"
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_signed_in_reader_gets_a_page_for_their_browser_only(client, published, coordinator):
    url = report_url(published)
    everyones = client.get(url)
    client.force_login(coordinator)

    response = client.get(url)

    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert "Signed in as coordinator" in response.content.decode()
    assert "Cookie" in response["Vary"]
    # The browser's copy of the page everyone gets is not the signed-in reader's page.
    assert response["ETag"] != everyones["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=everyones["ETag"]).status_code == 200
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


@pytest.mark.parametrize("page", ["report", "timeline"])
def test_conditional_request_gets_304(client, published, page):
    url = report_url(published) if page == "report" else "/partnerships/cybersecurity/timeline/"
    etag = client.get(url)["ETag"]

    response = client.get(url, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response.content == b""
    assert "public" in response["Cache-Control"]
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_etag_changes_when_a_report_is_published_or_withdrawn(
    client, published, partnership, reviewer
):
    url = report_url(published)
    first = client.get(url)["ETag"]
    newer = MonitoringReport.start(partnership, period(2021, 1))
    publish(newer, reviewer)
    # The page now links to the next period: a cached copy must not be served.
    second = client.get(url)["ETag"]
    assert second != first
    assert client.get(url, HTTP_IF_NONE_MATCH=first).status_code == 200

    newer.move_to("returned", reviewer)

    assert client.get(url)["ETag"] not in (first, second)


def test_withdrawn_report_is_404_even_to_a_conditional_request(client, published, reviewer):
    etag = client.get(report_url(published))["ETag"]
    published.move_to("returned", reviewer)

    assert client.get(report_url(published), HTTP_IF_NONE_MATCH=etag).status_code == 404


# --- Timeline -------------------------------------------------------------------------------


@pytest.fixture(scope="class")
def demo_data(django_db_setup, django_db_blocker):
    """NUTS units and the demo, loaded once for the class and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_nuts", stdout=StringIO())
        with override_settings(DEBUG=True):
            call_command("load_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.mark.usefixtures("demo_data", "db")
class TestDemoTimeline:
    def test_lists_published_periods_newest_first(self, client):
        response = client.get("/partnerships/cybersecurity/timeline/")

        assert response.status_code == 200
        content = response.content.decode()
        assert re.findall(r'<h2 id="period-([\w-]+)"', content) == [
            "2020-h2",
            "2020-h1",
            "2019-h2",
            "2019-h1",
            "2018-h2",
        ]
        assert 'href="/partnerships/cybersecurity/reports/2020-h2/"' in content
        assert "The first published report." in content

    def test_shows_what_changed_since_the_previous_period(self, client):
        # What the page shows is stored once rendered; the changes are worked out here.
        entries = timeline.entries(
            MonitoringReport.objects.published().filter(partnership__slug="cybersecurity")
        )
        changes = {entry["report"].period.slug: entry["changes"] for entry in entries}

        assert changes["2018-h2"] is None
        joined = {
            slug: [name for group in change["regions"] for name in group["joined"]]
            for slug, change in changes.items()
            if change
        }
        assert joined["2019-h1"] == ["Tuscany", "Central Finland", "Slovenia"]
        assert joined["2019-h2"] == ["Wales", "Slovakia", "Saint Quentin en Yvelins (FR)"]
        assert joined["2020-h2"] == ["Emilia Romagna (IT)"]
        assert added_areas(changes["2019-h1"]) == ["Inter regional Cyber Range Platform"]
        assert added_areas(changes["2019-h2"]) == ["Investment Platform"]
        assert not added_areas(changes["2020-h1"])
        moved = {rating["title"]: rating for rating in changes["2020-h1"]["ratings"]}
        assert moved["3. Good health and well-being"]["before"] == "Agree"
        assert moved["3. Good health and well-being"]["after"] == "Strongly agree"
        assert moved["3. Good health and well-being"]["direction"] == "up"
        assert moved["13. Climate action"]["direction"] == "added"

    def test_demo_report_page_links_neighbours(self, client):
        content = client.get("/partnerships/cybersecurity/reports/2020-h1/").content.decode()

        assert 'href="/partnerships/cybersecurity/reports/2019-h2/" rel="prev"' in content
        assert 'href="/partnerships/cybersecurity/reports/2020-h2/" rel="next"' in content

    def test_search_finds_demo_partnership_by_region_and_country(self, client):
        for query in ("Bretagne", "Brittany", "Spain", "cyber"):
            response = client.get("/", {"q": query})
            slugs = [
                p.slug
                for platform in response.context["platforms"]
                for p in platform.active_partnerships
            ]
            assert "cybersecurity" in slugs, query


# --- Search ---------------------------------------------------------------------------------


def test_search_by_name_region_and_country(client, partnership, other_partnership, brittany):
    PartnershipRegion.objects.create(partnership=partnership, role="lead", region=brittany)

    for query in ("Cybersecurity", "smart regions", "Brittany", "Bretagne", "France", "FRH0"):
        response = client.get("/", {"q": query})
        found = [
            p.slug
            for platform in response.context["platforms"]
            for p in platform.active_partnerships
        ]
        assert found == ["cybersecurity"], query
        assert "One partnership matches" in response.content.decode()

    nothing = client.get("/", {"q": "Atlantis"})
    assert nothing.context["matches"] == 0
    assert "0 partnerships match “Atlantis”." in nothing.content.decode()


def test_search_finds_regions_of_published_reports(client, published, other_partnership):
    response = client.get("/", {"q": "Brittany"})

    assert [
        p.slug for platform in response.context["platforms"] for p in platform.active_partnerships
    ] == ["cybersecurity"]


def test_search_query_is_escaped(client, db):
    content = client.get("/", {"q": ATTACKS[0]}).content.decode()

    assert ATTACKS[0] not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


# --- Sitemap and robots.txt -----------------------------------------------------------------


def test_sitemap_lists_home_partnerships_published_reports_and_news(
    client, published, other_partnership, draft
):
    NewsArticle.objects.create(
        slug="ecso-week",
        partnership=published.partnership,
        published_on=datetime.date(2020, 10, 14),
    )

    NewsTranslation.objects.create(
        article=NewsArticle.objects.get(slug="ecso-week"), language="en", title="ECSO", body="x"
    )
    NewsArticle.objects.create(slug="no-text-yet", published_on=datetime.date(2021, 1, 1))

    content = sitemap_text(client)

    assert "no-text-yet" not in content
    for path in (
        "/</loc>",
        "/partnerships/cybersecurity/</loc>",
        "/partnerships/chemicals/</loc>",
        "/partnerships/cybersecurity/reports/2020-h2/</loc>",
        "/news/ecso-week/</loc>",
    ):
        assert f"<loc>http://testserver{path}" in content, path
        assert f"<loc>http://testserver/bg{path}" in content, path
    assert "2021-h1" not in content


def test_sitemap_names_each_pages_other_languages(client, published):
    content = sitemap_text(client)

    for language, address in [
        ("en", "http://testserver/partnerships/cybersecurity/reports/2020-h2/"),
        ("bg", "http://testserver/bg/partnerships/cybersecurity/reports/2020-h2/"),
        ("x-default", "http://testserver/partnerships/cybersecurity/reports/2020-h2/"),
    ]:
        assert f'<xhtml:link rel="alternate" hreflang="{language}" href="{address}"' in content


def test_robots_txt_points_to_the_sitemap_and_keeps_out_of_private_pages(client, db):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    content = response.content.decode()
    assert "User-agent: *" in content
    for prefix in ("", "/bg"):
        assert f"Disallow: {prefix}/workspace/" in content
        assert f"Disallow: {prefix}/review/" in content
        assert f"Disallow: {prefix}/accounts/" in content
    assert "Sitemap: http://testserver/sitemap.xml" in content


# --- Preview --------------------------------------------------------------------------------


def preview_url(report):
    return reverse(
        "reports:preview", kwargs={"slug": report.partnership.slug, "period": report.period.slug}
    )


def test_preview_asks_anonymous_visitors_to_log_in(client, draft):
    response = client.get(preview_url(draft))

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_preview_is_404_for_another_partnerships_coordinator(client, draft, other_coordinator):
    client.force_login(other_coordinator)

    assert client.get(preview_url(draft)).status_code == 404


@pytest.mark.parametrize("persona", ["coordinator", "reviewer", "administrator"])
def test_preview_shows_the_public_part_never_cached_never_indexed(client, draft, persona, request):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(preview_url(draft))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Unpublished plans of the partnership." in content
    assert "Preview: what the public will see." in content
    assert '<meta name="robots" content="noindex, nofollow">' in content
    assert "no-cache" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]
    assert "ETag" not in response


def test_preview_of_unknown_period_is_404(client, coordinator, draft):
    client.force_login(coordinator)

    assert client.get("/workspace/cybersecurity/2099-h1/preview/").status_code == 404


def test_preview_of_a_published_report_links_the_public_page(client, coordinator, published):
    client.force_login(coordinator)

    content = client.get(preview_url(published)).content.decode()

    assert 'href="/partnerships/cybersecurity/reports/2020-h2/">Open the public page' in content


def test_conditional_request_for_an_unpublished_report_is_still_404(client, published, draft):
    etag = client.get(report_url(published))["ETag"]

    for value in (etag, "*"):
        assert client.get(report_url(draft), HTTP_IF_NONE_MATCH=value).status_code == 404


def added_areas(changes):
    """The working areas a timeline entry says were added."""
    return [
        name
        for table in changes["tables"]
        if table["heading"] == "Working areas"
        for name in table["added"]
    ]
