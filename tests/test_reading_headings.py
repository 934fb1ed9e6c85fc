"""Where a report is read (the public page, the preview, the PDF, "what the public will see"
on the wizard's last step) each answer is headed by a statement ("Partnership", "Leading
regions"); where it is written and checked (the wizard's steps, the reviewers' page) by the
form's question ("Please select the name of your partnership"). Both are declared once, per
question, in reports/form.py (issue 12, reading).
"""

import html
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from reports import pdf, workflow
from reports.form import FORM
from tests.test_public_reports import published, report_url  # noqa: F401 (a fixture)
from tests.wizard_helpers import step_url

# The questions given a heading of their own, that is those the form words as questions.
REWORDED = [question for question in FORM.questions(public_only=True) if question.heading]


def text_of(client, url):
    """The page's text as a reader gets it: entities such as &#x27; decoded."""
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.content.decode())


def shows_statements_not_questions(page, language="en"):
    with translation.override(language):
        for question in REWORDED:
            assert str(question.statement) in page, question.statement
            assert str(question.text) not in page, question.text


@pytest.mark.parametrize("language", ["en", "bg"])
def test_every_public_answer_is_headed_by_a_statement(language):
    with translation.override(language):
        for question in FORM.questions(public_only=True):
            statement = str(question.statement)
            assert not statement.startswith(("Please", "Моля")), statement
            assert not statement.endswith("?"), statement
            assert len(statement) <= 70, statement  # a heading, not a paragraph


def test_the_public_page_shows_the_statements_in_each_language(client, published):  # noqa: F811
    url = report_url(published)

    shows_statements_not_questions(text_of(client, url))
    shows_statements_not_questions(text_of(client, "/bg" + url), "bg")


def test_the_statements_head_the_answers(client, published):  # noqa: F811
    page = text_of(client, report_url(published))

    assert '<dt class="review-field-head"><span>Partnership</span>' in page
    assert '<h3 class="report-question">Leading regions</h3>' in page


def test_the_preview_shows_the_statements(coordinator_client, report):
    url = reverse("reports:preview", args=[report.partnership.slug, report.period.slug])

    shows_statements_not_questions(text_of(coordinator_client, url))


def test_the_pdf_shows_the_statements(published):  # noqa: F811
    content = pdf.render_report_pdf(published)
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(BytesIO(content)).pages
    )

    for heading in ["Partnership", "Start date", "Leading regions", "Working areas"]:
        assert heading in text
    assert "Please select the name of your partnership" not in text
    assert "Please provide the list of leading regions" not in text


def test_the_wizard_still_asks_the_questions(coordinator_client, report):
    header = text_of(coordinator_client, step_url(report, "header"))
    regions = text_of(coordinator_client, step_url(report, "regions"))

    assert "Please select the name of your partnership" in header
    assert "Please provide the list of leading regions" in regions


def test_the_reviewers_page_shows_the_questions(client, reviewer, report, coordinator):
    workflow.submit(report, coordinator)
    client.force_login(reviewer)
    url = reverse("reports:review_report", args=[report.partnership.slug, report.period.slug])

    page = text_of(client, url)

    for question in REWORDED:
        assert str(question.text) in page, question.text


def test_the_coordinators_review_step_shows_what_the_public_will_see(coordinator_client, report):
    page = text_of(coordinator_client, step_url(report, "review"))
    public_part = page[page.index('class="report-preview"') : page.index("confidential-part")]

    shows_statements_not_questions(public_part)
