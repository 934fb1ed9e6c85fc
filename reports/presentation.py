"""The public part of a report (header, I. Management report, II. Progress report) as the
pages show it: defined once, for the wizard's preview, the review and the public pages.

Nothing here reads the self-assessment.
"""

from dataclasses import dataclass, field

from django.utils.text import slugify
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


@dataclass
class Slot:
    """What a page adds around one field or row of the report: the reviewers' page its
    remarks and a "Remark" link, the coordinators' review its carried-over mark."""

    anchor: str
    label: str = ""
    remarks: list = field(default_factory=list)
    carried_over: bool = False

    @property
    def dom_id(self):
        return "about-" + slugify(self.anchor.replace(":", "-"))


def plain_slot(anchor, carried_over=False):
    """No marks and no remarks: the report as the public reads it."""
    return Slot(anchor)


def carried_over_slot(anchor, carried_over=False):
    return Slot(anchor, carried_over=carried_over)


TABLE_ANCHORS = ("working_areas", "past_events", "planned_events")
HEADER_FIELDS = (None, None, "start_date", "web_page")


def report_body(report, slot=plain_slot):
    """public_report(), each field and row with its Slot, for templates/reports/includes/
    report_body.html: the one template that shows a report's public part, everywhere."""
    public = public_report(report)
    carried = set(report.carried_over_fields)
    return {
        "header": [
            (label, value, slot(name, name in carried) if name else None)
            for (label, value), name in zip(public["header"], HEADER_FIELDS, strict=True)
        ],
        "summary": (*public["summary"], slot("executive_summary", "executive_summary" in carried)),
        "regions": [
            (
                question,
                entries,
                slot(f"regions:{role}", any(entry.carried_over for entry in entries)),
            )
            for (question, entries), (role, _question) in zip(
                public["regions"], REGION_QUESTIONS, strict=True
            )
        ],
        "tables": [
            (
                table,
                [
                    (row, cells, slot(f"{name}:{row.pk}", row.carried_over))
                    for row, cells in table.rows
                ],
            )
            for table, name in zip(public["tables"], TABLE_ANCHORS, strict=True)
        ],
        "progress": [
            (
                heading,
                [
                    (question, answer, slot(name, name in carried))
                    for (question, answer), name in zip(answers, names, strict=True)
                ],
            )
            for (heading, answers), (_heading, names) in zip(
                public["progress"], PROGRESS_SECTIONS, strict=True
            )
        ],
        "sdgs": (public["sdgs"], slot("sdgs")),
    }
