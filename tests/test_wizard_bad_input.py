"""Bad input: each gets a clear message and a 4xx status; nothing is stored, and nothing the
coordinator typed is lost from the page. A session that expires while typing loses nothing
either.
"""

import datetime
from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from reports.models import Event, MonitoringReport, SDGRating, WorkingArea
from reports.models.self_assessment import SelfAssessment
from reports.views import wizard
from tests.wizard_helpers import (
    autosave_url,
    fill_mandatory_answers,
    form_values,
    messages_of,
    page_values,
    post_step,
    step_url,
    submit_url,
    value,
)

NOTHING_SAVED = "Nothing was saved: please correct the errors below."


def refused(response, status=400):
    """The page came back with the form, saying nothing was saved."""
    assert response.status_code == status
    assert NOTHING_SAVED in messages_of(response)
    return response.content.decode()


def untouched(report):
    report.refresh_from_db()
    return report.step_versions == {} and report.last_saved_by is None


# Tables and matrices.


def test_an_eleventh_row_is_refused_and_all_eleven_stay_on_the_page(coordinator_client, report):
    rows = {f"working-areas-{i}-working_area": f"Area {i + 1}" for i in range(11)}
    response = post_step(
        coordinator_client, report, "working-areas", {**rows, "working-areas-TOTAL_FORMS": "11"}
    )
    page = refused(response)
    assert "At most 10 rows: remove one, then save again." in page
    assert not WorkingArea.objects.exists()
    assert untouched(report)
    shown = form_values(response)
    assert [shown[name] for name in rows] == [[text] for text in rows.values()]


def test_eleven_rows_of_which_one_is_removed_are_saved(coordinator_client, report):
    rows = {f"working-areas-{i}-working_area": f"Area {i + 1}" for i in range(11)}
    response = post_step(
        coordinator_client,
        report,
        "working-areas",
        {**rows, "working-areas-TOTAL_FORMS": "11", "working-areas-4-DELETE": "on"},
    )
    assert response.status_code == 302
    assert WorkingArea.objects.count() == 10
    assert not WorkingArea.objects.filter(working_area="Area 5").exists()


def test_a_forged_row_count_far_beyond_the_limit_is_refused(coordinator_client, report):
    response = post_step(
        coordinator_client, report, "past-events", {"past-events-TOTAL_FORMS": "100000"}
    )
    refused(response)
    assert not Event.objects.exists()


def test_a_table_posted_without_its_management_form_is_refused(coordinator_client, report):
    response = coordinator_client.post(
        step_url(report, "working-areas"),
        {"version": "0", "action": "save", "working-areas-0-working_area": "Lost?"},
    )
    refused(response)
    assert not WorkingArea.objects.exists()


def test_a_second_rating_for_one_goal_is_refused(coordinator_client, report):
    response = post_step(
        coordinator_client,
        report,
        "sdgs",
        {"sdgs-row_3": ["agree", "disagree"], "sdgs-row_9": "strongly_agree"},
    )
    page = refused(response)
    assert "Choose one answer only." in page
    assert not SDGRating.objects.exists()
    assert untouched(report)
    assert form_values(response)["sdgs-row_9"] == ["strongly_agree"]


@pytest.mark.parametrize(
    ("field", "answer"),
    [
        ("sdgs-row_3", "excellent"),
        ("sdgs-row_3", "very_useful"),  # on the usefulness scale, not the agreement scale
    ],
)
def test_a_rating_outside_the_scale_is_refused(coordinator_client, report, field, answer):
    response = post_step(
        coordinator_client, report, "sdgs", {field: answer, "sdgs-row_9": "strongly_agree"}
    )
    page = refused(response)
    assert f"Select a valid choice. {answer} is not one of the available choices." in page
    assert not SDGRating.objects.exists()
    assert form_values(response)["sdgs-row_9"] == ["strongly_agree"]


