"""The report wizard in a real browser (headless Chromium), as coordinators use it.

Issue 3, "Done when": a coordinator of a partnership without an earlier report fills a whole
report from scratch with the content of seed 004 (the Cybersecurity report of July–December
2020, kept as Python data in reports/demo/cybersecurity.py), leaves halfway, comes back,
submits, and every value is then checked in the database; the Cybersecurity coordinator
starts January–June 2021 and finds last period's report carried over, marked as such.
JavaScript is on throughout, as for most coordinators: "Add a row" reveals table rows, and
long texts save themselves a few seconds after typing stops.
"""

import dataclasses
import datetime
import re

import pytest
from django.utils import formats, timezone

from accounts.models import User
from reports.demo import cybersecurity
from reports.demo.accounts import PASSWORD
from reports.demo.load import current_half_year
from reports.demo.specs import NON_NUTS_ENTITIES, progress_fields, sdg_ratings
from reports.models import (
    Event,
    MonitoringReport,
    Partnership,
    RegionRole,
    ReportingPeriod,
)
from reports.models.self_assessment import SelfAssessment
from tests.e2e.helpers import (
    ADD_ROW,
    check,
    click_and_wait,
    field,
    fill_region_list,
    fill_rows,
    press,
    put,
)

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture fails or skips these tests and says why
    expect = None

# The report's own texts in section II.
PROGRESS_FIELDS = progress_fields()

pytestmark = pytest.mark.e2e


SEED = cybersecurity.REPORT_2020_H2  # seed 004
ASSESSMENT = cybersecurity.SELF_ASSESSMENTS[(2020, 2)]
# Seed 004 stops before the self-assessment; two optional answers it has no value for.
OUTPUTS_OTHER = "Market study of the federated cyber range"
FURTHER_COMMENTS = "Wales stays as an observer after Brexit.\nNo other comment this period."

PERIOD = "2021-h1"
PERIOD_LABEL = "January - June 2021"
ROLES = [RegionRole.LEAD, RegionRole.PARTICIPATING, RegionRole.INTERESTED]

# The step form's buttons, by the action they post (their wording is the template's).
SAVE, NEXT, CONFIRM = "save", "next", "confirm"
# "Saved at 14:02": the autosave's state under the form; the message after a save ends
# with a full stop.
SAVED_AT = re.compile(r"^Saved at \d\d:\d\d$")


def typed_entry(listed):
    """(what the coordinator types, the NUTS code it must be linked to, or None).

    NUTS regions are typed as the form's hint asks, "name, NUTS code", with the seed's
    spelling of the name; an entity outside NUTS is typed just as the seed writes it.
    """
    if listed.region in NON_NUTS_ENTITIES:
        return listed.name, None
    return f"{listed.name}, {listed.region}", listed.region


REGIONS_TYPED = {role: [typed_entry(listed) for listed in SEED.regions[role]] for role in ROLES}


def cells(row):
    return dataclasses.asdict(row)


# --- moving around ----------------------------------------------------------------------------


