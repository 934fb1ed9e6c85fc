"""The reviewers' dashboard and its CSV and XLSX exports.

JRC reviewers and administrators see every active partnership × reporting period with the
report's state, the date it was last submitted and how late it came against the period's
deadline; they filter by platform, period and state, see how many rows each state has, page
through the table, and download the same table (every row, only the table's columns). For
everybody else the dashboard does not exist. The number of queries does not depend on how
many partnerships and periods there are.
"""

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reports.dashboard import COLUMNS, lateness
from reports.models import (
    MonitoringReport,
    Partnership,
    ReportingPeriod,
    ReportTransition,
    ReviewNote,
    ThematicPlatform,
)
from reports.models.self_assessment import SelfAssessment

State = MonitoringReport.State
TODAY = timezone.localdate()
DASHBOARD = reverse("reports:review_dashboard")
CSV = reverse("reports:review_export_csv")
XLSX = reverse("reports:review_export_xlsx")
URLS = [DASHBOARD, CSV, XLSX]


# --- helpers ---------------------------------------------------------------------------


def days(n):
    return datetime.timedelta(days=n)


def add_period(year, half, deadline, is_open=False):
    return ReportingPeriod.objects.create(year=year, half=half, deadline=deadline, is_open=is_open)


def add_partnership(platform, name, slug=None, is_active=True):
    return Partnership.objects.create(
        platform=platform,
        short_name=name,
        full_name=name,
        slug=slug or re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-"),
        is_active=is_active,
    )


def report_in(partnership, period, state=State.DRAFT, submitted_on=None, by=None):
    """A report in `state`, its transitions recorded, last submitted on `submitted_on`."""
    report = MonitoringReport.start(partnership, period)
    path = {
        State.DRAFT: [],
        State.SUBMITTED: [State.SUBMITTED],
        State.RETURNED: [State.SUBMITTED, State.RETURNED],
        State.ACCEPTED: [State.SUBMITTED, State.ACCEPTED],
        State.PUBLISHED: [State.SUBMITTED, State.ACCEPTED, State.PUBLISHED],
    }[state]
    for step in path:
        transition = report.move_to(step, by)
        if step == State.SUBMITTED and submitted_on:
            at = datetime.datetime.combine(
                submitted_on, datetime.time(15, 30), tzinfo=timezone.get_current_timezone()
            )
            ReportTransition.objects.filter(pk=transition.pk).update(at=at)
    return report


def table_rows(response):
    """The table's body rows as lists of cell texts, the mobile labels left out."""
    html = response.content.decode()
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        texts = [
            re.sub(r'<span class="cell-label">.*?</span>', "", cell, flags=re.S) for cell in cells
        ]
        texts = [re.sub(r"<[^>]+>", " ", text) for text in texts]
        rows.append([" ".join(text.split()) for text in texts])
    return rows


def names(response):
    return [row[0] for row in table_rows(response)]


