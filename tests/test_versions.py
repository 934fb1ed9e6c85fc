"""Versions: every submission frozen as it was sent, and what changed between two of them."""

import datetime
import importlib

import pytest
from django.utils import translation

from reports import workflow
from reports.anchors import anchors
from reports.models import Event, MonitoringReport, ReportingPeriod, ReportRegion, WorkingArea
from reports.models.self_assessment import ProgressRating, SelfAssessment
from reports.versions import diff, snapshot, word_diff

State = MonitoringReport.State


def joined(segments, *operations):
    return "".join(text for operation, text in segments if operation in operations)


@pytest.fixture
def filled(report):
    """A report with something in every part: texts, regions, rows, ratings, self-assessment."""
    report.executive_summary = "Secure digital regions working together."
    report.outreach = "Two newsletters."
    report.save()
    ReportRegion.objects.create(report=report, role="lead", name="Brittany Region", position=1)
    ReportRegion.objects.create(report=report, role="participating", name="Castilla y Leon")
    WorkingArea.objects.create(report=report, position=1, working_area="Cyber ranges")
    WorkingArea.objects.create(
        report=report, position=2, working_area="Training", region_in_charge="Basque Country"
    )
    Event.objects.create(
        report=report, kind="past", position=1, title="Kick-off", date=datetime.date(2020, 9, 1)
    )
    report.sdg_ratings.create(goal=9, rating="agree")
    SelfAssessment.objects.create(
        report=report, progress_rating="good", risks="Staff turnover.", continuation="as_is"
    )
    return report


# --- Word by word ---------------------------------------------------------------------------


def test_an_unchanged_text_is_one_equal_segment():
    assert word_diff("Same words here.", "Same words here.") == [("equal", "Same words here.")]


def test_a_changed_word_is_removed_and_added_in_place():
    segments = word_diff("The cat sat on the mat", "The dog sat on the mat")
    assert segments == [
        ("equal", "The "),
        ("delete", "cat"),
        ("insert", "dog"),
        ("equal", " sat on the mat"),
    ]


def test_added_and_removed_words_alone():
    assert word_diff("one two", "one two three") == [("equal", "one two"), ("insert", " three")]
    assert word_diff("one two three", "one three") == [
        ("equal", "one "),
        ("delete", "two "),
        ("equal", "three"),
    ]
    assert word_diff("", "New text") == [("insert", "New text")]
    assert word_diff("Old text", "") == [("delete", "Old text")]


def test_a_rewritten_passage_reads_as_one_removal_and_one_addition():
    """Not "MarketThe studyBasque": single unchanged words between changes join the change."""
    segments = word_diff(
        "Market study for the cyber range started.",
        "The Basque ecosystem mapped the local landscape.",
    )
    assert [operation for operation, _text in segments] == ["delete", "insert"]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Line one.\n\nLine two.", "Line one.\n\nLine 2, changed.\nLine three."),
        ("a b c d e f", "a x c y e z"),
        ("  spaced   out  ", "spaced out"),
    ],
)
def test_the_segments_rebuild_both_texts_white_space_included(old, new):
    segments = word_diff(old, new)
    assert joined(segments, "equal", "delete") == old
    assert joined(segments, "equal", "insert") == new


# --- Snapshots ------------------------------------------------------------------------------


def test_a_snapshot_holds_every_answer_as_a_value(filled):
    answers = snapshot(filled)["answers"]
    assert answers["executive_summary"] == "Secure digital regions working together."
    assert answers["start_date"] == "2018-02-01"
    assert answers["regions:lead"] == [
        {"id": filled.regions.get(role="lead").pk, "name": "Brittany Region", "unit": None}
    ]
    assert [row["cells"]["working_area"] for row in answers["working_areas"]] == [
        "Cyber ranges",
        "Training",
    ]
    assert answers["past_events"][0]["cells"]["title"] == "Kick-off"
    assert answers["planned_events"] == []
    assert answers["sdgs"] == {"9": "agree"}
    assert answers["self_assessment:risks"] == "Staff turnover."
    assert answers["self_assessment:progress_rating"] == "good"  # the value, not its label


def test_the_same_report_frozen_in_english_and_in_bulgarian_is_the_same(filled):
    """Values, not words: the language of the page a submission was made from is not in it."""
    with translation.override("bg"):
        in_bulgarian = snapshot(filled)
    with translation.override("en"):
        in_english = snapshot(filled)
    assert in_bulgarian == in_english
    assert not diff(in_bulgarian, in_english)


def test_a_diff_is_told_in_the_readers_language(filled):
    before = snapshot(filled)
    SelfAssessment.objects.filter(report=filled).update(progress_rating="very_good")
    after = snapshot(filled)
    with translation.override("bg"):
        (change,) = diff(before, after).confidential
        assert joined(change.segments, "delete") == str(ProgressRating.GOOD.label)
        assert str(ProgressRating.GOOD.label) != "Good"
    (change,) = diff(before, after).confidential
    assert (joined(change.segments, "delete"), joined(change.segments, "insert")) == (
        "Good",
        "Very good",
    )