def log_in(page, username):
    """Log in the way a coordinator does: open My reports, get sent to the login page."""
    page.goto("/workspace/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/workspace/$"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/workspace/$"))
    expect(page.get_by_role("heading", name="My reports", level=1)).to_be_visible()


def log_out(page):
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()


def step_path(slug, period, step):
    return f"/workspace/{slug}/{period}/{step}/"


def jump(page, step):
    """Go to another step through the list of steps (which saves this one first)."""
    with page.expect_navigation():
        page.locator(f"button[name='action'][value='goto:{step}']").filter(visible=True).click()
    expect(page).to_have_url(re.compile(f"/{re.escape(step)}/$"))


def step_statuses(page):
    """[(step title, its state)] as the list of steps shows them (the review step has none)."""
    steps = page.get_by_role("navigation", name="Steps of the report").first
    items = steps.get_by_role("listitem")
    statuses = []
    for index in range(items.count()):
        status = items.nth(index).locator(".step-status")
        statuses.append(
            (
                items.nth(index).locator(".step-title").inner_text().strip(),
                status.inner_text().strip(" :\n") if status.count() else None,
            )
        )
    return statuses


# --- typing -----------------------------------------------------------------------------------


def expect_values(page, values):
    for name, value in values.items():
        if isinstance(value, datetime.date):
            value = value.strftime("%d/%m/%Y")  # as the page shows a date, day first
        expect(field(page, name)).to_have_value("" if value is None else str(value))


def carried_over_rows(page):
    """The rows (of a table or a region list) marked as carried over."""
    return page.locator("#step-form [data-row]").filter(has_text="Carried over")


def expect_link(page, name, code):
    """What a screen reader says about a region entry: which NUTS unit it is linked to."""
    description = re.compile(f"NUTS: .*, {code}\\b" if code else "Not a NUTS region")
    expect(field(page, name)).to_have_accessible_description(description)


# --- the reports ------------------------------------------------------------------------------


def test_coordinator_fills_a_whole_report_leaves_halfway_resumes_and_submits(page, demo_data):
    slug = Partnership.objects.get(short_name="Sustainable Buildings").slug
    coordinator = User.objects.get(username="coordinator2")
    started = timezone.now()

    log_in(page, "coordinator2")
    period_row = page.get_by_role("row", name=re.compile(f"^{PERIOD_LABEL}"))
    expect(period_row).to_contain_text("Not started")
    click_and_wait(page, period_row.get_by_role("button", name=f"Start the report {PERIOD_LABEL}"))

    # Header: the period and the partnership are given; the rest is typed over.
    expect(page).to_have_url(re.compile(f"{step_path(slug, PERIOD, 'header')}$"))
    expect(page.get_by_text("Report started.")).to_be_visible()
    expect(page.locator("#step-form")).to_contain_text(PERIOD_LABEL)
    expect(page.locator("#step-form")).to_contain_text("Sustainable Buildings")
    expect(page.get_by_label("Start date of your partnership *")).to_be_visible()
    put(page, "start_date", cybersecurity.PARTNERSHIP.start_date)
    put(page, "web_page", cybersecurity.PARTNERSHIP.web_page)
    press(page, NEXT, lands_on="summary")

    put(page, "executive_summary", SEED.executive_summary)
    press(page, NEXT, lands_on="regions")

    # Regions: the NUTS search suggests units while typing ...
    lead = field(page, "lead-0-entry")
    lead.click()
    lead.press_sequentially("Bretagne")
    expect(page.locator("#id_lead-0-entry-suggestions [data-value$=', FRH0']")).to_have_count(1)
    lead.fill("")
    # ... and the lists are typed in full, a few rows at a time.
    for role in ROLES:
        fill_region_list(page, "regions", role, [text for text, _code in REGIONS_TYPED[role]])
    press(page, SAVE, lands_on="regions")
    for role in ROLES:
        for index, (_text, code) in enumerate(REGIONS_TYPED[role]):
            expect_link(page, f"{role}-{index}-entry", code)
    press(page, NEXT, lands_on="working-areas")

    fill_rows(page, "working-areas", [cells(row) for row in SEED.working_areas])
    press(page, NEXT, lands_on="past-events")
    fill_rows(page, "past-events", [cells(row) for row in SEED.past_events])
    press(page, NEXT, lands_on="planned-events")
    fill_rows(page, "planned-events", [cells(row) for row in SEED.planned_events])
    press(page, NEXT, lands_on="innovative-results")

    # Halfway: the coordinator saves, logs out, and the wizard is closed to strangers.
    for name in ("innovative_results", "socio_economic_impacts"):
        put(page, name, SEED.progress.get(name, ""))
    press(page, SAVE, lands_on="innovative-results")
    log_out(page)
    page.goto(step_path(slug, PERIOD, "innovative-results"))
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))

    # Back another day: Continue leads to the step they left, with everything there.
    log_in(page, "coordinator2")
    period_row = page.get_by_role("row", name=re.compile(f"^{PERIOD_LABEL}"))
    expect(period_row).to_contain_text("Draft")
    with page.expect_navigation():
        period_row.get_by_role("link", name=f"Continue {PERIOD_LABEL}").click()
    expect(page).to_have_url(re.compile(f"{step_path(slug, PERIOD, 'innovative-results')}$"))
    expect_values(
        page,
        {name: SEED.progress[name] for name in ("innovative_results", "socio_economic_impacts")},
    )
    statuses = [status for _title, status in step_statuses(page)]
    assert statuses[:7] == ["Complete"] * 7, step_statuses(page)
    assert statuses[7:11] == ["Not started"] * 4, step_statuses(page)
    jump(page, "regions")
    expect_values(
        page,
        {
            f"{role}-{index}-entry": text
            for role in ROLES
            for index, (text, _code) in enumerate(REGIONS_TYPED[role])
        },
    )
    jump(page, "collaborative-results")

    for name in ("inter_partnership_results", "business_involvement", "cooperation_sufficiency"):
        put(page, name, SEED.progress.get(name, ""))
    press(page, NEXT, lands_on="new-activities")
    # Estonia, Slovenia and Slovakia are EU13: the EU13 question needs no justification.
    expect(page.get_by_text("needs a justification")).to_have_count(0)
    for name in ("eu13_involvement", "non_eu_involvement", "outreach", "other_platform_activities"):
        put(page, name, SEED.progress.get(name, ""))
    press(page, NEXT, lands_on="sdgs")

    ratings = sdg_ratings(SEED.sdgs)
    assert len(ratings) == 14
    for goal, rating in ratings.items():
        check(page, f"sdgs-row_{goal}", rating)
    press(page, NEXT, lands_on="self-assessment")

    expect(page.locator("main")).to_contain_text("never published")
    check(page, "progress_rating", ASSESSMENT.progress_rating)
    check(page, "methodology_phase", ASSESSMENT.methodology_phase)
    check(page, "continuation", ASSESSMENT.continuation)
    for name in ("outputs", "changes", "obstacles", "support_needed"):
        for value in getattr(ASSESSMENT, name):
            check(page, name, value)
    for statement, answer in ASSESSMENT.governance.items():
        check(page, f"governance-row_{statement}", answer)
    for tool, answer in ASSESSMENT.support_usefulness.items():
        check(page, f"support-usefulness-row_{tool}", answer)
    fill_rows(page, "pipeline", [cells(row) for row in ASSESSMENT.pipeline])
    fill_rows(page, "milestones", [cells(row) for row in ASSESSMENT.milestones])
    put(page, "outputs_other", OUTPUTS_OTHER)
    for name in ("changes_detail", "obstacles_detail", "support_needed_detail"):
        put(page, name, getattr(ASSESSMENT, name))
    # Long texts last, then wait for their autosave, so that Save below is not raced by it.
    put(page, "progress_justification", ASSESSMENT.progress_justification)
    put(page, "risks", ASSESSMENT.risks)
    put(page, "further_comments", FURTHER_COMMENTS)
    expect(page.locator("#step-form [role=status]")).to_have_text(SAVED_AT, timeout=15_000)
    press(page, NEXT, lands_on="annexes")
    expect(page.get_by_text("No file is attached to this report yet.")).to_be_visible()
    press(page, NEXT, lands_on="review")

    # Review: the report as the public will see it, the confidential part apart, nothing
    # missing.
    expect(page.locator("#missing-title")).to_have_count(0)
    expect(page.get_by_text("Every mandatory answer is there")).to_be_visible()
    preview = page.locator(".report-preview")
    for text in [
        PERIOD_LABEL,
        "Sustainable Buildings",
        cybersecurity.PARTNERSHIP.web_page,
        SEED.executive_summary.splitlines()[0],
        *(text for role in ROLES for text, _code in REGIONS_TYPED[role]),
        *(row.working_area for row in SEED.working_areas),
        *(row.title for row in [*SEED.past_events, *SEED.planned_events]),
        "9:30-10:30 am",
        SEED.progress["other_platform_activities"],
        "Goal 14. Conserve and sustainably use the oceans",
    ]:
        expect(preview).to_contain_text(text)
    expect(preview).not_to_contain_text("Goal 15.")
    confidential = page.locator(".confidential-part")
    expect(confidential).to_contain_text(ASSESSMENT.risks)
    expect(confidential).to_contain_text(ASSESSMENT.pipeline[1].name)
    expect(preview).not_to_contain_text(ASSESSMENT.risks)

    submit = page.get_by_role("button", name="Submit the report")
    expect(submit).to_be_enabled()
    with page.expect_navigation():
        submit.click()
    expect(page).to_have_url(re.compile(f"{step_path(slug, PERIOD, 'review')}$"))
    expect(page.get_by_text(re.compile(r"^\s*Submitted\.\s"))).to_be_visible()
    expect(page.locator("main").get_by_text("Submitted", exact=True)).to_be_visible()
    # Who submitted it, and when (in the words of the page: "Submitted on … by …").
    expect(page.get_by_text(re.compile(r"Submitted\b.*\bLucía Ortega Ruiz\b"))).to_be_visible()
    expect(page.get_by_role("button", name="Submit the report")).to_have_count(0)
    finished = timezone.now()

    # Every value, in the database.
    report = MonitoringReport.objects.get(partnership__slug=slug, period__year=2021, period__half=1)
    assert report.state == MonitoringReport.State.SUBMITTED
    assert report.start_date == cybersecurity.PARTNERSHIP.start_date
    assert report.web_page == cybersecurity.PARTNERSHIP.web_page
    assert report.executive_summary == SEED.executive_summary
    for name in PROGRESS_FIELDS:
        assert getattr(report, name) == SEED.progress.get(name, ""), name
    assert report.carried_over_fields == []
    assert report.last_saved_by == coordinator

    for role in ROLES:
        stored = [
            (entry.position, entry.name, entry.region.nuts_code if entry.region else None)
            for entry in report.regions.filter(role=role).select_related("region")
        ]
        expected = [
            (position, text, code)
            for position, (text, code) in enumerate(REGIONS_TYPED[role], start=1)
        ]
        assert stored == expected, role
    assert not report.regions.filter(carried_over=True).exists()
    assert report.involves_eu13()

    assert [
        (area.position, area.working_area, area.region_in_charge)
        + (area.involved_regions, area.other_actors, area.carried_over)
        for area in report.working_areas.all()
    ] == [
        (position, row.working_area, row.region_in_charge, row.involved_regions)
        + (row.other_actors, False)
        for position, row in enumerate(SEED.working_areas, start=1)
    ]
    for kind, rows in (
        (Event.Kind.PAST, SEED.past_events),
        (Event.Kind.PLANNED, SEED.planned_events),
    ):
        assert [
            (event.position, event.title, event.date, event.date_detail)
            + (event.place, event.other_information, event.carried_over)
            for event in report.events.filter(kind=kind)
        ] == [
            (position, row.title, row.date, row.date_detail, row.place)
            + (row.other_information, False)
            for position, row in enumerate(rows, start=1)
        ], kind

    assert dict(report.sdg_ratings.values_list("goal", "rating")) == ratings

    assessment = SelfAssessment.objects.get(report=report)
    assert assessment.progress_rating == ASSESSMENT.progress_rating
    assert assessment.progress_justification == ASSESSMENT.progress_justification
    assert assessment.methodology_phase == ASSESSMENT.methodology_phase
    assert assessment.continuation == ASSESSMENT.continuation
    for name in ("outputs", "changes", "obstacles", "support_needed"):
        assert sorted(getattr(assessment, name)) == sorted(getattr(ASSESSMENT, name)), name
    assert assessment.outputs_other == OUTPUTS_OTHER
    for name in ("changes_detail", "obstacles_detail", "support_needed_detail", "risks"):
        assert getattr(assessment, name) == getattr(ASSESSMENT, name), name
    assert assessment.further_comments == FURTHER_COMMENTS
    assert assessment.governance == ASSESSMENT.governance
    assert assessment.support_usefulness == ASSESSMENT.support_usefulness
    assert [
        (project.position, project.name, project.status, project.funding_source)
        + (project.amount_eur, project.regions_involved)
        for project in assessment.pipeline_projects.all()
    ] == [
        (position, row.name, row.status, row.funding_source, row.amount_eur)
        + (row.regions_involved,)
        for position, row in enumerate(ASSESSMENT.pipeline, start=1)
    ]
    assert [
        (milestone.position, milestone.milestone, milestone.target_date)
        + (milestone.responsible_region,)
        for milestone in assessment.milestones.all()
    ] == [
        (position, row.milestone, row.target_date, row.responsible_region)
        for position, row in enumerate(ASSESSMENT.milestones, start=1)
    ]

    (transition,) = report.transitions.all()
    assert (transition.from_state, transition.to_state) == (
        MonitoringReport.State.DRAFT,
        MonitoringReport.State.SUBMITTED,
    )
    assert transition.user == coordinator
    assert started <= transition.at <= finished