def read_csv(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the byte-order mark to read UTF-8"
    return list(csv.reader(io.StringIO(text[1:])))


def read_xlsx(response):
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def open_now(db):
    """The half-year being reported on: open, its deadline 20 days away."""
    return add_period(2026, 2, TODAY + days(20), is_open=True)


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


# --- who may open it -------------------------------------------------------------------


@pytest.mark.parametrize("url", URLS)
def test_it_sends_anonymous_visitors_to_the_login_page(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("persona", ["coordinator", "other_coordinator"])
def test_it_does_not_exist_for_coordinators(client, request, report, persona, url):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("persona", ["reviewer", "administrator"])
def test_it_opens_for_reviewers_and_administrators(client, request, report, persona, url):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url).status_code == 200


def test_the_header_links_to_it_for_reviewers_only(client, reviewer, coordinator):
    client.force_login(coordinator)
    assert f'href="{DASHBOARD}"' not in client.get(reverse("reports:workspace")).text
    client.force_login(reviewer)
    assert f'href="{DASHBOARD}"' in client.get(reverse("reports:home")).text


def test_it_is_read_only(reviewer_client):
    assert reviewer_client.post(DASHBOARD).status_code == 405


# --- what it shows ---------------------------------------------------------------------


def test_it_lists_every_active_partnership_for_each_open_period(
    reviewer_client, platform, partnership, other_partnership, open_now
):
    add_period(2026, 1, TODAY - days(100), is_open=True)
    add_period(2025, 2, TODAY - days(280))  # closed: not shown by default
    add_partnership(platform, "Dormant", is_active=False)

    response = reviewer_client.get(DASHBOARD)

    rows = table_rows(response)
    assert [(row[0], row[2]) for row in rows] == [
        ("Chemicals", "July - December 2026"),
        ("Chemicals", "January - June 2026"),
        ("Cybersecurity", "July - December 2026"),
        ("Cybersecurity", "January - June 2026"),
    ]
    assert "Open for reporting" in response.text


def test_without_open_periods_it_shows_the_latest_period_past_its_deadline(
    reviewer_client, partnership
):
    add_period(2026, 2, TODAY + days(20))  # deadline still ahead
    add_period(2026, 1, TODAY - days(5))
    add_period(2025, 2, TODAY - days(200))

    rows = table_rows(reviewer_client.get(DASHBOARD))

    assert [row[2] for row in rows] == ["January - June 2026"]


def test_a_row_says_state_submission_date_and_lateness(reviewer_client, partnership, platform):
    period = add_period(2026, 1, datetime.date(2026, 7, 31), is_open=True)
    report_in(partnership, period, State.SUBMITTED, submitted_on=datetime.date(2026, 8, 12))
    add_partnership(platform, "Chemicals")

    rows = table_rows(reviewer_client.get(DASHBOARD))

    overdue = (TODAY - datetime.date(2026, 7, 31)).days
    assert rows == [
        [
            "Chemicals",
            "Industrial Modernisation",
            "January - June 2026",
            "31 July 2026",
            "Not started",
            "– not submitted",
            f"overdue by {overdue} days",
            "",
        ],
        [
            "Cybersecurity",
            "Industrial Modernisation",
            "January - June 2026",
            "31 July 2026",
            "Submitted",
            "12 August 2026",
            "12 days late",
            "Open the report of Cybersecurity for January - June 2026",
        ],
    ]


def test_the_submission_date_is_the_latest_submission(reviewer_client, report, open_period):
    report.move_to(State.SUBMITTED, None)
    report.move_to(State.RETURNED, None)
    report.move_to(State.SUBMITTED, None)
    first, _returned, last = report.transitions.order_by("pk")
    first.at = datetime.datetime(2021, 1, 20, 9, 0, tzinfo=datetime.UTC)
    first.save()
    last.at = datetime.datetime(2021, 3, 2, 9, 0, tzinfo=datetime.UTC)
    last.save()

    (row,) = table_rows(reviewer_client.get(DASHBOARD))

    assert row[5] == "2 March 2021"
    assert row[6] == "30 days late"  # deadline 31 January 2021


@pytest.mark.parametrize(
    ("state", "deadline", "submitted_on", "wording", "tone"),
    [
        (State.SUBMITTED, TODAY - days(20), TODAY - days(8), "12 days late", "late"),
        (State.ACCEPTED, TODAY - days(20), TODAY - days(19), "1 day late", "late"),
        (State.PUBLISHED, TODAY - days(20), TODAY - days(20), "on time", "on-time"),
        (State.RETURNED, TODAY - days(20), TODAY - days(30), "on time", "on-time"),
        (State.DRAFT, TODAY + days(5), None, "due in 5 days", "due"),
        ("not_started", TODAY + days(1), None, "due in 1 day", "due"),
        ("not_started", TODAY, None, "due today", "due"),
        (State.DRAFT, TODAY - days(1), None, "overdue by 1 day", "late"),
        ("not_started", TODAY - days(40), None, "overdue by 40 days", "late"),
        # Past draft without a recorded submission (imported data): nothing to measure.
        (State.ACCEPTED, TODAY - days(20), None, "", ""),
    ],
)
def test_lateness_wording(state, deadline, submitted_on, wording, tone):
    assert lateness(state, deadline, submitted_on, TODAY) == (wording, tone)


def test_only_rows_with_a_report_link_to_its_review_page(
    reviewer_client, report, open_period, other_partnership
):
    response = reviewer_client.get(DASHBOARD)

    link = reverse("reports:review_report", kwargs={"slug": "cybersecurity", "period": "2020-h2"})
    assert [(row[0], row[-1]) for row in table_rows(response)] == [
        ("Chemicals", ""),
        ("Cybersecurity", "Open the report of Cybersecurity for July - December 2020"),
    ]
    assert link == "/review/cybersecurity/2020-h2/"
    assert f'href="{link}"' in response.text


def test_the_table_is_accessible(reviewer_client, report, open_period):
    html = reviewer_client.get(DASHBOARD).text
    assert "<caption>" in html
    assert html.count('<th scope="col">') == len(COLUMNS) + 1
    assert '<th scope="row"' in html


# --- filters and counts ----------------------------------------------------------------


@pytest.fixture
def landscape(platform, partnership, other_partnership):
    """Two platforms, four active partnerships, two periods; reports in several states.

    July-December 2020 (open): Cybersecurity submitted, Chemicals draft, High Tech Farming
    published, Bioeconomy not started. January-June 2020: Cybersecurity published.
    """
    agri = ThematicPlatform.objects.create(code="AGRI", name="Agri-Food", position=2)
    farming = add_partnership(agri, "High Tech Farming")
    add_partnership(agri, "Bioeconomy")
    current = add_period(2020, 2, datetime.date(2021, 1, 31), is_open=True)
    earlier = add_period(2020, 1, datetime.date(2020, 7, 31))
    report_in(partnership, current, State.SUBMITTED, datetime.date(2021, 2, 3))
    report_in(other_partnership, current, State.DRAFT)
    report_in(farming, current, State.PUBLISHED, datetime.date(2021, 1, 30))
    report_in(partnership, earlier, State.PUBLISHED, datetime.date(2020, 7, 30))
    return {"agri": agri, "current": current, "earlier": earlier}


def counts(response):
    """{state label: count} as the counts above the table show them."""
    found = re.findall(
        r'<span class="state-count-number">(\d+)</span>\s*'
        r'<span class="state-count-label">([^<]+)</span>',
        response.text,
    )
    return {label: int(number) for number, label in found}


def test_it_filters_by_platform(reviewer_client, landscape):
    response = reviewer_client.get(DASHBOARD, {"platform": "AGRI"})
    assert names(response) == ["Bioeconomy", "High Tech Farming"]


def test_it_filters_by_period(reviewer_client, landscape):
    response = reviewer_client.get(DASHBOARD, {"period": "2020-h1"})
    rows = table_rows(response)
    assert {row[2] for row in rows} == {"January - June 2020"}
    assert len(rows) == 4


def test_it_shows_all_periods_on_request(reviewer_client, landscape):
    rows = table_rows(reviewer_client.get(DASHBOARD, {"period": "all"}))
    assert [(row[0], row[2]) for row in rows][:2] == [
        ("Bioeconomy", "July - December 2020"),
        ("Bioeconomy", "January - June 2020"),
    ]
    assert len(rows) == 8


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("submitted", [("Cybersecurity", "July - December 2020")]),
        ("draft", [("Chemicals", "July - December 2020")]),
        (
            "published",
            [
                ("Cybersecurity", "January - June 2020"),
                ("High Tech Farming", "July - December 2020"),
            ],
        ),
        (
            "not_started",
            [
                ("Bioeconomy", "July - December 2020"),
                ("Bioeconomy", "January - June 2020"),
                ("Chemicals", "January - June 2020"),
                ("High Tech Farming", "January - June 2020"),
            ],
        ),
        ("returned", []),
    ],
)
def test_it_filters_by_state(reviewer_client, landscape, state, expected):
    response = reviewer_client.get(DASHBOARD, {"period": "all", "state": state})
    assert [(row[0], row[2]) for row in table_rows(response) if len(row) > 1] == expected


