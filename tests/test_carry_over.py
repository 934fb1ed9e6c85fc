"""Starting a report pre-fills it from the partnership's previous report, marked as carried
over until the coordinator edits or confirms it.

What mostly stays from one half-year to the next is copied: the summary and objectives, the
regions (with their NUTS links) and the working areas. Planned events that fell in the new
period are offered as past events. What is new every period is not copied.
"""

import datetime

import pytest
from django.urls import reverse

from reports.models import (
    Event,
    MonitoringReport,
    ReportingPeriod,
    ReportRegion,
    SDGRating,
    WorkingArea,
)
from reports.models.self_assessment import SelfAssessment
from tests.wizard_helpers import messages_of, page_values, post_step, start_url, step_url

SUMMARY = "We secure regional digital infrastructure.\nObjectives: pilots, training."


@pytest.fixture
def first_half(db):
    return ReportingPeriod.objects.create(year=2020, half=1, deadline=datetime.date(2020, 7, 31))


@pytest.fixture
def previous(partnership, first_half, brittany):
    """Cybersecurity's report for January-June 2020, as submitted."""
    report = MonitoringReport.start(partnership, first_half)
    report.executive_summary = SUMMARY
    report.innovative_results = "A joint roadmap."
    report.save()
    ReportRegion.objects.bulk_create(
        [
            ReportRegion(report=report, role="lead", region=brittany, match="linked", position=1),
            ReportRegion(report=report, role="participating", name="Castilla y Leon", position=1),
            ReportRegion(report=report, role="interested", name="ENISA", position=1),
        ]
    )
    WorkingArea.objects.bulk_create(
        [
            WorkingArea(report=report, position=1, working_area="Secure IoT", other_actors="ENISA"),
            WorkingArea(report=report, position=2, working_area="Training", region_in_charge="FI"),
        ]
    )
    Event.objects.bulk_create(
        [
            Event(report=report, kind="past", position=1, title="Kick-off", date=day(2020, 3, 2)),
            Event(
                report=report, kind="planned", position=1, title="Too early", date=day(2020, 6, 30)
            ),
            Event(
                report=report,
                kind="planned",
                position=2,
                title="Hackathon",
                date=day(2020, 11, 20),
                date_detail="two days",
                place="Rennes",
                other_information="With the Brittany cluster",
            ),
            Event(report=report, kind="planned", position=3, title="Summit", date=day(2020, 7, 1)),
            Event(
                report=report, kind="planned", position=4, title="Next year", date=day(2021, 1, 1)
            ),
        ]
    )
    SDGRating.objects.create(report=report, goal=9, rating="strongly_agree")
    SelfAssessment.objects.create(report=report, risks="Funding")
    return report


def day(year, month, date):
    return datetime.date(year, month, date)


def start(client, partnership, period):
    response = client.post(start_url(partnership, period))
    assert response.status_code == 302
    return MonitoringReport.objects.get(partnership=partnership, period=period)


@pytest.fixture
def started(coordinator_client, partnership, open_period, previous):
    """The July-December 2020 report, as the coordinator starts it."""
    return start(coordinator_client, partnership, open_period)


def test_starting_copies_the_summary_regions_and_working_areas_marked_carried_over(
    started, brittany
):
    assert started.executive_summary == SUMMARY
    assert started.carried_over_fields == ["executive_summary"]
    assert list(
        started.regions.values_list("role", "position", "region", "name", "carried_over")
    ) == [
        ("interested", 1, None, "ENISA", True),
        ("lead", 1, brittany.pk, "", True),
        ("participating", 1, None, "Castilla y Leon", True),
    ]
    assert list(
        started.working_areas.values_list(
            "position", "working_area", "region_in_charge", "other_actors", "carried_over"
        )
    ) == [(1, "Secure IoT", "", "ENISA", True), (2, "Training", "FI", "", True)]


def test_planned_events_dated_in_the_new_period_become_its_past_events(started):
    assert list(
        started.events.values_list(
            "kind",
            "position",
            "title",
            "date",
            "date_detail",
            "place",
            "other_information",
            "carried_over",
        )
    ) == [
        ("past", 1, "Summit", day(2020, 7, 1), "", "", "", True),
        (
            "past",
            2,
            "Hackathon",
            day(2020, 11, 20),
            "two days",
            "Rennes",
            "With the Brittany cluster",
            True,
        ),
    ]


def test_what_is_new_every_period_is_not_copied(started):
    assert started.innovative_results == ""
    assert not started.sdg_ratings.exists()
    assert not SelfAssessment.objects.filter(report=started).exists()
    assert not started.events.filter(kind="planned").exists()


def test_the_previous_report_is_left_as_it_was(started, previous):
    assert previous.regions.count() == 3
    assert previous.events.count() == 5
    assert not previous.regions.filter(carried_over=True).exists()


