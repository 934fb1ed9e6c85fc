"""The steps of the report wizard, in the form's order.

A step knows which forms it shows, how to save them, how far it is filled in and which of
its mandatory answers are missing. The views (reports/views/wizard.py) only route between
steps, lock the report and check versions.
"""

from django.db import models
from django.db.models import Subquery
from django.forms import model_to_dict, modelform_factory
from django.utils.translation import gettext_lazy as _

from regions import lookup
from reports.models import (
    PROGRESS_SECTIONS,
    Event,
    MonitoringReport,
    RegionRole,
    ReportRegion,
    SDGRating,
    WorkingArea,
)
from reports.models.self_assessment import (
    GovernanceStatement,
    Milestone,
    PipelineProject,
    SelfAssessment,
    SupportTool,
    Usefulness,
)
from reports.presentation import carried_over_slot, report_body
from reports.sdgs import Agreement
from reports.wizard import forms
from reports.wizard.bound import Bound
from reports.workflow import anchors


class Status(models.TextChoices):
    EMPTY = "empty", _("Not started")
    PARTIAL = "partial", _("Partly done")
    # Answers carried over from the previous report, neither edited nor confirmed yet.
    TO_CONFIRM = "to_confirm", _("To confirm")
    COMPLETE = "complete", _("Complete")


def status_from(filled, total, missing):
    if filled == 0:
        return Status.EMPTY
    if missing or filled < total:
        return Status.PARTIAL
    return Status.COMPLETE


def save_rows(rows, kept_forms, build):
    """Bring a table's saved rows in line with its kept forms, numbering them 1, 2, 3...

    Rows keep their ids (review comments are anchored to them). Rows that change position
    are deleted and inserted again under the same id, after the rows that go away are
    deleted, so no row ever takes a position another still holds, whatever the new order.
    """
    existing = {row.pk: row for row in rows}
    saved_positions = {pk: row.position for pk, row in existing.items()}
    updated = []
    for position, form in enumerate(kept_forms, start=1):
        row = build(existing.pop(form.cleaned_data.get("row_id"), None), form)
        row.position = position
        if hasattr(row, "carried_over"):
            row.carried_over = form.still_carried_over
        updated.append(row)
    moved = [row for row in updated if row.pk and saved_positions[row.pk] != row.position]
    rows.filter(pk__in=[*existing, *(row.pk for row in moved)]).delete()
    for row in updated:
        row.save(force_insert=row in moved)


def cells_from(form):
    return {name: form.cleaned_data.get(name) for name in form.content_fields()}


def row_initial(row, cells):
    return {
        "row_id": row.pk,
        **model_to_dict(row, fields=cells),
        "carried_over": getattr(row, "carried_over", False),
    }


class Step:
    slug = ""
    title = ""
    template = ""
    autosave_fields = ()
    # Confidential answers are never kept in the browser's storage (wizard.js).
    confidential = False

    def bind(self, report, data=None):
        raise NotImplementedError

    def save(self, report, bound):
        raise NotImplementedError

    def status(self, report):
        """How far the step is: "to confirm" while it holds what was carried over."""
        if self.has_carried_over(report):
            return Status.TO_CONFIRM
        return self.fill_status(report)

    def fill_status(self, report):
        raise NotImplementedError

    def missing(self, report):
        """Labels of the mandatory answers still missing."""
        return []

    def has_carried_over(self, report):
        return False

    def extra_context(self, report):
        return {}

    def confirm_carried_over(self, report):
        """The coordinator confirms that what was carried over still holds."""

    def autosave(self, report, data, fields):
        """Save just these long-text fields; returns the form's errors, if any."""
        raise NotImplementedError

    def __str__(self):
        return str(self.title)


