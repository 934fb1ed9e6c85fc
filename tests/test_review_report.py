"""Reading a report for review: the whole report, remarks on its fields and rows, what
changed between submissions and periods, and the reviewers' own note.

The permission ladder on every review URL: anonymous visitors are sent to log in; for
coordinators (of this partnership or another) the pages do not exist; reviewers and
administrators read and act.
"""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse

from reports import workflow
from reports.models import (
    Event,
    MonitoringReport,
    ReportingPeriod,
    ReportRegion,
    ReviewComment,
    ReviewNote,
    WorkingArea,
)
from reports.models.self_assessment import SelfAssessment
from reports.wizard.steps import STEPS
from tests.wizard_helpers import page_values, step_url, submit_url

State = MonitoringReport.State


def review_url(report, name="review_report"):
    return reverse(
        f"reports:{name}", kwargs={"slug": report.partnership.slug, "period": report.period.slug}
    )


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def field_block(page, anchor):
    """The HTML of one field's block on the review page, from its id to the next field."""
    dom_id = "about-" + anchor.replace(":", "-")
    start = page.index(f'id="{dom_id}"')
    following = re.search(r'id="about-', page[start + 10 :])
    return page[start : start + 10 + following.start()] if following else page[start:]


@pytest.fixture
def filled(report):
    report.executive_summary = "Secure digital regions working together."
    report.outreach = "Two newsletters."
    report.carried_over_fields = ["outreach"]
    report.save()
    ReportRegion.objects.create(report=report, role="lead", name="Brittany Region", position=1)
    WorkingArea.objects.create(report=report, position=1, working_area="Cyber ranges")
    WorkingArea.objects.create(
        report=report, position=2, working_area="Training academy", carried_over=True
    )
    Event.objects.create(
        report=report, kind="past", position=1, title="Kick-off", date=datetime.date(2020, 9, 1)
    )
    report.sdg_ratings.create(goal=9, rating="strongly_agree")
    SelfAssessment.objects.create(
        report=report, progress_rating="good", risks="Key staff may leave.", continuation="as_is"
    )
    return report


@pytest.fixture
def submitted(filled, coordinator):
    workflow.submit(filled, coordinator)
    filled.refresh_from_db()
    return filled


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


# --- The permission ladder ------------------------------------------------------------------

# (URL name, method, data): every review URL of one report, with what a reviewer would send.
REVIEW_URLS = [
    ("review_report", "get", {}),
    ("review_remark", "post", {"anchor": "executive_summary", "text": "Name the objectives."}),
    ("review_decide", "post", {"action": "accept", "state": "submitted"}),
    ("review_note", "post", {"internal_note": "Strong partnership.", "recommendation": ""}),
]
REVIEWER_STATUS = {"get": 200, "post": 302}


def ask(client, report, name, method, data):
    return getattr(client, method)(review_url(report, name), data)


def unchanged(report):
    report.refresh_from_db()
    return (
        report.state == State.SUBMITTED
        and report.transitions.count() == 1
        and not ReviewComment.objects.exists()
        and not ReviewNote.objects.exists()
    )