def test_a_rating_for_a_goal_that_does_not_exist_is_ignored(coordinator_client, report):
    response = post_step(coordinator_client, report, "sdgs", {"sdgs-row_18": "agree"})
    assert response.status_code == 302
    assert not SDGRating.objects.exists()


@pytest.mark.parametrize(
    ("field", "answer", "message"),
    [
        ("governance-row_industry", "very_useful", "Select a valid choice."),
        ("support-usefulness-row_taf", "agree", "Select a valid choice."),
        ("progress_rating", "brilliant", "Select a valid choice."),
        ("outputs", ["mapping", "world_peace"], "Select a valid choice."),
        ("governance-row_industry", ["agree", "neutral"], "Choose one answer only."),
    ],
)
def test_self_assessment_answers_outside_their_choices_are_refused(
    coordinator_client, report, field, answer, message
):
    response = post_step(
        coordinator_client, report, "self-assessment", {field: answer, "risks": "Typed risks"}
    )
    assert message in refused(response)
    assert not SelfAssessment.objects.exists()
    assert value(response, "risks") == "Typed risks"


# Texts, web addresses and dates.


def test_a_text_over_its_length_limit_is_refused_and_kept_whole_on_the_page(
    coordinator_client, report
):
    too_long = "x" * 10_001
    response = post_step(coordinator_client, report, "summary", {"executive_summary": too_long})
    page = refused(response)
    assert "Ensure this value has at most 10000 characters (it has 10001)." in page
    assert value(response, "executive_summary") == too_long
    assert untouched(report)
    assert report.executive_summary == ""


def test_a_table_cell_over_its_length_limit_is_refused(coordinator_client, report):
    response = post_step(
        coordinator_client, report, "working-areas", {"working-areas-0-working_area": "y" * 1_001}
    )
    assert "at most 1000 characters" in refused(response)
    assert value(response, "working-areas-0-working_area") == "y" * 1_001
    assert not WorkingArea.objects.exists()


def test_line_breaks_count_once_against_the_limit_as_in_the_browser(coordinator_client, report):
    """The browser counts a line break as one character but sends two (CRLF)."""
    text = "\n".join(["x" * 99] * 100)  # 9,999 characters in the browser
    response = post_step(
        coordinator_client, report, "summary", {"executive_summary": text.replace("\n", "\r\n")}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.executive_summary == text


@pytest.mark.parametrize(
    "address",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "ftp://files.example.eu/report",
        "file:///etc/passwd",
        "data:text/html,<script>alert(1)</script>",
        "not a web address",
    ],
)
def test_a_web_page_that_is_not_http_or_https_is_refused(coordinator_client, report, address):
    response = post_step(
        coordinator_client, report, "header", {"web_page": address, "start_date": "2019-05-06"}
    )
    assert "Enter a valid URL." in refused(response)
    assert untouched(report)
    assert report.web_page == "https://s3platform.jrc.ec.europa.eu/cybersecurity"
    assert value(response, "web_page") == address
    assert value(response, "start_date") == "2019-05-06"


@pytest.mark.parametrize(
    ("date", "reason"),
    [
        ("2020-02-30", "February 2020 has 29 days."),
        ("2021-13-01", "there is no month 13."),
        ("30/02/2020", "February 2020 has 29 days."),
        ("yesterday", "write it day first, as 25/02/2021."),
    ],
)
def test_an_event_date_that_is_not_a_real_date_is_refused(coordinator_client, report, date, reason):
    response = post_step(
        coordinator_client,
        report,
        "past-events",
        {
            "past-events-0-title": "Kick-off",
            "past-events-0-date": "15/09/2020",
            "past-events-1-title": "Workshop",
            "past-events-1-date": date,
            "past-events-1-place": "Rennes",
        },
    )
    assert f"Date: “{date}” is not a date: {reason}" in refused(response)
    assert "write the date as you know it under “Time or other date detail”" in refused(response)
    assert not Event.objects.exists()
    assert (
        value(response, "past-events-0-title"),
        value(response, "past-events-1-title"),
        value(response, "past-events-1-date"),
        value(response, "past-events-1-place"),
    ) == ("Kick-off", "Workshop", date, "Rennes")


