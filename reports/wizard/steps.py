"""The steps of the report wizard: one per page of the form (reports/form.py), then the review.

A step shows its page's questions as forms, saves them, says how far the page is filled in and
which of its mandatory answers are missing. Nothing here names a question: what a page asks
comes from the declaration. The views (reports/views/wizard.py) only route between steps, lock
the report and merge saves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from django.db import models
from django.forms import model_to_dict
from django.utils.translation import gettext_lazy as _

from regions import lookup
from reports.answers import Answers, is_answered, is_complete, missing, missing_answers
from reports.body import carried_over_slot, report_body
from reports.form import (
    FIELD_KINDS,
    FORM,
    AnnexList,
    Given,
    Matrix,
    Page,
    Question,
    RegionList,
    Section,
    Table,
    Text,
)
from reports.models import Annex, MonitoringReport, RegionRole, ReportRegion
from reports.models.monitoring import CarriedOver
from reports.wizard import forms
from reports.wizard.bound import Bound

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Status(models.TextChoices):
    EMPTY = "empty", _("Not started")
    PARTIAL = "partial", _("Partly done")
    # Carried over from the previous report, or a NUTS unit suggested for a region: the
    # coordinator has yet to say it holds.
    TO_CONFIRM = "to_confirm", _("To confirm")
    COMPLETE = "complete", _("Complete")


def save_rows(model, saved, kept_forms, build):
    """Bring a table's saved rows (`saved`, of `model`) in line with its kept forms, numbering
    them 1, 2, 3..., in one query per kind of change (delete, update, insert) however many
    rows there are.

    Rows keep their ids (review comments are anchored to them). Rows that change position
    are deleted and inserted again under the same id, after the rows that go away are
    deleted, so no row ever takes a position another still holds, whatever the new order.
    """
    existing = {row.pk: row for row in saved}
    saved_positions = {pk: row.position for pk, row in existing.items()}
    updated = []
    for position, form in enumerate(kept_forms, start=1):
        row = build(existing.pop(form.cleaned_data.get("row_id"), None), form)
        row.position = position
        if hasattr(row, "carried_over"):
            row.carried_over = form.still_carried_over
        updated.append(row)
    moved = {row.pk for row in updated if row.pk and saved_positions[row.pk] != row.position}
    manager = model._default_manager
    if gone := [*existing, *moved]:
        manager.filter(pk__in=gone).delete()
    if staying := [row for row in updated if row.pk and row.pk not in moved]:
        fields = [field.name for field in model._meta.concrete_fields if not field.primary_key]
        manager.bulk_update(staying, fields)
    if inserted := [row for row in updated if not row.pk or row.pk in moved]:
        manager.bulk_create(inserted)


def row_initial(row, cells):
    return {
        "row_id": row.pk,
        **model_to_dict(row, fields=cells),
        "carried_over": getattr(row, "carried_over", False),
    }


@dataclass
class Item:
    """One question as a page shows it: the partial that renders it, and what it renders."""

    question: Question
    template: str
    part: object = None  # its bound field, formset or matrix form
    value: object = None  # a given answer's
    mandatory: bool = False
    # Said beside it when a rule makes it mandatory ("needs a justification").
    note: StrOrPromise = ""

    @property
    def caption(self) -> str:
        return f"{self.question.text} *" if self.mandatory else str(self.question.text)


class Step:
    """One page of the form in the wizard."""

    template = "page"
    is_review: ClassVar[Literal[False]] = False

    def __init__(self, page: Page):
        self.page = page

    def __str__(self) -> str:
        return str(self.title)

    @property
    def slug(self) -> str:
        return self.page.slug

    @property
    def title(self) -> StrOrPromise:
        return self.page.title

    @property
    def confidential(self) -> bool:
        """Its answers are never kept in the browser's storage (wizard.js)."""
        return not self.page.section.public

    @property
    def model(self) -> type[models.Model]:
        return self.page.section.model

    def fields(self) -> list[Question]:
        return [question for question in self.page.questions if question.kind in FIELD_KINDS]

    @property
    def autosave_fields(self) -> tuple[str, ...]:
        """The long texts wizard.js saves a few seconds after typing stops."""
        return tuple(
            question.name
            for question in self.fields()
            if isinstance(self.model._meta.get_field(question.name), models.TextField)
        )

    def owner(self, report: MonitoringReport, create: bool = False) -> models.Model:
        """The object holding the page's fields: the report, or its self-assessment."""
        if self.model is MonitoringReport:
            return report
        owner = self.model._default_manager.filter(report=report).first()
        if owner is None:
            owner = self.model(report=report)
            if create:
                owner.save()
        return owner

    # --- The forms ----------------------------------------------------------------------------

    def bind(self, report: MonitoringReport, data=None, answers: Answers | None = None) -> Bound:
        answers = answers or Answers(report)
        parts: dict = {}
        titles: dict = {}
        if fields := self.fields():
            form_class = forms.questions_form(self.model, fields)
            owner = answers.owner(fields[0]) or self.model(report=report)
            parts["form"] = form_class(data, instance=owner, questions=fields, report=report)
        for question in self.page.questions:
            if isinstance(question, RegionList):
                parts[question.prefix] = self.regions_formset(question, answers, data)
                titles[question.prefix] = _("%(list)s, row %%(row)s") % {
                    "list": RegionRole(question.role).label
                }
            elif isinstance(question, Table):
                rows = answers.value(question)
                initial = [row_initial(row, question.cells) for row in rows]
                formset_class = forms.table_formset(question)
                formset = formset_class(data, initial=initial, prefix=question.prefix)
                # Like the paper form: ten numbered rows, the blank ones ready to be filled.
                formset.extra = forms.MAX_TABLE_ROWS - len(initial)
                parts[question.prefix] = formset
                titles[question.prefix] = question.row_name
            elif isinstance(question, Matrix):
                parts[question.prefix] = forms.matrix_form(question, answers.value(question), data)
        return Bound(parts, answers, titles=titles)

    def regions_formset(self, question: RegionList, answers: Answers, data):
        saved = answers.value(question)
        initial = [
            {"row_id": entry.pk, "entry": entry.written, "carried_over": entry.carried_over}
            for entry in saved
        ]
        formset = forms.RegionFormSet(data, initial=initial, prefix=question.prefix)
        formset.extra = forms.BLANK_REGION_ROWS
        for form, entry in zip(formset.forms, saved, strict=False):
            form.saved_entry = entry  # how it was matched, shown beside it
        return formset

    def layout(
        self, report: MonitoringReport, bound: Bound
    ) -> list[tuple[StrOrPromise, list[Item]]]:
        """[(group title, [Item])]: what the page shows, in the form's order."""
        return [
            (group.title, [self.item(report, question, bound) for question in group.questions])
            for group in self.page.groups
        ]

    def item(self, report: MonitoringReport, question: Question, bound: Bound) -> Item:
        mandatory = question.required_for(report)
        item = Item(
            question,
            f"reports/wizard/questions/{question.kind}.html",
            mandatory=mandatory,
            note=question.mandatory_note if mandatory else "",
        )
        if isinstance(question, Given):
            item.value = question.value(report)
        elif isinstance(question, RegionList | Table | Matrix):
            item.part = bound[question.prefix]
        else:
            item.template = "reports/wizard/questions/field.html"
            item.part = bound["form"][question.name]
        return item

    # --- Saving ---------------------------------------------------------------------------------

    def save(self, report: MonitoringReport, bound: Bound) -> None:
        owner = None
        if "form" in bound.parts:
            owner = self.save_fields(report, bound["form"])
        # The regions of all the page's lists are matched against one look at the NUTS units.
        with lookup.one_index():
            for question in self.page.questions:
                if isinstance(question, RegionList):
                    self.save_regions(report, question, bound)
                elif isinstance(question, Table):
                    owner = owner or self.owner(report, create=True)
                    self.save_table(owner, question, bound)
                elif isinstance(question, Matrix):
                    owner = owner or self.owner(report, create=True)
                    self.save_matrix(report, owner, question, bound[question.prefix].answers())

    def save_fields(self, report: MonitoringReport, form):
        values, changed = form.cleaned_data, form.changed_data
        if self.model is not MonitoringReport:
            return form.save()
        for name, value in values.items():
            setattr(report, name, value)
        report.carried_over_fields = [
            name for name in report.carried_over_fields if name not in changed
        ]
        report.save(update_fields=[*values, "carried_over_fields", "updated_at"])
        return report

    def save_regions(self, report: MonitoringReport, question: RegionList, bound: Bound) -> None:
        def build(entry, form):
            text = form.cleaned_data["entry"]
            if entry is not None and text == entry.written:
                # Left as it was: it keeps its link, even one that its words alone do not
                # resolve to (made when carried over or by an admin), and the answer to its
                # suggestion, if one was given, is taken.
                if form.cleaned_data.get("match"):
                    entry.answer_suggestion(form.cleaned_data["match"] == "yes")
                return entry
            entry = entry or ReportRegion(report=report, role=question.role)
            entry.name = text
            entry.link(lookup.resolve(text))
            return entry

        # The regions as read when the forms were bound, under the report's lock.
        saved = bound.answers.value(question)
        save_rows(ReportRegion, saved, bound[question.prefix].kept_forms(), build)

    def save_table(self, owner, table: Table, bound: Bound) -> None:
        model = table.rows_model

        def build(row, form):
            row = row or model(**{model.owner_field: owner}, **table.filters)
            for name in table.cells:
                setattr(row, name, form.cleaned_data.get(name))
            return row

        saved = bound.answers.value(table)
        save_rows(model, saved, bound[table.prefix].kept_forms(), build)

    def save_matrix(self, report, owner, matrix: Matrix, answers: dict) -> None:
        if matrix.stored_in is None:
            setattr(owner, matrix.name, answers)
            owner.save(update_fields=[matrix.name])
            return
        manager = matrix.stored_in._default_manager
        manager.filter(report=report).exclude(**{f"{matrix.row_field}__in": answers}).delete()
        # Each answer in place of the one it replaces, in one query.
        rows = [
            matrix.stored_in(report=report, **{matrix.row_field: row, matrix.answer_field: answer})
            for row, answer in answers.items()
        ]
        manager.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["report", matrix.row_field],
            update_fields=[matrix.answer_field],
        )

    def autosave(self, report: MonitoringReport, data, names) -> dict | None:
        """Save just these long texts; returns the form's errors, if any."""
        questions = [question for question in self.fields() if question.name in names]
        form = forms.questions_form(self.model, questions)(
            data, instance=self.owner(report), questions=questions, report=report
        )
        if not form.is_valid():
            return form.errors
        self.save_fields(report, form)
        return None

    # --- Carried over from the previous report --------------------------------------------------

    def carried(self, report: MonitoringReport, answers: Answers) -> bool:
        """Whether the page holds what was carried over, or a region match to confirm."""
        for question in self.page.questions:
            if isinstance(question, Text) and question.name in report.carried_over_fields:
                return True
            if isinstance(question, RegionList | Table) and any(
                getattr(row, "carried_over", False)
                or getattr(row, "match", None) == ReportRegion.Match.SUGGESTED
                for row in answers.value(question)
            ):
                return True
        return False

    def has_carried_over(self, report: MonitoringReport, answers: Answers) -> bool:
        return any(
            question.name in report.carried_over_fields
            if isinstance(question, Text)
            else any(getattr(row, "carried_over", False) for row in answers.value(question))
            for question in self.page.questions
            if isinstance(question, Text | RegionList | Table)
        )

    def confirm_carried_over(self, report: MonitoringReport) -> None:
        """The coordinator confirms that what was carried over still holds."""
        names = {question.name for question in self.page.questions if isinstance(question, Text)}
        report.carried_over_fields = [n for n in report.carried_over_fields if n not in names]
        report.save(update_fields=["carried_over_fields", "updated_at"])
        lists = [question for question in self.page.questions if isinstance(question, RegionList)]
        if lists:
            roles = [question.role for question in lists]
            report.regions.filter(role__in=roles).update(carried_over=False)
        for question in self.page.questions:
            if isinstance(question, Table) and issubclass(question.rows_model, CarriedOver):
                question.rows_model._default_manager.filter(
                    report=report, **question.filters
                ).update(carried_over=False)

    # --- How far it is ----------------------------------------------------------------------

    def missing(self, report: MonitoringReport, answers: Answers | None = None) -> list:
        """Labels of the mandatory answers still missing."""
        return [question.text for question in missing(self.page, answers or Answers(report))]

    def status(self, report: MonitoringReport, answers: Answers | None = None) -> Status:
        answers = answers or Answers(report)
        if self.carried(report, answers):
            return Status.TO_CONFIRM
        asked = [question for question in self.page.questions if not isinstance(question, Given)]
        values = {question: answers.value(question) for question in asked}
        if not any(is_answered(question, value) for question, value in values.items()):
            return Status.EMPTY
        if missing(self.page, answers):
            return Status.PARTIAL
        if any(question.required_for(report) for question in asked):
            return Status.COMPLETE
        complete = all(is_complete(question, value) for question, value in values.items())
        return Status.COMPLETE if complete else Status.PARTIAL

    def extra_context(self, report: MonitoringReport, answers: Answers) -> dict[str, Any]:
        return {}