class FieldsStep(Step):
    """Some of the report's own fields."""

    template = "fields"

    def __init__(self, slug, title, fields, required=()):
        self.slug, self.title, self.fields, self.required = slug, title, fields, required
        self.form_class = modelform_factory(
            MonitoringReport, form=forms.ReportFieldsForm, fields=fields
        )
        self.autosave_fields = tuple(
            name
            for name in fields
            if isinstance(MonitoringReport._meta.get_field(name), models.TextField)
        )

    def required_fields(self, report):
        return self.required

    def bind(self, report, data=None):
        form = self.form_class(data, instance=report, required=self.required_fields(report))
        return Bound({"form": form})

    def save(self, report, bound):
        form = bound["form"]
        self.save_fields(report, form.cleaned_data, form.changed_data)

    def save_fields(self, report, values, changed):
        for name, value in values.items():
            setattr(report, name, value)
        report.carried_over_fields = [
            name for name in report.carried_over_fields if name not in changed
        ]
        report.save(update_fields=[*values, "carried_over_fields", "updated_at"])

    def autosave(self, report, data, fields):
        form = modelform_factory(MonitoringReport, form=forms.ReportFieldsForm, fields=fields)(
            data, instance=report
        )
        if not form.is_valid():
            return form.errors
        self.save_fields(report, form.cleaned_data, form.changed_data)
        return None

    def has_carried_over(self, report):
        return any(name in report.carried_over_fields for name in self.fields)

    def confirm_carried_over(self, report):
        report.carried_over_fields = [
            name for name in report.carried_over_fields if name not in self.fields
        ]
        report.save(update_fields=["carried_over_fields", "updated_at"])

    def fill_status(self, report):
        filled = sum(1 for name in self.fields if getattr(report, name))
        return status_from(filled, len(self.fields), self.missing(report))

    def missing(self, report):
        return [
            MonitoringReport._meta.get_field(name).verbose_name
            for name in self.required_fields(report)
            if not getattr(report, name)
        ]


class NewActivitiesStep(FieldsStep):
    """II. New activities: without an EU13 region, the EU13 question wants a justification."""

    def required_fields(self, report):
        return () if report.involves_eu13() else ("eu13_involvement",)


class RegionsStep(Step):
    slug = "regions"
    title = _("Regions")
    template = "regions"
    # (role, the form's question, mandatory)
    LISTS = (
        (RegionRole.LEAD, _("Please provide the list of leading regions"), True),
        (RegionRole.PARTICIPATING, _("Please provide the list of participating regions."), True),
        (
            RegionRole.INTERESTED,
            _(
                "Please provide the list of interested regions or other entities (other than "
                "national /regional authorities)"
            ),
            False,
        ),
    )

    def bind(self, report, data=None):
        entries = list(report.regions.select_related("region__country"))
        parts = {}
        for role, _question, _required in self.LISTS:
            saved = [entry for entry in entries if entry.role == role]
            initial = [
                {"row_id": entry.pk, "entry": entry.written, "carried_over": entry.carried_over}
                for entry in saved
            ]
            formset = forms.RegionFormSet(data, initial=initial, prefix=role, form_kwargs={})
            formset.extra = forms.BLANK_REGION_ROWS
            for form, entry in zip(formset.forms, saved, strict=False):
                form.saved_entry = entry  # how it was matched, shown beside it
            parts[role] = formset
        bound = Bound(parts, titles={role: RegionRole(role).label for role in parts})
        # For the template, which cannot look a part up by a variable name.
        bound.lists = [(question, required, parts[role]) for role, question, required in self.LISTS]
        return bound

    def save(self, report, bound):
        for role, _question, _required in self.LISTS:
            rows = report.regions.filter(role=role).select_related("region__country")

            def build(entry, form, role=role):
                text = form.cleaned_data["entry"]
                if entry is not None and text == entry.written:
                    # Left as it was: it keeps its link, even one that its words alone do not
                    # resolve to (made when carried over or by an admin), and the answer to
                    # its suggestion, if one was given, is taken.
                    if form.cleaned_data.get("match"):
                        entry.answer_suggestion(form.cleaned_data["match"] == "yes")
                    return entry
                entry = entry or ReportRegion(report=report, role=role)
                entry.name = text
                entry.link(lookup.resolve(text))
                return entry

            save_rows(rows, bound[role].kept_forms(), build)

    def has_carried_over(self, report):
        return report.regions.filter(carried_over=True).exists()

    def confirm_carried_over(self, report):
        report.regions.update(carried_over=False)

    def missing(self, report, roles=None):
        roles = set(report.regions.values_list("role", flat=True)) if roles is None else roles
        return [
            question for role, question, required in self.LISTS if required and role not in roles
        ]

    def status(self, report):
        # One query for the list of steps, which shows every step's status on every page.
        # Carried-over entries and NUTS units suggested for entries wait for the coordinator.
        entries = list(report.regions.values_list("role", "carried_over", "match"))
        if any(
            carried or match == ReportRegion.Match.SUGGESTED for _role, carried, match in entries
        ):
            return Status.TO_CONFIRM
        roles = {role for role, _carried, _match in entries}
        return status_from(len(roles), 2, self.missing(report, roles)) if roles else Status.EMPTY


