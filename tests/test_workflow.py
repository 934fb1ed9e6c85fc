"""A report's state moves only along the workflow, and every move is recorded."""

import pytest
from django.core.exceptions import ValidationError

from reports.models import MonitoringReport

State = MonitoringReport.State


def walk(report, user, *states):
    for state in states:
        report.move_to(state, user)


def test_a_move_is_recorded_with_who_when_and_comment(report, coordinator):
    transition = report.move_to(State.SUBMITTED, coordinator, comment="Ready for review")
    report.refresh_from_db()
    assert report.state == State.SUBMITTED
    assert (transition.from_state, transition.to_state) == (State.DRAFT, State.SUBMITTED)
    assert transition.user == coordinator
    assert transition.comment == "Ready for review"
    assert transition.at is not None


def test_the_full_path_to_publication_leaves_one_row_per_step(report, coordinator, reviewer):
    report.move_to(State.SUBMITTED, coordinator)
    walk(report, reviewer, State.RETURNED)
    report.move_to(State.SUBMITTED, coordinator)
    walk(report, reviewer, State.ACCEPTED, State.PUBLISHED)
    history = [(t.from_state, t.to_state) for t in report.transitions.all()]
    assert history == [
        (State.DRAFT, State.SUBMITTED),
        (State.SUBMITTED, State.RETURNED),
        (State.RETURNED, State.SUBMITTED),
        (State.SUBMITTED, State.ACCEPTED),
        (State.ACCEPTED, State.PUBLISHED),
    ]
    assert MonitoringReport.objects.published().get() == report


@pytest.mark.parametrize(
    ("path", "forbidden"),
    [
        ((), State.ACCEPTED),
        ((), State.PUBLISHED),
        ((State.SUBMITTED,), State.PUBLISHED),
        ((State.SUBMITTED, State.ACCEPTED, State.PUBLISHED), State.SUBMITTED),
        ((State.SUBMITTED, State.ACCEPTED, State.PUBLISHED), State.DRAFT),
    ],
)
def test_moves_outside_the_workflow_are_refused_and_change_nothing(
    report, reviewer, path, forbidden
):
    walk(report, reviewer, *path)
    rows_before = report.transitions.count()
    with pytest.raises(ValidationError, match="cannot become"):
        report.move_to(forbidden, reviewer)
    report.refresh_from_db()
    assert report.state == (path[-1] if path else State.DRAFT)
    assert report.transitions.count() == rows_before


def test_a_stale_copy_cannot_apply_a_move_twice(report, reviewer):
    """Two reviewers acting at once: the second sees the state the first left."""
    stale_copy = MonitoringReport.objects.get(pk=report.pk)
    walk(report, reviewer, State.SUBMITTED, State.ACCEPTED)
    with pytest.raises(ValidationError, match="“Accepted” cannot become “Accepted”"):
        stale_copy.move_to(State.ACCEPTED, reviewer)
    assert report.transitions.filter(to_state=State.ACCEPTED).count() == 1