class AnnexStep(Step):
    """The annexes' page (the form's `annexes`). Each file is uploaded, changed, moved or
    removed by a form of its own, saved at once (reports/views/annexes.py); the step's own
    form only moves between steps."""

    template = "annexes"
    # Sent by the forms of its files, never by the step's own form.
    ACTION_FIELD = "annex_action"

    def __init__(self, annexes: AnnexList):
        page = Page(annexes.slug, annexes.title, items=[], intro=annexes.intro)
        # A section of its own, outside the form's sections, which hold questions only.
        Section(annexes.slug, annexes.title, public=True, model=Annex, pages=[page])
        super().__init__(page)
        self.annexes = annexes

    @property
    def confidential(self) -> bool:
        # What it holds is files, which wizard.js never keeps; each says who reads it.
        return False

    def status(self, report: MonitoringReport, answers: Answers | None = None) -> Status:
        annexes = (answers or Answers(report)).annexes
        if any(annex.carried_over for annex in annexes):
            return Status.TO_CONFIRM
        # Nothing is mandatory: a report with files attached is as done as one without.
        return Status.COMPLETE if annexes else Status.EMPTY

    def has_carried_over(self, report: MonitoringReport, answers: Answers) -> bool:
        return any(annex.carried_over for annex in answers.annexes)

    def confirm_carried_over(self, report: MonitoringReport) -> None:
        report.annexes.update(carried_over=False)