class TableStep(Step):
    template = "table"

    def __init__(self, slug, title, question, formset_class, model, cells, filters=None):
        self.slug, self.title, self.question = slug, title, question
        self.formset_class, self.model, self.cells = formset_class, model, cells
        self.filters = filters or {}

    def owner(self, report):
        return report

    def rows(self, report):
        return self.model.objects.filter(report=report, **self.filters)

    def bind(self, report, data=None):
        initial = [row_initial(row, self.cells) for row in self.rows(report)]
        formset = self.formset_class(data, initial=initial, prefix=self.slug)
        # Like the paper form: ten numbered rows, the blank ones ready to be filled.
        formset.extra = forms.MAX_TABLE_ROWS - len(initial)
        return Bound({"rows": formset}, titles={self.slug: self.title})

    def save(self, report, bound):
        def build(row, form):
            row = row or self.model(report=report, **self.filters)
            for name, value in cells_from(form).items():
                setattr(row, name, value)
            return row

        save_rows(self.rows(report), bound["rows"].kept_forms(), build)

    def has_carried_over(self, report):
        return self.rows(report).filter(carried_over=True).exists()

    def confirm_carried_over(self, report):
        self.rows(report).update(carried_over=False)

    def status(self, report):
        # One query for the list of steps, which shows every step's status on every page.
        carried = list(self.rows(report).values_list("carried_over", flat=True))
        if any(carried):
            return Status.TO_CONFIRM
        return Status.COMPLETE if carried else Status.EMPTY


class SdgStep(Step):
    slug = "sdgs"
    title = _("Sustainable Development Goals")
    template = "sdgs"

    def bind(self, report, data=None):
        ratings = dict(report.sdg_ratings.values_list("goal", "rating"))
        return Bound({"matrix": forms.sdg_form(data, ratings)})

    def save(self, report, bound):
        answers = bound["matrix"].answers()
        report.sdg_ratings.exclude(goal__in=answers).delete()
        for goal, rating in answers.items():
            SDGRating.objects.update_or_create(
                report=report, goal=goal, defaults={"rating": rating}
            )

    def fill_status(self, report):
        return status_from(report.sdg_ratings.count(), len(forms.SDG_ROWS), [])


class SelfAssessmentStep(Step):
    slug = "self-assessment"
    title = _("Self-assessment (confidential)")
    template = "self_assessment"
    confidential = True
    required = ("progress_rating", "progress_justification", "methodology_phase", "continuation")
    autosave_fields = (
        "progress_justification",
        "changes_detail",
        "obstacles_detail",
        "support_needed_detail",
        "risks",
        "further_comments",
    )

    def assessment(self, report):
        return SelfAssessment.objects.filter(report=report).first() or SelfAssessment(report=report)

    def bind(self, report, data=None):
        assessment = self.assessment(report)
        rows = {
            "pipeline": (forms.PipelineProjectFormSet, PipelineProject, forms.PipelineProjectForm),
            "milestones": (forms.MilestoneFormSet, Milestone, forms.MilestoneForm),
        }
        parts = {
            "form": forms.SelfAssessmentForm(data, instance=assessment, required=self.required),
            "governance": forms.MatrixForm(
                data,
                rows=GovernanceStatement.choices,
                scale=Agreement.choices,
                initial={
                    forms.MatrixForm.field_name(k): v for k, v in assessment.governance.items()
                },
                prefix="governance",
            ),
            "support": forms.MatrixForm(
                data,
                rows=SupportTool.choices,
                scale=Usefulness.choices,
                initial={
                    forms.MatrixForm.field_name(k): v
                    for k, v in assessment.support_usefulness.items()
                },
                prefix="support",
            ),
        }
        for name, (formset_class, model, form_class) in rows.items():
            saved = (
                model.objects.filter(self_assessment=assessment)
                if assessment.pk
                else model.objects.none()
            )
            cells = [
                field for field in form_class.base_fields if field not in form_class.BOOKKEEPING
            ]
            initial = [row_initial(row, cells) for row in saved]
            formset = formset_class(data, initial=initial, prefix=name)
            formset.extra = forms.MAX_TABLE_ROWS - len(initial)
            parts[name] = formset
        return Bound(
            parts,
            titles={
                "pipeline": PipelineProject._meta.verbose_name_plural.capitalize(),
                "milestones": Milestone._meta.verbose_name_plural.capitalize(),
            },
        )

    def save(self, report, bound):
        assessment = bound["form"].save(commit=False)
        assessment.governance = bound["governance"].answers()
        assessment.support_usefulness = bound["support"].answers()
        assessment.save()
        for name, model in (("pipeline", PipelineProject), ("milestones", Milestone)):

            def build(row, form, model=model):
                row = row or model(self_assessment=assessment)
                for field, value in cells_from(form).items():
                    setattr(row, field, value)
                return row

            save_rows(
                model.objects.filter(self_assessment=assessment), bound[name].kept_forms(), build
            )

    def autosave(self, report, data, fields):
        form = modelform_factory(
            SelfAssessment, fields=fields, widgets=forms.SelfAssessmentForm.Meta.widgets
        )(data, instance=self.assessment(report))
        if not form.is_valid():
            return form.errors
        form.save()
        return None

    def missing(self, report):
        assessment = self.assessment(report)
        missing = [
            SelfAssessment._meta.get_field(name).verbose_name
            for name in self.required
            if not getattr(assessment, name)
        ]
        if len(assessment.governance) < len(GovernanceStatement.choices):
            missing.append(SelfAssessment._meta.get_field("governance").verbose_name)
        return missing

    def fill_status(self, report):
        assessment = SelfAssessment.objects.filter(report=report).first()
        if assessment is None:
            return Status.EMPTY
        return Status.PARTIAL if self.missing(report) else Status.COMPLETE


