"""The signed-in pages and the wizard's saves cost the same number of queries whatever the size
of the data: partnerships, periods, reports, table rows, regions, remarks, submissions.

Each page is asked on a small data set, then again after the data grew several times, and
both times it must make exactly the queries written here. Each save is made with one row (or
region) and with ten. A count that changes here is a page that reads the database once per
something: the comment beside each number says what its queries are.
"""

import datetime
import re

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from regions import lookup
from reports.models import (
    Event,
    MonitoringReport,
    Partnership,
    ReportingPeriod,
    ReportRegion,
    ReportTransition,
    ReportVersion,
    ReviewComment,
    SDGRating,
    WorkingArea,
)
from reports.models.self_assessment import Milestone, PipelineProject, SelfAssessment
from reports.wizard.steps import STEPS, get_step
from tests.sitemap_helpers import sitemap_text
from tests.test_review_dashboard import DASHBOARD_QUERIES
from tests.wizard_helpers import autosave_url, page_values, step_url

State = MonitoringReport.State
ROLES = ("lead", "participating", "interested")
# The states a report of the grown data is in, in turn: all that a page tells apart.
STATES = [State.DRAFT, State.RETURNED, State.SUBMITTED, State.ACCEPTED, State.PUBLISHED]

# Every page of a signed-in person starts with the session and the user.
SIGNED_IN = 2
# The report a page is about: its period, then the report itself.
REPORT = 2
# A report's answers: its regions, its self-assessment, the rows of working areas,
# events, SDG ratings, projects in the pipeline and milestones, and its annexes.
ANSWERS = 8
# The coordinators' and administrators' workspace: how many partnerships they have and a
# page of them, the open periods, the reports open for reporting and the earlier ones, the
# answers of those open, and the remarks sent with those returned to the coordinators.
WORKSPACE = SIGNED_IN + 5 + ANSWERS + 1
# A wizard step: whether the answers the page shows are kept (to merge a later save
# against), the answers, the saves this person's browser made, the remarks sent, and the
# reviewers' covering message (the report was returned). The review step reads who brought
# the report to its state instead of whether the answers are kept.
STEP_PAGE = SIGNED_IN + REPORT + 1 + ANSWERS + 1 + 1 + 1
# The reviewers' page: the answers, the submissions, the remarks, the reviewers' note, the
# history and the partnership's previous report.
REVIEW_PAGE = SIGNED_IN + REPORT + ANSWERS + 5
# The dashboard: what tests/test_review_dashboard.py says.
DASHBOARD = DASHBOARD_QUERIES
# The index counts the pages of each of its 8 sections (one query each, whatever the number
# of partnerships, reports, news, regions, countries and platforms); a section's page is one
# query.
SITEMAP_INDEX = 8
SITEMAP_SECTION = 1
# A save: the report, then again under its lock in a transaction (a savepoint, the lock and
# its release), the step's new version, the revision that keeps its answers as saved and the
# audit trail's entry of what it changed (audit/record.py). Then what each step adds: the
# answers it replaces, read before the save and again after it (for the revision), and the
# writes, one query per kind of change however many rows there are.
SAVE = SIGNED_IN + REPORT + 3 + 3
# A page of fields only: the report's fields checked (one report per partnership and
# period) and written.
FIELDS_SAVED = SAVE + 2
SAVES = {
    "header": FIELDS_SAVED,
    "summary": FIELDS_SAVED,
    # The regions of the three lists, one look at NUTS for them all, one update per list.
    "regions": SAVE + 2 + 1 + 3,
    # One update of all the table's rows.
    "working-areas": SAVE + 2 + 1,
    "past-events": SAVE + 2 + 1,
    "planned-events": SAVE + 2 + 1,
    "innovative-results": FIELDS_SAVED,
    "collaborative-results": FIELDS_SAVED,
    # The regions, to tell whether the EU13 justification is mandatory, for the form saved,
    # the one that reads the answers it replaces (for the audit trail) and the one that reads
    # its answers back.
    "new-activities": FIELDS_SAVED + 3,
    # The goals no longer rated deleted, the others written in one query.
    "sdgs": SAVE + 2 + 2,
    # The self-assessment and its two tables; its fields and the two matrices kept in them
    # written, and one update of each table's rows.
    "self-assessment": SAVE + 6 + 5,
}
# Rows removed, moved and added: those that go and those that move deleted at once, the
# moved ones inserted again under their ids at once, the new ones at once.
RESHAPED_TABLE = SAVE + 2 + 3
# A text saved in the background: the report's fields checked (one report per partnership
# and period) and written.
AUTOSAVE = SAVE + 2


