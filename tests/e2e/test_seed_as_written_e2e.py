"""Seed 004 typed into the wizard exactly as it is written, in a real browser (issue 9).

The regions as the coordinator listed them ("Brittany Region", "Castilla y Leon", "Estonia,",
"North Rhine Westaflavia", "Puglia (IT)"), the dates as printed ("8/12/2020", "Friday 30th
October (9:30-10:30 am)", "25/02/2021"), "ALL" in the working areas, the EU13 question left
empty. The report goes in without a word changed, is submitted, and every value is checked
in the database and on the reviewers' page.
"""

import datetime
import re

import pytest

from reports.demo import cybersecurity
from reports.demo.specs import progress_fields, sdg_ratings
from reports.models import Event, MonitoringReport, Partnership
from reports.models.self_assessment import SelfAssessment
from tests.e2e.helpers import (
    check,
    click_and_wait,
    field,
    fill_region_list,
    fill_rows,
    log_in,
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

SEED = cybersecurity.REPORT_2020_H2  # the texts of seed 004, word for word
ASSESSMENT = cybersecurity.SELF_ASSESSMENTS[(2020, 2)]  # seed 004 has no self-assessment
PERIOD = "2021-h1"

START_DATE = "01/02/2018"
WEB_PAGE = "https://s3platform.jrc.ec.europa.eu/cybersecurity"
# I2-I4 as printed, one line each: (text, the NUTS unit it is linked to once confirmed).
REGIONS = {
    "lead": [("Brittany Region", "FRH0")],
    "participating": [
        ("Castilla y Leon", "ES41"),
        ("Luxembourg", "LU00"),
        ("Estonia,", "EE00"),
        ("Wallonia", "BE3"),
        ("Tuscany", "ITI1"),
        ("Central Finland", "FI193"),
        ("Wales", "UKL"),
        ("Basque Country", "ES21"),
        ("North Rhine Westaflavia", "DEA"),
    ],
    "interested": [
        ("Slovenia", "SI0"),
        ("Slovakia", "SK0"),
        ("Saint Quentin en Yvelins (FR)", None),
        ("Puglia (IT)", "ITF4"),
        ("Liguria (IT)", "ITC3"),
        ("Emilia Romagna (IT)", "ITH5"),
    ],
}
# Matched leniently, so offered to the coordinator to confirm.
SUGGESTED = ["Brittany Region", "Castilla y Leon", "North Rhine Westaflavia", "Emilia Romagna (IT)"]
# I6 and I7: (event, date as printed, place, other information).
PAST_EVENTS = [
    (
        SEED.past_events[0].title,
        "8/12/2020",
        "Digital Event",
        SEED.past_events[0].other_information,
    ),
    (
        SEED.past_events[1].title,
        "Friday 30th October (9:30-10:30 am)",
        "Digital Event",
        SEED.past_events[1].other_information,
    ),
]
PLANNED_EVENTS = [
    (row.title, printed, row.place, row.other_information)
    for row, printed in zip(
        SEED.planned_events, ["25/02/2021", "23/03/2021", "26/01/2021"], strict=True
    )
]
# How each printed date is stored: (date, detail).
READ_AS = {
    "8/12/2020": (datetime.date(2020, 12, 8), ""),
    "Friday 30th October (9:30-10:30 am)": (None, "Friday 30th October (9:30-10:30 am)"),
    "25/02/2021": (datetime.date(2021, 2, 25), ""),
    "23/03/2021": (datetime.date(2021, 3, 23), ""),
    "26/01/2021": (datetime.date(2021, 1, 26), ""),
}


def path(slug, step):
    return f"/workspace/{slug}/{PERIOD}/{step}/"


def type_events(page, prefix, events):
    """Type each row as printed; a date that is not one goes where the page says it does."""
    for index, (title, printed, place, other) in enumerate(events):
        if index:
            page.locator(
                f"#step-form fieldset:has([name='{prefix}-TOTAL_FORMS']) button.add-row"
            ).click()
        cell = f"{prefix}-{index}-"
        put(page, cell + "title", title)
        field(page, cell + "date").fill(printed)
        understood = page.locator(f"#id_{cell}date-understood")
        date, _detail = READ_AS[printed]
        if date is None:
            expect(understood).to_contain_text("it has no year")
            field(page, cell + "date").fill("")
            put(page, cell + "date_detail", printed)
        else:
            expect(understood).to_have_text(re.compile(rf"^{date.day} \w+ {date.year}$"))
        put(page, cell + "place", place)
        put(page, cell + "other_information", other)


def test_seed_004_goes_in_exactly_as_written(page, demo_data):
    partnership = Partnership.objects.get(short_name="Sustainable Buildings")
    slug = partnership.slug
    log_in(page, "coordinator2", "/workspace/")
    click_and_wait(page, page.get_by_role("button", name="Start the report January - June 2021"))
    expect(page).to_have_url(re.compile(f"{path(slug, 'header')}$"))

    field(page, "start_date").fill(START_DATE)
    expect(page.locator("#id_start_date-understood")).to_have_text("1 February 2018")
    field(page, "web_page").fill(WEB_PAGE)
    press(page, "next", lands_on="summary")
    field(page, "executive_summary").fill(SEED.executive_summary)
    press(page, "next", lands_on="regions")

    for role, entries in REGIONS.items():
        fill_region_list(page, "regions", role, [text for text, _code in entries])
    press(page, "save", lands_on="regions")
    suggestions = page.locator("#step-form .region-link.region-suggested")
    expect(suggestions).to_have_count(len(SUGGESTED))
    for text in SUGGESTED:
        row = page.locator("#step-form .region-row").filter(
            has=page.locator(f"input[value='{text}']")
        )
        row.get_by_label("Yes, that one").check()
    press(page, "next", lands_on="working-areas")

    fill_rows(
        page,
        "working-areas",
        [
            {
                "working_area": row.working_area,
                "region_in_charge": row.region_in_charge,
                "involved_regions": row.involved_regions,
                "other_actors": row.other_actors,
            }
            for row in SEED.working_areas
        ],
    )
    press(page, "next", lands_on="past-events")
    type_events(page, "past-events", PAST_EVENTS)
    press(page, "next", lands_on="planned-events")
    type_events(page, "planned-events", PLANNED_EVENTS)
    press(page, "next", lands_on="innovative-results")

    for step, following in [
        ("innovative-results", "collaborative-results"),
        ("collaborative-results", "new-activities"),
        ("new-activities", "sdgs"),
    ]:
        if step == "new-activities":
            # Estonia, Slovenia and Slovakia are EU13: the empty EU13 answer is not asked for.
            expect(page.get_by_text("needs a justification")).to_have_count(0)
        for name in PROGRESS_FIELDS:
            if field(page, name).count():
                put(page, name, SEED.progress.get(name, ""))
        press(page, "next", lands_on=following)

    for goal, rating in sdg_ratings(SEED.sdgs).items():
        check(page, f"sdgs-row_{goal}", rating)
    press(page, "next", lands_on="self-assessment")

    for name in ("progress_rating", "methodology_phase", "continuation"):
        check(page, name, getattr(ASSESSMENT, name))
    for statement, answer in ASSESSMENT.governance.items():
        check(page, f"governance-row_{statement}", answer)
    put(page, "progress_justification", ASSESSMENT.progress_justification)
    press(page, "next", lands_on="annexes")
    press(page, "next", lands_on="review")  # seed 004 attaches no file

    # The coordinator's review: nothing missing; regions flagged only where no unit fits.
    expect(page.locator("#missing-title")).to_have_count(0)
    preview = page.locator(".report-preview")
    expect(preview.locator(".region-flag")).to_have_count(1)
    expect(preview.locator(".region-flag")).to_have_text("Not matched to a NUTS region")
    with page.expect_navigation():
        page.get_by_role("button", name="Submit the report").click()
    expect(page.get_by_text(re.compile(r"^\s*Submitted\.\s"))).to_be_visible()

    # Every value, in the database.
    report = MonitoringReport.objects.get(
        partnership=partnership, period__year=2021, period__half=1
    )
    assert report.state == MonitoringReport.State.SUBMITTED
    assert (report.start_date, report.web_page) == (datetime.date(2018, 2, 1), WEB_PAGE)
    assert report.executive_summary == SEED.executive_summary
    for name in PROGRESS_FIELDS:
        assert getattr(report, name) == SEED.progress.get(name, ""), name
    assert report.eu13_involvement == ""
    assert report.involves_eu13()
    for role, entries in REGIONS.items():
        assert [
            (entry.name, entry.match, entry.region.nuts_code if entry.region else None)
            for entry in report.regions.filter(role=role).select_related("region")
        ] == [(text, "linked" if code else "unmatched", code) for text, code in entries], role
    assert report.regions.get(name="Saint Quentin en Yvelins (FR)").named_country.code == "FR"
    assert [
        (row.working_area, row.region_in_charge, row.involved_regions, row.other_actors)
        for row in report.working_areas.all()
    ] == [
        (row.working_area, row.region_in_charge, row.involved_regions, row.other_actors)
        for row in SEED.working_areas
    ]
    assert report.working_areas.get(position=1).involved_regions == "ALL"
    for kind, events in ((Event.Kind.PAST, PAST_EVENTS), (Event.Kind.PLANNED, PLANNED_EVENTS)):
        assert [
            (event.title, event.date, event.date_detail, event.place, event.other_information)
            for event in report.events.filter(kind=kind)
        ] == [
            (title, *READ_AS[printed], place, other) for title, printed, place, other in events
        ], kind
    assert dict(report.sdg_ratings.values_list("goal", "rating")) == sdg_ratings(SEED.sdgs)
    assessment = SelfAssessment.objects.get(report=report)
    assert assessment.progress_justification == ASSESSMENT.progress_justification
    assert assessment.governance == ASSESSMENT.governance

    # Every value, on the reviewers' page.
    page.get_by_role("button", name="Log out").click()
    log_in(page, "reviewer", f"/review/{slug}/{PERIOD}/")
    body = page.locator("main")
    for text in [
        "1 February 2018",
        WEB_PAGE,
        SEED.executive_summary.splitlines()[0],
        *(text for entries in REGIONS.values() for text, _code in entries),
        "(North Rhine-Westphalia, DEA)",
        "(Castile and León, ES41)",
        *(value for row in SEED.working_areas for value in vars(row).values()),
        "8 December 2020",
        "Friday 30th October (9:30-10:30 am)",
        "25 February 2021",
        "23 March 2021",
        "26 January 2021",
        *(title for title, *_rest in PAST_EVENTS + PLANNED_EVENTS),
        *(text.splitlines()[0] for text in SEED.progress.values()),
        "Goal 14. Conserve and sustainably use the oceans",
        ASSESSMENT.progress_justification,
    ]:
        expect(body).to_contain_text(text)
    flagged = body.locator(".report-region-list li").filter(has_text="Saint Quentin")
    expect(flagged).to_contain_text("Not matched to a NUTS region")