def test_the_filters_combine(reviewer_client, landscape):
    response = reviewer_client.get(
        DASHBOARD, {"platform": "AGRI", "period": "2020-h2", "state": "not_started"}
    )
    assert names(response) == ["Bioeconomy"]


def test_it_counts_the_rows_per_state_under_the_filter(reviewer_client, landscape):
    response = reviewer_client.get(DASHBOARD, {"period": "all"})
    assert counts(response) == {
        "All": 8,
        "Not started": 4,
        "Draft": 1,
        "Submitted": 1,
        "Returned for changes": 0,
        "Accepted": 0,
        "Published": 2,
    }

    response = reviewer_client.get(DASHBOARD, {"platform": "AGRI"})
    assert counts(response) == {
        "All": 2,
        "Not started": 1,
        "Draft": 0,
        "Submitted": 0,
        "Returned for changes": 0,
        "Accepted": 0,
        "Published": 1,
    }


def test_the_counts_stay_whole_under_a_state_filter_and_link_to_it(reviewer_client, landscape):
    response = reviewer_client.get(DASHBOARD, {"platform": "AGRI", "state": "published"})

    assert counts(response)["Not started"] == 1
    assert 'href="?platform=AGRI&amp;state=not_started"' in response.text
    assert re.search(
        r'href="\?platform=AGRI&amp;state=published" aria-current="true"', response.text
    )


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ({"platform": "NOPE"}, "There is no thematic platform “NOPE”; showing all platforms."),
        ({"period": "2099-h3"}, "There is no reporting period “2099-h3”; showing the default"),
        ({"state": "lost"}, "There is no state “lost”; showing every state."),
        ({"page": "two"}, "There is no page “two”; showing the first page."),
        ({"page": "0"}, "There is no page “0”; showing the first page."),
        ({"page": "99"}, "There is no page 99; showing the last page."),
    ],
)
def test_bad_filter_values_are_ignored_with_a_note(reviewer_client, landscape, query, note):
    response = reviewer_client.get(DASHBOARD, query)

    assert response.status_code == 200
    assert note in response.text
    assert names(response) == ["Bioeconomy", "Chemicals", "Cybersecurity", "High Tech Farming"]


