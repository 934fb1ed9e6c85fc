"""Two co-editors on one report: a save based on what the page showed before the other
person saved the same step is refused (409), never applied over theirs. The page keeps what
this person typed and shows what the other saved, and who, so that they can merge.
"""

import time
from unittest import mock

import pytest
from django.db import connection
from django.test import Client

from accounts.models import User
from reports.models import MonitoringReport, WorkingArea
from reports.views import wizard
from tests.concurrency import at_the_same_moment
from tests.wizard_helpers import (
    autosave_url,
    form_values,
    messages_of,
    page_values,
    post_step,
    value,
)

pytestmark = pytest.mark.usefixtures("fast_passwords")


@pytest.fixture
def co_coordinator(partnership):
    """Cybersecurity's second coordinator, in Lapland."""
    user = User.objects.create_user(
        "aino", password="pw-aino", first_name="Aino", last_name="Virtanen"
    )
    partnership.coordinators.add(user)
    return user


@pytest.fixture
def aino(co_coordinator):
    client = Client()
    client.force_login(co_coordinator)
    return client


@pytest.fixture
def both_opened_the_summary(coordinator_client, aino, report):
    """Both coordinators have the summary step open, as saved."""
    report.executive_summary = "As saved on Monday."
    report.save()
    return (
        page_values(coordinator_client, report, "summary"),
        page_values(aino, report, "summary"),
    )


def test_a_save_from_a_page_older_than_the_last_save_is_refused(
    coordinator_client, aino, report, co_coordinator, both_opened_the_summary
):
    mine, hers = both_opened_the_summary
    assert post_step(aino, report, "summary", {"executive_summary": "Aino's text"}, values=hers)[
        "Location"
    ]
    response = post_step(
        coordinator_client, report, "summary", {"executive_summary": "My text"}, values=mine
    )
    assert response.status_code == 409
    report.refresh_from_db()
    assert (report.executive_summary, report.step_versions, report.last_saved_by) == (
        "Aino's text",
        {"summary": 1},
        co_coordinator,
    )
    # What I typed is still in the form; what she saved, and that she did, is shown beside it.
    assert value(response, "executive_summary") == "My text"
    page = response.content.decode()
    assert "Aino Virtanen saved this page" in page
    assert "Aino&#x27;s text" in page


def test_saving_again_from_the_conflict_page_stores_the_merged_text(
    coordinator_client, aino, report, both_opened_the_summary
):
    mine, hers = both_opened_the_summary
    post_step(aino, report, "summary", {"executive_summary": "Aino's text"}, values=hers)
    conflict = post_step(
        coordinator_client, report, "summary", {"executive_summary": "My text"}, values=mine
    )
    assert value(conflict, "version") == "1"
    merged = form_values(conflict)
    response = post_step(
        coordinator_client,
        report,
        "summary",
        {"executive_summary": "Aino's text and mine"},
        values=merged,
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.executive_summary, report.step_versions) == (
        "Aino's text and mine",
        {"summary": 2},
    )


def test_the_same_person_in_two_tabs_is_protected_the_same_way(coordinator_client, report):
    first_tab = page_values(coordinator_client, report, "summary")
    second_tab = page_values(coordinator_client, report, "summary")
    post_step(
        coordinator_client, report, "summary", {"executive_summary": "Tab 1"}, values=first_tab
    )
    response = post_step(
        coordinator_client, report, "summary", {"executive_summary": "Tab 2"}, values=second_tab
    )
    assert response.status_code == 409
    report.refresh_from_db()
    assert report.executive_summary == "Tab 1"
    assert value(response, "executive_summary") == "Tab 2"


def test_co_editors_on_different_steps_do_not_conflict(coordinator_client, aino, report):
    mine = page_values(coordinator_client, report, "summary")
    hers = page_values(aino, report, "innovative-results")
    assert post_step(
        aino, report, "innovative-results", {"innovative_results": "Hers"}, values=hers
    )
    response = post_step(
        coordinator_client, report, "summary", {"executive_summary": "Mine"}, values=mine
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.executive_summary, report.innovative_results) == ("Mine", "Hers")
    assert report.step_versions == {"summary": 1, "innovative-results": 1}


def test_a_table_conflict_keeps_my_rows_and_shows_theirs(coordinator_client, aino, report):
    WorkingArea.objects.create(report=report, position=1, working_area="Secure IoT")
    mine = page_values(coordinator_client, report, "working-areas")
    post_step(aino, report, "working-areas", {"working-areas-0-working_area": "Secure IoT, edited"})
    response = post_step(
        coordinator_client,
        report,
        "working-areas",
        {"working-areas-1-working_area": "Training"},
        values=mine,
    )
    assert response.status_code == 409
    assert list(report.working_areas.values_list("working_area", flat=True)) == [
        "Secure IoT, edited"
    ]
    assert value(response, "working-areas-1-working_area") == "Training"
    assert "Secure IoT, edited" in response.content.decode()