class ReviewStep(Step):
    slug = "review"
    title = _("Review and submit")
    template = "review"

    def bind(self, report, data=None):
        return Bound({})  # nothing to edit: the page reads the report and submits it

    def extra_context(self, report):
        return {
            "missing": missing_answers(report),
            "body": report_body(report, carried_over_slot),
            "assessment": SelfAssessment.objects.filter(report=report).first(),
            # Who brought the report to where it is (submitted, accepted or published), and when.
            "last_step": report.transitions.filter(to_state=report.state)
            .select_related("user")
            .last(),
        }

    def fill_status(self, report):
        return Status.EMPTY if report.state in MonitoringReport.EDITABLE_STATES else Status.COMPLETE


def past_or_planned(kind, slug, title, question):
    return TableStep(
        slug,
        title,
        question,
        forms.EventFormSet,
        Event,
        ["title", "date", "date_detail", "place", "other_information"],
        filters={"kind": kind},
    )


STEPS = [
    FieldsStep(
        "header", _("Header"), ["start_date", "web_page"], required=("start_date", "web_page")
    ),
    FieldsStep(
        "summary",
        _("Executive summary and objectives"),
        ["executive_summary"],
        required=("executive_summary",),
    ),
    RegionsStep(),
    TableStep(
        "working-areas",
        _("Working areas"),
        _("Please provide an overview of the working areas of your partnership"),
        forms.WorkingAreaFormSet,
        WorkingArea,
        ["working_area", "region_in_charge", "involved_regions", "other_actors"],
    ),
    past_or_planned(
        Event.Kind.PAST,
        "past-events",
        _("Past events"),
        _(
            "Please provide information regarding past meetings, workshops and dissemination "
            "activities (six months prior to filling out the survey)"
        ),
    ),
    past_or_planned(
        Event.Kind.PLANNED,
        "planned-events",
        _("Planned events"),
        _(
            "Please provide information regarding planned future meetings, workshops and "
            "dissemination activities"
        ),
    ),
    *[
        (NewActivitiesStep if slug == "new-activities" else FieldsStep)(slug, heading, list(fields))
        for slug, (heading, fields) in zip(
            ("innovative-results", "collaborative-results", "new-activities"),
            PROGRESS_SECTIONS,
            strict=True,
        )
    ],
    SdgStep(),
    SelfAssessmentStep(),
    ReviewStep(),
]
STEPS_BY_SLUG = {step.slug: step for step in STEPS}


def get_step(slug):
    return STEPS_BY_SLUG.get(slug)


def neighbours(step):
    index = STEPS.index(step)
    previous = STEPS[index - 1] if index > 0 else None
    following = STEPS[index + 1] if index + 1 < len(STEPS) else None
    return previous, following


def resume_step(report):
    """Where a coordinator continues: on a report returned for changes, the step of the first
    remark still open, in the form's order; otherwise where they left off."""
    if report.state == MonitoringReport.State.RETURNED:
        remarked = {remark.step for remark in annotated_remarks(report) if not remark.addressed_at}
        first = next((step for step in STEPS if step in remarked), None)
        if first is not None:
            return first
    return get_step(report.last_step) or STEPS[0]


