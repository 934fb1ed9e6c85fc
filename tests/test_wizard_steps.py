"""The report wizard, step by step: each step shows what is saved and saves what is posted,
to the database, whichever button is pressed; the progress shows how far each step is; a
coordinator who logs out finds everything again; a submitted report is locked.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from regions import lookup
from regions.models import Region
from reports.models import Event, MonitoringReport, ReportRegion, SDGRating, WorkingArea
from reports.models.self_assessment import Milestone, PipelineProject, SelfAssessment
from reports.wizard.steps import STEPS
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


def field_names(step):
    return [question.name for question in step.fields()]


# The steps whose questions are all texts of the report itself.
FIELD_STEPS = [
    step
    for step in STEPS[:-1]
    if step.page.section.public
    and step.page.questions
    and all(question.kind in ("text", "date", "url", "given") for question in step.page.questions)
]
State = MonitoringReport.State


def typed(name, version="saved"):
    """A sample answer for a report field, as it is typed into the form."""
    if name == "start_date":
        return "04/03/2019" if version == "saved" else "01/02/2018"
    if name == "web_page":
        return f"https://example.eu/{version}"
    return f"{name}, {version}: first line.\nSecond line."


def day_first(text):
    """A date as the wizard shows it in English: 04/03/2019 is 4 March 2019."""
    return datetime.datetime.strptime(text, "%d/%m/%Y").date()


def stored(name, text):
    return day_first(text) if name == "start_date" else text


def nav_statuses(response):
    """The state each step shows in the wizard's progress, in order."""
    return [status for _step, status, _url in response.context["steps"]]


def workspace_statuses(response):
    (partnership,) = response.context["partnerships"]
    (row,) = partnership.open_rows
    return [status for _step, status in row["statuses"]]


# Header, summary and the three questions of section II: the report's own fields.


@pytest.mark.parametrize("step", FIELD_STEPS, ids=str)
def test_a_step_of_questions_shows_the_saved_answers(coordinator_client, report, step):
    for name in field_names(step):
        setattr(report, name, stored(name, typed(name)))
    report.save()
    response = coordinator_client.get(step_url(report, step.slug))
    assert response.status_code == 200
    assert {name: value(response, name) for name in field_names(step)} == {
        name: typed(name) for name in field_names(step)
    }


@pytest.mark.parametrize("step", FIELD_STEPS, ids=str)
def test_a_step_of_questions_saves_the_answers_to_the_database(
    coordinator_client, coordinator, report, step
):
    answers = {name: typed(name, "edited") for name in field_names(step)}
    response = post_step(coordinator_client, report, step.slug, answers)
    assert response.status_code == 302
    report.refresh_from_db()
    assert {name: getattr(report, name) for name in field_names(step)} == {
        name: stored(name, text) for name, text in answers.items()
    }
    assert (report.step_versions, report.last_step, report.last_saved_by) == (
        {step.slug: 1},
        step.slug,
        coordinator,
    )
    assert "Saved at" in messages_of(coordinator_client.get(response["Location"]))[0]


def test_a_step_saves_its_own_fields_only(coordinator_client, report):
    report.innovative_results = "Kept as it is."
    report.save()
    post_step(
        coordinator_client,
        report,
        "summary",
        {"executive_summary": "New summary", "innovative_results": "Forged"},
    )
    report.refresh_from_db()
    assert (report.executive_summary, report.innovative_results) == (
        "New summary",
        "Kept as it is.",
    )


def test_an_answer_can_be_emptied(coordinator_client, report):
    report.executive_summary = "To be rewritten."
    report.save()
    post_step(coordinator_client, report, "summary", {"executive_summary": ""})
    report.refresh_from_db()
    assert report.executive_summary == ""


def test_mandatory_questions_are_marked_and_a_step_saves_half_filled(coordinator_client, report):
    response = post_step(coordinator_client, report, "header", {"start_date": "", "web_page": ""})
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.start_date, report.web_page) == (None, "")
    page = coordinator_client.get(step_url(report, "header")).content.decode()
    assert "Start date of your partnership *" in page
    assert "Partnership&#x27;s webpage *" in page