def test_an_event_needs_a_title(coordinator_client, report):
    response = post_step(
        coordinator_client, report, "planned-events", {"planned-events-0-place": "Rennes"}
    )
    assert refused(response).count("This field is required.") == 1
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("date", "reason"),
    [
        ("2020-02-30", "February 2020 has 29 days."),
        ("31/02/2021", "February 2021 has 28 days."),
        ("2021-13-01", "there is no month 13."),
        ("02/25/2021", "there is no month 25. Dates are written day first: 25/02/2021."),
        ("1/2/18", "write the year in full (2018, not 18)."),
        ("25/02/22021", "22021 is not a plausible year."),
        ("1 February", "it has no year."),
    ],
)
def test_a_start_date_that_is_not_a_real_date_is_refused(coordinator_client, report, date, reason):
    response = post_step(coordinator_client, report, "header", {"start_date": date})
    assert f"Start date of your partnership: “{date}” is not a date: {reason}" in refused(response)
    report.refresh_from_db()
    assert report.start_date == datetime.date(2018, 2, 1)


def test_one_wrong_field_keeps_every_other_answer_typed_on_the_page(coordinator_client, report):
    response = post_step(
        coordinator_client,
        report,
        "self-assessment",
        {
            "progress_rating": "good",
            "progress_justification": "Long justification",
            "outputs": ["mapping"],
            "governance-row_industry": "agree",
            "pipeline-0-name": "Pilot",
            "pipeline-0-status": "running",
            "pipeline-0-amount_eur": "a lot",
            "milestones-0-milestone": "Roadmap",
            "milestones-0-target_date": "2021-06-30",
        },
    )
    assert "Enter a whole number." in refused(response)
    shown = form_values(response)
    assert shown["progress_rating"] == ["good"]
    assert shown["progress_justification"] == ["Long justification"]
    assert shown["outputs"] == ["mapping"]
    assert shown["governance-row_industry"] == ["agree"]
    assert (shown["pipeline-0-name"], shown["pipeline-0-amount_eur"]) == (["Pilot"], ["a lot"])
    assert shown["milestones-0-target_date"] == ["2021-06-30"]
    assert not SelfAssessment.objects.exists()


# HTML is text: stored as typed, shown escaped.

SCRIPT = "<script>alert(1)</script>"


def test_html_typed_into_a_text_is_stored_as_typed_and_shown_escaped(coordinator_client, report):
    post_step(coordinator_client, report, "summary", {"executive_summary": f"Hello {SCRIPT}"})
    post_step(coordinator_client, report, "working-areas", {"working-areas-0-working_area": SCRIPT})
    post_step(coordinator_client, report, "regions", {"lead-0-entry": f"<b>Bold</b>{SCRIPT}"})
    report.refresh_from_db()
    assert report.executive_summary == f"Hello {SCRIPT}"
    assert report.working_areas.get().working_area == SCRIPT
    assert report.regions.get().name == f"<b>Bold</b>{SCRIPT}"
    for step in ("summary", "working-areas", "regions", "review"):
        page = coordinator_client.get(step_url(report, step)).content.decode()
        assert SCRIPT not in page, step
        assert "<b>Bold</b>" not in page, step
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, step
    assert value(coordinator_client.get(step_url(report, "summary")), "executive_summary") == (
        f"Hello {SCRIPT}"
    )


def test_html_in_a_conflict_is_shown_escaped(coordinator_client, report, administrator):
    page = page_values(coordinator_client, report, "summary")
    admin = Client()
    admin.force_login(administrator)
    post_step(admin, report, "summary", {"executive_summary": SCRIPT})
    response = post_step(
        coordinator_client, report, "summary", {"executive_summary": "<i>mine</i>"}, values=page
    )
    assert response.status_code == 409
    assert SCRIPT not in response.content.decode()
    assert "<i>mine</i>" not in response.content.decode()
    assert value(response, "executive_summary") == "<i>mine</i>"


