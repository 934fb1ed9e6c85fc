"""The JRC reviewers' forms: a remark on a field, a decision, their own note.

They turn what was posted into domain values; the review views (reports/views/review.py)
hand those to reports/workflow.py, which does the work.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from reports.models.partnerships import LONG_TEXT
from reports.models.review import COMMENT_LENGTH, Recommendation, ReviewNote
from reports.wizard.forms import Textarea, form_field
from reports.workflow import DECISIONS

NOTE_LENGTH = ReviewNote._meta.get_field("internal_note").max_length


def check_length(text, limit):
    """Refuse a text that is too long, saying by how much. The browser is not asked to cut
    it (no maxlength): a pasted text would lose its end without anyone noticing."""
    if len(text) > limit:
        raise ValidationError(
            _("This text has %(length)s characters; at most %(limit)s are allowed. Shorten it.")
            % {
                "length": number_format(len(text), force_grouping=True),
                "limit": number_format(limit, force_grouping=True),
            }
        )
    return text


def limit_help(limit):
    return _("Up to %(count)s characters.") % {"count": number_format(limit, force_grouping=True)}


class RemarkForm(forms.Form):
    """A remark on one field or row: `anchors` are the (grouped) choices the report offers."""

    anchor = forms.ChoiceField(
        label=_("About"),
        error_messages={
            "required": _("Choose the field or row the remark is about."),
            "invalid_choice": _("That field or row does not exist in this report."),
        },
    )
    text = forms.CharField(
        label=_("Remark"),
        widget=Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the remark: it is empty.")},
    )

    def __init__(self, *args, anchors=(), **kwargs):
        super().__init__(*args, **kwargs)
        form_field(self, "anchor", forms.ChoiceField).choices = [
            ("", _("Choose a field or row")),
            *anchors,
        ]
        self.fields["text"].help_text = limit_help(COMMENT_LENGTH)

    def clean_text(self):
        return check_length(self.cleaned_data["text"], COMMENT_LENGTH)


class DecisionForm(forms.Form):
    """One of the decisions the report's state allows (reports.workflow.DECISIONS). `state` is
    the state the reviewer saw: a decision taken on a page that is out of date is refused
    instead of applied."""

    action = forms.ChoiceField(
        choices=[(action, action) for action in DECISIONS],
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("There is no such decision.")},
    )
    state = forms.CharField(widget=forms.HiddenInput, required=False)
    message = forms.CharField(required=False, widget=Textarea(attrs={"rows": 4}))

    def __init__(self, *args, action=None, **kwargs):
        # Several decision forms share the page: their fields need ids of their own.
        kwargs.setdefault("auto_id", f"{action or 'decision'}-%s")
        super().__init__(*args, **kwargs)
        if action:
            self.initial.setdefault("action", action)
        decision = DECISIONS.get(action)
        if decision is None or decision.message is None:
            del self.fields["message"]
            return
        message = self.fields["message"]
        message.label = decision.message
        message.required = decision.message_required is not None
        if decision.message_required is not None:
            message.error_messages["required"] = decision.message_required
        else:
            message.widget.attrs["rows"] = 2

    def clean_message(self):
        return check_length(self.cleaned_data["message"], LONG_TEXT)


class ReviewNoteForm(forms.ModelForm):
    """The reviewers' own note and recommendation: coordinators never see these."""

    class Meta:
        model = ReviewNote
        fields = ["internal_note", "recommendation"]
        widgets = {
            "internal_note": Textarea(attrs={"rows": 5}),
            "recommendation": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        note = form_field(self, "internal_note", forms.CharField)
        note.max_length = None
        note.validators = []
        note.widget.attrs.pop("maxlength", None)
        note.help_text = limit_help(NOTE_LENGTH)
        form_field(self, "recommendation", forms.ChoiceField).choices = [
            ("", _("Not decided yet")),
            *Recommendation.choices,
        ]

    def clean_internal_note(self):
        return check_length(self.cleaned_data["internal_note"], NOTE_LENGTH)