def test_the_latest_earlier_report_is_the_one_copied(
    coordinator_client, partnership, open_period, previous
):
    older = MonitoringReport.start(
        partnership, ReportingPeriod.objects.create(year=2019, half=2, deadline=day(2020, 1, 31))
    )
    older.executive_summary = "2019 summary"
    older.save()
    later = MonitoringReport.start(
        partnership, ReportingPeriod.objects.create(year=2021, half=1, deadline=day(2021, 7, 31))
    )
    later.executive_summary = "2021 summary"
    later.save()
    assert start(coordinator_client, partnership, open_period).executive_summary == SUMMARY


def test_a_partnership_with_no_earlier_report_starts_empty(
    coordinator_client, partnership, open_period, other_partnership, first_half
):
    elsewhere = MonitoringReport.start(other_partnership, first_half)
    elsewhere.executive_summary = "Chemicals"
    elsewhere.save()
    WorkingArea.objects.create(report=elsewhere, position=1, working_area="Plastics")
    report = start(coordinator_client, partnership, open_period)
    # Only the header, from the partnership's own record.
    assert (report.start_date, report.web_page) == (
        partnership.start_date,
        partnership.web_page,
    )
    assert (report.executive_summary, report.carried_over_fields) == ("", [])
    assert not report.regions.exists()
    assert not report.working_areas.exists()
    assert not report.events.exists()
    assert "Report started." in messages_of(coordinator_client.get(step_url(report, "header")))


@pytest.mark.parametrize("step", ["summary", "regions", "working-areas", "past-events"])
def test_the_wizard_marks_what_was_carried_over_and_offers_to_confirm_it(
    coordinator_client, started, step
):
    page = coordinator_client.get(step_url(started, step)).content.decode()
    assert "Carried over" in page
    assert 'value="confirm"' in page


@pytest.mark.parametrize("step", ["header", "planned-events", "innovative-results", "sdgs"])
def test_steps_with_nothing_carried_over_have_no_marks(coordinator_client, started, step):
    page = coordinator_client.get(step_url(started, step)).content.decode()
    assert 'value="confirm"' not in page


def test_editing_a_carried_over_text_removes_its_mark(coordinator_client, started):
    post_step(coordinator_client, started, "summary", {"executive_summary": "Rewritten."})
    started.refresh_from_db()
    assert (started.executive_summary, started.carried_over_fields) == ("Rewritten.", [])
    page = coordinator_client.get(step_url(started, "summary")).content.decode()
    assert 'value="confirm"' not in page


def test_saving_a_carried_over_text_untouched_keeps_its_mark(coordinator_client, started):
    # Browsers send a textarea's line breaks as CRLF, whatever was stored.
    as_sent = SUMMARY.replace("\n", "\r\n")
    response = post_step(coordinator_client, started, "summary", {"executive_summary": as_sent})
    assert response.status_code == 302
    started.refresh_from_db()
    assert (started.executive_summary, started.carried_over_fields) == (
        SUMMARY,
        ["executive_summary"],
    )


def test_autosaving_a_carried_over_text_removes_its_mark_only_when_changed(
    coordinator_client, started
):
    url = reverse(
        "reports:wizard_autosave",
        kwargs={"slug": "cybersecurity", "period": "2020-h2", "step": "summary"},
    )
    coordinator_client.post(
        url, {"version": "0", "executive_summary": SUMMARY.replace("\n", "\r\n")}
    )
    started.refresh_from_db()
    assert started.carried_over_fields == ["executive_summary"]
    coordinator_client.post(url, {"version": "1", "executive_summary": "New"})
    started.refresh_from_db()
    assert (started.executive_summary, started.carried_over_fields) == ("New", [])


def test_editing_one_row_clears_that_rows_mark_only(coordinator_client, started):
    marked = marks(coordinator_client, started, "working-areas")
    post_step(
        coordinator_client,
        started,
        "working-areas",
        {"working-areas-1-region_in_charge": "Lapland"},
    )
    assert list(started.working_areas.values_list("working_area", "carried_over")) == [
        ("Secure IoT", True),
        ("Training", False),
    ]
    page = page_values(coordinator_client, started, "working-areas")
    assert page["working-areas-1-region_in_charge"] == ["Lapland"]
    assert page["working-areas-0-carried_over"] == ["True"]
    assert page["working-areas-1-carried_over"] == ["False"]
    assert marks(coordinator_client, started, "working-areas") == marked - 1


def test_a_row_with_several_lines_sent_back_untouched_keeps_its_mark(coordinator_client, started):
    started.working_areas.filter(position=1).update(involved_regions="Brittany\nLapland")
    values = page_values(coordinator_client, started, "working-areas")
    post_step(
        coordinator_client,
        started,
        "working-areas",
        {"working-areas-0-involved_regions": "Brittany\r\nLapland"},
        values=values,
    )
    assert list(started.working_areas.values_list("involved_regions", "carried_over")) == [
        ("Brittany\nLapland", True),
        ("", True),
    ]


