"""Every output is a projection of the form's declaration (reports/form.py).

The tests walk the declaration itself: a report gets a unique marker in every field the form
declares, and each output is read for every question. The public page, the PDF, the preview
and the reviewers' page show every public question with its label as seed 004 words it, and
its answer; no public output shows a confidential question or answer; the reviewers' page
shows those too; the wizard asks every question. A question added to the declaration (here,
in the test only, with its model field) appears in the wizard, the public page, the PDF and a
diff without any other change. And in the project's Python, a column's name is written only
in its model and in the declaration.
"""

import datetime
import html
import io
import re
import unicodedata
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, models
from django.urls import reverse
from django.utils.formats import date_format
from pypdf import PdfReader

from reports import published_pages, workflow
from reports.form import FORM, Given, Matrix, Page, Question, RegionList, Table, Text
from reports.models import MonitoringReport, ReportRegion
from reports.models.self_assessment import SelfAssessment
from tests.wizard_helpers import fill_mandatory_answers, post_step, step_url

State = MonitoringReport.State
# Found nowhere else on the site; three digits, so that no marker is the start of another.
MARK = "QZXM"


class MarkedReport:
    """Gives every question of the form an answer that outputs show recognisably, and keeps
    what each question's answer looks like when shown (`shown[question]`)."""

    def __init__(self, report: MonitoringReport):
        self.report = report
        self.assessment, _created = SelfAssessment.objects.get_or_create(report=report)
        self.count = 0
        self.shown: dict[Question, list[str]] = {}

    def marker(self) -> str:
        self.count += 1
        return f"{MARK}{self.count:03d}"

    def owner(self, question: Question) -> models.Model:
        return self.report if question.model is MonitoringReport else self.assessment

    def fill(self) -> None:
        for question in FORM.questions():
            self.shown[question] = self.answer(question)
        self.report.save()
        self.assessment.save()

    def answer(self, question: Question) -> list[str]:
        """Store an answer to `question`; what outputs show of it."""
        if isinstance(question, Given):
            return [question.value(self.report)]
        if isinstance(question, RegionList):
            written = self.marker()
            ReportRegion.objects.create(report=self.report, role=question.role, name=written)
            return [written]
        if isinstance(question, Table):
            return self.table_row(question)
        if isinstance(question, Matrix):
            return self.matrix(question)
        field = question.model._meta.get_field(question.name)
        if isinstance(field, models.JSONField):  # a choice of several: all of them
            options = question.options
            setattr(self.owner(question), question.name, list(options.values))
            return [str(label) for label in options.labels]
        value, shown = self.value_for(field)
        setattr(self.owner(question), question.name, value)
        return [shown]

    def table_row(self, table: Table) -> list[str]:
        model = table.rows_model
        row = model(**{model.owner_field: self.owner(table)}, **table.filters, position=1)
        shown = []
        for name in table.cells:
            value, words = self.value_for(model._meta.get_field(name))
            setattr(row, name, value)
            shown.append(words)
        row.save()
        return shown

    def matrix(self, matrix: Matrix) -> list[str]:
        """Every row answered, with the scale's last answer."""
        answer = matrix.scale.values[-1]
        if matrix.stored_in is None:
            setattr(self.owner(matrix), matrix.name, {str(row): answer for row, _ in matrix.rows})
        else:
            for row, _label in matrix.rows:
                matrix.stored_in.objects.create(
                    report=self.report, **{matrix.row_field: row, matrix.answer_field: answer}
                )
        return [str(label) for _row, label in matrix.rows] + [str(matrix.scale(answer).label)]

    def value_for(self, field: models.Field) -> tuple[object, str]:
        """A value for a model field, and how it is shown."""
        if field.choices:
            value, label = field.choices[-1]
            return value, str(label)
        if isinstance(field, models.DateField):
            date = datetime.date(2019, 1, 1) + datetime.timedelta(days=self.count)
            self.count += 1
            return date, date_format(date, "DATE_FORMAT")
        if isinstance(field, models.PositiveBigIntegerField):
            self.count += 1
            # Shown grouped by thousands, as the pages' language groups them.
            return 987_650_000 + self.count, f"{987_650_000 + self.count:,}"
        marker = self.marker()
        if isinstance(field, models.URLField):
            return f"https://example.org/{marker}", marker
        return marker, marker


@pytest.fixture
def marked(report, coordinator):
    """A draft report with an answer to every question of the form."""
    answers = MarkedReport(report)
    answers.fill()
    return answers


@pytest.fixture
def published(marked, coordinator, reviewer):
    workflow.submit(marked.report, coordinator)
    workflow.accept(marked.report, reviewer)
    workflow.publish(marked.report, reviewer)
    return marked


