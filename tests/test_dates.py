"""Dates as European coordinators type them (issue 9, path 5).

A date is read day first in every accepted form, said back in words beside its field, and
refused with the reason when it cannot be read for certain. An event without an exact date
keeps its date as written.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from reports.carry_over import start_report
from reports.dates import parse_date
from reports.models import Event, MonitoringReport, ReportingPeriod
from tests.wizard_helpers import page_values, post_step, step_url, value

FIRST_FEBRUARY = datetime.date(2018, 2, 1)


@pytest.mark.parametrize(
    "typed",
    [
        "1/2/2018",
        "01/02/2018",
        "01.02.2018",
        "1-2-2018",
        "2018-02-01",
        "1 February 2018",
        "1 Feb 2018",
        "1st February 2018",
        "February 1, 2018",
        "Thursday 1 February 2018",
        " 1 / 2 / 2018 ",
    ],
)
def test_english_dates_are_read_day_first(typed):
    with translation.override("en"):
        assert parse_date(typed) == FIRST_FEBRUARY


@pytest.mark.parametrize(
    "typed", ["1.02.2018", "01.02.2018 г.", "1 февруари 2018", "1 февруари 2018 г.", "1/2/2018"]
)
def test_bulgarian_dates_are_read_day_first(typed):
    with translation.override("bg"):
        assert parse_date(typed) == FIRST_FEBRUARY


@pytest.mark.parametrize(
    ("typed", "read"),
    [("8/12/2020", datetime.date(2020, 12, 8)), ("25/02/2021", datetime.date(2021, 2, 25))],
)
def test_the_seeds_dates_are_read_as_the_coordinator_meant_them(typed, read):
    assert parse_date(typed) == read


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("31/02/2021", "February 2021 has 28 days."),
        ("2021-13-01", "there is no month 13."),
        ("02/25/2021", "there is no month 25. Dates are written day first: 25/02/2021."),
        ("25/02/22021", "22021 is not a plausible year."),
        ("1/2/18", "write the year in full (2018, not 18)."),
        ("30 October", "it has no year."),
        ("Friday 30th October", "it has no year."),
        ("Monday 30 October 2020", "30 October 2020 was a Friday."),
        ("1 Febuary 2018", "“febuary” is not a month."),
        ("Friday 30th October (9:30-10:30 am)", "it has no year."),
        ("in the spring", "write it day first, as 25/02/2021."),
    ],
)
def test_what_cannot_be_read_for_certain_is_refused_saying_why(typed, reason):
    with pytest.raises(ValidationError) as refused:
        parse_date(typed)
    assert refused.value.messages == [f"“{typed}” is not a date: {reason}"]


def test_a_refusal_is_in_the_pages_language():
    with translation.override("bg"), pytest.raises(ValidationError) as refused:
        parse_date("31.02.2021")
    assert "февруари 2021" in refused.value.messages[0]


# --- In the wizard ------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["1/2/2018", "01.02.2018", "2018-02-01", "1 February 2018"])
def test_the_start_date_is_stored_as_typed_and_read(coordinator_client, report, typed):
    report.start_date = None
    report.save()
    assert post_step(coordinator_client, report, "header", {"start_date": typed}).status_code == 302
    report.refresh_from_db()
    assert report.start_date == FIRST_FEBRUARY


def test_a_date_field_shows_its_date_day_first_and_in_words(coordinator_client, report):
    page = coordinator_client.get(step_url(report, "header"))
    assert value(page, "start_date") == "01/02/2018"
    html = page.content.decode()
    assert 'id="id_start_date-understood" aria-live="polite">1 February 2018<' in html
    assert 'aria-describedby="id_start_date-understood"' in html
    assert 'type="date"' not in html


def test_in_bulgarian_a_date_field_shows_its_date_with_dots(coordinator_client, report):
    page = coordinator_client.get(f"/bg{step_url(report, 'header')}")
    assert value(page, "start_date") == "01.02.2018"
    assert ">1 февруари 2018\N{NO-BREAK SPACE}г.<" in page.content.decode()


@pytest.mark.parametrize(
    ("prefix", "typed", "expected"),
    [
        ("", "1/2/2018", {"date": "2018-02-01", "words": "1 February 2018"}),
        ("", "31/02/2021", {"error": "“31/02/2021” is not a date: February 2021 has 28 days."}),
        (
            "/bg",
            "1 февруари 2018",
            {"date": "2018-02-01", "words": "1 февруари 2018\N{NO-BREAK SPACE}г."},
        ),
        ("", "   ", {}),
    ],
)
def test_the_page_asks_how_a_date_is_read_while_it_is_typed(
    coordinator_client, prefix, typed, expected
):
    response = coordinator_client.get(f"{prefix}{reverse('reports:read_date')}", {"q": typed})
    assert response.json() == expected


def test_an_event_without_an_exact_date_keeps_its_date_as_written(coordinator_client, report):
    response = post_step(
        coordinator_client,
        report,
        "past-events",
        {
            "past-events-0-title": "TAF Talks series",
            "past-events-0-date_detail": "Friday 30th October (9:30-10:30 am)",
            "past-events-0-place": "Digital Event",
        },
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert (event.date, event.date_detail) == (None, "Friday 30th October (9:30-10:30 am)")
    assert event.sort_date == report.period.end
    page = coordinator_client.get(step_url(report, "review")).content.decode()
    assert "Friday 30th October (9:30-10:30 am)" in page


def test_an_undated_planned_event_is_offered_as_past_in_the_next_period(partnership, period):
    previous = MonitoringReport.start(partnership, period)
    Event.objects.create(
        report=previous, kind="planned", position=1, title="Sometime", date_detail="Spring"
    )
    Event.objects.create(
        report=previous,
        kind="planned",
        position=2,
        title="In March",
        date=datetime.date(2021, 3, 5),
    )
    Event.objects.create(
        report=previous,
        kind="planned",
        position=3,
        title="Next autumn",
        date=datetime.date(2021, 10, 5),
    )
    following = ReportingPeriod.objects.create(
        year=2021, half=1, deadline=datetime.date(2021, 7, 31)
    )
    report = start_report(partnership, following)
    assert list(report.events.values_list("kind", "title")) == [
        ("past", "In March"),
        ("past", "Sometime"),
    ]


def test_the_date_fields_round_trip_through_the_page(coordinator_client, report):
    """Saving a page unchanged stores the same dates: what is shown is read back as such."""
    Event.objects.create(
        report=report, kind="past", position=1, title="E", date=datetime.date(2020, 12, 8)
    )
    values = page_values(coordinator_client, report, "past-events")
    assert values["past-events-0-date"] == ["08/12/2020"]
    post_step(coordinator_client, report, "past-events", values=values)
    assert Event.objects.get().date == datetime.date(2020, 12, 8)