def test_a_submission_is_frozen_and_later_edits_do_not_reach_it(filled, coordinator, reviewer):
    workflow.submit(filled, coordinator)
    workflow.return_for_changes(filled, reviewer, "Please add the results.")
    filled.executive_summary = "Rewritten after the remarks."
    filled.save()
    workflow.submit(filled, coordinator)

    first, second = filled.versions.order_by("number")
    assert (first.number, second.number) == (1, 2)
    assert first.submitted_by == coordinator
    assert first.content["answers"]["executive_summary"] == (
        "Secure digital regions working together."
    )
    assert second.content["answers"]["executive_summary"] == "Rewritten after the remarks."
    assert workflow.latest_version(filled) == second


def test_a_report_submitted_before_versions_existed_gets_one_once(report, coordinator):
    report.move_to(State.SUBMITTED, coordinator)  # as the demo does: no version frozen
    version = workflow.latest_version(report)
    assert version.number == 1
    assert workflow.latest_version(report) == version
    assert report.versions.count() == 1


# --- Diffs ----------------------------------------------------------------------------------


def edited(filled, **fields):
    """A copy of the filled report's snapshot, as if its coordinators had changed it."""
    before = snapshot(filled)
    for name, value in fields.items():
        setattr(filled, name, value)
    filled.save()
    return before, snapshot(filled)


def test_text_changes_are_listed_per_field_word_by_word(filled):
    before, after = edited(filled, executive_summary="Secure digital regions acting together.")
    changes = diff(before, after)
    (change,) = changes.public
    assert change.anchor == "executive_summary"
    assert ("delete", "working") in change.segments
    assert ("insert", "acting") in change.segments
    assert changes.changed_anchors() == {"executive_summary"}


def test_nothing_changed_is_an_empty_diff(filled):
    assert not diff(snapshot(filled), snapshot(filled))
    assert diff(snapshot(filled), snapshot(filled)).changed_anchors() == set()


def rows(change, kind):
    return [row for row in change.rows if row["kind"] == kind]


def test_rows_added_removed_and_changed(filled):
    before = snapshot(filled)
    cyber, training = filled.working_areas.all()
    cyber.other_actors = "ECSO"
    cyber.save()
    training_id = training.pk
    training.delete()
    added = WorkingArea.objects.create(report=filled, position=2, working_area="Health data")
    changes = diff(before, snapshot(filled))

    (table,) = changes.public
    assert table.anchor == "working_areas"
    assert [row["title"] for row in rows(table, "added")] == ["Health data"]
    assert [row["title"] for row in rows(table, "removed")] == ["Training"]
    (changed,) = rows(table, "changed")
    ((label, segments),) = changed["segments"]
    assert (label, segments) == ("Other actors", [("insert", "ECSO")])
    assert changes.changed_anchors() == {
        f"working_areas:{cyber.pk}",
        f"working_areas:{training_id}",
        f"working_areas:{added.pk}",
    }


def test_rows_of_two_periods_are_matched_by_their_first_cell(filled, partnership, coordinator):
    """Across periods every row has a new id: the same working area is "changed", not
    "removed and added"."""
    later_period = ReportingPeriod.objects.create(
        year=2021, half=1, deadline=datetime.date(2021, 7, 31)
    )
    later = MonitoringReport.start(partnership, later_period)
    WorkingArea.objects.create(
        report=later, position=1, working_area="Cyber ranges", other_actors="ENISA"
    )
    changes = {change.anchor: change for change in diff(snapshot(filled), snapshot(later)).changes}
    table = changes["working_areas"]
    assert rows(table, "added") == []
    assert [row["title"] for row in rows(table, "removed")] == ["Training"]
    (changed,) = rows(table, "changed")
    assert changed["title"] == "Cyber ranges"
    assert changed["segments"] == [("Other actors", [("insert", "ENISA")])]


def test_region_lists_added_and_removed(filled):
    before = snapshot(filled)
    filled.regions.filter(role="participating").delete()
    ReportRegion.objects.create(report=filled, role="participating", name="Wales", position=1)
    changes = diff(before, snapshot(filled))
    assert [(change.anchor, change.added, change.removed) for change in changes.public] == [
        ("regions:participating", ["Wales"], ["Castilla y Leon"])
    ]
    assert changes.changed_anchors() == {"regions:participating"}


def test_ratings_changed_added_and_removed(filled):
    before = snapshot(filled)
    filled.sdg_ratings.filter(goal=9).update(rating="strongly_agree")
    filled.sdg_ratings.create(goal=4, rating="disagree")
    changes = diff(before, snapshot(filled))
    (change,) = changes.public
    ratings = {goal.split(".")[0]: (old, new) for goal, old, new in change.ratings}
    assert ratings == {
        "Goal 4": ("—", "Disagree"),
        "Goal 9": ("Agree", "Strongly agree"),
    }
    assert changes.changed_anchors() == {"sdgs"}