# Forged rows, steps and reports.


def test_a_forged_row_id_of_another_reports_row_does_not_touch_that_row(
    coordinator_client, report, other_partnership, period
):
    elsewhere = MonitoringReport.start(other_partnership, period)
    theirs = WorkingArea.objects.create(report=elsewhere, position=1, working_area="Plastics")
    response = post_step(
        coordinator_client,
        report,
        "working-areas",
        {"working-areas-0-row_id": str(theirs.pk), "working-areas-0-working_area": "Hijacked"},
    )
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert (theirs.report, theirs.working_area) == (elsewhere, "Plastics")
    mine = report.working_areas.get()
    assert (mine.working_area, mine.pk != theirs.pk) == ("Hijacked", True)


def test_a_forged_row_id_of_another_table_of_the_same_report_is_ignored(coordinator_client, report):
    past = Event.objects.create(
        report=report, kind="past", position=1, title="Past", date=datetime.date(2020, 9, 1)
    )
    post_step(
        coordinator_client,
        report,
        "planned-events",
        {
            "planned-events-0-row_id": str(past.pk),
            "planned-events-0-title": "Planned",
            "planned-events-0-date": "2021-02-01",
        },
    )
    assert list(report.events.values_list("kind", "title")) == [
        ("past", "Past"),
        ("planned", "Planned"),
    ]


def test_a_row_posted_twice_with_the_same_id_is_saved_as_two_rows(coordinator_client, report):
    row = WorkingArea.objects.create(report=report, position=1, working_area="Original")
    post_step(
        coordinator_client,
        report,
        "working-areas",
        {
            "working-areas-1-row_id": str(row.pk),
            "working-areas-1-working_area": "Copy",
        },
    )
    assert list(report.working_areas.values_list("working_area", flat=True)) == [
        "Original",
        "Copy",
    ]
    assert report.working_areas.filter(pk=row.pk, working_area="Original").exists()


def test_rows_posted_in_another_order_are_saved_in_that_order_keeping_their_ids(
    coordinator_client, report
):
    first = WorkingArea.objects.create(report=report, position=1, working_area="First")
    second = WorkingArea.objects.create(report=report, position=2, working_area="Second")
    response = post_step(
        coordinator_client,
        report,
        "working-areas",
        {
            "working-areas-0-row_id": str(second.pk),
            "working-areas-0-working_area": "Second",
            "working-areas-1-row_id": str(first.pk),
            "working-areas-1-working_area": "First",
        },
    )
    assert response.status_code == 302
    assert list(report.working_areas.values_list("pk", "position", "working_area")) == [
        (second.pk, 1, "Second"),
        (first.pk, 2, "First"),
    ]


@pytest.mark.parametrize("step", ["Summary", "summary-", "step-13", "review-and-submit"])
def test_a_forged_step_name_is_not_found(coordinator_client, report, step):
    assert coordinator_client.get(step_url(report, step)).status_code == 404
    response = coordinator_client.post(
        step_url(report, step), {"version": "0", "executive_summary": "X", "action": "save"}
    )
    assert response.status_code == 404
    assert untouched(report)
    assert report.executive_summary == ""


def test_the_review_step_has_nothing_to_save(coordinator_client, report):
    response = coordinator_client.post(step_url(report, "review"), {"version": "0"})
    assert response.status_code == 404
    assert untouched(report)


def test_a_post_to_another_partnerships_report_is_not_found_and_changes_nothing(
    coordinator_client, other_partnership, period
):
    theirs = MonitoringReport.start(other_partnership, period)
    form = {"version": "0", "action": "save", "executive_summary": "Mine now"}
    assert coordinator_client.post(step_url(theirs, "summary"), form).status_code == 404
    assert coordinator_client.post(autosave_url(theirs, "summary"), form).status_code == 404
    assert coordinator_client.post(submit_url(theirs)).status_code == 404
    theirs.refresh_from_db()
    assert (theirs.executive_summary, theirs.state) == ("", MonitoringReport.State.DRAFT)