def squeezed(text: str) -> str:
    """Text without its white space: pages and the PDF wrap lines where they need."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def tag_free(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def page_text(response) -> str:
    assert response.status_code == 200
    content = response.content.decode()
    return squeezed(tag_free(content[content.index("<main") : content.index("</main>")]))


def pdf_text(response) -> str:
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    return squeezed(" ".join(page.extract_text() for page in reader.pages))


def report_kwargs(report: MonitoringReport) -> dict:
    return {"slug": report.partnership.slug, "period": report.period.slug}


def read(output: str, report: MonitoringReport, client, coordinator, reviewer) -> str:
    """The text of one output of the report, read as its reader would."""
    if output == "public page":
        return page_text(client.get(reverse("reports:public_report", kwargs=report_kwargs(report))))
    if output == "PDF":
        return pdf_text(client.get(reverse("report_pdf", kwargs=report_kwargs(report))))
    if output == "preview":
        client.force_login(coordinator)
        return page_text(client.get(reverse("reports:preview", kwargs=report_kwargs(report))))
    if output == "timeline":
        slug = report.partnership.slug
        return page_text(client.get(reverse("reports:timeline", kwargs={"slug": slug})))
    if output == "stored fragments":
        for code, _name in settings.LANGUAGES:  # as the task worker stores them
            published_pages.store_published(report, code)
        stored = report.stored_fragments.all()
        assert {fragment.language for fragment in stored} == {
            code for code, _name in settings.LANGUAGES
        }
        return squeezed(" ".join(tag_free(f"{row.title} {row.html}") for row in stored))
    client.force_login(reviewer)
    return page_text(client.get(reverse("reports:review_report", kwargs=report_kwargs(report))))


PUBLIC_OUTPUTS = ["public page", "PDF", "preview"]
# Outputs that show only part of the public answers, and must show no confidential one.
PARTIAL_PUBLIC_OUTPUTS = ["timeline", "stored fragments"]


def confidential_questions() -> list[Question]:
    public = set(FORM.questions(public_only=True))
    return [question for question in FORM.questions() if question not in public]


def test_the_declaration_has_public_and_confidential_questions_of_every_kind():
    """The walk below covers what the form has: every kind of question, on both sides."""
    public_kinds = {question.kind for question in FORM.questions(public_only=True)}
    confidential_kinds = {question.kind for question in confidential_questions()}
    assert public_kinds == {"given", "date", "url", "text", "regions", "table", "matrix"}
    assert confidential_kinds == {"choice", "choices", "text", "matrix", "table"}


@pytest.mark.parametrize("output", [*PUBLIC_OUTPUTS, "review page"])
def test_every_public_question_is_shown_with_its_label_and_its_answer(
    published, client, coordinator, reviewer, output
):
    text = read(output, published.report, client, coordinator, reviewer)
    for question in FORM.questions(public_only=True):
        # Readers get a statement ("Leading regions"), reviewers the question as asked.
        label = question.text if output == "review page" else question.statement
        assert squeezed(str(label)) in text, (output, question.name)
        if isinstance(question, Table):
            for column in question.columns:
                assert squeezed(str(column.text)) in text, (output, question.name, column.name)
        for shown in published.shown[question]:
            assert squeezed(shown) in text, (output, question.name, shown)


@pytest.mark.parametrize("output", [*PUBLIC_OUTPUTS, *PARTIAL_PUBLIC_OUTPUTS])
def test_no_public_output_shows_a_confidential_question_or_answer(
    published, client, coordinator, reviewer, output
):
    text = read(output, published.report, client, coordinator, reviewer)
    assert MARK in text  # the public answers are there
    for question in confidential_questions():
        assert squeezed(str(question.text)) not in text, (output, question.name)
        for shown in published.shown[question]:
            if MARK in shown:
                assert squeezed(shown) not in text, (output, question.name, shown)
    assert not re.search(r"987,?650,?0\d\d", text.replace(squeezed(published.report.web_page), ""))


def test_the_reviewers_page_shows_every_confidential_question_and_answer(
    published, client, coordinator, reviewer
):
    text = read("review page", published.report, client, coordinator, reviewer)
    for question in confidential_questions():
        assert squeezed(str(question.text)) in text, question.name
        for shown in published.shown[question]:
            assert squeezed(shown) in text, (question.name, shown)


def wizard_field(question: Question) -> str:
    """The form field (or the text) by which a step's page asks the question."""
    if isinstance(question, Table | RegionList):
        return f'name="{question.prefix}-TOTAL_FORMS"'
    if isinstance(question, Matrix):
        return f'name="{question.prefix}-row_'
    return f'name="{question.name}"'


