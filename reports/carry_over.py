"""Starting a report from the partnership's previous one.

Coordinators rewrite little from one half-year to the next: the summary and objectives, the
regions and the working areas mostly stay (the questions the form marks `carry_over`). They
are copied and marked as carried over until
the coordinator edits or confirms them, so neither they nor the reviewer mistake last
period's text for news. Planned events that fell in the new period are offered as past events,
and the public annexes are offered again.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q

from reports import annex_storage
from reports.annex_files import storage_key
from reports.form import FORM, RegionList, Table, Text
from reports.models import Event, MonitoringReport, ReportRegion


def previous_report(partnership, period):
    earlier = Q(period__year__lt=period.year) | Q(
        period__year=period.year, period__half__lt=period.half
    )
    return (
        MonitoringReport.objects.filter(earlier, partnership=partnership)
        .order_by("-period__year", "-period__half")
        .first()
    )


def get_or_start_report(partnership, period) -> tuple[MonitoringReport, bool]:
    """The partnership's report for `period`, and whether this call started it. Two
    coordinators pressing "Start the report" at once both get the one report: whichever
    inserts it second meets the unique constraint (an IntegrityError on PostgreSQL; a
    ValidationError from the model's own check on SQLite, whose writers take turns), and
    takes the report the other started."""
    existing = MonitoringReport.objects.filter(partnership=partnership, period=period)
    if report := existing.first():
        return report, False
    try:
        return start_report(partnership, period), True
    except (IntegrityError, ValidationError):
        # Started by someone else since the check above; anything else is raised again.
        if report := existing.first():
            return report, False
        raise


@transaction.atomic
def start_report(partnership, period):
    """A new draft for `period`, pre-filled from the partnership's latest earlier report."""
    report = MonitoringReport.start(partnership, period)
    previous = previous_report(partnership, period)
    if previous is not None:
        copy_texts(previous, report)
        copy_regions(previous, report)
        copy_tables(previous, report)
        offer_planned_events_as_past(previous, report)
        offer_public_annexes(previous, report)
    return report


def offer_public_annexes(previous: MonitoringReport, report: MonitoringReport) -> None:
    """The previous report's public annexes, each with a copy of its file (an annex owns its
    file: removing one never takes another's), carried over until the coordinator confirms
    or changes them. Its confidential ones stay where they were."""
    for annex in previous.annexes.filter(visibility=FORM.annexes.public_visibility):
        with annex_storage.open_annex_file(annex.file_key) as stored:
            content = stored.read()
        annex.pk = None
        annex.report = report
        annex.file_key = storage_key()
        annex.carried_over = True
        annex_storage.save_annex_file(annex.file_key, content)
        annex.save()


def carried_questions(kind):
    """The questions of the report itself (not its self-assessment) the form carries over."""
    return [
        question
        for question in FORM.questions(public_only=True)
        if question.carry_over and isinstance(question, kind)
    ]


def copy_texts(previous, report):
    names = [question.name for question in carried_questions(Text)]
    copied = [name for name in names if getattr(previous, name)]
    for name in copied:
        setattr(report, name, getattr(previous, name))
    report.carried_over_fields = copied
    report.save(update_fields=[*names, "carried_over_fields"])


def carried_copy(row, report, **changes):
    """A copy of one of the previous report's rows for `report`, marked as carried over."""
    values = {
        field.attname: getattr(row, field.attname)
        for field in row._meta.concrete_fields
        if not field.primary_key
    }
    return type(row)(**{**values, "report_id": report.pk, "carried_over": True, **changes})


def copy_regions(previous, report):
    roles = [question.role for question in carried_questions(RegionList)]
    ReportRegion.objects.bulk_create(
        carried_copy(entry, report) for entry in previous.regions.filter(role__in=roles)
    )


def copy_tables(previous, report):
    for table in carried_questions(Table):
        model = table.rows_model
        rows = model.objects.filter(**{model.owner_field: previous}, **table.filters)
        model.objects.bulk_create(carried_copy(row, report) for row in rows)


def offer_planned_events_as_past(previous, report):
    period = report.period
    planned = previous.events.filter(kind=Event.Kind.PLANNED).select_related("report__period")
    due = sorted(
        (event for event in planned if period.start <= event.sort_date <= period.end),
        key=lambda event: (event.sort_date, event.position),
    )
    Event.objects.bulk_create(
        carried_copy(event, report, kind=Event.Kind.PAST, position=position)
        for position, event in enumerate(due[:10], start=1)
    )