class ReviewStep:
    """The last step: the report as it will be read, what is missing, and Submit."""

    slug = "review"
    title = _("Review and submit")
    template = "review"
    is_review: ClassVar[Literal[True]] = True
    confidential = False
    autosave_fields: tuple[str, ...] = ()

    def __str__(self) -> str:
        return str(self.title)

    def bind(
        self, report: MonitoringReport, data: Any = None, answers: Answers | None = None
    ) -> Bound:
        # Nothing to edit: the page reads the report and submits it.
        return Bound({}, answers or Answers(report))

    def has_carried_over(self, report: MonitoringReport, answers: Answers) -> bool:
        return False

    def status(self, report: MonitoringReport, answers: Answers | None = None) -> Status:
        return Status.EMPTY if report.is_editable else Status.COMPLETE

    def extra_context(self, report: MonitoringReport, answers: Answers) -> dict[str, Any]:
        return {
            "missing": [
                (get_step(page.slug), question)
                for page, question in missing_answers(report, answers)
            ],
            "body": report_body(
                report, carried_over_slot, confidential=True, heading_level=4, answers=answers
            ),
            # Who brought the report to where it is (submitted, accepted or published), and when.
            "last_step": report.transitions.filter(to_state=report.state)
            .select_related("user")
            .last(),
        }


REVIEW = ReviewStep()
ANNEXES = AnnexStep(FORM.annexes)
STEPS: list[Step | ReviewStep] = [*(Step(page) for page in FORM.pages), ANNEXES, REVIEW]
STEPS_BY_SLUG = {step.slug: step for step in STEPS}


def get_step(slug: str) -> Step | ReviewStep | None:
    return STEPS_BY_SLUG.get(slug)


def neighbours(
    step: Step | ReviewStep,
) -> tuple[Step | ReviewStep | None, Step | ReviewStep | None]:
    index = STEPS.index(step)
    previous = STEPS[index - 1] if index > 0 else None
    following = STEPS[index + 1] if index + 1 < len(STEPS) else None
    return previous, following


def statuses(
    report: MonitoringReport, answers: Answers | None = None
) -> list[tuple[Step | ReviewStep, Status]]:
    """[(step, status)] of every step but the review, reading the report's answers once."""
    answers = answers or Answers(report)
    return [(step, step.status(report, answers)) for step in STEPS[:-1]]


def step_of(question: Question) -> Step | ReviewStep | None:
    return get_step(FORM.page_of(question).slug)
