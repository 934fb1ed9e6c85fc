"""The forms of the report wizard: they turn what the coordinator typed into domain values.

They are built from the form's declaration (reports/form.py) for each page: one model form
for the questions answered in fields of the report or its self-assessment, a row formset per
table and region list, a matrix form per matrix. Saving is done by the steps
(reports/wizard/steps.py); these forms only validate.
"""

import datetime
import unicodedata
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.utils import ErrorDict
from django.utils.datastructures import MultiValueDict
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from reports.dates import in_words, parse_date
from reports.form import Choice, Choices, Matrix, Table, Url, model_field
from reports.models import MAX_TABLE_ROWS

# How many blank rows a region list offers below the filled ones; without JavaScript, a
# coordinator saves and gets three more.
BLANK_REGION_ROWS = 3
MAX_REGIONS_PER_LIST = 60
NO_ANSWER = ("", _("No answer"))


def form_field[F: forms.Field](form: forms.BaseForm, name: str, kind: type[F]) -> F:
    """The form's field `name`, which the form made a `kind` of field (its `fields` are typed as
    any Field)."""
    found = form.fields[name]
    assert isinstance(found, kind), f"{name} is a {type(found).__name__}"
    return found


def choice_pairs(field: forms.ChoiceField) -> list[tuple[Any, Any]]:
    """The field's choices, (value, label) pairs as Django keeps them: the stubs type what is
    read back as anything that may be given."""
    return list(field.choices)  # type: ignore[arg-type]


def describe_limits(form):
    """Say each text field's length limit in its help text: the form shows the limit."""
    for field in form.fields.values():
        if isinstance(field, forms.CharField) and field.max_length and not field.widget.is_hidden:
            limit = _("Up to %(count)s characters.") % {
                "count": number_format(field.max_length, force_grouping=True)
            }
            field.help_text = f"{field.help_text} {limit}".strip()


class Textarea(forms.Textarea):
    """Browsers send line breaks as CRLF; texts are stored and compared with LF. Otherwise an
    untouched carried-over text would count as edited, and a text that fits the limit in the
    browser would be two characters longer per line break on the server."""

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return value.replace("\r\n", "\n") if isinstance(value, str) else value


def long_text_widget(rows=6):
    # data-autosave: wizard.js saves these a few seconds after typing stops.
    return Textarea(attrs={"rows": rows, "data-autosave": "true"})


class DateInput(forms.DateInput):
    """A date typed as people write it (reports/dates.py), shown day first in the page's
    language, with the date it was read as said beside it: by the server when the page is
    made, and by wizard.js while typing. Not the browser's date picker, whose format follows
    the browser's language and which let "01/02/2018" be stored as 2 January."""

    template_name = "reports/wizard/widgets/date.html"

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"autocomplete": "off", "data-date-input": "", "size": 14, **(attrs or {})}
        )

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs["placeholder"] = _("dd/mm/yyyy")
        if widget_attrs.get("id"):
            described = [widget_attrs.get("aria-describedby"), f"{widget_attrs['id']}-understood"]
            widget_attrs["aria-describedby"] = " ".join(filter(None, described))
        context["widget"]["understood"] = (
            in_words(value) if isinstance(value, datetime.date) else ""
        )
        return context


class TypedDateField(forms.DateField):
    """A date read by reports.dates.parse_date; a refusal names the field and says why."""

    widget = DateInput
    # Added to every refusal: what to do instead (an event's free-text date).
    hint = ""

    def widget_attrs(self, widget):
        # wizard.js adds the hint to what it says of a date that cannot be read.
        return {
            **super().widget_attrs(widget),
            **({"data-date-hint": self.hint} if self.hint else {}),
        }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value
        try:
            return parse_date(str(value))
        except ValidationError as error:
            label = str(self.label).removesuffix(" *")
            message = f"{label}: {error.messages[0]}"
            raise ValidationError(f"{message} {self.hint}".strip(), code=error.code) from None


def typed_dates(model_field, **kwargs):
    """formfield_callback: every date of the wizard's model forms is a TypedDateField."""
    if isinstance(model_field, models.DateField):
        kwargs["form_class"] = TypedDateField
    return model_field.formfield(**kwargs)