def test_each_text_says_its_length_limit(coordinator_client, report):
    page = coordinator_client.get(step_url(report, "summary")).content.decode()
    assert 'maxlength="10000"' in page
    assert "Up to 10,000 characters." in page


# Autosave of long texts.


def test_autosave_saves_the_long_texts_of_its_step_in_the_background(
    coordinator_client, coordinator, report
):
    response = coordinator_client.post(
        autosave_url(report, "summary"),
        {"version": "0", "executive_summary": "Typed, not yet saved", "web_page": "ftp://x"},
    )
    assert response.status_code == 200
    assert response.json()["version"] == 1
    assert re.fullmatch(r"\d\d:\d\d", response.json()["saved_at"])
    report.refresh_from_db()
    assert report.executive_summary == "Typed, not yet saved"
    assert report.web_page == "https://s3platform.jrc.ec.europa.eu/cybersecurity"
    assert (report.step_versions, report.last_saved_by) == ({"summary": 1}, coordinator)


def test_the_page_saved_after_an_autosave_carries_the_new_version(coordinator_client, report):
    coordinator_client.post(
        autosave_url(report, "summary"), {"version": "0", "executive_summary": "Draft"}
    )
    assert value(coordinator_client.get(step_url(report, "summary")), "version") == "1"
    response = post_step(coordinator_client, report, "summary", {"executive_summary": "Final"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.executive_summary, report.step_versions) == ("Final", {"summary": 2})


def test_autosave_of_the_self_assessment_saves_its_long_texts(coordinator_client, report):
    response = coordinator_client.post(
        autosave_url(report, "self-assessment"),
        {"version": "0", "risks": "Funding ends in 2021.", "progress_rating": "poor"},
    )
    assert response.status_code == 200
    assessment = SelfAssessment.objects.get(report=report)
    assert (assessment.risks, assessment.progress_rating) == ("Funding ends in 2021.", "")


@pytest.mark.parametrize("step", ["header", "regions", "working-areas", "sdgs", "review", "x"])
def test_steps_without_long_texts_have_no_autosave(coordinator_client, report, step):
    response = coordinator_client.post(autosave_url(report, step), {"version": "0"})
    assert response.status_code == 404


def test_autosave_refuses_a_text_over_its_limit_and_keeps_the_saved_one(coordinator_client, report):
    report.executive_summary = "Saved"
    report.save()
    response = coordinator_client.post(
        autosave_url(report, "summary"), {"version": "0", "executive_summary": "x" * 10_001}
    )
    assert response.status_code == 400
    assert "at most 10000 characters" in response.json()["errors"]["executive_summary"][0]
    report.refresh_from_db()
    assert (report.executive_summary, report.step_versions) == ("Saved", {})


# Regions.


def test_the_regions_step_shows_each_list_and_which_entries_are_nuts_regions(
    coordinator_client, report, brittany
):
    ReportRegion.objects.create(
        report=report, role="lead", region=brittany, match="linked", position=1
    )
    ReportRegion.objects.create(report=report, role="lead", name="Saint Quentin", position=2)
    ReportRegion.objects.create(report=report, role="interested", name="ENISA", position=1)
    response = coordinator_client.get(step_url(report, "regions"))
    assert [value(response, f"lead-{i}-entry") for i in range(3)] == [
        "Brittany (FR), FRH0",
        "Saint Quentin",
        "",
    ]
    assert value(response, "participating-0-entry") == ""
    assert value(response, "interested-0-entry") == "ENISA"
    page = response.content.decode()
    assert "NUTS: Brittany (FR), FRH0" in page
    assert page.count("Not a NUTS region: kept as written") == 2
    assert "Lapland (FI), FI1D7" in page  # the format hint of the form


def test_the_regions_step_saves_each_list_linking_what_names_a_nuts_region(
    coordinator_client, report, brittany
):
    response = post_step(
        coordinator_client,
        report,
        "regions",
        {
            "lead-0-entry": "Brittany (FR), FRH0",
            "participating-0-entry": "Bretagne",
            "participating-1-entry": "Castilla y Leon",
            "interested-0-entry": "Saint Quentin",
        },
        action="next",
    )
    assert response["Location"] == step_url(report, "working-areas")
    assert list(report.regions.values_list("role", "position", "name", "region")) == [
        ("interested", 1, "Saint Quentin", None),
        ("lead", 1, "Brittany (FR), FRH0", brittany.pk),
        ("participating", 1, "Bretagne", brittany.pk),
        ("participating", 2, "Castilla y Leon", None),
    ]


def test_a_region_is_removed_by_ticking_remove_or_by_emptying_its_line(coordinator_client, report):
    for position, name in enumerate(["One", "Two", "Three"], start=1):
        ReportRegion.objects.create(report=report, role="lead", name=name, position=position)
    post_step(coordinator_client, report, "regions", {"lead-0-DELETE": "on", "lead-1-entry": ""})
    assert list(report.regions.values_list("name", "position")) == [("Three", 1)]


def test_a_region_list_offers_three_more_lines_after_each_save(coordinator_client, report):
    for position in range(1, 5):
        ReportRegion.objects.create(
            report=report, role="lead", name=f"R{position}", position=position
        )
    values = page_values(coordinator_client, report, "regions")
    assert values["lead-TOTAL_FORMS"] == ["7"]
    assert values["participating-TOTAL_FORMS"] == ["3"]


# Tables: working areas, past events, planned events.

TABLES = {
    "working-areas": (
        WorkingArea,
        {},
        {
            "working_area": "Secure IoT",
            "region_in_charge": "Brittany",
            "involved_regions": "Castilla y Leon, Lapland",
            "other_actors": "ENISA",
        },
    ),
    "past-events": (
        Event,
        {"kind": Event.Kind.PAST},
        {
            "title": "Kick-off",
            "date": "15/09/2020",
            "date_detail": "9:30-10:30 am",
            "place": "Rennes",
            "other_information": "Online too",
        },
    ),
    "planned-events": (
        Event,
        {"kind": Event.Kind.PLANNED},
        {
            "title": "Matchmaking day",
            "date": "10/03/2021",
            "date_detail": "",
            "place": "León",
            "other_information": "",
        },
    ),
}


def saved_row(model, kinds, cells, position, **changes):
    values = {**cells, **changes}
    if "date" in values:
        values["date"] = day_first(values["date"])
    return model(position=position, **kinds, **values)


def cells_of(rows, cells):
    """The rows' cells as typed: dates day first."""

    def typed(value):
        return value.strftime("%d/%m/%Y") if isinstance(value, datetime.date) else str(value)

    return [
        {name: typed(getattr(row, name)) for name in cells} | {"position": row.position}
        for row in rows
    ]


@pytest.mark.parametrize("table", TABLES)
def test_a_table_shows_its_saved_rows_then_blank_rows_up_to_ten(coordinator_client, report, table):
    model, kinds, cells = TABLES[table]
    first_cell = next(iter(cells))
    model.objects.bulk_create(
        [
            saved_row(model, kinds, cells, 1, report=report),
            saved_row(model, kinds, cells, 2, report=report, **{first_cell: "Second row"}),
        ]
    )
    values = page_values(coordinator_client, report, table)
    assert values[f"{table}-TOTAL_FORMS"] == ["10"]
    assert values[f"{table}-INITIAL_FORMS"] == ["2"]
    assert {name: values[f"{table}-0-{name}"] for name in cells} == {
        name: [text] for name, text in cells.items()
    }
    assert values[f"{table}-1-{first_cell}"] == ["Second row"]
    assert all(values[f"{table}-{i}-{name}"] == [""] for i in range(2, 10) for name in cells)


@pytest.mark.parametrize("table", TABLES)
def test_a_table_saves_new_edited_and_removed_rows_keeping_the_rows_identity(
    coordinator_client, report, table
):
    model, kinds, cells = TABLES[table]
    rows = [saved_row(model, kinds, cells, n, report=report) for n in (1, 2, 3)]
    for row, name in zip(rows, ["First", "Second", "Third"], strict=True):
        setattr(row, next(iter(cells)), name)
        row.save()
    first_cell = next(iter(cells))
    response = post_step(
        coordinator_client,
        report,
        table,
        {
            f"{table}-0-DELETE": "on",
            f"{table}-2-{first_cell}": "Third, edited",
            **{f"{table}-3-{name}": text for name, text in cells.items()},
        },
    )
    assert response.status_code == 302
    saved = list(model.objects.filter(report=report, **kinds).order_by("position"))
    assert [(row.position, getattr(row, first_cell)) for row in saved] == [
        (1, "Second"),
        (2, "Third, edited"),
        (3, cells[first_cell]),
    ]
    assert [row.pk for row in saved[:2]] == [rows[1].pk, rows[2].pk]
    assert cells_of(saved[2:], cells) == [{**cells, "position": 3}]


def test_past_and_planned_events_are_separate_tables(coordinator_client, report):
    Event.objects.create(
        report=report, kind="past", position=1, title="Past", date=datetime.date(2020, 9, 1)
    )
    values = page_values(coordinator_client, report, "planned-events")
    assert values["planned-events-0-title"] == [""]
    post_step(
        coordinator_client,
        report,
        "planned-events",
        {"planned-events-0-title": "Planned", "planned-events-0-date": "2021-02-01"},
        values=values,
    )
    assert list(report.events.values_list("kind", "position", "title")) == [
        ("past", 1, "Past"),
        ("planned", 1, "Planned"),
    ]


# Sustainable Development Goals.


def test_the_sdg_step_shows_each_saved_rating_ticked(coordinator_client, report):
    SDGRating.objects.create(report=report, goal=9, rating="strongly_agree")
    SDGRating.objects.create(report=report, goal=17, rating="not_applicable")
    values = page_values(coordinator_client, report, "sdgs")
    ticked = {
        name: answers
        for name, answers in values.items()
        if name.startswith("sdgs-") and answers != [""]  # "" is "No answer"
    }
    assert ticked == {"sdgs-row_9": ["strongly_agree"], "sdgs-row_17": ["not_applicable"]}


def test_the_sdg_step_saves_one_rating_per_goal_and_forgets_those_taken_back(
    coordinator_client, report
):
    SDGRating.objects.create(report=report, goal=1, rating="agree")
    post_step(
        coordinator_client,
        report,
        "sdgs",
        {"sdgs-row_1": None, "sdgs-row_9": "strongly_agree", "sdgs-row_16": "disagree"},
    )
    assert list(report.sdg_ratings.values_list("goal", "rating")) == [
        (9, "strongly_agree"),
        (16, "disagree"),
    ]


def test_the_sdg_matrix_has_seventeen_goals_on_the_six_point_scale(coordinator_client, report):
    page = coordinator_client.get(step_url(report, "sdgs")).content.decode()
    for goal in range(1, 18):
        options = re.findall(rf'name="sdgs-row_{goal}" value="(\w*)"', page)
        assert sorted(options) == [
            "",  # No answer
            "agree",
            "disagree",
            "neutral",
            "not_applicable",
            "strongly_agree",
            "strongly_disagree",
        ]


# Self-assessment.

SELF_ASSESSMENT_FORM = {
    "progress_rating": "good",
    "progress_justification": "Two pilots started.",
    "methodology_phase": "demonstrate",
    "outputs": ["mapping", "action_plan"],
    "outputs_other": "A white paper",
    "governance-row_roles_defined": "agree",
    "governance-row_industry": "disagree",
    "changes": ["regions_joined"],
    "changes_detail": "Lapland joined.",
    "obstacles": ["staff", "covid"],
    "obstacles_detail": "",
    "pipeline-0-name": "SecureIoT pilot",
    "pipeline-0-status": "submitted",
    "pipeline-0-funding_source": "interreg",
    "pipeline-0-amount_eur": "250000",
    "pipeline-0-regions_involved": "Brittany, Lapland",
    "support-usefulness-row_taf": "very_useful",
    "support_needed": ["matchmaking"],
    "support_needed_detail": "Contacts in Hungary",
    "milestones-0-milestone": "Roadmap adopted",
    "milestones-0-target_date": "30/06/2021",
    "milestones-0-responsible_region": "Brittany",
    "risks": "Funding ends.",
    "continuation": "with_changes",
    "further_comments": "Thanks.",
}


def test_the_self_assessment_says_it_is_confidential_and_who_reads_it(coordinator_client, report):
    page = coordinator_client.get(step_url(report, "self-assessment")).content.decode()
    assert "Confidential" in page
    assert "never published" in page
    assert "coordinators" in page
    assert "review the report" in page
    assert "site administrators" in page


def test_the_self_assessment_saves_every_part_and_shows_it_again(coordinator_client, report):
    response = post_step(coordinator_client, report, "self-assessment", SELF_ASSESSMENT_FORM)
    assert response.status_code == 302
    assessment = SelfAssessment.objects.get(report=report)
    assert (
        assessment.progress_rating,
        assessment.outputs,
        assessment.governance,
        assessment.support_usefulness,
        assessment.obstacles,
        assessment.continuation,
    ) == (
        "good",
        ["mapping", "action_plan"],
        {"roles_defined": "agree", "industry": "disagree"},
        {"taf": "very_useful"},
        ["staff", "covid"],
        "with_changes",
    )
    assert list(
        PipelineProject.objects.values_list("position", "name", "status", "amount_eur")
    ) == [(1, "SecureIoT pilot", "submitted", 250_000)]
    assert list(Milestone.objects.values_list("milestone", "target_date")) == [
        ("Roadmap adopted", datetime.date(2021, 6, 30))
    ]
    shown = page_values(coordinator_client, report, "self-assessment")
    for name, answer in SELF_ASSESSMENT_FORM.items():
        assert shown.get(name, [""]) == (answer if isinstance(answer, list) else [answer]), name


# Moving between steps: every button saves, then goes where it says.


@pytest.mark.parametrize(
    ("step", "action", "lands_on"),
    [
        ("summary", "save", "summary"),
        ("summary", "next", "regions"),
        ("summary", "previous", "header"),
        ("summary", "goto:sdgs", "sdgs"),
        ("summary", "goto:review", "review"),
        ("summary", "goto:nowhere", "summary"),
        ("header", "previous", "header"),
        ("self-assessment", "next", "annexes"),
        ("annexes", "next", "review"),
    ],
)
def test_every_button_saves_then_goes_where_it_says(
    coordinator_client, report, step, action, lands_on
):
    values = page_values(coordinator_client, report, step)
    response = post_step(coordinator_client, report, step, values=values, action=action)
    assert response.status_code == 302
    assert response["Location"] == step_url(report, lands_on)
    report.refresh_from_db()
    assert report.step_versions == {step: 1}


def test_jumping_to_another_step_saves_what_was_typed(coordinator_client, report):
    post_step(coordinator_client, report, "summary", {"executive_summary": "Typed"}, "goto:sdgs")
    report.refresh_from_db()
    assert report.executive_summary == "Typed"


def test_the_progress_shows_each_step_empty_partly_done_or_complete(
    coordinator_client, report, open_period
):
    response = coordinator_client.get(step_url(report, "summary"))
    # The header is copied from the partnership when the report is started.
    assert nav_statuses(response) == ["complete"] + ["empty"] * 12
    assert "Not started" in response.content.decode()
    report.executive_summary = "Done"
    report.inter_partnership_results = "One of three"
    report.save()
    ReportRegion.objects.create(report=report, role="lead", name="Brittany")
    SDGRating.objects.bulk_create(
        SDGRating(report=report, goal=goal, rating="agree") for goal in range(1, 18)
    )
    WorkingArea.objects.create(report=report, position=1, working_area="IoT")
    SelfAssessment.objects.create(report=report, risks="Some")
    response = coordinator_client.get(step_url(report, "summary"))
    assert dict(zip([step.slug for step in STEPS], nav_statuses(response), strict=True)) == {
        "header": "complete",
        "summary": "complete",
        "regions": "partial",  # participating regions missing
        "working-areas": "complete",
        "past-events": "empty",
        "planned-events": "empty",
        "innovative-results": "empty",
        "collaborative-results": "partial",
        "new-activities": "empty",
        "sdgs": "complete",
        "self-assessment": "partial",
        "annexes": "empty",
        "review": "empty",
    }
    assert "Partly done" in response.content.decode()
    workspace = coordinator_client.get(reverse("reports:workspace"))
    assert workspace_statuses(workspace) == nav_statuses(response)[:-1]


def test_the_workspace_shows_the_deadline_the_state_and_how_far_each_section_is(
    coordinator_client, report, open_period
):
    page = coordinator_client.get(reverse("reports:workspace")).content.decode()
    assert "July - December 2020" in page
    assert date_format(datetime.date(2021, 1, 31)) in page
    assert "Draft" in page
    assert "Executive summary and objectives: Not started" in page
    assert "Header: Complete" in page


def test_the_step_pages_need_a_bounded_number_of_queries(
    coordinator_client, report, django_assert_max_num_queries
):
    fill_mandatory_answers(report)
    for position in range(1, 11):
        WorkingArea.objects.create(report=report, position=position, working_area=f"{position}")
        Event.objects.create(
            report=report, kind="past", position=position, title="E", date=datetime.date.today()
        )
        ReportRegion.objects.create(
            report=report, role="interested", name=f"{position}", position=position
        )
    for step in STEPS:
        with django_assert_max_num_queries(30):
            assert coordinator_client.get(step_url(report, step.slug)).status_code == 200


@pytest.mark.parametrize("step", ["regions", "working-areas", "past-events", "review"])
def test_a_step_page_does_not_ask_more_of_the_database_for_more_rows(
    coordinator_client, report, step
):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            coordinator_client.get(step_url(report, step))
        return len(captured)

    def add_row(position):
        WorkingArea.objects.create(report=report, position=position, working_area="W")
        Event.objects.create(
            report=report, kind="past", position=position, title="E", date=datetime.date.today()
        )
        ReportRegion.objects.create(report=report, role="lead", name="R", position=position)

    add_row(1)
    queries()  # the first page of a version also keeps the step's answers (a StepRevision)
    with_one_row = queries()
    for position in range(2, 11):
        add_row(position)
    assert queries() == with_one_row


# Resuming: everything is in the database, not in the session.


def log_in(client, username, password):
    response = client.post(
        reverse("login"), {"username": username, "password": password}, follow=False
    )
    assert response.status_code == 302, "login failed"


def test_after_logging_out_and_in_again_the_coordinator_continues_where_they_left_off(
    coordinator, report, open_period
):
    browser = Client()
    log_in(browser, "coordinator", "pw-coordinator")
    post_step(browser, report, "summary", {"executive_summary": "Day one"}, "next")
    post_step(
        browser,
        report,
        "working-areas",
        {"working-areas-0-working_area": "Secure IoT", "working-areas-0-other_actors": "ENISA"},
        "goto:sdgs",
    )
    browser.post(reverse("logout"))
    assert browser.get(step_url(report, "summary")).status_code == 302

    another_computer = Client()
    log_in(another_computer, "coordinator", "pw-coordinator")
    workspace = another_computer.get(reverse("reports:workspace")).content.decode()
    continue_link = re.search(r'href="([^"]+)">\s*Continue', workspace).group(1)
    # They had jumped to the SDGs when they left: that is where they come back.
    assert continue_link == step_url(report, "sdgs")
    resumed = another_computer.get(step_url(report, "working-areas"))
    assert value(resumed, "working-areas-0-working_area") == "Secure IoT"
    assert value(resumed, "working-areas-0-other_actors") == "ENISA"
    assert value(another_computer.get(step_url(report, "summary")), "executive_summary") == (
        "Day one"
    )


def test_a_report_never_saved_is_continued_at_its_first_step(
    coordinator_client, report, open_period
):
    workspace = coordinator_client.get(reverse("reports:workspace")).content.decode()
    assert f'href="{step_url(report, "header")}"' in workspace


def test_nothing_of_the_report_is_kept_in_the_session(coordinator_client, report):
    post_step(coordinator_client, report, "summary", {"executive_summary": "Only in the DB"})
    assert "Only in the DB" not in str(dict(coordinator_client.session.items()))


# Review and submit.


def test_the_review_shows_the_public_part_and_the_confidential_part_apart(
    coordinator_client, report
):
    fill_mandatory_answers(report)
    page = coordinator_client.get(step_url(report, "review")).content.decode()
    public = page.index('id="public-part"')
    confidential = page.index('id="confidential-part"')
    assert public < page.index("Secure digital regions, together.") < confidential
    assert confidential < page.index("Three pilots running.")
    assert "Every mandatory answer is there." in page


def test_submitting_records_who_and_when_and_locks_the_report(
    coordinator_client, coordinator, report
):
    fill_mandatory_answers(report)
    response = coordinator_client.post(submit_url(report))
    assert response["Location"] == step_url(report, "review")
    report.refresh_from_db()
    assert report.state == State.SUBMITTED
    transition = report.transitions.get()
    assert (transition.from_state, transition.to_state, transition.user) == (
        State.DRAFT,
        State.SUBMITTED,
        coordinator,
    )
    assert timezone.now() - transition.at < datetime.timedelta(minutes=1)
    review = coordinator_client.get(response["Location"])
    assert "Submitted. The JRC reviewers have been told" in messages_of(review)[0]
    assert "Submitted by coordinator on" in review.content.decode()
    assert "Submit the report" not in review.content.decode()


def test_review_page_says_where_an_accepted_or_published_report_is(
    coordinator_client, coordinator, reviewer, report
):
    report.move_to(State.SUBMITTED, coordinator)
    report.move_to(State.ACCEPTED, reviewer)

    accepted = coordinator_client.get(step_url(report, "review")).content.decode()
    report.move_to(State.PUBLISHED, reviewer)
    published = coordinator_client.get(step_url(report, "review")).content.decode()

    assert "Accepted: the JRC reviewers have accepted the report" in accepted
    assert "Accepted by reviewer on" in accepted
    assert "with the JRC reviewers" not in accepted
    assert "Published: the report is on the partnership's public page" in published
    assert "Published by reviewer on" in published
    assert 'href="/partnerships/cybersecurity/reports/2020-h2/">Open the public page' in published
    assert "with the JRC reviewers" not in published


@pytest.mark.parametrize("step", [step.slug for step in STEPS[:-1]])
def test_a_submitted_report_opens_on_its_review(coordinator_client, coordinator, report, step):
    report.move_to(State.SUBMITTED, coordinator)
    response = coordinator_client.get(step_url(report, step))
    assert response["Location"] == step_url(report, "review")


def test_a_submitted_report_is_shown_as_such_in_the_workspace(
    coordinator_client, coordinator, report, open_period
):
    report.move_to(State.SUBMITTED, coordinator)
    workspace = coordinator_client.get(reverse("reports:workspace")).content.decode()
    assert "Submitted" in workspace
    assert "Continue" not in workspace
    view = re.search(r'href="([^"]+)">\s*View', workspace).group(1)
    assert coordinator_client.get(view, follow=True).redirect_chain[-1][0] == step_url(
        report, "review"
    )


def test_a_report_returned_for_changes_can_be_edited_and_submitted_again(
    coordinator_client, coordinator, report, reviewer
):
    fill_mandatory_answers(report)
    report.move_to(State.SUBMITTED, coordinator)
    report.move_to(State.RETURNED, reviewer, "Please add the events")
    response = post_step(coordinator_client, report, "summary", {"executive_summary": "Better"})
    assert response.status_code == 302
    assert coordinator_client.post(submit_url(report)).status_code == 302
    report.refresh_from_db()
    assert (report.state, report.executive_summary) == (State.SUBMITTED, "Better")


def test_earlier_reports_are_listed_for_reading(coordinator_client, coordinator, report):
    report.move_to(State.SUBMITTED, coordinator)
    page = coordinator_client.get(reverse("reports:workspace")).content.decode()
    assert "Earlier reports" in page
    assert f'href="{step_url(report, "review")}"' in page


# Regions from the NUTS list: search and typed entries.


@pytest.mark.usefixtures("nuts_loaded")
class TestRegionsFromTheNutsList:
    def search(self, client, query):
        response = client.get(reverse("reports:region_search"), {"q": query})
        assert response.status_code == 200
        return [result["label"] for result in response.json()["results"]]

    def test_by_english_name(self, coordinator_client):
        assert "Lapland (FI), FI1D7" in self.search(coordinator_client, "lapland")

    def test_by_national_name(self, coordinator_client):
        response = coordinator_client.get(reverse("reports:region_search"), {"q": "Lappi"})
        assert response.json()["results"] == [
            {"label": "Lapland (FI), FI1D7", "national": "Lappi", "level": 3}
        ]

    def test_by_code_broadest_first(self, coordinator_client):
        assert self.search(coordinator_client, "fi1d")[:2] == [
            "Northern and Eastern Finland (FI), FI1D",
            "Etelä-Savo (FI), FI1D1",
        ]

    def test_not_for_one_letter_nor_extra_regio_units(self, coordinator_client):
        assert self.search(coordinator_client, "F") == []
        assert not any("Extra-Regio" in label for label in self.search(coordinator_client, "FRZ"))

    @pytest.mark.parametrize(
        ("typed", "code"),
        [
            ("Lapland (FI), FI1D7", "FI1D7"),
            ("Lapland (FI), FI1D7.", "FI1D7"),
            ("FI1D7", "FI1D7"),
            ("Tuscany", "ITI1"),
            ("Central Finland", "FI193"),
            ("Bretagne", "FRH0"),  # FRH (level 1) and FRH0 (level 2): the NUTS 2 region
            ("Wales (UK)", "UKL"),
            ("Saint Quentin", None),
            ("Brittany Region with the support of Images & Reseaux", None),
            ("Hauts-de-France, FRXX9", None),
        ],
    )
    def test_a_typed_entry_is_linked_only_when_it_names_one_unit(self, typed, code):
        found = lookup.resolve(typed)
        assert (found.region.nuts_code if found.region else None) == code

    def test_the_regions_step_links_typed_entries_and_keeps_the_rest_as_written(
        self, coordinator_client, report
    ):
        post_step(
            coordinator_client,
            report,
            "regions",
            {"lead-0-entry": "Lapland (FI), FI1D7", "lead-1-entry": "Saint Quentin"},
        )
        assert list(report.regions.values_list("name", "region__nuts_code")) == [
            ("Lapland (FI), FI1D7", "FI1D7"),
            ("Saint Quentin", None),
        ]
        page = coordinator_client.get(step_url(report, "regions")).content.decode()
        assert "NUTS: Lapland (FI), FI1D7" in page
        assert "Not a NUTS region: kept as written" in page

    def test_an_eu13_region_answers_the_eu13_question(self, coordinator_client, report):
        page = coordinator_client.get(step_url(report, "new-activities")).content.decode()
        assert "needs a justification" in page
        assert "Involvement of regions from EU13 Member States" in page
        assert any("EU13" in str(label) for _step, label in missing_of(report))
        ReportRegion.objects.create(
            report=report, role="participating", region=estonia(), match="linked"
        )
        page = coordinator_client.get(step_url(report, "new-activities")).content.decode()
        assert "needs a justification" not in page
        assert not any("EU13" in str(label) for _step, label in missing_of(report))


def estonia():
    return Region.objects.get_nuts("EE00")


def missing_of(report):
    from reports.answers import missing_answers

    return [(page, question.text) for page, question in missing_answers(report)]


def test_form_values_reads_the_page_as_a_browser_would(coordinator_client, report):
    """The helper the other tests rely on: checked radios only, textareas as typed."""
    report.executive_summary = "Line one\nLine <two> & three"
    report.save()
    values = form_values(coordinator_client.get(step_url(report, "summary")))
    assert values["executive_summary"] == ["Line one\nLine <two> & three"]
    assert values["version"] == ["0"]


@pytest.mark.parametrize("step", ["header", "regions", "review"])
def test_a_skip_link_leads_past_the_list_of_steps_to_the_step_itself(
    coordinator_client, report, step
):
    page = coordinator_client.get(step_url(report, step)).content.decode()
    link = page.index('class="skip-to-form')
    assert link < page.index('class="wizard-nav"')
    assert 'href="#step-title"' in page[link - 100 : link + 100]
    assert 'id="step-title" class="step-title-heading" tabindex="-1"' in page
