"""Dates and numbers as each language writes them (issue 12, reading).

Bulgarian: "1 февруари 2018 г." (a no-break space before "г."), never with a leading zero
("01 февруари 2018"); thousands grouped by a no-break space from five digits on ("10 000",
"1000"). English: "1 February 2018", "1,000". Years and ids are never grouped.
"""

import datetime
from unittest import mock

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from reports import workflow
from reports.dashboard import STATE_LABELS
from reports.models import MonitoringReport, NewsArticle, NewsTranslation
from reports.models.self_assessment import PipelineProject, SelfAssessment
from tests.test_public_reports import published, report_url  # noqa: F401 (a fixture)

NBSP = "\N{NO-BREAK SPACE}"


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def grouped(number, language):
    with translation.override(language):
        return Template("{% load numbers %}{{ number|grouped }}").render(
            Context({"number": number})
        )


# --- Dates ------------------------------------------------------------------------------------


def test_the_public_report_says_its_dates_in_each_languages_words(client, published):  # noqa: F811
    url = report_url(published)
    english = page(client, url)
    bulgarian = page(client, "/bg" + url)

    assert "1 February 2018" in english
    assert f"1 февруари 2018{NBSP}г." in bulgarian
    assert "01 февруари" not in bulgarian
    assert f"16 ноември 2021{NBSP}г." in bulgarian  # the planned event's date, in its table


def test_the_partnership_page_dates_have_no_leading_zero(client, partnership):
    article = NewsArticle.objects.create(
        slug="cyber-month", partnership=partnership, published_on=datetime.date(2021, 3, 5)
    )
    NewsTranslation.objects.create(article=article, language="bg", title="Месец", body="Текст")
    url = partnership.get_absolute_url()

    bulgarian = page(client, "/bg" + url)

    assert f"1 февруари 2018{NBSP}г." in bulgarian  # the start date
    assert f"5 март 2021{NBSP}г." in bulgarian  # the news item's
    assert "01 февруари" not in bulgarian and "05 март" not in bulgarian
    assert ">2018<" in bulgarian.replace("\n", "").replace(" ", "")  # the year established
    assert f"2{NBSP}018" not in bulgarian and "2,018" not in page(client, url)


def test_the_reviewers_page_dates_in_bulgarian(client, reviewer, report, coordinator):
    workflow.submit(report, coordinator)
    client.force_login(reviewer)
    url = reverse("reports:review_report", args=[report.partnership.slug, report.period.slug])

    bulgarian = page(client, "/bg" + url)

    assert f"31 януари 2021{NBSP}г." in bulgarian  # the deadline
    assert "01 февруари" not in bulgarian and "31 януари 2021<" not in bulgarian


def test_the_wizard_says_a_returned_reports_date_in_words(
    coordinator_client, report, coordinator, reviewer
):
    workflow.submit(report, coordinator)
    report.refresh_from_db()
    report.move_to(MonitoringReport.State.RETURNED, reviewer, "Please name the objectives.")
    returned = report.transitions.get(to_state=MonitoringReport.State.RETURNED)
    returned.at = datetime.datetime(2021, 2, 1, 10, tzinfo=datetime.UTC)
    returned.save(update_fields=["at"])
    url = reverse("reports:wizard_step", args=[report.partnership.slug, "2020-h2", "summary"])

    assert "on 1 February 2021" in page(coordinator_client, url)
    assert f"1 февруари 2021{NBSP}г." in page(coordinator_client, "/bg" + url)


# --- Numbers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "english", "bulgarian"),
    [
        (7, "7", "7"),
        (999, "999", "999"),
        (1000, "1,000", "1000"),
        (9999, "9,999", "9999"),
        (10000, "10,000", f"10{NBSP}000"),
        (2500000, "2,500,000", f"2{NBSP}500{NBSP}000"),
    ],
)
def test_numbers_are_grouped_as_each_language_groups_them(number, english, bulgarian):
    assert grouped(number, "en") == english
    assert grouped(number, "bg") == bulgarian


def test_the_review_dashboard_counts_are_grouped(client, reviewer):
    client.force_login(reviewer)
    counts = dict.fromkeys(STATE_LABELS, 0) | {"draft": 10000, "submitted": 2345}
    with mock.patch("reports.views.review_dashboard.count_states", return_value=counts):
        english = page(client, reverse("reports:review_dashboard"))
        bulgarian = page(client, "/bg" + reverse("reports:review_dashboard"))

    assert '<span class="state-count-number">12,345</span>' in english
    assert '<span class="state-count-number">10,000</span>' in english
    assert "of 12,345" in english  # "Rows 1–50 of 12,345"
    assert f'<span class="state-count-number">12{NBSP}345</span>' in bulgarian
    assert '<span class="state-count-number">2345</span>' in bulgarian


def test_an_amount_in_euros_is_grouped_on_the_review_page(client, reviewer, report, coordinator):
    assessment = SelfAssessment.objects.create(report=report)
    PipelineProject.objects.create(
        self_assessment=assessment,
        position=1,
        name="Cyber range",
        status="funded",
        amount_eur=2500000,
    )
    workflow.submit(report, coordinator)
    client.force_login(reviewer)
    url = reverse("reports:review_report", args=[report.partnership.slug, report.period.slug])

    assert ">2,500,000<" in page(client, url)
    assert f">2{NBSP}500{NBSP}000<" in page(client, "/bg" + url)