@pytest.mark.parametrize("url", [CSV, XLSX])
def test_the_exports_ignore_bad_filter_values_too(reviewer_client, landscape, url):
    response = reviewer_client.get(url, {"platform": "NOPE", "state": "lost", "period": "x"})
    assert response.status_code == 200


def test_without_any_period_it_says_so(reviewer_client, partnership):
    response = reviewer_client.get(DASHBOARD)
    assert response.status_code == 200
    assert "There are no reporting periods yet." in response.text


# --- pagination ------------------------------------------------------------------------


@pytest.fixture
def many(platform, open_now):
    """120 active partnerships, "P001" to "P120"; every third has a draft for `open_now`."""
    partnerships = Partnership.objects.bulk_create(
        Partnership(platform=platform, short_name=f"P{n:03}", full_name=f"P{n:03}", slug=f"p{n:03}")
        for n in range(1, 121)
    )
    MonitoringReport.objects.bulk_create(
        MonitoringReport(partnership=p, period=open_now) for p in partnerships[::3]
    )
    return partnerships


def test_it_shows_fifty_rows_a_page(reviewer_client, many):
    first = reviewer_client.get(DASHBOARD)
    second = reviewer_client.get(DASHBOARD, {"page": "2"})
    last = reviewer_client.get(DASHBOARD, {"page": "3"})

    assert names(first) == [f"P{n:03}" for n in range(1, 51)]
    assert names(second) == [f"P{n:03}" for n in range(51, 101)]
    assert names(last) == [f"P{n:03}" for n in range(101, 121)]
    assert "Rows 51–100 of 120" in second.text
    assert 'href="?page=3" rel="next"' in second.text
    assert 'href="?page=1" rel="prev"' in second.text


def test_the_page_links_keep_the_filters(reviewer_client, many):
    second = reviewer_client.get(DASHBOARD, {"state": "not_started", "period": "all", "page": "2"})

    assert "Rows 51–80 of 80" in second.text
    assert 'href="?period=all&amp;state=not_started&amp;page=1" rel="prev"' in second.text
    assert 'href="?period=all&amp;state=not_started"' in second.text  # "All" clears only the page
    export = f"{CSV}?period=all&amp;state=not_started"
    assert f'href="{export}"' in second.text