@pytest.mark.parametrize("page", FORM.pages, ids=lambda page: page.slug)
def test_the_wizard_asks_every_question_with_the_answer_given(
    marked, coordinator_client, page: Page
):
    response = coordinator_client.get(step_url(marked.report, page.slug))
    assert response.status_code == 200
    content = response.content.decode()
    text = page_text(response)
    for question in page.questions:
        assert squeezed(str(question.text)) in text, question.name
        if isinstance(question, Given):
            assert squeezed(question.value(marked.report)) in text
        else:
            assert wizard_field(question) in content, question.name
        for shown in marked.shown[question]:
            if MARK in shown:
                assert shown in content, (question.name, shown)


# --- A question added to the declaration and its model, nothing else ---------------------------

THROWAWAY_LABEL = "Which lessons would you pass on to a new partnership?"


@pytest.fixture
def throwaway_question(transactional_db):
    """A text question on the "Innovative results" page, stored in a new column of the report
    (added to the table for the test, and dropped after it)."""
    field = models.TextField(THROWAWAY_LABEL, blank=True, default="")
    field.contribute_to_class(MonitoringReport, "lessons_learnt")
    with connection.schema_editor() as editor:
        editor.add_field(MonitoringReport, field)
    page = next(page for page in FORM.pages if page.slug == "innovative-results")
    question = Text("lessons_learnt")
    page.items = [*page.items, question]
    try:
        yield question
    finally:
        page.items = [item for item in page.items if item is not question]
        with connection.schema_editor() as editor:
            editor.remove_field(MonitoringReport, field)
        MonitoringReport._meta.local_fields.remove(field)
        MonitoringReport._meta._expire_cache()
        delattr(MonitoringReport, "lessons_learnt")


def test_a_question_added_to_the_declaration_appears_in_every_output(
    throwaway_question, report, client, coordinator, reviewer
):
    fill_mandatory_answers(report)
    client.force_login(coordinator)
    wizard = client.get(step_url(report, "innovative-results"))
    assert THROWAWAY_LABEL in wizard.content.decode()
    assert 'name="lessons_learnt"' in wizard.content.decode()

    typed = "Start with a mapping of the regions' strengths."
    saved = post_step(client, report, "innovative-results", {"lessons_learnt": typed})
    assert saved.status_code == 302
    report.refresh_from_db()
    assert report.lessons_learnt == typed

    workflow.submit(report, coordinator)
    workflow.return_for_changes(report, reviewer, "Say more.")
    report.lessons_learnt = typed + " Then meet twice a year."
    report.save()
    workflow.submit(report, coordinator)
    workflow.accept(report, reviewer)
    workflow.publish(report, reviewer)

    for output in ("public page", "PDF"):
        text = read(output, report, client, coordinator, reviewer)
        assert squeezed(THROWAWAY_LABEL) in text, output
        assert squeezed("Then meet twice a year.") in text, output

    client.force_login(reviewer)
    url = reverse("reports:review_report", kwargs=report_kwargs(report))
    diff = client.get(url, {"compare": "1"}).content.decode()
    assert THROWAWAY_LABEL in diff
    assert "Then meet twice a year." in diff


# --- Each column named in two places only ------------------------------------------------------

PROJECT = Path(__file__).resolve().parent.parent
DECLARATION_HOMES = ("reports/models/", "reports/form.py")


def declared_names() -> set[str]:
    """The declared questions' and columns' field names that no other model also has (a
    partnership's `start_date` is its own)."""
    names, declared_models = set(), set()
    for question in FORM.questions():
        names.add(question.name)
        declared_models.add(question.model)
        if isinstance(question, Table):
            declared_models.add(question.rows_model)
            names.update(question.cells)
        if isinstance(question, Matrix) and question.stored_in is not None:
            declared_models.add(question.stored_in)
            names.update((question.row_field, question.answer_field))
    others = {
        field.name
        for model in apps.get_models()
        if model not in declared_models
        for field in model._meta.get_fields()
    }
    return {name for name in names if "_" in name and name not in others}


def project_python() -> list[Path]:
    """The project's own Python, without its migrations, tests and demo data."""
    skipped = {".venv", "migrations", "tests", "demo", "staticfiles", "media"}
    return [
        path
        for path in PROJECT.rglob("*.py")
        if not skipped.intersection(path.relative_to(PROJECT).parts)
    ]


def test_a_column_is_named_only_in_its_model_and_in_the_declaration():
    names = declared_names()
    assert {"involved_regions", "other_information", "progress_rating"} <= names
    pattern = re.compile(r"\b(" + "|".join(sorted(names)) + r")\b")
    elsewhere = {
        f"{path.relative_to(PROJECT)}: {name}"
        for path in project_python()
        if not str(path.relative_to(PROJECT)).startswith(DECLARATION_HOMES)
        for name in pattern.findall(path.read_text())
    }
    assert not elsewhere