@pytest.mark.parametrize(("name", "method", "data"), REVIEW_URLS)
def test_anonymous_visitors_are_sent_to_log_in(client, submitted, name, method, data):
    response = ask(client, submitted, name, method, data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")
    assert unchanged(submitted)


@pytest.mark.parametrize(("name", "method", "data"), REVIEW_URLS)
@pytest.mark.parametrize("persona", ["coordinator", "other_coordinator"])
def test_for_coordinators_the_review_pages_do_not_exist(
    client, request, submitted, persona, name, method, data
):
    """Not even for the report's own coordinators: reviewers' pages are not theirs."""
    client.force_login(request.getfixturevalue(persona))
    assert ask(client, submitted, name, method, data).status_code == 404
    # Whatever the method: a 405 would say the URL exists.
    other = "post" if method == "get" else "get"
    assert ask(client, submitted, name, other, data).status_code == 404
    assert unchanged(submitted)


@pytest.mark.parametrize(("name", "method", "data"), REVIEW_URLS)
@pytest.mark.parametrize("persona", ["reviewer", "administrator"])
def test_reviewers_and_administrators_read_and_act(
    client, request, submitted, persona, name, method, data
):
    client.force_login(request.getfixturevalue(persona))
    response = ask(client, submitted, name, method, data)
    assert response.status_code == REVIEWER_STATUS[method]
    if method == "post":
        assert not unchanged(submitted)
        # The POST-only actions refuse other methods, for those they exist for.
        assert ask(client, submitted, name, "get", {}).status_code == 405


def test_a_report_or_period_that_does_not_exist_is_not_found(reviewer_client, submitted):
    assert reviewer_client.get("/review/nobody/2020-h2/").status_code == 404
    assert reviewer_client.get("/review/cybersecurity/2031-h1/").status_code == 404
    assert reviewer_client.get("/review/cybersecurity/2020-h3/").status_code == 404


def test_a_reviewer_cannot_edit_the_coordinators_fields(reviewer_client, submitted, coordinator):
    """There is no form for them on the review page, and the wizard does not exist for
    reviewers."""
    submitted.move_to(State.RETURNED, coordinator, "Back to you")  # editable again
    page = reviewer_client.get(review_url(submitted)).content.decode()
    assert 'name="executive_summary"' not in page
    for step in STEPS:
        assert reviewer_client.get(step_url(submitted, step.slug)).status_code == 404
        response = reviewer_client.post(
            step_url(submitted, step.slug),
            {"executive_summary": "Rewritten by a reviewer", "version": "0", "action": "save"},
        )
        assert response.status_code == 404
    assert reviewer_client.post(submit_url(submitted)).status_code == 404
    submitted.refresh_from_db()
    assert submitted.executive_summary == "Secure digital regions working together."
    assert submitted.state == State.RETURNED


# --- Reading --------------------------------------------------------------------------------


def test_the_page_shows_the_whole_report_self_assessment_marked_confidential(
    reviewer_client, submitted
):
    response = reviewer_client.get(review_url(submitted))
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    page = response.content.decode()
    for text in (
        "Secure digital regions working together.",
        "Brittany Region",
        "Cyber ranges",
        "Kick-off",
        "Strongly agree",
        "Two newsletters.",
    ):
        assert text in page
    confidential = page[page.index('id="confidential-part"') :]
    assert "Confidential: III. Self-assessment" in confidential
    assert "Never published." in confidential
    assert "Key staff may leave." in confidential


def test_carried_over_texts_and_rows_are_marked(reviewer_client, submitted):
    page = reviewer_client.get(review_url(submitted)).content.decode()
    training = submitted.working_areas.get(working_area="Training academy")
    cyber = submitted.working_areas.get(working_area="Cyber ranges")
    assert "2 answers are carried over unchanged from the previous report" in page
    assert "Carried over" in field_block(page, "outreach")
    assert "Carried over" in field_block(page, f"working_areas:{training.pk}")
    assert "Carried over" not in field_block(page, f"working_areas:{cyber.pk}")
    assert "Carried over" not in field_block(page, "executive_summary")


def test_the_history_and_the_submissions_are_listed(
    reviewer_client, submitted, coordinator, reviewer
):
    coordinator.first_name, coordinator.last_name = "Maïwenn", "Le Goff"
    coordinator.save()
    workflow.return_for_changes(submitted, reviewer, "Please name the objectives.")
    workflow.submit(submitted, coordinator)
    page = reviewer_client.get(review_url(submitted)).content.decode()
    history = page[page.index('id="history"') :]
    assert history.count('class="badge state-badge state-submitted"') == 3
    assert "Please name the objectives." in history
    assert "Maïwenn Le Goff" in history
    submissions = page[page.index('id="submissions"') : page.index('id="history"')]
    assert "Submission 2" in submissions and "Submission 1" in submissions
    assert "?compare=1" in submissions


def test_a_draft_is_readable_and_says_it_is_not_submitted(reviewer_client, filled):
    page = reviewer_client.get(review_url(filled)).content.decode()
    assert "have not submitted this report yet" in page
    assert "Nothing to decide yet" in page
    assert "Not submitted yet." in page
    assert not filled.versions.exists()  # reading freezes nothing


# --- Remarks --------------------------------------------------------------------------------


def remark(client, report, anchor, text, **extra):
    return client.post(
        review_url(report, "review_remark"), {"anchor": anchor, "text": text, **extra}
    )


def test_a_remark_on_a_field_is_stored_and_shown_beside_it(reviewer_client, submitted, reviewer):
    response = remark(reviewer_client, submitted, "executive_summary", "Name the objectives.")
    assert response.status_code == 302
    assert response["Location"] == review_url(submitted) + "#about-executive_summary"
    (comment,) = ReviewComment.objects.all()
    assert (comment.anchor, comment.text, comment.author) == (
        "executive_summary",
        "Name the objectives.",
        reviewer,
    )
    assert comment.version == submitted.versions.get()

    page = reviewer_client.get(review_url(submitted)).content.decode()
    assert "Name the objectives." in field_block(page, "executive_summary")
    assert "Not addressed yet" in field_block(page, "executive_summary")
    assert "Name the objectives." not in field_block(page, "outreach")


def test_remarks_on_a_row_and_on_a_self_assessment_answer(reviewer_client, submitted):
    training = submitted.working_areas.get(working_area="Training academy")
    assert remark(reviewer_client, submitted, f"working_areas:{training.pk}", "Who?").status_code
    assert remark(reviewer_client, submitted, "self_assessment:risks", "Mitigation?").status_code
    assert set(ReviewComment.objects.values_list("anchor", flat=True)) == {
        f"working_areas:{training.pk}",
        "self_assessment:risks",
    }
    page = reviewer_client.get(review_url(submitted)).content.decode()
    assert "Who?" in field_block(page, f"working_areas:{training.pk}")
    assert "Mitigation?" in field_block(page, "self_assessment:risks")


def test_the_remark_button_opens_a_form_under_its_field_without_javascript(
    reviewer_client, submitted
):
    page = reviewer_client.get(review_url(submitted)).content.decode()
    assert f'href="{review_url(submitted)}?remark=outreach#about-outreach"' in page
    page = reviewer_client.get(review_url(submitted) + "?remark=outreach").content.decode()
    block = field_block(page, "outreach")
    assert 'name="anchor" value="outreach"' in block
    assert 'id="inline-text"' in block
    assert 'name="anchor" value="outreach"' not in field_block(page, "executive_summary")


def test_the_remark_form_offers_every_field_and_row(reviewer_client, submitted):
    page = reviewer_client.get(review_url(submitted)).content.decode()
    row = submitted.working_areas.first()
    for anchor in ("executive_summary", "regions:lead", f"working_areas:{row.pk}", "sdgs"):
        assert f'<option value="{anchor}"' in page
    assert '<optgroup label="III. Self-assessment (confidential)">' in page


@pytest.mark.parametrize(
    ("anchor", "text", "message"),
    [
        ("executive_summary", "", "Write the remark: it is empty."),
        ("executive_summary", "  \n\t ", "Write the remark: it is empty."),
        ("password", "A remark", "That field or row does not exist in this report."),
        ("working_areas:999999", "A remark", "That field or row does not exist in this report."),
        ("", "A remark", "Choose the field or row the remark is about."),
        (
            "executive_summary",
            "x" * 100_000,
            "This text has 100,000 characters; at most 5,000 are allowed.",
        ),
    ],
)
def test_bad_remarks_are_refused_and_nothing_is_stored(
    reviewer_client, submitted, anchor, text, message
):
    response = remark(reviewer_client, submitted, anchor, text)
    assert response.status_code == 400
    assert message in " ".join(messages_of(response))
    assert message in response.content.decode()
    assert not ReviewComment.objects.exists()


def test_a_bad_remark_from_a_field_keeps_its_form_there(reviewer_client, submitted):
    response = remark(reviewer_client, submitted, "outreach", "x" * 5_001, inline="1")
    assert response.status_code == 400
    block = field_block(response.content.decode(), "outreach")
    assert "at most 5,000" in block
    assert "x" * 5_001 in block  # what was typed is not lost
    # The page answers the POST to .../remarks/: its links still lead to the page itself.
    page = response.content.decode()
    assert f'href="{review_url(submitted)}?remark=executive_summary#' in page
    assert 'href="?' not in page


@pytest.mark.parametrize("state", [State.DRAFT, State.RETURNED, State.PUBLISHED])
def test_remarks_are_written_only_while_the_report_is_with_the_reviewers(
    reviewer_client, filled, coordinator, reviewer, state
):
    if state != State.DRAFT:
        workflow.submit(filled, coordinator)
    if state == State.RETURNED:
        workflow.return_for_changes(filled, reviewer, "Back to you")
    if state == State.PUBLISHED:
        workflow.accept(filled, reviewer)
        workflow.publish(filled, reviewer)
    response = remark(reviewer_client, filled, "executive_summary", "Too late")
    assert response.status_code == 409
    assert "Remarks are written while the report is with the reviewers" in messages_of(response)[0]
    assert not ReviewComment.objects.exists()
    page = reviewer_client.get(review_url(filled)).content.decode()
    assert "?remark=" not in page


def test_an_accepted_report_can_still_get_remarks_before_it_is_returned(
    reviewer_client, submitted, reviewer
):
    workflow.accept(submitted, reviewer)
    assert remark(reviewer_client, submitted, "outreach", "Numbers?").status_code == 302
    assert ReviewComment.objects.get().anchor == "outreach"


def test_on_resubmission_each_remark_says_if_it_was_addressed_and_what_changed(
    reviewer_client, submitted, coordinator, reviewer
):
    remark(reviewer_client, submitted, "executive_summary", "Name the objectives.")
    remark(reviewer_client, submitted, "outreach", "How many readers?")
    workflow.return_for_changes(submitted, reviewer, "Two remarks.")
    summary_remark = ReviewComment.objects.get(anchor="executive_summary")
    submitted.executive_summary = "Secure digital regions working together on three objectives."
    submitted.save()
    workflow.address_comment(summary_remark, coordinator, "Objectives added.")
    workflow.submit(submitted, coordinator)

    page = reviewer_client.get(review_url(submitted)).content.decode()
    summary = field_block(page, "executive_summary")
    assert "Addressed" in summary and "Not addressed yet" not in summary
    assert "Objectives added." in summary
    assert "Changed between submission 1 and submission 2" in summary
    assert re.search(r"<ins class=\"diff-ins\">.*on three objectives\.", summary)
    assert "[added: " in summary  # said to screen readers, not only shown in colour
    outreach = field_block(page, "outreach")
    assert "Not addressed yet" in outreach
    assert "Not changed between submission 1 and submission 2." in outreach


def test_a_remark_on_a_row_that_was_removed_is_still_shown(
    reviewer_client, submitted, coordinator, reviewer
):
    training = submitted.working_areas.get(working_area="Training academy")
    remark(reviewer_client, submitted, f"working_areas:{training.pk}", "Still running?")
    workflow.return_for_changes(submitted, reviewer, "See the remark.")
    training.delete()
    workflow.submit(submitted, coordinator)
    page = reviewer_client.get(review_url(submitted)).content.decode()
    apart = page[page.index('id="other-remarks-title"') :]
    assert "Still running?" in apart
    assert "Working areas: a row removed since" in apart
    assert "Row removed" in apart and "Training academy" in apart


# --- Versions and diffs ---------------------------------------------------------------------


def test_the_diff_with_the_previous_submission(reviewer_client, submitted, coordinator, reviewer):
    workflow.return_for_changes(submitted, reviewer, "Rows please.")
    submitted.outreach = "Three newsletters."
    submitted.save()
    WorkingArea.objects.create(report=submitted, position=3, working_area="Health data")
    submitted.sdg_ratings.filter(goal=9).update(rating="agree")
    workflow.submit(submitted, coordinator)

    page = reviewer_client.get(review_url(submitted) + "?compare=1").content.decode()
    assert "Changes from submission 1 to submission 2" in page
    diff = page[page.index('id="diff-title"') :]
    assert '<del class="diff-del"><span class="visually-hidden">[removed: </span>Two' in diff
    assert '<ins class="diff-ins"><span class="visually-hidden">[added: </span>Three' in diff
    assert "Row added" in diff and "Health data" in diff
    assert "Strongly agree" in diff and "Agree" in diff
    assert "Secure digital regions working together." not in diff  # unchanged: not listed


def test_the_diff_with_the_previous_period(reviewer_client, submitted, partnership):
    """The previous period's report never frozen (like the demo's): compared as it stands."""
    earlier_period = ReportingPeriod.objects.create(
        year=2020, half=1, deadline=datetime.date(2020, 7, 31)
    )
    earlier = MonitoringReport.start(partnership, earlier_period)
    earlier.executive_summary = "Secure regions working alone."
    earlier.save()
    WorkingArea.objects.create(report=earlier, position=1, working_area="Cyber ranges")
    WorkingArea.objects.create(report=earlier, position=2, working_area="Awareness")

    page = reviewer_client.get(review_url(submitted)).content.decode()
    assert f'href="{review_url(submitted)}?compare=period"' in page
    page = reviewer_client.get(review_url(submitted) + "?compare=period").content.decode()
    assert "Changes since the previous period, January - June 2020" in page
    diff = page[page.index('id="diff-title"') :]
    assert "Row removed" in diff and "Awareness" in diff
    assert "Row added" in diff and "Training academy" in diff
    assert diff.count("Cyber ranges") == 0  # the same row in both periods
    assert "Confidential: III. Self-assessment" in diff  # none before, answers now


def test_comparing_with_a_submission_that_does_not_exist_says_so(reviewer_client, submitted):
    response = reviewer_client.get(review_url(submitted) + "?compare=7")
    assert response.status_code == 200
    assert messages_of(response) == ["There is no such submission to compare with."]
    assert "Secure digital regions working together." in response.content.decode()


# --- The reviewers' note --------------------------------------------------------------------


def test_reviewers_write_an_internal_note_and_a_recommendation(
    reviewer_client, submitted, reviewer
):
    response = reviewer_client.post(
        review_url(submitted, "review_note"),
        {"internal_note": "Lead region understaffed.", "recommendation": "conditions"},
    )
    assert response.status_code == 302
    note = ReviewNote.objects.get(report=submitted)
    assert (note.internal_note, note.recommendation, note.updated_by) == (
        "Lead region understaffed.",
        "conditions",
        reviewer,
    )
    page = reviewer_client.get(review_url(submitted)).content.decode()
    assert "Lead region understaffed." in page
    assert re.search(r'<input[^>]*value="conditions"[^>]*checked', page)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"internal_note": "x" * 20_001, "recommendation": ""}, "at most 20,000"),
        ({"internal_note": "Fine", "recommendation": "promote"}, "Select a valid choice"),
    ],
)
def test_a_bad_note_is_refused(reviewer_client, submitted, data, message):
    response = reviewer_client.post(review_url(submitted, "review_note"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ReviewNote.objects.exists()


MARKER = "INTERNAL-MARKER-7f3c"


def test_coordinators_never_see_the_internal_note_or_recommendation(
    client, submitted, coordinator, reviewer, django_capture_on_commit_callbacks
):
    ReviewNote.objects.create(
        report=submitted, internal_note=f"{MARKER} do not fund", recommendation="discontinue"
    )
    client.force_login(coordinator)

    def coordinator_pages():
        pages = [client.get(reverse("reports:workspace"))]
        pages += [client.get(step_url(submitted, step.slug), follow=True) for step in STEPS]
        return [page.content.decode() for page in pages]

    for page in coordinator_pages():  # submitted: the review step only
        assert MARKER not in page
        assert "Discontinue" not in page
        assert "recommendation for the next term" not in page.lower()

    with django_capture_on_commit_callbacks(execute=True):
        workflow.return_for_changes(submitted, reviewer, "Back to you.")
    assert all(MARKER not in sent.body for sent in mail.outbox)
    for page in coordinator_pages():  # returned: every step of the wizard
        assert MARKER not in page
        assert "Discontinue" not in page
    assert page_values(client, submitted, "summary")  # the wizard pages were really shown
