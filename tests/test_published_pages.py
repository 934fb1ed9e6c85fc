"""A published report's page and its timeline entry are rendered once, stored in every
language, served from the store, and rendered again whenever they may be out of date: a
report of the partnership published or withdrawn, another deploy, a damaged row."""

import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports import published_pages, workflow
from reports.models import MonitoringReport, StoredFragment, WorkingArea
from tests.test_public_reports import period, publish, report_url
from tests.test_public_reports import published as published  # noqa: F401 (a fixture)

Kind = StoredFragment.Kind
TIMELINE = "/partnerships/cybersecurity/timeline/"


def stored(report, kind=Kind.PAGE, language="en"):
    return StoredFragment.objects.get(report=report, kind=kind, language=language)


def restore_digest(fragment):
    fragment.sha256 = published_pages.digest(fragment.title, fragment.html)
    fragment.save()


@pytest.fixture
def accepted(report, reviewer):
    report.executive_summary = "Cyber ranges for every region."
    report.save()
    for state in ("submitted", "accepted"):
        report.move_to(state, reviewer)
    return report


def test_publishing_stores_the_english_page_and_each_other_language_on_its_first_request(
    client, accepted, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(accepted, reviewer)

    fragments = StoredFragment.objects.filter(report=accepted)
    assert sorted(fragments.values_list("kind", "language")) == [
        ("page", "en"),
        ("timeline_entry", "en"),
    ]
    assert "Cyber ranges for every region." in stored(accepted).html
    assert stored(accepted).title == "Monitoring report July - December 2020 – Cybersecurity"

    url = report_url(accepted)
    german = client.get("/de" + url)

    assert german.status_code == 200 and "Cyber ranges for every region." in german.text
    assert fragments.filter(kind="page", language="de").exists()


def test_the_page_is_served_from_the_store(client, published):  # noqa: F811
    client.get(report_url(published))  # stores it: the fixture publishes without the workflow
    fragment = stored(published)
    fragment.html = fragment.html.replace("A federated cyber range.", "Served from the store.")
    restore_digest(fragment)

    content = client.get(report_url(published)).content.decode()

    assert "Served from the store." in content
    assert "A federated cyber range." not in content


def test_a_damaged_page_is_rendered_again_and_logged(client, published, caplog):  # noqa: F811
    client.get(report_url(published))
    fragment = stored(published)
    fragment.html = fragment.html.replace("A federated cyber range.", "Damaged on disk.")
    fragment.save()  # the digest no longer matches

    with caplog.at_level(logging.INFO, logger="reports.published_pages"):
        content = client.get(report_url(published)).content.decode()

    assert "A federated cyber range." in content
    assert "Damaged on disk." not in content
    assert "is damaged: rendered again" in caplog.text
    assert "Damaged on disk." not in stored(published).html


def test_a_page_rendered_by_other_code_is_rendered_again(client, published):  # noqa: F811
    client.get(report_url(published))
    fragment = stored(published)
    fragment.html = "<p>Made by the version deployed before.</p>"
    fragment.fingerprint = "an earlier deploy"
    restore_digest(fragment)

    content = client.get(report_url(published)).content.decode()

    assert "Made by the version deployed before." not in content
    assert "A federated cyber range." in content


def test_withdrawing_drops_the_page_and_republishing_shows_the_new_content(
    client,
    published,
    reviewer,
    django_capture_on_commit_callbacks,  # noqa: F811
):
    client.get(report_url(published))
    client.get(TIMELINE)

    workflow.withdraw(published, reviewer, "The summary is out of date.")

    assert not StoredFragment.objects.filter(report=published).exists()
    assert client.get(report_url(published)).status_code == 404
    assert client.get(TIMELINE).status_code == 404
    published.innovative_results = "A cyber range shared by twelve regions."
    published.save()
    for state in ("submitted", "accepted"):
        published.move_to(state, reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(published, reviewer)
    content = client.get(report_url(published)).content.decode()
    assert "A cyber range shared by twelve regions." in content
    assert "A federated cyber range." not in content


def test_publishing_a_neighbour_updates_the_stored_page_and_timeline(
    client,
    published,  # noqa: F811
    partnership,
    reviewer,
):
    assert 'rel="prev"' not in client.get(report_url(published)).content.decode()
    assert client.get(TIMELINE).content.decode().count('class="timeline-period"') == 1

    older = MonitoringReport.start(partnership, period(2020, 1))
    publish(older, reviewer)

    page = client.get(report_url(published)).content.decode()
    assert 'href="/partnerships/cybersecurity/reports/2020-h1/" rel="prev"' in page
    timeline = client.get(TIMELINE).content.decode()
    assert timeline.count('class="timeline-period"') == 2
    assert "The first published report." in timeline  # now the older one's entry
    assert "Joined (Leading regions):" in timeline  # Brittany, since the older report


def test_each_language_has_its_own_stored_page(client, published):  # noqa: F811
    english = client.get(report_url(published)).content.decode()
    bulgarian = client.get("/bg" + report_url(published)).content.decode()

    assert "Download as PDF" in english
    assert "Download as PDF" not in bulgarian
    assert stored(published, language="bg").html != stored(published, language="en").html


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_a_stored_page_costs_the_same_few_queries_however_long_the_report(
    client,
    published,  # noqa: F811
    partnership,
    reviewer,
):
    client.get(report_url(published))
    client.get(TIMELINE)
    short = {url: queries(client, url) for url in (report_url(published), TIMELINE)}

    for position in range(2, 11):
        WorkingArea.objects.create(
            report=published, position=position, working_area=f"Area {position}"
        )
    for year in (2016, 2017, 2018, 2019):
        for half in (1, 2):
            publish(MonitoringReport.start(partnership, period(year, half)), reviewer)
    client.get(report_url(published))
    client.get(TIMELINE)  # stored again: the partnership's reports changed
    long = {url: queries(client, url) for url in (report_url(published), TIMELINE)}

    assert long == short
    # The stored page with the partnership's version, which the ETag is made from.
    assert short[report_url(published)] == 1
    # The partnership, then the stored entries with the version.
    assert short[TIMELINE] == 2


def test_the_preview_is_rendered_live_and_never_stored(client, published, reviewer):  # noqa: F811
    client.force_login(reviewer)
    published.innovative_results = "Edited after publication, in the database."
    published.save()
    preview = reverse(
        "reports:preview",
        kwargs={"slug": published.partnership.slug, "period": published.period.slug},
    )

    assert "Edited after publication, in the database." in client.get(preview).content.decode()
    assert not StoredFragment.objects.exists()