def test_starting_the_next_period_carries_the_previous_report_over(page, demo_data):
    previous = MonitoringReport.objects.get(
        partnership__short_name="Cybersecurity", period__year=2020, period__half=2
    )
    slug = previous.partnership.slug

    log_in(page, "coordinator")
    workspace = page.get_by_role("region", name=re.compile("^Cybersecurity"))
    expect(workspace.get_by_role("link", name="July - December 2020")).to_be_visible()
    period_row = workspace.get_by_role("row", name=re.compile(f"^{PERIOD_LABEL}"))
    click_and_wait(page, period_row.get_by_role("button", name=f"Start the report {PERIOD_LABEL}"))
    expect(page).to_have_url(re.compile(f"{step_path(slug, PERIOD, 'header')}$"))
    report = MonitoringReport.objects.get(partnership__slug=slug, period__year=2021, period__half=1)

    # The header comes from the partnership record.
    expect_values(page, {"start_date": previous.start_date, "web_page": previous.web_page})
    press(page, NEXT, lands_on="summary")

    # The summary and objectives, marked as carried over.
    expect(page.locator("#step-form")).to_contain_text("Carried over")
    confirm = page.locator(f"#step-form button[value='{CONFIRM}']")
    expect(confirm).to_be_visible()
    expect_values(page, {"executive_summary": previous.executive_summary})
    report.refresh_from_db()
    assert report.executive_summary == previous.executive_summary
    assert report.carried_over_fields == ["executive_summary"]
    # Moving on without touching it neither edits nor confirms it.
    press(page, NEXT, lands_on="regions")
    report.refresh_from_db()
    # The browser sends the text's line breaks as CRLF: still the same text, still marked.
    assert report.carried_over_fields == ["executive_summary"]
    assert report.executive_summary.replace("\r\n", "\n") == previous.executive_summary

    # The regions: each entry as written last period, marked, with its NUTS link.
    previous_regions = list(previous.regions.select_related("region__country"))
    for role in ROLES:
        for index, entry in enumerate(e for e in previous_regions if e.role == role):
            expect_values(page, {f"{role}-{index}-entry": entry.name or str(entry.region)})
            if entry.region.nuts_code:
                expect_link(page, f"{role}-{index}-entry", entry.region.nuts_code)
    expect(carried_over_rows(page)).to_have_count(len(previous_regions))

    def stored_regions():
        return [
            (entry.role, entry.position, entry.name, entry.region_id)
            for entry in report.regions.order_by("role", "position")
        ]

    expected_regions = [
        (entry.role, entry.position, entry.name, entry.region_id)
        for entry in sorted(previous_regions, key=lambda entry: (entry.role, entry.position))
    ]
    assert stored_regions() == expected_regions
    assert report.regions.filter(carried_over=True).count() == len(previous_regions)
    press(page, NEXT, lands_on="working-areas")
    assert report.regions.filter(carried_over=True).count() == len(previous_regions)
    # Saved without an edit, every entry keeps its NUTS link, even one its words alone would
    # not resolve to.
    assert stored_regions() == expected_regions

    # The working areas, marked; editing one row takes its mark off, and only its.
    previous_areas = list(previous.working_areas.all())
    expect(carried_over_rows(page)).to_have_count(len(previous_areas))
    for index, area in enumerate(previous_areas):
        expect_values(
            page,
            {
                f"working-areas-{index}-{name}": getattr(area, name)
                for name in ("working_area", "region_in_charge", "involved_regions", "other_actors")
            },
        )
    assert [
        (area.position, area.working_area, area.involved_regions, area.carried_over)
        for area in report.working_areas.all()
    ] == [
        (area.position, area.working_area, area.involved_regions, True) for area in previous_areas
    ]
    widened = previous_areas[1].involved_regions + ", Wallonia"
    put(page, "working-areas-1-involved_regions", widened)
    press(page, SAVE, lands_on="working-areas")
    expect(carried_over_rows(page)).to_have_count(len(previous_areas) - 1)
    expected_areas = [(area.involved_regions, True) for area in previous_areas]
    expected_areas[1] = (widened, False)
    assert [
        (area.involved_regions, area.carried_over) for area in report.working_areas.all()
    ] == expected_areas
    press(page, NEXT, lands_on="past-events")

    # Last period's planned events that fall in January–June 2021, offered as past events.
    due = sorted(
        previous.events.filter(kind=Event.Kind.PLANNED), key=lambda event: (event.date, event.pk)
    )
    assert [event.date.month for event in due] == [1, 2, 3]  # all three fall in the period
    expect(carried_over_rows(page)).to_have_count(len(due))
    for index, event in enumerate(due):
        expect_values(
            page,
            {
                f"past-events-{index}-{name}": getattr(event, name)
                for name in ("title", "date", "date_detail", "place", "other_information")
            },
        )

    def stored_past_events():
        return [
            (event.position, event.title, event.date, event.place, event.other_information)
            + (event.carried_over,)
            for event in report.events.filter(kind=Event.Kind.PAST)
        ]

    def expected_past_events(carried_over):
        return [
            (position, event.title, event.date, event.place, event.other_information)
            + (carried_over,)
            for position, event in enumerate(due, start=1)
        ]

    assert stored_past_events() == expected_past_events(carried_over=True)
    # Confirming takes the marks off and keeps the rows.
    press(page, CONFIRM, lands_on="past-events")
    expect(carried_over_rows(page)).to_have_count(0)
    expect(page.locator(f"#step-form button[value='{CONFIRM}']")).to_have_count(0)
    assert stored_past_events() == expected_past_events(carried_over=False)
    press(page, NEXT, lands_on="planned-events")

    # Nothing is planned yet for the new period, and the rest starts empty.
    expect(carried_over_rows(page)).to_have_count(0)
    assert not report.events.filter(kind=Event.Kind.PLANNED).exists()
    assert not report.sdg_ratings.exists()
    assert not SelfAssessment.objects.filter(report=report).exists()
    report.refresh_from_db()
    assert all(getattr(report, name) == "" for name in PROGRESS_FIELDS)