def missing_answers(report):
    """[(step, label)] for every mandatory answer still missing: what blocks submission."""
    return [(step, label) for step in STEPS for label in step.missing(report)]


# --- The reviewers' remarks, as the coordinators see them ------------------------------------

# The steps on which each kind of anchor (reports/workflow.py `anchors`) is edited: a report
# field by its name, the others by the part before the colon. A table's anchor is its step's
# slug written with underscores ("working_areas:<row id>").
ANCHOR_STEPS = {
    **{name: step for step in STEPS if isinstance(step, FieldsStep) for name in step.fields},
    **{step.slug.replace("-", "_"): step for step in STEPS if isinstance(step, TableStep)},
    "regions": STEPS_BY_SLUG["regions"],
    "sdgs": STEPS_BY_SLUG["sdgs"],
    "self_assessment": STEPS_BY_SLUG["self-assessment"],
}


def anchor_step(anchor):
    """The step on which the field or row that `anchor` names is edited."""
    return ANCHOR_STEPS.get(anchor.partition(":")[0])


def sent_remarks(report):
    """The remarks the coordinators have been sent: those written before the report was last
    returned to them. Remarks on a report still with the reviewers are the reviewers' draft
    until they return it (and never reach the coordinators if it is accepted instead)."""
    last_returned = (
        report.transitions.filter(to_state=MonitoringReport.State.RETURNED)
        .order_by("-at")
        .values("at")[:1]
    )
    # Never returned: the subquery is NULL, and nothing compares as earlier than it.
    return report.review_comments.filter(created_at__lte=Subquery(last_returned)).select_related(
        "author", "addressed_by"
    )


def annotated_remarks(report):
    """The remarks sent to the coordinators, oldest first, each knowing its `step`, what on
    that step it is about (`target`: the field name, the region role, the row id, "sdgs") and
    how that is called (`about`). A remark on a table row that has since been removed is not
    `placed`: its step shows it at the top."""
    remarks = list(sent_remarks(report))
    labels = anchors(report) if remarks else {}
    for remark in remarks:
        name, _colon, key = remark.anchor.partition(":")
        remark.step = anchor_step(remark.anchor)
        remark.target = int(key) if key.isdigit() else key or name
        remark.placed = remark.anchor in labels
        remark.about = labels.get(remark.anchor) or removed_row_label(remark)
    return remarks


def remarks_for(report):
    """{anchor: [remark]} of the remarks sent to the coordinators (see annotated_remarks)."""
    by_anchor = {}
    for remark in annotated_remarks(report):
        by_anchor.setdefault(remark.anchor, []).append(remark)
    return by_anchor


def removed_row_label(remark):
    """What a remark on a row that is no longer in the report was about, from the submission
    it was written on: "Working areas, a row removed since: Secure supply chains"."""
    table, _colon, row_id = remark.anchor.partition(":")
    rows = remark.version.content.get("tables", {}).get(table, [])
    cells = next((row["cells"] for row in rows if str(row["id"]) == row_id), {})
    first = next((text for text in cells.values() if text), "")
    step = anchor_step(remark.anchor)
    return _("%(table)s, a row removed since: %(row)s") % {
        "table": step.title if step else table,
        "row": first or "—",
    }


def remarks_context(report, current):
    """What the wizard's pages show of the remarks: those on the current step, how many are
    still open on each step (the list of steps), and all of them by step with the reviewers'
    covering message (the review step)."""
    remarks = annotated_remarks(report)
    by_step = [(step, [remark for remark in remarks if remark.step is step]) for step in STEPS]
    return {
        "step_remarks": [remark for remark in remarks if remark.step is current],
        "remark_steps": [
            (step, group, sum(1 for remark in group if not remark.addressed_at))
            for step, group in by_step
            if group
        ],
        "remark_count": len(remarks),
        "remarks_addressed": sum(1 for remark in remarks if remark.addressed_at),
        "remarks_open": sum(1 for remark in remarks if not remark.addressed_at),
        # The covering message, on every step until the report is submitted again.
        "last_return": report.transitions.filter(to_state=MonitoringReport.State.RETURNED)
        .select_related("user")
        .last()
        if report.state == MonitoringReport.State.RETURNED
        else None,
    }