# --- The data ---------------------------------------------------------------------------------


ANSWERED = ["web_page", "start_date", "outreach", "executive_summary"]


def fill(report, positions):
    """Rows at `positions` in every table and list of regions of `report`, and as many
    SDGs rated; an answer or two elsewhere, some of it carried over."""
    report.web_page = "https://example.org/partnership"
    report.start_date = datetime.date(2018, 2, 1)
    report.outreach = "Two newsletters."
    report.executive_summary = "Secure regions."
    report.carried_over_fields = ["executive_summary"]
    report.save(update_fields=[*ANSWERED, "carried_over_fields"])
    ReportRegion.objects.bulk_create(
        ReportRegion(report=report, role=role, name=f"{role} {n}", position=n)
        for role in ROLES
        for n in positions
    )
    WorkingArea.objects.bulk_create(
        WorkingArea(report=report, position=n, working_area=f"Area {n}", carried_over=n == 1)
        for n in positions
    )
    Event.objects.bulk_create(
        Event(report=report, kind=kind, position=n, title=f"{kind} event {n}")
        for kind in ("past", "planned")
        for n in positions
    )
    SDGRating.objects.bulk_create(
        SDGRating(report=report, goal=n, rating="agree") for n in positions
    )
    assessment, _new = SelfAssessment.objects.get_or_create(
        report=report, defaults={"progress_rating": "good", "governance": {"industry": "agree"}}
    )
    PipelineProject.objects.bulk_create(
        PipelineProject(self_assessment=assessment, position=n, name=f"Project {n}", status="idea")
        for n in positions
    )
    Milestone.objects.bulk_create(
        Milestone(self_assessment=assessment, position=n, milestone=f"Milestone {n}")
        for n in positions
    )


def reviewed(report, reviewer, remarks):
    """`report` submitted (once more), with `remarks` remarks on that submission."""
    number = report.versions.count() + 1
    version = ReportVersion.objects.create(
        report=report, number=number, submitted_at=timezone.now(), content={"answers": {}}
    )
    ReviewComment.objects.bulk_create(
        ReviewComment(
            report=report,
            anchor=anchor,
            text=f"Remark {n}",
            author=reviewer,
            version=version,
        )
        for n in range(remarks)
        for anchor in ["executive_summary" if n % 2 else "regions:lead"]
    )
    ReportTransition.objects.create(
        report=report, from_state=report.state, to_state=State.SUBMITTED, user=reviewer
    )
    report.state = State.SUBMITTED
    report.save(update_fields=["state"])


def moved(report, state, reviewer):
    """`report`, now in `state`, the transition recorded a moment after everything else."""
    ReportTransition.objects.create(
        report=report,
        from_state=report.state,
        to_state=state,
        user=reviewer,
        comment="Please say more about the pilots.",
        at=timezone.now() + datetime.timedelta(seconds=1),
    )
    report.state = state
    report.save(update_fields=["state"])


def grow(platform, coordinator, reviewer, name, size):
    """`size` more partnerships that `coordinator` coordinates, `size` more periods (every
    other one open) and a report for each of them and each period, in every state in turn,
    each with `size` rows in every table and `size` remarks."""
    partnerships = Partnership.objects.bulk_create(
        Partnership(platform=platform, short_name=f"{name} {n}", full_name=name, slug=f"{name}-{n}")
        for n in range(size)
    )
    Partnership.coordinators.through.objects.bulk_create(
        Partnership.coordinators.through(partnership=partnership, user=coordinator)
        for partnership in partnerships
    )
    first_year = 2030 + ReportingPeriod.objects.count()
    periods = ReportingPeriod.objects.bulk_create(
        ReportingPeriod(
            year=first_year + n, half=1, deadline=datetime.date(2021, 7, 31), is_open=n % 2 == 0
        )
        for n in range(size)
    )
    for i, partnership in enumerate(partnerships):
        for j, period in enumerate(periods):
            report = MonitoringReport.objects.create(partnership=partnership, period=period)
            fill(report, range(1, size + 1))
            state = STATES[(i + j) % len(STATES)]
            if state != State.DRAFT:
                reviewed(report, reviewer, size)
            if state not in (State.DRAFT, State.SUBMITTED):
                moved(report, state, reviewer)


