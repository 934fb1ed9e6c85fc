"""The merge of two co-editors' saves, checked against random edits (hypothesis).

The promise: an answer only one person changed is never lost, and an answer both changed
differently is never silently overwritten. First on the merge itself, with any keys and
values; then through the wizard, where one coordinator saves a step and the other saves it
again from a page loaded before, on a step with long texts, the SDG matrix and a table.
"""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import User
from reports.merge import merge
from reports.models import WorkingArea
from tests.wizard_helpers import page_values, post_step

KEYS = [f"answer{index}" for index in range(8)]
VALUES = st.sampled_from(["", "a", "b", "c", "a longer text\nwith a line break"])
# An edit sets an answer, or (value None) removes it, as removing a table row does.
EDITS = st.dictionaries(st.sampled_from(KEYS), st.one_of(st.none(), VALUES), max_size=8)


def edited(base, edits):
    state = dict(base)
    for key, value in edits.items():
        if value is None:
            state.pop(key, None)
        else:
            state[key] = value
    return state


@given(base=st.dictionaries(st.sampled_from(KEYS), VALUES), mine=EDITS, theirs=EDITS)
def test_an_answer_only_one_person_changed_is_kept_and_none_both_changed_is_overwritten(
    base, mine, theirs
):
    my_state, their_state = edited(base, mine), edited(base, theirs)
    outcome = merge(base, my_state, their_state)
    for key in {*base, *my_state, *their_state}:
        was, my_value, their_value = base.get(key), my_state.get(key), their_state.get(key)
        if my_value != was and their_value != was and my_value != their_value:
            assert key in outcome.conflicts
            assert outcome.merged.get(key) == their_value  # theirs stays saved ...
            assert outcome.preferring_mine.get(key) == my_value  # ... mine stays in the form
        else:
            assert key not in outcome.conflicts
            expected = my_value if my_value != was else their_value
            assert outcome.merged.get(key) == expected
            assert outcome.preferring_mine.get(key) == expected


@given(mine=st.dictionaries(st.sampled_from(KEYS), VALUES), theirs=EDITS)
def test_without_the_version_the_page_was_loaded_from_every_difference_is_a_conflict(mine, theirs):
    their_state = edited(mine, theirs)
    outcome = merge(None, mine, their_state)
    differing = {key for key in {*mine, *their_state} if mine.get(key) != their_state.get(key)}
    assert set(outcome.conflicts) == differing
    assert outcome.merged == their_state


# --- Through the wizard -----------------------------------------------------------------------

TEXTS = ["inter_partnership_results", "business_involvement", "cooperation_sufficiency"]
GOALS = [1, 2, 3, 4]
RATINGS = ["", "strongly_agree", "agree", "neutral"]
AREA_CELLS = ["working_area", "region_in_charge", "other_actors"]
TEXT_VALUES = st.sampled_from(["First words.", "Other words.", "Third\nversion."])


def step_edits(fields, values):
    return st.dictionaries(st.sampled_from(fields), values, max_size=len(fields))


# (step, the form fields edited, what they are given)
STEPS = [
    ("collaborative-results", TEXTS, TEXT_VALUES),
    ("sdgs", [f"sdgs-row_{goal}" for goal in GOALS], st.sampled_from(RATINGS)),
    (
        "working-areas",
        [f"working-areas-{row}-{cell}" for row in range(2) for cell in AREA_CELLS],
        TEXT_VALUES,
    ),
]


@pytest.fixture
def two_coordinators(coordinator, partnership):
    second = User.objects.create_user(
        "aino", first_name="Aino", last_name="Virtanen", role=User.Role.COORDINATOR
    )
    partnership.coordinators.add(second)
    clients = []
    for user in (coordinator, second):
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
@pytest.mark.django_db
def test_two_coordinators_saving_one_step_lose_nothing(
    data, two_coordinators, partnership, period, report
):
    step, fields, values = data.draw(st.sampled_from(STEPS))
    first, second = two_coordinators
    report.step_revisions.all().delete()
    report.step_versions = {}
    report.save()
    report.working_areas.all().delete()
    for position in (1, 2):
        WorkingArea.objects.create(
            report=report,
            position=position,
            working_area=f"Area {position}",
            region_in_charge="Brittany",
            other_actors="ECSO",
        )
    hers = page_values(second, report, step)
    mine = page_values(first, report, step)
    her_edits = data.draw(step_edits(fields, values), label="her edits")
    my_edits = data.draw(step_edits(fields, values), label="my edits")
    post_step(second, report, step, her_edits, values=hers)
    saved_by_her = page_values(second, report, step)

    response = post_step(first, report, step, my_edits, values=mine)

    after = page_values(first, report, step)
    both_changed = [
        name
        for name in set(her_edits) & set(my_edits)
        if her_edits[name] != my_edits[name]
        and her_edits[name] != mine[name][0]
        and my_edits[name] != mine[name][0]
    ]
    if both_changed:
        assert response.status_code == 409
        assert {name: after[name] for name in fields} == {
            name: saved_by_her[name] for name in fields
        }
        return
    assert response.status_code == 302
    for name in fields:
        loaded = mine[name][0]
        mine_changed = name in my_edits and my_edits[name] != loaded
        expected = my_edits[name] if mine_changed else saved_by_her[name][0]
        assert after[name] == [expected], name
