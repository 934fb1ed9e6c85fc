"""The public part of a report (header, I. Management report, II. Progress report) as the
pages show it: defined once, for the wizard's preview, the review and the public pages.

Nothing here reads the self-assessment.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from reports.models import PROGRESS_SECTIONS, Event, MonitoringReport, RegionRole, WorkingArea
from reports.sdgs import GOAL_SHORT_TITLES, GOALS, Agreement


def label(name):
    return MonitoringReport._meta.get_field(name).verbose_name


@dataclass
class Table:
    question: str
    columns: list
    rows: list  # [(row object, [cell values])]


REGION_QUESTIONS = (
    (RegionRole.LEAD, _("Please provide the list of leading regions")),
    (RegionRole.PARTICIPATING, _("Please provide the list of participating regions.")),
    (
        RegionRole.INTERESTED,
        _(
            "Please provide the list of interested regions or other entities (other than "
            "national /regional authorities)"
        ),
    ),
)
WORKING_AREA_COLUMNS = ("working_area", "region_in_charge", "involved_regions", "other_actors")
EVENT_COLUMNS = ("title", "date", "place", "other_information")


def table(question, model, rows, columns):
    headers = [model._meta.get_field(name).verbose_name for name in columns]
    # Cells keep their field name: an event's date is shown with its free-text detail.
    return Table(
        question, headers, [(row, [(name, getattr(row, name)) for name in columns]) for row in rows]
    )


def public_report(report):
    """Everything of `report` the public may read, in the form's order."""
    regions = list(report.regions.select_related("region__country"))
    events = list(report.events.all())
    ratings = dict(report.sdg_ratings.values_list("goal", "rating"))
    return {
        "header": [
            (_("Reporting period"), report.period.label),
            (_("Please select the name of your partnership"), report.partnership.short_name),
            (label("start_date"), report.start_date),
            (label("web_page"), report.web_page),
        ],
        "summary": (label("executive_summary"), report.executive_summary),
        "regions": [
            (question, [entry for entry in regions if entry.role == role])
            for role, question in REGION_QUESTIONS
        ],
        "tables": [
            table(
                _("Please provide an overview of the working areas of your partnership"),
                WorkingArea,
                report.working_areas.all(),
                WORKING_AREA_COLUMNS,
            ),
            table(
                _(
                    "Please provide information regarding past meetings, workshops and "
                    "dissemination activities (six months prior to filling out the survey)"
                ),
                Event,
                [event for event in events if event.kind == Event.Kind.PAST],
                EVENT_COLUMNS,
            ),
            table(
                _(
                    "Please provide information regarding planned future meetings, workshops "
                    "and dissemination activities"
                ),
                Event,
                [event for event in events if event.kind == Event.Kind.PLANNED],
                EVENT_COLUMNS,
            ),
        ],
        "progress": [
            (heading, [(label(name), getattr(report, name)) for name in names])
            for heading, names in PROGRESS_SECTIONS
        ],
        "sdgs": [
            (number, goal_label, GOAL_SHORT_TITLES[number], Agreement(ratings[number]).label)
            for number, goal_label, _short in GOALS
            if number in ratings
        ],
    }