class QuestionsForm(forms.ModelForm):
    """A page's questions answered in fields of one model (the report or its self-assessment):
    built per page by `questions_form`."""

    def __init__(self, *args, questions=(), report=None, **kwargs):
        super().__init__(*args, **kwargs)
        for question in questions:
            field = self.fields[question.name]
            if isinstance(question, Choices):
                field = self.fields[question.name] = forms.MultipleChoiceField(
                    label=field.label,
                    choices=question.options.choices,
                    widget=forms.CheckboxSelectMultiple,
                )
            elif isinstance(question, Choice):
                field = form_field(self, question.name, forms.ChoiceField)
                field.widget = forms.RadioSelect()
                field.choices = [choice for choice in choice_pairs(field) if choice[0] != ""]
            elif isinstance(field.widget, forms.Textarea):
                field = form_field(self, question.name, forms.CharField)
                field.widget = long_text_widget()
                field.widget.attrs["maxlength"] = field.max_length
            elif isinstance(question, Url):
                field.widget.attrs["placeholder"] = "https://"
            # Mandatory answers are checked when the report is submitted, not on every save:
            # a half-filled page must be savable. The asterisk still shows what is mandatory.
            field.required = False
            field.label = question.text
            if report is not None and question.required_for(report):
                field.label = f"{field.label} *"
            if question.help_text:
                field.help_text = question.help_text
        describe_limits(self)


def questions_form(model, questions):
    """The model form for these questions, all answered in fields of `model`."""
    return forms.modelform_factory(
        model,
        form=QuestionsForm,
        fields=[question.name for question in questions],
        formfield_callback=typed_dates,
    )


class RowFormMixin(forms.BaseForm):
    """One row of a table. A row left entirely blank is no row: it is dropped, not refused.
    Mixed into a Form or a ModelForm."""

    BOOKKEEPING = ("row_id", "carried_over", "DELETE")

    def content_fields(self):
        return [name for name in self.fields if name not in self.BOOKKEEPING]

    def is_blank(self):
        return not any(
            str(self.data.get(self.add_prefix(name), "")).strip() for name in self.content_fields()
        )

    def full_clean(self):
        if self.is_bound and self.is_blank():
            self._errors = ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()

    @property
    def keeps_row(self):
        return not self.is_blank() and not self.cleaned_data.get("DELETE")

    @property
    def still_carried_over(self):
        """Copied from the previous period and left exactly as it was."""
        changed = set(self.changed_data) - set(self.BOOKKEEPING)
        return bool(self.initial.get("carried_over")) and not changed


def row_id_field():
    # Which saved row this form edits, so that rows keep their identity (and the review
    # comments anchored to them) across saves. An id that is not one of the table's own
    # rows is ignored: the row is then saved as a new one.
    return forms.IntegerField(required=False, widget=forms.HiddenInput)


class RowModelForm(RowFormMixin, forms.ModelForm):
    row_id = row_id_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # Cells hold sentences ("Brittany Region with the support of Images & Reseaux"):
            # a few lines show them whole, where a one-line input would hide most of it.
            if isinstance(field, forms.CharField) and (field.max_length or 0) > 200:
                field.widget = Textarea(attrs={"rows": 3, "maxlength": field.max_length})
        describe_limits(self)


def table_row_form(table: Table):
    """A row form whose cells are the table's columns: the model's fields (labels, limits,
    validation). A column's detail (an event's free-text date) says where a date goes that
    is not known exactly."""
    model = table.rows_model
    form = forms.modelform_factory(
        model,
        form=RowModelForm,
        fields=[*table.cells, *(["carried_over"] if hasattr(model, "carried_over") else [])],
        widgets={"carried_over": forms.HiddenInput},
        formfield_callback=typed_dates,
    )
    for column in table.columns:
        if column.detail and isinstance(cell := form.base_fields[column.name], TypedDateField):
            cell.hint = _(
                "If the exact date is not known, leave it empty and write the date as you know "
                "it under “%(detail)s”."
            ) % {"detail": model_field(model, column.detail).verbose_name}
    return form


def no_control_characters(text):
    if any(unicodedata.category(char) == "Cc" for char in text):
        raise ValidationError(
            _("The name contains invisible control characters: type it again without them.")
        )