# Submitting and submitted reports.


def test_submitting_with_missing_answers_lists_them_with_links_to_their_steps(
    coordinator_client, report
):
    report.web_page = ""
    report.save()
    response = coordinator_client.post(submit_url(report))
    assert response.status_code == 400
    assert "some mandatory answers are missing" in messages_of(response)[0]
    page = response.content.decode()
    for step, answer in [
        ("header", "Partnership&#x27;s webpage"),
        ("summary", "Please provide the executive summary and the objectives"),
        ("regions", "Please provide the list of leading regions"),
        ("regions", "Please provide the list of participating regions."),
        ("new-activities", "Involvement of regions from EU13 Member States"),
        ("self-assessment", "Overall, how do you rate the progress of the partnership"),
        ("self-assessment", "Governance and functioning"),
    ]:
        assert f'href="{step_url(report, step)}"' in page, step
        assert answer in page, answer
    report.refresh_from_db()
    assert report.state == MonitoringReport.State.DRAFT
    assert not report.transitions.exists()


def test_one_missing_answer_is_enough_to_refuse_submitting(coordinator_client, report):
    fill_mandatory_answers(report)
    SelfAssessment.objects.filter(report=report).update(continuation="")
    response = coordinator_client.post(submit_url(report))
    assert response.status_code == 400
    assert "Does the partnership intend to continue in the next term?" in (
        response.content.decode()
    )
    assert not report.transitions.exists()


@pytest.fixture
def submitted(report, coordinator):
    fill_mandatory_answers(report)
    report.move_to(MonitoringReport.State.SUBMITTED, coordinator)
    report.refresh_from_db()
    return report


@pytest.mark.parametrize("step", ["summary", "regions", "working-areas", "sdgs"])
def test_a_post_to_a_submitted_report_is_refused_and_stores_nothing(
    coordinator_client, submitted, step
):
    saved = (submitted.executive_summary, submitted.step_versions, submitted.updated_at)
    response = coordinator_client.post(
        step_url(submitted, step),
        {"version": "0", "action": "save", "executive_summary": "Too late"},
    )
    assert response.status_code == 409
    assert "can no longer be changed here. Nothing was saved." in messages_of(response)[0]
    submitted.refresh_from_db()
    assert (submitted.executive_summary, submitted.step_versions, submitted.updated_at) == saved


def test_an_autosave_to_a_submitted_report_is_refused(coordinator_client, submitted):
    response = coordinator_client.post(
        autosave_url(submitted, "summary"), {"version": "0", "executive_summary": "Too late"}
    )
    assert response.status_code == 409
    assert "can no longer be changed" in response.json()["error"]
    submitted.refresh_from_db()
    assert submitted.executive_summary == "Secure digital regions, together."


def test_a_report_is_submitted_once(coordinator_client, submitted):
    response = coordinator_client.post(submit_url(submitted))
    assert response.status_code == 409
    assert submitted.transitions.count() == 1


# A session that expires while the coordinator types.


def expire_session(client):
    """As if the session had timed out: the browser's cookie names a session that is gone."""
    Session.objects.filter(session_key=client.session.session_key).delete()


def log_in_again(client, next_url):
    response = client.post(
        reverse("login"),
        {"username": "coordinator", "password": "pw-coordinator", "next": next_url},
    )
    assert response.status_code == 302
    return response["Location"]


@pytest.fixture
def browser(coordinator):
    client = Client()
    client.force_login(coordinator)
    return client


def test_what_was_autosaved_before_the_session_expired_is_there_after_logging_in(browser, report):
    browser.post(autosave_url(report, "summary"), {"version": "0", "executive_summary": "Auto"})
    expire_session(browser)
    response = browser.post(
        autosave_url(report, "summary"), {"version": "1", "executive_summary": "Auto, more"}
    )
    assert response.status_code == 401
    assert "Your session has expired" in response.json()["error"]
    log_in_again(browser, step_url(report, "summary"))
    assert value(browser.get(step_url(report, "summary")), "executive_summary") == "Auto"


