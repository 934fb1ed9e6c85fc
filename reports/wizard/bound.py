"""The forms of one wizard step, and its answers as a flat dict for merging (reports/merge.py).

Every answer of a step has a key: a field's name as the form posts it ("<field>",
"sdgs-row_3"), or, in a table, the table, the row and the cell ("<table>:row12:<column>";
a row not saved yet is "new<index>"). Values are text: a date in ISO form, a list of choices
as JSON. The same dict comes out of the saved answers (unbound forms, from their initial
values) and out of what a page sent (bound forms, once valid), so the two can be compared;
and it goes back into posted data, so that merged answers are validated and saved by the very
forms that save a page.
"""

import datetime
import json
from dataclasses import dataclass, field

from django import forms
from django.forms.formsets import BaseFormSet
from django.http import QueryDict
from django.utils import formats
from django.utils.translation import gettext as _

from reports.answers import Answers
from reports.merge import MISSING, State
from reports.wizard.forms import choice_pairs


@dataclass
class Bound:
    """The forms of one step, bound to a report and, on POST, to what was typed."""

    parts: dict
    # The report's answers the forms were made from: what saving them replaces.
    answers: Answers
    # How each table's rows are called, by the table's prefix: "Working area, row %(row)s".
    titles: dict = field(default_factory=dict)

    def is_valid(self) -> bool:
        # Validate every part, not just up to the first invalid one: all errors show at once.
        results = [part.is_valid() for part in self.parts.values()]
        return all(results)

    def __getitem__(self, name):
        return self.parts[name]

    @property
    def is_bound(self) -> bool:
        return any(part.is_bound for part in self.parts.values())

    def state(self) -> State:
        """The answers: as typed, when the forms are bound (and valid); else as saved."""
        answers: State = {}
        for part in self.parts.values():
            if isinstance(part, BaseFormSet):
                answers |= _rows_state(part)
            else:
                answers |= {
                    part.add_prefix(name): serialise(_value(part, name)) for name in part.fields
                }
        return answers

    def post_data(self, answers: State) -> QueryDict:
        """What a page would post to give the step these answers."""
        data = QueryDict(mutable=True)
        for part in self.parts.values():
            if isinstance(part, BaseFormSet):
                _post_rows(part, answers, data)
                continue
            for name, form_field in part.fields.items():
                key = part.add_prefix(name)
                if key in answers:
                    data.setlist(key, _posted(form_field, answers[key]))
        return data

    def describe(self, key: str, *states: State) -> str:
        """How a person calls the answer `key`: "Working areas, row 2: Place". Rows are
        numbered as in the first of `states` that has them."""
        table, row, cell = _split(key)
        if table is None or row is None:  # not a table's cell
            return _label(self._field(key))
        rows = next(
            (_row_keys(state, table) for state in states if row in _row_keys(state, table)), []
        )
        number = rows.index(row) + 1 if row in rows else "?"
        # The title says how a row is called: "Working area, row %(row)s".
        row_label = self.titles.get(table, f"{table}, %(row)s") % {"row": number}
        return f"{row_label}: {_label(self._field(key))}"

    def display(self, key: str, value: str | None) -> str:
        """An answer as people read it: a choice by its label, a date in words."""
        if value is MISSING:
            return _("(row removed)")
        form_field = self._field(key)
        if isinstance(form_field, forms.MultipleChoiceField):
            labels = dict(choice_pairs(form_field))
            return ", ".join(str(labels.get(item, item)) for item in json.loads(value))
        if isinstance(form_field, forms.ChoiceField):
            return str(dict(choice_pairs(form_field)).get(value, value)) if value else ""
        if isinstance(form_field, forms.DateField) and value:
            return formats.date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")
        return value

    def _field(self, key: str) -> forms.Field:
        table, _row, cell = _split(key)
        for part in self.parts.values():
            if isinstance(part, BaseFormSet):
                if part.prefix == table:
                    return part.empty_form.fields[cell]
                continue
            for name, form_field in part.fields.items():
                if table is None and part.add_prefix(name) == key:
                    return form_field
        raise KeyError(key)


def serialise(value) -> str:
    """One answer as text, the same whether it comes from the database or from a form."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return json.dumps(sorted(str(item) for item in value))
    return str(value)


def _value(form, name):
    if form.is_bound:
        return form.cleaned_data.get(name)
    return form.get_initial_for_field(form.fields[name], name)


def _rows_state(formset) -> State:
    answers: State = {}
    for index, form in enumerate(formset.forms):
        if form.is_bound:
            if not form.keeps_row:
                continue
            row_id = form.cleaned_data.get("row_id")
            values = form.cleaned_data
        else:
            if not form.initial:
                continue  # a blank row offered for typing
            row_id = form.initial.get("row_id")
            values = form.initial
        row = f"row{row_id}" if row_id else f"new{index}"
        for cell in form.content_fields():
            answers[f"{formset.prefix}:{row}:{cell}"] = serialise(values.get(cell))
    return answers


def _post_rows(formset, answers: State, data: QueryDict) -> None:
    rows = _row_keys(answers, formset.prefix)
    empty = formset.empty_form
    for index, row in enumerate(rows):
        if row.startswith("row"):
            data[f"{formset.prefix}-{index}-row_id"] = row.removeprefix("row")
        for cell in empty.content_fields():
            key = f"{formset.prefix}:{row}:{cell}"
            if key in answers:
                data.setlist(
                    f"{formset.prefix}-{index}-{cell}", _posted(empty.fields[cell], answers[key])
                )
    management = {"TOTAL_FORMS": len(rows), "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0}
    for name, number in {**management, "MAX_NUM_FORMS": formset.max_num}.items():
        data[f"{formset.prefix}-{name}"] = str(number)


def _row_keys(answers: State, table: str) -> list[str]:
    """The rows of `table` in `answers`, in order."""
    prefix = f"{table}:"
    return list(dict.fromkeys(key.split(":")[1] for key in answers if key.startswith(prefix)))


def _split(key: str) -> tuple[str | None, str | None, str]:
    parts = key.split(":")
    if len(parts) == 3:
        return parts[0], parts[1], parts[2]
    return None, None, key


def _posted(form_field, value: str) -> list[str]:
    if isinstance(form_field, forms.MultipleChoiceField):
        return json.loads(value)
    return [value]


def _label(form_field) -> str:
    return str(form_field.label).removesuffix(" *")