@pytest.fixture
def small(platform, report, open_period, coordinator, reviewer):
    """The data to grow: the coordinator's report returned with a remark, with a row in every
    table and list, and one more partnership with a report in every state."""
    fill(report, [1])
    reviewed(report, reviewer, 1)
    moved(report, State.RETURNED, reviewer)
    grow(platform, coordinator, reviewer, "small", 3)
    return report


def grown(report, coordinator, reviewer):
    """Several times the data of `small`: ten rows in the report's tables, more remarks and
    submissions, and more partnerships, periods and reports."""
    fill(report, range(2, 11))
    reviewed(report, reviewer, 9)
    moved(report, State.RETURNED, reviewer)
    grow(report.partnership.platform, coordinator, reviewer, "grown", 6)


def count(django_assert_num_queries, expected, ask):
    with django_assert_num_queries(expected):
        response = ask()
    assert response.status_code in (200, 302), response.status_code
    return response


# --- Pages ------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["coordinator", "administrator"])
def test_the_workspace_costs_the_same_for_many_partnerships_and_reports(
    request, client, small, coordinator, reviewer, persona, django_assert_num_queries
):
    client.force_login(request.getfixturevalue(persona))
    workspace = reverse("reports:workspace")
    count(django_assert_num_queries, WORKSPACE, lambda: client.get(workspace))
    grown(small, coordinator, reviewer)
    page = count(django_assert_num_queries, WORKSPACE, lambda: client.get(workspace))
    # Every partnership is there, each report open for reporting with how far it is.
    assert page.content.decode().count("workspace-partnership") == 1 + 3 + 6
    assert page.content.decode().count('class="section-dots"') == len(
        MonitoringReport.objects.filter(period__is_open=True)
    )


@pytest.mark.parametrize("step", [step.slug for step in STEPS])
def test_a_wizard_step_costs_the_same_for_more_rows_remarks_and_reports(
    coordinator_client, small, coordinator, reviewer, step, django_assert_num_queries
):
    url = step_url(small, step)
    coordinator_client.get(url)  # the first page of a version keeps its answers
    count(django_assert_num_queries, STEP_PAGE, lambda: coordinator_client.get(url))
    grown(small, coordinator, reviewer)
    coordinator_client.get(url)
    count(django_assert_num_queries, STEP_PAGE, lambda: coordinator_client.get(url))


def test_the_reviewers_page_costs_the_same_for_more_rows_remarks_and_submissions(
    client, small, coordinator, reviewer, django_assert_num_queries
):
    client.force_login(reviewer)
    url = reverse(
        "reports:review_report",
        kwargs={"slug": small.partnership.slug, "period": small.period.slug},
    )
    count(django_assert_num_queries, REVIEW_PAGE, lambda: client.get(url))
    grown(small, coordinator, reviewer)
    page = count(django_assert_num_queries, REVIEW_PAGE, lambda: client.get(url))
    assert page.content.decode().count("Remark 8") == 1


def test_the_review_dashboard_costs_the_same_for_more_partnerships_and_periods(
    client, small, coordinator, reviewer, django_assert_num_queries
):
    client.force_login(reviewer)
    url = reverse("reports:review_dashboard") + "?period=all"
    count(django_assert_num_queries, DASHBOARD, lambda: client.get(url))
    grown(small, coordinator, reviewer)
    count(django_assert_num_queries, DASHBOARD, lambda: client.get(url))


