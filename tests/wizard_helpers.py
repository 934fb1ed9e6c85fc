"""Shortcuts for the wizard tests: the wizard's URLs, and its forms read and posted back as a
browser would (what the page shows, with a few fields typed over).
"""

import hashlib
from html.parser import HTMLParser

from django.urls import reverse

from reports import annex_storage
from reports.models import MAX_TABLE_ROWS, Annex, ReportRegion
from reports.models.self_assessment import GovernanceStatement, SelfAssessment
from reports.sdgs import Agreement


def step_url(report, step):
    return reverse(
        "reports:wizard_step",
        kwargs={"slug": report.partnership.slug, "period": report.period.slug, "step": step},
    )


def autosave_url(report, step):
    return reverse(
        "reports:wizard_autosave",
        kwargs={"slug": report.partnership.slug, "period": report.period.slug, "step": step},
    )


def submit_url(report):
    return reverse(
        "reports:wizard_submit",
        kwargs={"slug": report.partnership.slug, "period": report.period.slug},
    )


def start_url(partnership, period):
    return reverse("reports:wizard_start", kwargs={"slug": partnership.slug, "period": period.slug})


class StepFormReader(HTMLParser):
    """The fields of the step's form (id "step-form") as a browser submits them.

    Ticked boxes and radios only, textareas without the newline that follows their start
    tag, no buttons: pressing one adds its own `action`.
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.values = {}
        self.in_form = False
        self.textarea = None
        self.select = None

    def add(self, name, value):
        self.values.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == "step-form":
            self.in_form = True
        if not self.in_form or "name" not in attrs and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.add(attrs["name"], attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "textarea":
            self.textarea = [attrs["name"], ""]
        elif tag == "select":
            self.select = attrs["name"]
            self.values.setdefault(self.select, [])
        elif tag == "option" and self.select and "selected" in attrs:
            self.add(self.select, attrs.get("value", ""))

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            self.in_form = False
        elif tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            self.add(name, text.removeprefix("\r\n").removeprefix("\n"))
            self.textarea = None
        elif tag == "select":
            self.select = None


def form_values(response):
    """{name: [values]} of the step form on the page `response` holds."""
    reader = StepFormReader()
    reader.feed(response.content.decode())
    assert reader.values, "The page has no step form."
    return reader.values


def value(response, name):
    """The one value the step form on this page holds for `name` ("" when there is none)."""
    values = form_values(response).get(name, [])
    assert len(values) <= 1, f"{name} has several values: {values}"
    return values[0] if values else ""


def page_values(client, report, step):
    response = client.get(step_url(report, step))
    assert response.status_code == 200, response.status_code
    return form_values(response)


def post_step(client, report, step, changes=None, action="save", values=None):
    """Post the step's form as a browser would: as the page shows it, `changes` typed over it.

    A change of None clears the field (unticks a box); a list gives several values.
    """
    data = dict(values if values is not None else page_values(client, report, step))
    for name, typed in (changes or {}).items():
        if typed is None:
            data.pop(name, None)
        else:
            data[name] = typed if isinstance(typed, list) else [typed]
    data["action"] = [action]
    return client.post(step_url(report, step), data)


def table_row(prefix, index, **cells):
    """Form fields of one table row: table_row("working-areas", 0, working_area="...")."""
    return {f"{prefix}-{index}-{name}": value for name, value in cells.items()}


def management_form(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": str(MAX_TABLE_ROWS),
    }


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def fill_mandatory_answers(report):
    """Give `report` every mandatory answer (header as copied from the partnership), so that
    it can be submitted."""
    report.executive_summary = "Secure digital regions, together."
    report.eu13_involvement = "No EU13 region yet: we are talking to Estonia."
    report.save(update_fields=["executive_summary", "eu13_involvement"])
    ReportRegion.objects.create(report=report, role="lead", name="Brittany Region", position=1)
    ReportRegion.objects.create(report=report, role="participating", name="Castilla y Leon")
    SelfAssessment.objects.create(
        report=report,
        progress_rating="good",
        progress_justification="Three pilots running.",
        methodology_phase="demonstrate",
        continuation="as_is",
        governance=dict.fromkeys(GovernanceStatement.values, Agreement.AGREE),
    )
    return report


# A PDF as small as the annexes' file inspection still names a PDF.
TINY_PDF = b"%PDF-1.4\n%%EOF\n"


def attach(report, key, title, content=TINY_PDF, visibility="public"):
    """An annex of `report`, stored under `key`, as the annexes' step would save it."""
    annex_storage.save_annex_file(key, content)
    return Annex.objects.create(
        report=report,
        position=report.annexes.count() + 1,
        title=title,
        visibility=visibility,
        file_key=key,
        display_name=f"{key}.pdf",
        kind="pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