class RegionRowForm(RowFormMixin, forms.Form):
    row_id = row_id_field()
    carried_over = forms.BooleanField(required=False, widget=forms.HiddenInput)
    entry = forms.CharField(
        label=_("Region"),
        max_length=200,
        required=False,
        validators=[no_control_characters],
        error_messages={
            "max_length": _(
                "A region's name is at most %(limit_value)d characters (this one has "
                "%(show_value)d): write one region per row."
            )
        },
        widget=forms.TextInput(attrs={"data-region-search": "true", "autocomplete": "off"}),
    )
    # The coordinator's answer to the NUTS unit suggested for the entry as saved.
    match = forms.ChoiceField(
        label=_("Is this the region you mean?"),
        choices=[("yes", _("Yes, that one")), ("no", _("No, keep it as written"))],
        required=False,
        widget=forms.RadioSelect,
    )

    def is_blank(self):
        # An answer to a suggestion is not a row: the region's name is.
        return not str(self.data.get(self.add_prefix("entry"), "")).strip()

    def clean_entry(self):
        return self.cleaned_data["entry"].strip()


class BaseRowFormSet(forms.BaseFormSet):
    """Rows as a coordinator sees them: blank rows may stay blank, and none beyond the limit."""

    default_error_messages = {
        "too_many_forms": ngettext_lazy(
            "At most %(num)d row: remove the others, then save again.",
            "At most %(num)d rows: remove one, then save again.",
            "num",
        ),
    }

    def get_form_kwargs(self, index):
        # Every row, saved before or not, may be cleared to remove it: RowFormMixin drops
        # blank rows itself. Not `empty_permitted`, which would skip cleaning a saved row left
        # unchanged and save it with empty cells.
        return {
            **super().get_form_kwargs(index),
            "empty_permitted": False,
            "use_required_attribute": False,
        }

    def _construct_form(self, index, **kwargs):
        # Django's hook for building each form; the stubs leave it out.
        form = super()._construct_form(index, **kwargs)  # type: ignore[misc]
        # Table cells have no visible label of their own: name column and row for screen
        # readers, and give them Bootstrap's look.
        for name in form.content_fields():
            field = form.fields[name]
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            label = _("%(column)s, row %(row)s") % {"column": field.label, "row": index + 1}
            field.widget.attrs.update({"class": css, "aria-label": label})
        return form

    def kept_forms(self):
        return [form for form in self.forms if form.keeps_row]


def row_formset(form, max_rows=MAX_TABLE_ROWS):
    return forms.formset_factory(
        form,
        formset=BaseRowFormSet,
        extra=0,
        max_num=max_rows,
        # Rows beyond the limit are refused (validate_max) but still built and shown with the
        # error, so nothing typed is lost; the hard cap only bounds what a forged count costs.
        absolute_max=2 * max_rows,
        validate_max=True,
        can_delete=True,
    )


def table_formset(table: Table):
    return row_formset(table_row_form(table))


RegionFormSet = row_formset(RegionRowForm, max_rows=MAX_REGIONS_PER_LIST)


class MatrixForm(forms.Form):
    """One radio choice per row, as the form's matrices: at most one answer per row."""

    # What a page posted (several values under a name are refused), or nothing when unbound.
    data: MultiValueDict[str, str]

    def __init__(self, *args, rows, scale, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for key, label in rows:
            self.fields[self.field_name(key)] = forms.ChoiceField(
                label=label,
                choices=[NO_ANSWER, *scale],
                required=False,
                widget=forms.RadioSelect,
            )

    @staticmethod
    def field_name(key):
        return f"row_{key}"

    def clean(self):
        cleaned = super().clean()
        for name in self.fields:
            if len(self.data.getlist(self.add_prefix(name))) > 1:
                self.add_error(name, _("Choose one answer only."))
        return cleaned

    def answers(self):
        """{row key: answer} for the rows answered."""
        return {
            key: self.cleaned_data[self.field_name(key)]
            for key, _label in self.rows
            if self.cleaned_data.get(self.field_name(key))
        }


def matrix_form(matrix: Matrix, answers: dict, data=None) -> MatrixForm:
    initial = {MatrixForm.field_name(row): answer for row, answer in answers.items()}
    return MatrixForm(
        data, rows=matrix.rows, scale=matrix.scale.choices, initial=initial, prefix=matrix.prefix
    )