def test_the_sitemap_costs_the_same_for_more_published_reports(
    client, small, coordinator, reviewer, django_assert_num_queries
):
    sections = {"/sitemap.xml": SITEMAP_INDEX, "/sitemap-reports.xml": SITEMAP_SECTION}
    for url, queries in sections.items():
        count(django_assert_num_queries, queries, lambda url=url: client.get(url))
    grown(small, coordinator, reviewer)
    for url, queries in sections.items():
        count(django_assert_num_queries, queries, lambda url=url: client.get(url))
    published = MonitoringReport.objects.published().count()
    assert published > 2
    # Every published report, in every language.
    listed = re.findall(r"<loc>[^<]*/reports/", sitemap_text(client))
    assert len(listed) == published * len(settings.LANGUAGES)


# --- Saves ------------------------------------------------------------------------------------


def save(client, report, step, changes):
    """Post the step as its page shows it, with `changes` typed over it."""
    values = page_values(client, report, step)
    values.update({name: [value] for name, value in changes.items()})
    values["action"] = ["save"]
    # Matching a region against NUTS reads the units once per process (and again after they
    # change): read them before counting. So is the audit trail's content type of a report.
    lookup.current_index()
    ContentType.objects.get_for_model(MonitoringReport)
    return lambda: client.post(step_url(report, step), values)


def retyped(step, rows):
    """What is typed anew on the step: the first cell of `rows` rows of each table (`rows`
    regions of each list, `rows` goals), or on a page of fields only, one of them."""
    tables = {"working-areas": "working_area", "past-events": "title", "planned-events": "title"}
    if step == "regions":
        return {f"{role}-{n}-entry": f"Lapland {role} {n}" for role in ROLES for n in range(rows)}
    if step == "sdgs":
        return {f"sdgs-row_{n + 1}": "disagree" for n in range(rows)}
    if step == "self-assessment":
        return {
            **{f"pipeline-{n}-name": f"Retyped {n}" for n in range(rows)},
            **{f"milestones-{n}-milestone": f"Retyped {n}" for n in range(rows)},
        }
    if step in tables:
        return {f"{step}-{n}-{tables[step]}": f"Retyped {n}" for n in range(rows)}
    if step == "header":
        return {"web_page": f"https://example.org/{rows}"}
    return {get_step(step).autosave_fields[0]: f"Retyped with {rows} rows elsewhere."}


@pytest.mark.parametrize("step", SAVES)
def test_saving_a_step_costs_the_same_for_one_row_and_for_ten(
    coordinator_client, report, step, django_assert_num_queries
):
    fill(report, [1])
    count(
        django_assert_num_queries,
        SAVES[step],
        save(coordinator_client, report, step, retyped(step, 1)),
    )
    fill(report, range(2, 11))
    count(
        django_assert_num_queries,
        SAVES[step],
        save(coordinator_client, report, step, retyped(step, 10)),
    )
    shown = page_values(coordinator_client, report, step)
    assert all(shown[name] == [typed] for name, typed in retyped(step, 10).items())


def test_rows_removed_moved_and_added_cost_the_same_for_few_and_many(
    coordinator_client, report, django_assert_num_queries
):
    def reshape(rows):
        """`rows` working areas; the first removed, the others moving up, one added at the end."""
        report.working_areas.all().delete()
        WorkingArea.objects.bulk_create(
            WorkingArea(report=report, position=n, working_area=f"Area {n}")
            for n in range(1, rows + 1)
        )
        changes = {"working-areas-0-DELETE": "on", f"working-areas-{rows}-working_area": "Added"}
        count(
            django_assert_num_queries,
            RESHAPED_TABLE,
            save(coordinator_client, report, "working-areas", changes),
        )
        return list(report.working_areas.values_list("working_area", flat=True))

    assert reshape(2) == ["Area 2", "Added"]
    assert reshape(9) == [*(f"Area {n}" for n in range(2, 10)), "Added"]


def test_an_autosave_costs_the_same_for_more_rows(
    coordinator_client, report, django_assert_num_queries
):
    def autosave():
        version = page_values(coordinator_client, report, "summary")["version"]
        ContentType.objects.get_for_model(MonitoringReport)
        data = {"version": version, "executive_summary": "Typed in the background."}
        return lambda: coordinator_client.post(autosave_url(report, "summary"), data)

    fill(report, [1])
    count(django_assert_num_queries, AUTOSAVE, autosave())
    fill(report, range(2, 11))
    count(django_assert_num_queries, AUTOSAVE, autosave())
