"""The partnership's timeline: its published reports in order, each with what changed since
the one before (regions that joined or left, rows added to a kept table or dropped, SDG
ratings that moved), read only from the reports' public part."""

from typing import Any, TypedDict

from django.db.models import QuerySet

from reports import sdg_chart
from reports.answers import Answers
from reports.form import FORM, Table
from reports.models import MonitoringReport, RegionRole
from reports.models.partnerships import REGION_HEADINGS
from reports.sdgs import GOAL_SHORT_TITLES, Agreement


def entries(reports: QuerySet[MonitoringReport]) -> list[dict[str, Any]]:
    """The timeline's entries, oldest first, for the published `reports` of a partnership:
    {"report", "state", "kept", "changes"} (changes: None for the first)."""
    found = []
    previous: PublicState | None = None
    for report in (
        reports.select_related("period")
        .prefetch_related("regions__region__country", "sdg_ratings")
        .order_by("period__year", "period__half")
    ):
        state = _public_state(report)
        found.append(
            {
                "report": report,
                "state": state,
                "kept": [
                    {"heading": FORM.page_of(table).title, "names": state["tables"][table.name]}
                    for table in kept_tables()
                ],
                "changes": _changes(previous, state) if previous else None,
            }
        )
        previous = state
    return found


def kept_tables() -> list[Table]:
    """The public tables a partnership keeps from one period to the next (those the form
    carries over): the timeline says what is added to them and dropped."""
    return [
        question
        for question in FORM.questions(public_only=True)
        if isinstance(question, Table) and question.carry_over
    ]


class PublicState(TypedDict):
    regions: dict[str, list[str]]  # {role: names}
    tables: dict[str, list[Any]]  # {table: its rows' first cells}
    sdgs: dict[int, str]  # {goal: rating}


def _public_state(report: MonitoringReport) -> PublicState:
    """What the timeline compares between periods, read only from the public part: a
    table's rows by the column that names them."""
    answers = Answers(report, public_only=True)
    return {
        "regions": {
            role: [entry.label for entry in report.regions.all() if entry.role == role]
            for role in RegionRole.values
        },
        "tables": {
            table.name: [getattr(row, table.title_column.name) for row in answers.value(table)]
            for table in kept_tables()
        },
        "sdgs": {rating.goal: rating.rating for rating in report.sdg_ratings.all()},
    }


def _changes(before: PublicState, after: PublicState) -> dict[str, list[dict[str, Any]]]:
    """Regions that joined or left (per role), rows added to a kept table or dropped, SDG
    ratings that moved, from one published period to the next."""
    regions = []
    for role, heading in REGION_HEADINGS:
        joined = [name for name in after["regions"][role] if name not in before["regions"][role]]
        left = [name for name in before["regions"][role] if name not in after["regions"][role]]
        if joined or left:
            regions.append({"heading": heading, "joined": joined, "left": left})
    tables = []
    for table in kept_tables():
        was, now = before["tables"][table.name], after["tables"][table.name]
        added = [name for name in now if name not in was]
        dropped = [name for name in was if name not in now]
        if added or dropped:
            tables.append(
                {"heading": FORM.page_of(table).title, "added": added, "dropped": dropped}
            )
    old_scores, new_scores = before["sdgs"], after["sdgs"]
    ratings = [
        {
            "title": f"{goal}. {GOAL_SHORT_TITLES[goal]}",
            "before": Agreement(old_scores[goal]).label if goal in old_scores else None,
            "after": Agreement(new_scores[goal]).label if goal in new_scores else None,
            "direction": _direction(old_scores.get(goal), new_scores.get(goal)),
        }
        for goal in sorted(old_scores.keys() | new_scores.keys())
        if old_scores.get(goal) != new_scores.get(goal)
    ]
    return {"regions": regions, "tables": tables, "ratings": ratings}


def _direction(old: str | None, new: str | None) -> str:
    if old is None or new is None:
        return "added" if old is None else "removed"
    old_score, new_score = sdg_chart.SCORES[Agreement(old)], sdg_chart.SCORES[Agreement(new)]
    return "up" if new_score > old_score else "down" if new_score < old_score else "other"
