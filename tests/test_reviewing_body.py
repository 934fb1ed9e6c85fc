"""The reviewers are named after settings.REVIEWING_BODY (issue 12): "JRC reviewers" by
default, "DG REGIO reviewers" once the platforms' new managers set it, on every page and in
every mail, in both languages."""

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from reports import workflow
from reports.models import Contact
from tests.wizard_helpers import fill_mandatory_answers, step_url

# The paper form's own wording in the confidential self-assessment (questions III9 and III10),
# which names the body that gave support in the period, not the reviewers.
FORM_WORDING = ["JRC/EC facilitation", "European Commission / JRC"]


@pytest.fixture
def dg_regio(settings):
    settings.REVIEWING_BODY = "DG REGIO"


def without_form_wording(text):
    for wording in FORM_WORDING:
        text = text.replace(wording, "")
    return text


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return without_form_wording(response.content.decode())


@pytest.fixture
def submitted(report, coordinator):
    fill_mandatory_answers(report)
    workflow.submit(report, coordinator)
    return report


def test_the_login_page_names_the_reviewing_body(client, dg_regio, db):
    english = page(client, reverse("login"))
    assert "DG REGIO staff log in to review them." in english
    assert "JRC" not in english
    assert "служителите на DG REGIO влизат" in page(client, "/bg" + reverse("login"))


def test_the_default_is_the_jrc(client, db):
    assert "JRC staff log in to review them." in page(client, reverse("login"))
    assert str(User.Role.REVIEWER.label) == "JRC reviewer"


def test_the_wizard_names_the_reviewing_body(coordinator_client, report, dg_regio):
    fill_mandatory_answers(report)
    review = page(coordinator_client, step_url(report, "review"))
    assert "the report goes to the DG REGIO reviewers" in review
    confidential = page(coordinator_client, step_url(report, "self-assessment"))
    assert "the DG REGIO officers who review the report" in confidential
    for text in (review, confidential):
        assert "JRC" not in text


def test_a_submitted_report_says_it_is_with_the_reviewing_body(
    client, coordinator, report, dg_regio
):
    fill_mandatory_answers(report)
    client.force_login(coordinator)
    response = client.post(
        reverse(
            "reports:wizard_submit",
            kwargs={"slug": report.partnership.slug, "period": report.period.slug},
        ),
        follow=True,
    )
    text = without_form_wording(response.content.decode())
    assert "Submitted. The DG REGIO reviewers have been told" in text
    assert "Submitted: the report is with the DG REGIO reviewers" in text
    assert "JRC" not in text


def test_the_review_pages_name_the_reviewing_body(client, reviewer, submitted, dg_regio):
    client.force_login(reviewer)
    kwargs = {"slug": submitted.partnership.slug, "period": submitted.period.slug}
    text = page(client, reverse("reports:review_report", kwargs=kwargs))
    assert "the DG REGIO reviewers and the site administrators" in text
    assert "Only DG REGIO reviewers and administrators see this." in text
    assert "JRC" not in text
    assert "JRC" not in page(client, reverse("reports:review_dashboard"))


def test_the_partnership_page_names_the_reviewing_bodys_contact(client, partnership, dg_regio):
    Contact.objects.create(partnership=partnership, kind=Contact.Kind.JRC, name="An Officer")
    text = page(client, reverse("reports:partnership", kwargs={"slug": partnership.slug}))
    assert "Contact details of DG REGIO" in text
    assert "JRC" not in text


def test_the_role_is_named_after_the_reviewing_body_in_both_languages(dg_regio, db):
    assert str(User.Role.REVIEWER.label) == "DG REGIO reviewer"
    with translation.override("bg"):
        assert str(User.Role.REVIEWER.label) == "Рецензент от DG REGIO"


def test_the_admin_lists_reviewers_by_the_bodys_name(client, administrator, reviewer, dg_regio):
    client.force_login(administrator)
    text = page(client, reverse("admin:accounts_user_changelist"))
    assert "DG REGIO reviewer" in text
    assert "JRC" not in text


def test_every_mail_about_a_report_names_the_reviewing_body(
    report, coordinator, reviewer, dg_regio, mailoutbox, django_capture_on_commit_callbacks
):
    for person in (coordinator, reviewer):
        person.email = f"{person.username}@example.eu"
        person.save(update_fields=["email"])
    fill_mandatory_answers(report)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(report, coordinator)
        workflow.return_for_changes(report, reviewer, "Shorter, please.")
        workflow.submit(report, coordinator)
        workflow.accept(report, reviewer)
    assert [message.to for message in mailoutbox] == [
        ["reviewer@example.eu"],
        ["coordinator@example.eu"],
        ["reviewer@example.eu"],
        ["coordinator@example.eu"],
    ]
    for message in mailoutbox:
        html = message.alternatives[0].content
        assert "DG REGIO reviewer" in message.body, message.subject
        assert "DG REGIO reviewer" in html, message.subject
        assert "JRC" not in message.subject + message.body + html, message.subject
