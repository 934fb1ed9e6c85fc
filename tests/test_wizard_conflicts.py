"""Two co-editors on one report. A save from a page loaded before the other person saved the
same step is merged with their save: what only one of them changed is kept, whoever changed
it. An answer both changed is never overwritten: the save is refused (409), the page keeps
what this person typed and shows what the other saved, and who, so that they can decide.
"""

import time
from unittest import mock

import pytest
from django.db import connection
from django.test import Client

from accounts.models import User
from reports.models import MonitoringReport, ReportRegion, WorkingArea
from reports.models.self_assessment import SelfAssessment
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


@pytest.fixture
def co_coordinator(partnership):
    """Cybersecurity's second coordinator, in Lapland."""
    user = User.objects.create_user(
        "aino",
        password="pw-aino",
        first_name="Aino",
        last_name="Virtanen",
        role=User.Role.COORDINATOR,
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


def test_rows_changed_by_each_of_us_are_merged(coordinator_client, aino, report):
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
    assert response.status_code == 302
    assert list(report.working_areas.values_list("position", "working_area")) == [
        (1, "Secure IoT, edited"),
        (2, "Training"),
    ]
    page = coordinator_client.get(response["Location"])
    assert "Aino Virtanen also saved this page, at" in " ".join(
        messages_of(page)
    ) and "Working area, row 1: Working area" in " ".join(messages_of(page))


def test_a_row_she_removed_stays_removed_unless_i_changed_it(coordinator_client, aino, report):
    for position, name in enumerate(["A", "B"], start=1):
        WorkingArea.objects.create(report=report, position=position, working_area=name)
    mine = page_values(coordinator_client, report, "working-areas")
    post_step(aino, report, "working-areas", {"working-areas-0-DELETE": "on"})
    response = post_step(
        coordinator_client,
        report,
        "working-areas",
        {"working-areas-2-working_area": "C"},
        values=mine,
    )
    assert response.status_code == 302
    assert list(report.working_areas.values_list("position", "working_area")) == [
        (1, "B"),
        (2, "C"),
    ]


def test_a_row_she_removed_and_i_changed_is_a_conflict(coordinator_client, aino, report):
    for position, name in enumerate(["A", "B"], start=1):
        WorkingArea.objects.create(report=report, position=position, working_area=name)
    mine = page_values(coordinator_client, report, "working-areas")
    post_step(aino, report, "working-areas", {"working-areas-0-DELETE": "on"})
    conflict = post_step(
        coordinator_client,
        report,
        "working-areas",
        {"working-areas-0-working_area": "A, rewritten"},
        values=mine,
    )
    assert conflict.status_code == 409
    assert list(report.working_areas.values_list("working_area", flat=True)) == ["B"]
    page = conflict.content.decode()
    assert "(row removed)" in page and "A, rewritten" in page
    # Saving the page as it stands keeps my row: I have seen that she removed it.
    response = post_step(coordinator_client, report, "working-areas", values=form_values(conflict))
    assert response.status_code == 302
    assert list(report.working_areas.values_list("position", "working_area")) == [
        (1, "B"),
        (2, "A, rewritten"),
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


def page_after(client, response):
    """The page a browser shows after posting: the answer itself, or where it redirects."""
    return client.get(response["Location"]) if response.status_code == 302 else response


def test_saving_again_after_a_colleagues_save_never_blanks_what_they_wrote(
    coordinator_client, aino, report
):
    """Issue 9, path 1: tab A saves question 1; tab B, opened before, saves question 2, then
    saves again. Question 1 must stay as A wrote it, whatever B's page showed in between."""
    tab_a = page_values(aino, report, "innovative-results")
    tab_b = page_values(coordinator_client, report, "innovative-results")
    post_step(aino, report, "innovative-results", {"innovative_results": "A's results"}, tab_a)
    first = post_step(
        coordinator_client,
        report,
        "innovative-results",
        {"socio_economic_impacts": "B's impacts"},
        values=tab_b,
    )
    second = post_step(
        coordinator_client,
        report,
        "innovative-results",
        values=form_values(page_after(coordinator_client, first)),
    )
    assert second.status_code == 302
    report.refresh_from_db()
    assert (report.innovative_results, report.socio_economic_impacts) == (
        "A's results",
        "B's impacts",
    )


def test_after_a_conflict_the_form_holds_mine_where_we_both_changed_and_theirs_elsewhere(
    coordinator_client, aino, report
):
    tab_a = page_values(aino, report, "collaborative-results")
    tab_b = page_values(coordinator_client, report, "collaborative-results")
    post_step(
        aino,
        report,
        "collaborative-results",
        {"inter_partnership_results": "A's results", "cooperation_sufficiency": "A's view"},
        values=tab_a,
    )
    conflict = post_step(
        coordinator_client,
        report,
        "collaborative-results",
        {"inter_partnership_results": "B's results", "business_involvement": "B's firms"},
        values=tab_b,
    )
    assert conflict.status_code == 409
    report.refresh_from_db()
    assert report.business_involvement == ""  # nothing of B's was saved
    page = conflict.content.decode()
    assert "You both changed the answers below" in page
    assert "A&#x27;s results" in page and "Saved by Aino Virtanen" in page
    # The form: mine where we both changed the answer, hers where only she did, mine where
    # only I did; and the version it was merged against, so that saving it is not refused.
    assert value(conflict, "inter_partnership_results") == "B's results"
    assert value(conflict, "cooperation_sufficiency") == "A's view"
    assert value(conflict, "business_involvement") == "B's firms"
    assert value(conflict, "version") == "1"
    response = post_step(
        coordinator_client, report, "collaborative-results", values=form_values(conflict)
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (
        report.inter_partnership_results,
        report.business_involvement,
        report.cooperation_sufficiency,
    ) == ("B's results", "B's firms", "A's view")


def test_regions_added_by_each_of_us_are_both_kept(coordinator_client, aino, report):
    tab_a = page_values(aino, report, "regions")
    tab_b = page_values(coordinator_client, report, "regions")
    post_step(aino, report, "regions", {"participating-0-entry": "Wallonia"}, values=tab_a)
    response = post_step(
        coordinator_client, report, "regions", {"participating-0-entry": "Tuscany"}, values=tab_b
    )
    assert response.status_code == 302
    assert list(report.regions.values_list("position", "name")) == [(1, "Wallonia"), (2, "Tuscany")]


def test_a_region_we_both_rewrote_is_a_conflict(coordinator_client, aino, report):
    ReportRegion.objects.create(report=report, role="lead", name="Brittany Region", position=1)
    tab_a = page_values(aino, report, "regions")
    tab_b = page_values(coordinator_client, report, "regions")
    post_step(aino, report, "regions", {"lead-0-entry": "Bretagne"}, values=tab_a)
    response = post_step(
        coordinator_client, report, "regions", {"lead-0-entry": "Brittany"}, values=tab_b
    )
    assert response.status_code == 409
    assert list(report.regions.values_list("name", flat=True)) == ["Bretagne"]
    assert "Leading region, row 1: Region" in response.content.decode()


def test_sdg_ratings_merge_goal_by_goal(coordinator_client, aino, report):
    tab_a = page_values(aino, report, "sdgs")
    tab_b = page_values(coordinator_client, report, "sdgs")
    post_step(aino, report, "sdgs", {"sdgs-row_1": "agree", "sdgs-row_3": "neutral"}, values=tab_a)
    merged = post_step(coordinator_client, report, "sdgs", {"sdgs-row_2": "agree"}, values=tab_b)
    assert merged.status_code == 302
    assert dict(report.sdg_ratings.values_list("goal", "rating")) == {
        1: "agree",
        2: "agree",
        3: "neutral",
    }
    refused = post_step(
        coordinator_client, report, "sdgs", {"sdgs-row_3": "disagree"}, values=tab_b
    )
    assert refused.status_code == 409
    assert "Goal 3." in refused.content.decode()
    assert report.sdg_ratings.get(goal=3).rating == "neutral"


def test_self_assessment_answers_and_rows_merge(coordinator_client, aino, report):
    tab_a = page_values(aino, report, "self-assessment")
    tab_b = page_values(coordinator_client, report, "self-assessment")
    post_step(
        aino,
        report,
        "self-assessment",
        {"progress_rating": "good", "obstacles": ["staff", "covid"]},
        values=tab_a,
    )
    response = post_step(
        coordinator_client,
        report,
        "self-assessment",
        {
            "methodology_phase": "connect",
            "pipeline-0-name": "Cyber range",
            "pipeline-0-status": "idea",
        },
        values=tab_b,
    )
    assert response.status_code == 302
    assessment = SelfAssessment.objects.get(report=report)
    assert (assessment.progress_rating, assessment.methodology_phase) == ("good", "connect")
    assert sorted(assessment.obstacles) == ["covid", "staff"]
    assert list(assessment.pipeline_projects.values_list("name", flat=True)) == ["Cyber range"]


def test_without_the_revision_a_page_was_loaded_from_any_difference_is_a_conflict(
    coordinator_client, aino, report
):
    tab_b = page_values(coordinator_client, report, "collaborative-results")
    post_step(aino, report, "collaborative-results", {"outreach": ""})  # any save: version 1
    post_step(aino, report, "collaborative-results", {"business_involvement": "Hers"})
    report.step_revisions.filter(version=0).delete()
    response = post_step(
        coordinator_client,
        report,
        "collaborative-results",
        {"inter_partnership_results": "Mine"},
        values=tab_b,
    )
    # Her answer differs from my page's, and nothing says which of us changed it.
    assert response.status_code == 409
    report.refresh_from_db()
    assert (report.business_involvement, report.inter_partnership_results) == ("Hers", "")


def test_rows_that_together_exceed_ten_are_refused_and_all_shown(coordinator_client, aino, report):
    tab_a = page_values(aino, report, "working-areas")
    tab_b = page_values(coordinator_client, report, "working-areas")
    post_step(
        aino,
        report,
        "working-areas",
        {f"working-areas-{row}-working_area": f"Hers {row}" for row in range(6)},
        values=tab_a,
    )
    response = post_step(
        coordinator_client,
        report,
        "working-areas",
        {f"working-areas-{row}-working_area": f"Mine {row}" for row in range(5)},
        values=tab_b,
    )
    assert response.status_code == 409
    assert report.working_areas.count() == 6
    page = response.content.decode()
    assert "not within the form" in page and "At most 10 rows" in page
    shown = form_values(response)
    assert {shown[f"working-areas-{row}-working_area"][0] for row in range(11)} == {
        *(f"Hers {row}" for row in range(6)),
        *(f"Mine {row}" for row in range(5)),
    }