def test_the_pages_together_are_the_whole_table(reviewer_client, many, platform):
    """Under every filter, paging cuts the same rows the export lists, none twice or lost:
    the page is cut in SQL from a running total of rows per partnership."""
    add_period(2026, 1, TODAY - days(120))
    for query in [
        {"period": "all"},
        {"period": "all", "state": "not_started"},
        {"period": "all", "state": "draft"},
        {"period": "2026-h1"},
    ]:
        exported = [(row[0], row[2]) for row in read_csv(reviewer_client.get(CSV, query))[1:]]
        paged = []
        for page in range(1, 7):
            response = reviewer_client.get(DASHBOARD, {**query, "page": page})
            if f"There is no page {page}" in response.text:
                break
            paged += [(row[0], row[2]) for row in table_rows(response) if len(row) > 1]
        assert paged == exported, query


# --- exports ---------------------------------------------------------------------------


# The first row of both exports.
EXPORT_HEADINGS = [
    "Partnership",
    "Thematic platform",
    "Reporting period",
    "Deadline",
    "State",
    "Submitted",
    "Lateness",
]


@pytest.fixture
def spanish(platform, open_now):
    """A partnership named in Spanish with a report submitted 3 days after the deadline."""
    partnership = add_partnership(platform, "Castilla y León Agroalimentaria", "castilla-y-leon")
    report_in(partnership, open_now, State.SUBMITTED, submitted_on=open_now.deadline + days(3))
    return partnership


def test_the_csv_holds_the_table(reviewer_client, spanish, other_partnership, open_now):
    response = reviewer_client.get(CSV)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="s3-review-{TODAY.isoformat()}.csv"'
    )
    deadline = open_now.deadline.isoformat()
    submitted = (open_now.deadline + days(3)).isoformat()
    assert read_csv(response) == [
        EXPORT_HEADINGS,
        [
            "Castilla y León Agroalimentaria",
            "Industrial Modernisation",
            "July - December 2026",
            deadline,
            "Submitted",
            submitted,
            "3 days late",
        ],
        [
            "Chemicals",
            "Industrial Modernisation",
            "July - December 2026",
            deadline,
            "Not started",
            "",
            "due in 20 days",
        ],
    ]


def test_the_xlsx_holds_the_table(reviewer_client, spanish, other_partnership, open_now):
    response = reviewer_client.get(XLSX, {"state": "submitted"})

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == (
        f'attachment; filename="s3-review-submitted-{TODAY.isoformat()}.xlsx"'
    )
    deadline = datetime.datetime.combine(open_now.deadline, datetime.time())
    assert read_xlsx(response) == [
        EXPORT_HEADINGS,
        [
            "Castilla y León Agroalimentaria",
            "Industrial Modernisation",
            "July - December 2026",
            deadline,  # a real date cell, which openpyxl reads back as a datetime
            "Submitted",
            deadline + days(3),
            "3 days late",
        ],
    ]


@pytest.mark.parametrize("url", [CSV, XLSX])
def test_the_exports_hold_every_row_not_just_a_page(reviewer_client, many, url):
    response = reviewer_client.get(url)
    rows = read_csv(response) if url == CSV else read_xlsx(response)
    assert len(rows) == 1 + 120


@pytest.mark.parametrize("url", [CSV, XLSX])
def test_the_exports_follow_the_filters(reviewer_client, landscape, url):
    response = reviewer_client.get(url, {"platform": "AGRI", "period": "all"})
    rows = read_csv(response) if url == CSV else read_xlsx(response)
    assert [row[0] for row in rows[1:]] == [
        "Bioeconomy",
        "Bioeconomy",
        "High Tech Farming",
        "High Tech Farming",
    ]


