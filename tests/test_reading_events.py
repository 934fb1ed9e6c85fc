"""The partnership page's upcoming events, as seed 002 has a block for them (issue 12,
reading): the planned events of the latest published report that have not happened yet,
from the report's public part only, or a line saying there are none.
"""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reports.models import Event, MonitoringReport
from reports.models.self_assessment import Milestone, SelfAssessment
from tests.test_public_reports import draft, period, publish, published  # noqa: F401

EMPTY = "No upcoming events have been announced."


def days_from_today(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def plan(report, title, date, kind=Event.Kind.PLANNED, **fields):
    position = report.events.filter(kind=kind).count() + 1
    return Event.objects.create(
        report=report, kind=kind, position=position, title=title, date=date, **fields
    )


def block(client, partnership, prefix=""):
    """The upcoming events block of the partnership page, as HTML."""
    response = client.get(prefix + partnership.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    start = content.index('<section class="aside-block upcoming-events"')
    return content[start : content.index("</section>", start)]


def test_an_event_planned_for_later_shows_with_its_date_and_place(client, published):  # noqa: F811
    date = days_from_today(40)
    plan(published, "Cyber ranges workshop", date, place="Tartu")

    english = block(client, published.partnership)
    bulgarian = block(client, published.partnership, "/bg")

    assert "Cyber ranges workshop" in english
    assert f"{date.day} " in english and str(date.year) in english
    assert "Tartu" in english
    assert EMPTY not in english
    assert "Предстоящи събития" in bulgarian and "Cyber ranges workshop" in bulgarian
    assert f"{date.year}\N{NO-BREAK SPACE}г." in bulgarian  # the date in Bulgarian words


def test_events_come_soonest_first_and_today_still_counts(client, published):  # noqa: F811
    plan(published, "Later", days_from_today(60))
    plan(published, "Today", days_from_today(0))

    html = block(client, published.partnership)

    assert html.index("Today") < html.index("Later")


def test_a_past_event_does_not_show(client, published):  # noqa: F811
    plan(published, "Yesterday's meeting", days_from_today(-1))
    plan(published, "Held next month", days_from_today(30), kind=Event.Kind.PAST)

    html = block(client, published.partnership)

    assert "Yesterday" not in html and "Held next month" not in html
    assert EMPTY in html


def test_events_of_an_unpublished_or_older_report_do_not_show(
    client,
    published,  # noqa: F811
    draft,  # noqa: F811
    reviewer,
):
    plan(draft, "Planned in the draft", days_from_today(30))
    older = MonitoringReport.start(published.partnership, period(2019, 2))
    plan(older, "Planned in an older report", days_from_today(30))
    publish(older, reviewer)

    html = block(client, published.partnership)

    assert "Planned in the draft" not in html
    assert "Planned in an older report" not in html
    assert EMPTY in html


def test_the_self_assessments_milestones_never_show(client, published):  # noqa: F811
    assessment = SelfAssessment.objects.create(report=published)
    Milestone.objects.create(
        self_assessment=assessment,
        position=1,
        milestone="Confidential milestone",
        target_date=days_from_today(30),
    )

    html = block(client, published.partnership)

    assert "Confidential milestone" not in html
    assert EMPTY in html


def test_a_partnership_without_a_published_report_says_there_are_none(
    client,
    partnership,
    draft,  # noqa: F811
):
    plan(draft, "Planned in the draft", days_from_today(30))

    html = block(client, partnership)
    bulgarian = block(client, partnership, "/bg")

    assert EMPTY in html and "Planned in the draft" not in html
    assert "Не са обявени предстоящи събития." in bulgarian


def test_the_events_cost_the_same_queries_however_many_there_are(client, published):  # noqa: F811
    url = published.partnership.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as none:
        client.get(url)
    for days in range(1, 10):  # the form has ten rows; the report plans one event already
        plan(published, f"Event {days}", days_from_today(days))
    with CaptureQueriesContext(connection) as ten:
        html = block(client, published.partnership)

    assert "Event 9" in html
    assert len(ten) == len(none)