def test_editing_one_region_clears_that_entrys_mark_only(coordinator_client, started):
    post_step(coordinator_client, started, "regions", {"participating-0-entry": "Castile and León"})
    assert list(started.regions.values_list("role", "carried_over")) == [
        ("interested", True),
        ("lead", True),
        ("participating", False),
    ]


def test_a_region_saved_as_it_was_keeps_its_link_even_if_its_name_alone_does_not_resolve(
    coordinator_client, started, brittany
):
    started.regions.filter(role="lead").update(name="Brittany Region")
    post_step(coordinator_client, started, "regions")
    assert list(started.regions.values_list("role", "name", "region", "carried_over")) == [
        ("interested", "ENISA", None, True),
        ("lead", "Brittany Region", brittany.pk, True),
        ("participating", "Castilla y Leon", None, True),
    ]
    post_step(coordinator_client, started, "regions", {"lead-0-entry": "Brittany Region, FR"})
    assert started.regions.get(role="lead").region is None


def test_removing_a_carried_over_row_keeps_the_others_marked(coordinator_client, started):
    post_step(coordinator_client, started, "past-events", {"past-events-0-DELETE": "on"})
    assert list(started.events.values_list("title", "position", "carried_over")) == [
        ("Hackathon", 1, True)
    ]


@pytest.mark.parametrize(
    ("step", "marks"),
    [
        ("summary", lambda report: report.carried_over_fields),
        ("regions", lambda report: list(report.regions.filter(carried_over=True))),
        ("working-areas", lambda report: list(report.working_areas.filter(carried_over=True))),
        ("past-events", lambda report: list(report.events.filter(carried_over=True))),
    ],
)
def test_confirming_clears_the_steps_marks_and_saves_it(coordinator_client, started, step, marks):
    response = post_step(coordinator_client, started, step, action="confirm")
    assert response["Location"] == step_url(started, step)
    started.refresh_from_db()
    assert marks(started) == []
    assert started.step_versions == {step: 1}
    assert 'value="confirm"' not in coordinator_client.get(step_url(started, step)).content.decode()


def test_confirming_one_step_leaves_the_other_steps_marked(coordinator_client, started):
    post_step(coordinator_client, started, "working-areas", action="confirm")
    started.refresh_from_db()
    assert started.carried_over_fields == ["executive_summary"]
    assert not started.regions.filter(carried_over=False).exists()
    assert not started.events.filter(carried_over=False).exists()


def test_confirming_saves_what_was_typed_too(coordinator_client, started):
    post_step(
        coordinator_client,
        started,
        "working-areas",
        {"working-areas-2-working_area": "Skills"},
        action="confirm",
    )
    assert list(started.working_areas.values_list("working_area", "carried_over")) == [
        ("Secure IoT", False),
        ("Training", False),
        ("Skills", False),
    ]


def marks(client, report, step):
    """How many "Carried over" marks the step's page shows."""
    return client.get(step_url(report, step)).content.decode().count(">Carried over<")


def test_the_review_marks_each_answer_still_carried_over(coordinator_client, started):
    # The summary, three regions, two working areas and two past events.
    assert marks(coordinator_client, started, "review") == 8
    post_step(coordinator_client, started, "working-areas", {"working-areas-0-other_actors": ""})
    assert marks(coordinator_client, started, "review") == 7
    for step in ("summary", "regions", "working-areas", "past-events"):
        post_step(coordinator_client, started, step, action="confirm")
    assert marks(coordinator_client, started, "review") == 0


def nav_statuses(client, report):
    """{step: its status in the list of steps}, as a page of the wizard shows them."""
    response = client.get(step_url(report, "header"))
    return {step.slug: status for step, status, _url in response.context["steps"]}


def workspace_statuses(client, report):
    response = client.get(reverse("reports:workspace"))
    (partnership,) = response.context["partnerships"]
    (row,) = [row for row in partnership.open_rows if row["report"] == report]
    return {step.slug: status for step, status in row["statuses"]}


def test_steps_carried_over_are_to_confirm_until_confirmed_not_complete(
    coordinator_client, started
):
    carried = ["summary", "regions", "working-areas", "past-events"]
    for statuses in (
        nav_statuses(coordinator_client, started),
        workspace_statuses(coordinator_client, started),
    ):
        assert {slug: statuses[slug] for slug in carried} == dict.fromkeys(carried, "to_confirm")
    page = coordinator_client.get(reverse("reports:workspace")).content.decode()
    assert "Executive summary and objectives: To confirm" in page

    post_step(coordinator_client, started, "working-areas", action="confirm")
    post_step(coordinator_client, started, "summary", {"executive_summary": "Rewritten."})
    statuses = nav_statuses(coordinator_client, started)
    assert (statuses["working-areas"], statuses["summary"], statuses["regions"]) == (
        "complete",
        "complete",
        "to_confirm",
    )