def test_after_a_table_conflict_rows_she_removed_come_back_only_if_kept(
    coordinator_client, aino, report
):
    """Merging after she removed row 1: my page still has it, so saving it keeps it (as a new
    row), and the rows below move down without colliding."""
    for position, name in enumerate(["A", "B"], start=1):
        WorkingArea.objects.create(report=report, position=position, working_area=name)
    mine = page_values(coordinator_client, report, "working-areas")
    post_step(aino, report, "working-areas", {"working-areas-0-DELETE": "on"})
    conflict = post_step(
        coordinator_client,
        report,
        "working-areas",
        {"working-areas-2-working_area": "C"},
        values=mine,
    )
    response = post_step(coordinator_client, report, "working-areas", values=form_values(conflict))
    assert response.status_code == 302
    assert list(report.working_areas.values_list("position", "working_area")) == [
        (1, "A"),
        (2, "B"),
        (3, "C"),
    ]


@pytest.mark.parametrize("version", ["-1", "2"])
def test_a_save_based_on_a_version_that_never_was_is_refused(
    coordinator_client, aino, report, version
):
    post_step(aino, report, "summary", {"executive_summary": "Aino's text"})
    response = post_step(
        coordinator_client, report, "summary", {"executive_summary": "X", "version": version}
    )
    assert response.status_code == 409
    report.refresh_from_db()
    assert (report.executive_summary, report.step_versions) == ("Aino's text", {"summary": 1})


@pytest.mark.parametrize("version", [None, "", "one"])
@pytest.mark.parametrize("saved_before", [True, False])
def test_a_save_without_the_version_it_was_based_on_is_refused(
    coordinator_client, aino, report, version, saved_before
):
    if saved_before:
        post_step(aino, report, "summary", {"executive_summary": "Aino's text"})
    response = post_step(
        coordinator_client, report, "summary", {"executive_summary": "Mine", "version": version}
    )
    assert response.status_code == 400
    assert "The page sent was incomplete: nothing was saved." in messages_of(response)[0]
    assert value(response, "executive_summary") == "Mine"
    report.refresh_from_db()
    assert report.executive_summary == ("Aino's text" if saved_before else "")


def test_an_autosave_over_a_newer_save_is_refused_with_who_saved(
    coordinator_client, aino, report, both_opened_the_summary
):
    mine, hers = both_opened_the_summary
    post_step(aino, report, "summary", {"executive_summary": "Aino's text"}, values=hers)
    response = coordinator_client.post(
        autosave_url(report, "summary"),
        {"version": mine["version"][0], "executive_summary": "Typing..."},
    )
    assert response.status_code == 409
    assert response.json()["conflict"] is True
    assert "Aino Virtanen saved this page" in response.json()["error"]
    report.refresh_from_db()
    assert report.executive_summary == "Aino's text"


def test_an_autosave_then_a_save_from_another_tab_conflict(coordinator_client, aino, report):
    """Her autosave counts as a save: my page, loaded before it, is stale."""
    mine = page_values(coordinator_client, report, "summary")
    aino.post(autosave_url(report, "summary"), {"version": "0", "executive_summary": "Auto"})
    response = post_step(
        coordinator_client, report, "summary", {"executive_summary": "Mine"}, values=mine
    )
    assert response.status_code == 409


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_moment_one_wins_the_other_is_refused(
    coordinator, co_coordinator, partnership, period
):
    """The version is checked under a row lock: the second save waits for the first, then
    sees the new version. Without the lock both would read version 0 and both would save."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "Needs PostgreSQL: SQLite has no SELECT ... FOR UPDATE (its writers are serialised "
            "by IMMEDIATE transactions instead), and the in-memory test database is not shared "
            "between threads."
        )
    report = MonitoringReport.start(partnership, period)
    clients = []
    for user in (coordinator, co_coordinator):
        client = Client()
        client.force_login(user)
        clients.append(client)
    form = page_values(clients[0], report, "summary")
    statuses = []
    original_record_save = wizard.record_save

    def slow_record_save(*args, **kwargs):
        time.sleep(0.5)  # holds the lock long enough for the other save to arrive
        original_record_save(*args, **kwargs)

    def save(client, text):
        response = post_step(client, report, "summary", {"executive_summary": text}, values=form)
        statuses.append(response.status_code)

    with mock.patch.object(wizard, "record_save", slow_record_save):
        at_the_same_moment(save, list(zip(clients, ["First", "Second"], strict=True)))

    assert sorted(statuses) == [302, 409]
    report.refresh_from_db()
    assert report.step_versions == {"summary": 1}
    assert report.executive_summary in ("First", "Second")