def test_self_assessment_changes_are_anchored_to_their_answer(filled):
    """A remark on "self_assessment:risks" finds the change to that answer."""
    before = snapshot(filled)
    SelfAssessment.objects.filter(report=filled).update(risks="Staff turnover and funding.")
    changes = diff(before, snapshot(filled))
    assert [change.anchor for change in changes.confidential] == ["self_assessment:risks"]
    assert changes.changed_anchors() == {"self_assessment:risks"}
    segments = changes.confidential[0].segments
    assert joined(segments, "equal", "delete") == "Staff turnover."
    assert joined(segments, "equal", "insert") == "Staff turnover and funding."


def test_an_emptied_self_assessment_shows_its_answers_removed(filled):
    before = snapshot(filled)
    SelfAssessment.objects.filter(report=filled).delete()
    changes = diff(before, snapshot(filled))
    assert "self_assessment:risks" in changes.changed_anchors()


def test_about_keeps_only_what_changed_in_one_field_or_row(filled):
    before = snapshot(filled)
    cyber, training = filled.working_areas.all()
    training.other_actors = "Universities"
    training.save()
    filled.outreach = "Three newsletters."
    filled.save()
    changes = diff(before, snapshot(filled))

    row = changes.about(f"working_areas:{training.pk}")
    (table,) = row.changes
    assert [change["title"] for change in table.rows] == ["Training"]
    assert not changes.about(f"working_areas:{cyber.pk}")
    assert [change.anchor for change in changes.about("outreach").changes] == ["outreach"]
    assert not changes.about("executive_summary")


def test_the_anchors_of_remarks_are_those_a_diff_names(filled):
    """Every anchor a diff can report is one a remark can be written on."""
    remarkable = set(anchors(filled))
    assert {"executive_summary", "regions:lead", "sdgs", "self_assessment:risks"} <= remarkable
    assert {f"working_areas:{row.pk}" for row in filled.working_areas.all()} <= remarkable
    before = snapshot(filled)
    for row in filled.working_areas.all():
        row.other_actors = "Changed"
        row.save()
    filled.sdg_ratings.all().delete()
    SelfAssessment.objects.filter(report=filled).update(risks="None.", continuation="undecided")
    changed = diff(before, snapshot(filled)).changed_anchors()
    assert changed <= remarkable
    assert {anchor.partition(":")[0] for anchor in changed} == {
        "working_areas",
        "sdgs",
        "self_assessment",
    }


def test_versions_frozen_as_words_are_migrated_to_values():
    """Migration 0010: submissions frozen before kept the self-assessment as the words of the
    page they were sent from, in its language; they are turned back into values."""
    migration = importlib.import_module("reports.migrations.0010_versions_keep_values")
    old = {
        "fields": {"executive_summary": "Secure regions.", "start_date": "2018-02-01"},
        "regions": {"lead": ["Brittany Region"], "participating": [], "interested": []},
        "tables": {"working_areas": [{"id": 3, "cells": {"working_area": "Ranges"}}]},
        "sdgs": {"9": "agree"},
        "self_assessment": [
            ["Overall, how do you rate…", "Добро", "progress_rating"],
            ["Which outputs…", "Scoping note, Business cases/pilot projects", "outputs"],
            [
                "Main obstacles…",
                "Difficulty combining funds (ERDF, Horizon, Interreg, I3…), COVID-19 restrictions",
                "obstacles",
            ],
            [
                "Governance…",
                "Decision-making is effective: Agree\nPartner regions contribute actively: "
                "Strongly agree",
                "governance",
            ],
            ["Risks", "Funding ends.", "risks"],
            [
                "Projects in the pipeline",
                "1. Cyber range — Funded — ERDF — 250000 — Brittany, Wales\n2. Health — Idea",
                "pipeline_projects",
            ],
            ["Milestones", "1. Roadmap — 2021-06-30 — Brittany", "milestones"],
        ],
    }
    answers = migration.converted(old)["answers"]
    assert answers["executive_summary"] == "Secure regions."
    assert answers["regions:lead"] == [{"id": None, "name": "Brittany Region", "unit": None}]
    assert answers["sdgs"] == {"9": "agree"}
    assert answers["self_assessment:progress_rating"] == "good"
    assert answers["self_assessment:outputs"] == ["business_cases", "scoping_note"]
    assert answers["self_assessment:obstacles"] == ["combining_funds", "covid"]
    assert answers["self_assessment:governance"] == {
        "decisions_effective": "agree",
        "partners_active": "strongly_agree",
    }
    assert answers["self_assessment:risks"] == "Funding ends."
    assert [row["cells"] for row in answers["pipeline"]] == [
        {
            "name": "Cyber range",
            "status": "funded",
            "funding_source": "erdf",
            "amount_eur": 250000,
            "regions_involved": "Brittany, Wales",
        },
        {
            "name": "Health",
            "status": "idea",
            "funding_source": "",
            "amount_eur": "",
            "regions_involved": "",
        },
    ]
    assert answers["milestones"][0]["cells"] == {
        "milestone": "Roadmap",
        "target_date": "2021-06-30",
        "responsible_region": "Brittany",
    }
    # Read by today's code, in any language.
    (change,) = diff({"answers": {}}, {"answers": answers}).about("self_assessment:outputs").changes
    assert change.added == ["Scoping note", "Business cases/pilot projects"]
