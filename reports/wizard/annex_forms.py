"""The annexes page's forms (reports/views/annexes.py): one to upload a file, and, per
annex, one to change its words and who reads it, one to replace its file. Each form's fields
sit on the page inside the step's form and name their own form (the `form` attribute):
forms cannot nest."""

from django import forms
from django.utils.translation import gettext_lazy as _

from reports.models.annex import Annex
from reports.wizard.forms import Textarea, describe_limits


def name_own_form(form: forms.BaseForm) -> None:
    """Make the form's fields belong to the <form> element `form.form_id` names."""
    form.form_id = f"{form.prefix}-form"  # type: ignore[attr-defined]
    for field in form.fields.values():
        field.widget.attrs["form"] = form.form_id  # type: ignore[attr-defined]


class AnnexWordsForm(forms.ModelForm):
    """An annex's title, description and visibility."""

    class Meta:
        model = Annex
        fields = ["title", "description", "visibility"]
        widgets = {
            "description": Textarea(attrs={"rows": 2}),
            "visibility": forms.RadioSelect,
        }
        help_texts = {
            "visibility": _(
                "Public: published with the report. Confidential: read only by your "
                "partnership's coordinators and the reviewers."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        describe_limits(self)
        name_own_form(self)


class AnnexUploadForm(AnnexWordsForm):
    """A new annex: its file, with its words."""

    file = forms.FileField(label=_("File"), allow_empty_file=True)

    class Meta(AnnexWordsForm.Meta):
        fields = ["file", "title", "description", "visibility"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "annex-new")
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG, CSV or text."
        )


class AnnexFileForm(forms.Form):
    """Another file in place of an annex's."""

    file = forms.FileField(label=_("New file"), allow_empty_file=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_own_form(self)