def test_long_texts_save_themselves_and_table_rows_come_and_go(page, demo_data, dialogs):
    """With JavaScript: autosave with its "Saved at" state, "Add a row", "Remove", and the
    warning before leaving with unsaved changes. On the current period's report."""
    year, half = current_half_year()
    period = ReportingPeriod.objects.get(year=year, half=half)
    slug = Partnership.objects.get(short_name="Sustainable Buildings").slug

    log_in(page, "coordinator2")
    click_and_wait(page, page.get_by_role("button", name=f"Start the report {period.label}"))
    expect(page).to_have_url(re.compile(f"{step_path(slug, period.slug, 'header')}$"))
    report = MonitoringReport.objects.get(partnership__slug=slug, period=period)

    def saved_at():
        report.refresh_from_db()
        return formats.time_format(timezone.localtime(report.updated_at), "H:i")

    def type_and_wait(*texts):
        """Type like a person, then wait for the autosave's verdict (3 s after typing stops)."""
        for name, text in texts:
            target = field(page, name)
            target.click()
            target.press_sequentially(text)
        status = page.locator("#step-form [role=status]")
        expect(status).to_have_text(
            re.compile(r"^(Saved at \d\d:\d\d|Not saved.*)$"), timeout=15_000
        )
        return status.inner_text()

    # On the self-assessment: the justification saves itself without a button. A shorter
    # text typed with it, which is not among the step's autosaved texts, is either saved in
    # the background too, or leaving the page warns before it is lost.
    page.goto(step_path(slug, period.slug, "self-assessment"))
    changes = "Two regions joined."
    justification = "Typed, never saved with a button."
    status = type_and_wait(("changes_detail", changes), ("progress_justification", justification))
    assert status == f"Saved at {saved_at()}"
    assert SelfAssessment.objects.get(report=report).progress_justification == justification
    dialogs.stay = True
    page.get_by_role("link", name="My reports").first.click()
    dialogs.stay = False
    if dialogs.seen == ["beforeunload"]:
        expect(field(page, "changes_detail")).to_have_value(changes)  # warned, stayed
        press(page, SAVE, lands_on="self-assessment")
    else:
        expect(page).to_have_url(re.compile(r"/workspace/$"))
        page.goto(step_path(slug, period.slug, "self-assessment"))
    expect_values(page, {"progress_justification": justification, "changes_detail": changes})
    assert SelfAssessment.objects.get(report=report).changes_detail == changes
    dialogs.seen.clear()

    # Tables: one blank row shows; "Add a row" brings up to ten; a ticked row is removed.
    page.goto(step_path(slug, period.slug, "working-areas"))
    rows = page.locator("#step-form tbody tr[data-row]")
    expect(rows).to_have_count(10)
    expect(rows.filter(visible=True)).to_have_count(1)
    add_row = page.get_by_role("button", name=ADD_ROW)
    for shown in range(2, 11):
        add_row.click()
        expect(rows.filter(visible=True)).to_have_count(shown)
        expect(field(page, f"working-areas-{shown - 1}-working_area")).to_be_focused()
    expect(add_row).to_have_count(0)  # ten rows at most
    areas = [row.working_area for row in SEED.working_areas[:3]]
    for index, area in enumerate(areas):
        put(page, f"working-areas-{index}-working_area", area)
    press(page, SAVE, lands_on="working-areas")
    assert list(report.working_areas.values_list("position", "working_area")) == [
        (1, areas[0]),
        (2, areas[1]),
        (3, areas[2]),
    ]
    expect(rows.filter(visible=True)).to_have_count(4)  # the three rows and a blank one
    expect(page.get_by_role("button", name=ADD_ROW)).to_be_visible()
    page.get_by_label("Remove row 2", exact=True).check()
    press(page, SAVE, lands_on="working-areas")
    assert list(report.working_areas.values_list("position", "working_area")) == [
        (1, areas[0]),
        (2, areas[2]),
    ]

    # Leaving with unsaved changes warns; staying keeps what was typed.
    page.goto(step_path(slug, period.slug, "header"))
    web_page = field(page, "web_page")
    web_page.click()
    web_page.press("End")
    web_page.press_sequentially("/buildings")
    dialogs.seen.clear()
    dialogs.stay = True
    page.get_by_role("link", name="My reports").first.click()
    expect(web_page).to_have_value(re.compile("/buildings$"))
    assert dialogs.seen == ["beforeunload"]
    assert page.url.endswith("/header/")
    dialogs.stay = False

    # The executive summary, the longest text of all, saves itself too; once it is saved,
    # the page can be left without a warning, and the text is there when it is opened again.
    page.goto(step_path(slug, period.slug, "summary"))  # leaving the header: it warns again
    dialogs.seen.clear()
    summary = "Energy-efficient buildings in 45 regions."
    status = type_and_wait(("executive_summary", summary))
    assert status == f"Saved at {saved_at()}"
    assert report.executive_summary == summary
    page.reload()
    expect(field(page, "executive_summary")).to_have_value(summary)
    assert not dialogs.seen  # saved: nothing to warn about