def test_the_exports_carry_only_the_tables_columns(reviewer_client, report, open_period):
    """Nothing confidential travels in a download: not the self-assessment, not the
    reviewers' internal note or recommendation."""
    report.executive_summary = "EXECUTIVE-SUMMARY-TEXT"
    report.save()
    SelfAssessment.objects.create(report=report, risks="SELF-ASSESSMENT-RISKS")
    ReviewNote.objects.create(
        report=report, internal_note="INTERNAL-NOTE", recommendation="discontinue"
    )

    csv_response = reviewer_client.get(CSV)
    xlsx_rows = read_xlsx(reviewer_client.get(XLSX))

    csv_rows = read_csv(csv_response)
    assert csv_rows[0] == [str(column) for column in COLUMNS]
    assert xlsx_rows[0] == [str(column) for column in COLUMNS]
    assert {len(row) for row in csv_rows + xlsx_rows} == {len(COLUMNS)}
    text = csv_response.content.decode() + repr(xlsx_rows)
    for secret in ["EXECUTIVE-SUMMARY", "SELF-ASSESSMENT", "INTERNAL-NOTE", "iscontinue"]:
        assert secret not in text


def test_names_reach_spreadsheets_as_text_not_formulas(reviewer_client, platform, open_now):
    add_partnership(platform, '=HYPERLINK("https://evil.example","Click")', "evil")

    (csv_row,) = read_csv(reviewer_client.get(CSV))[1:]
    workbook = openpyxl.load_workbook(io.BytesIO(reviewer_client.get(XLSX).content))

    assert csv_row[0] == '\'=HYPERLINK("https://evil.example","Click")'
    cell = workbook.active["A2"]
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("https://evil.example","Click")'


# --- a constant number of queries ------------------------------------------------------

# Session and user (2), platforms and periods for the filter form (2), the counts per state
# (1), the page's partnerships (1) and their reports with the submission date (1).
DASHBOARD_QUERIES = 7
# The same, without the counts.
EXPORT_QUERIES = 6


def populate(platform, count):
    """`count` partnerships, six periods (two open), a report in every state but not
    started, each with its transitions."""
    periods = [
        add_period(2024 + n // 2, 1 + n % 2, TODAY + days(180 * n - 700), is_open=n >= 4)
        for n in range(6)
    ]
    partnerships = Partnership.objects.bulk_create(
        Partnership(platform=platform, short_name=f"P{n:03}", full_name=f"P{n:03}", slug=f"p{n:03}")
        for n in range(count)
    )
    states = [None, *State.values]
    reports = MonitoringReport.objects.bulk_create(
        MonitoringReport(partnership=partnership, period=period, state=state)
        for i, partnership in enumerate(partnerships)
        for j, period in enumerate(periods)
        if (state := states[(i + j) % len(states)])
    )
    ReportTransition.objects.bulk_create(
        ReportTransition(report=report, from_state=State.DRAFT, to_state=State.SUBMITTED)
        for report in reports
        if report.state != State.DRAFT
    )


@pytest.mark.parametrize("count", [1, 200])
@pytest.mark.parametrize(
    "query",
    [{}, {"period": "all"}, {"period": "all", "state": "not_started", "page": "2"}],
)
def test_the_dashboard_makes_the_same_queries_for_1_and_200_partnerships(
    reviewer_client, platform, django_assert_num_queries, count, query
):
    populate(platform, count)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = reviewer_client.get(DASHBOARD, query)
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 200])
@pytest.mark.parametrize("url", [CSV, XLSX])
def test_the_exports_make_the_same_queries_for_1_and_200_partnerships(
    reviewer_client, platform, django_assert_num_queries, count, url
):
    populate(platform, count)
    with django_assert_num_queries(EXPORT_QUERIES):
        response = reviewer_client.get(url, {"period": "all"})
    assert response.status_code == 200


def test_the_number_of_queries_does_not_grow(reviewer_client, platform):
    """Measured rather than assumed: 200 partnerships cost what one does."""

    def queries():
        with CaptureQueriesContext(connection) as context:
            reviewer_client.get(DASHBOARD, {"period": "all"})
        return len(context.captured_queries)

    populate(platform, 1)
    one = queries()
    more = Partnership.objects.bulk_create(
        Partnership(platform=platform, short_name=f"Q{n:03}", full_name="Q", slug=f"q{n:03}")
        for n in range(199)
    )
    period = ReportingPeriod.objects.first()
    MonitoringReport.objects.bulk_create(
        MonitoringReport(partnership=partnership, period=period) for partnership in more
    )
    assert queries() == one