def test_a_form_posted_after_the_session_expired_is_offered_again_after_logging_in(browser, report):
    form = page_values(browser, report, "summary")
    expire_session(browser)
    response = post_step(
        browser, report, "summary", {"executive_summary": "Typed for an hour"}, values=form
    )
    assert response["Location"] == f"/accounts/login/?next={step_url(report, 'summary')}"
    login_page = browser.get(response["Location"])
    assert "Your session expired before your changes could be saved." in messages_of(login_page)[0]
    assert untouched(report)

    # The coordinator lands back on the same step, with what they sent, not yet saved.
    assert log_in_again(browser, step_url(report, "summary")) == step_url(report, "summary")
    offered = browser.get(step_url(report, "summary"))
    assert value(offered, "executive_summary") == "Typed for an hour"
    assert "This is what you sent before your session ended." in messages_of(offered)[0]
    assert untouched(report)

    # Saving it stores it; it is offered once only.
    assert post_step(browser, report, "summary", values=form_values(offered)).status_code == 302
    report.refresh_from_db()
    assert report.executive_summary == "Typed for an hour"
    assert "This is what you sent" not in str(messages_of(browser.get(step_url(report, "summary"))))


def test_a_form_offered_again_is_only_offered_on_its_own_step(browser, report):
    form = page_values(browser, report, "summary")
    expire_session(browser)
    post_step(browser, report, "summary", {"executive_summary": "Typed"}, values=form)
    log_in_again(browser, step_url(report, "summary"))
    assert value(browser.get(step_url(report, "innovative-results")), "version") == "0"
    assert value(browser.get(step_url(report, "summary")), "executive_summary") == "Typed"


def test_a_form_offered_again_does_not_overwrite_a_co_editors_later_save(
    browser, report, administrator
):
    form = page_values(browser, report, "summary")
    expire_session(browser)
    post_step(browser, report, "summary", {"executive_summary": "Mine, from before"}, values=form)
    admin = Client()
    admin.force_login(administrator)
    post_step(admin, report, "summary", {"executive_summary": "Saved meanwhile"})
    log_in_again(browser, step_url(report, "summary"))
    offered = browser.get(step_url(report, "summary"))
    response = post_step(browser, report, "summary", values=form_values(offered))
    assert response.status_code == 409
    report.refresh_from_db()
    assert report.executive_summary == "Saved meanwhile"
    assert value(response, "executive_summary") == "Mine, from before"


def test_a_form_offered_again_to_someone_else_is_not_shown(browser, report, other_coordinator):
    """The kept form belongs to the browser's session, and the step to its partnership."""
    form = page_values(browser, report, "summary")
    expire_session(browser)
    post_step(browser, report, "summary", {"executive_summary": "Confidential draft"}, values=form)
    response = browser.post(
        reverse("login"),
        {"username": "other-coordinator", "password": "pw-other"},
    )
    assert response.status_code == 302
    assert browser.get(step_url(report, "summary")).status_code == 404


def test_a_report_submitted_meanwhile_from_another_tab_is_not_submitted_twice(
    coordinator_client, report, administrator
):
    """Between the check for missing answers and the move, a co-editor submits."""
    fill_mandatory_answers(report)

    def submitted_by_a_co_editor_meanwhile(checked):
        MonitoringReport.objects.get(pk=checked.pk).move_to(
            MonitoringReport.State.SUBMITTED, administrator
        )
        return []

    with mock.patch.object(wizard, "missing_answers", submitted_by_a_co_editor_meanwhile):
        response = coordinator_client.post(submit_url(report))
    assert response.status_code == 409
    assert "can no longer be changed here" in messages_of(response)[0]
    assert [transition.user for transition in report.transitions.all()] == [administrator]
