"""The PDF of a published report: its text read back, PDF/UA tagging, the fetcher that
reaches nothing but our static files, hostile text, and serving from storage.

Benchmark (not asserted): the demo's July–December 2020 report, 8 A4 pages and 53 kB,
renders in about 1.1 s on an idle machine (up to 3 s for the very first render, with cold
font caches).
"""

import datetime
import re
import unicodedata
from io import BytesIO, StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings
from django.urls import reverse
from django.utils.dateformat import format as date_format
from pypdf import PdfReader

from reports import pdf, workflow
from reports.demo.specs import progress_fields
from reports.form import FORM
from reports.models import (
    Event,
    MonitoringReport,
    SDGRating,
    StoredReportPDF,
    WorkingArea,
)
from reports.models.self_assessment import SelfAssessment
from reports.sdgs import GOALS, Agreement

# The seed documents, kept with the tests (tests/data/README.md).
SEEDS = Path(__file__).parent / "data" / "seeds"
STATIC = pdf.BASE_URL + "static/"
HOSTILE = [
    "<script>alert(1)</script>",
    '<a rel="attachment" href="file:///etc/passwd">x</a>',
    '<img src="http://169.254.169.254/latest">',
]
BULGARIAN = "Партньорство за киберсигурност: Пловдив, Стара Загора и Русе — щъркел, ябълка, юг"
MARKER = "SELF-ASSESSMENT-MARKER-7f3a"

pytestmark = pytest.mark.usefixtures("media")


@pytest.fixture
def media(settings, tmp_path):
    """Stored PDFs go to a directory of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


def squeeze(text):
    """Text without any whitespace: the PDF wraps lines wherever the page needs."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))


def pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


def publish(report, user=None):
    for state in ("submitted", "accepted", "published"):
        report.move_to(state, user)


def pdf_url(report):
    return reverse("report_pdf", args=[report.partnership.slug, report.period.slug])


class SpyFetcher(pdf.StaticFilesFetcher):
    """Our fetcher, noting every URL WeasyPrint asks it for."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.asked = []

    def fetch(self, url, headers=None):
        self.asked.append(url)
        return super().fetch(url, headers)


# --- the demo report, read back ----------------------------------------------------------------


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker):
    """The demo data and its July–December 2020 PDF, rendered once for the class and rolled
    back after it, so no other test sees them."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_nuts", stdout=StringIO())
        with override_settings(DEBUG=True):
            call_command("load_demo", stdout=StringIO())
        report = MonitoringReport.objects.published().get(
            partnership__slug="cybersecurity", period__year=2020, period__half=2
        )
        content = pdf.render_report_pdf(report)
        yield content
        transaction.set_rollback(True)


@pytest.fixture
def demo_report(demo, db):
    return MonitoringReport.objects.get(
        partnership__slug="cybersecurity", period__year=2020, period__half=2
    )


@pytest.fixture
def demo_text(demo):
    """The text without the running header and page numbers, which an answer that runs on
    to the next page would otherwise be interrupted by."""
    furniture = r"Cybersecurity — July - December 2020|S3 Partnership Monitor|Page \d+ of \d+"
    pages = PdfReader(BytesIO(demo)).pages
    return squeeze("".join(re.sub(furniture, "", page.extract_text()) for page in pages[1:]))


def seed_headings():
    """The seed form's headings from section I on, as plain text."""
    (path,) = SEEDS.glob("004_*.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("## I. Management"))
    return [re.sub(r"[#*\\]", "", line).strip() for line in lines[start:] if line.startswith("#")]


@pytest.mark.usefixtures("demo", "db")
class TestDemoPDF:
    def test_every_section_heading_of_the_seed(self, demo_text):
        headings = seed_headings()
        assert "New activities" in headings and len(headings) == 6
        for heading in headings:
            assert squeeze(heading) in demo_text, heading

    def test_cover_and_contents(self, demo, demo_report):
        first, second = PdfReader(BytesIO(demo)).pages[:2]
        cover = squeeze(first.extract_text())
        assert squeeze("Cybersecurity Smart Regions") in cover
        assert squeeze("July - December 2020") in cover
        published = demo_report.transitions.get(to_state="published").at
        assert squeeze(date_format(published, "j F Y")) in cover
        contents = second.extract_text()
        assert "Contents" in contents
        # Each entry ends with the page it is on.
        assert re.search(r"I\. Management report\W+\d+", contents)
        assert re.search(r"II\. Progress report\W+\d+", contents)

    def test_running_header_and_page_numbers(self, demo):
        pages = PdfReader(BytesIO(demo)).pages
        for number, page in enumerate(pages[1:], start=2):
            text = squeeze(page.extract_text())
            assert squeeze("Cybersecurity — July - December 2020") in text
            assert squeeze(f"Page {number} of {len(pages)}") in text

    def test_every_value_of_the_header_and_the_texts(self, demo_report, demo_text):
        report = demo_report
        values = [
            report.period.label,
            report.partnership.short_name,
            date_format(report.start_date, "j F Y"),
            report.web_page,
            report.executive_summary,
            *(getattr(report, name) for name in progress_fields()),
        ]
        headings = [str(question.statement) for question in FORM.questions(public_only=True)]
        for value in [*values, *headings]:
            assert squeeze(value) in demo_text, value

    def test_answers_are_headed_by_statements_not_the_forms_questions(self, demo_text):
        for question in FORM.questions(public_only=True):
            if question.heading:
                assert squeeze(question.text) not in demo_text, question.text

    def test_every_region_working_area_and_event(self, demo_report, demo_text):
        for entry in demo_report.regions.all():
            assert squeeze(entry.name) in demo_text, entry.name
        for row in demo_report.working_areas.all():
            cells = [row.working_area, row.region_in_charge, row.involved_regions]
            cells.append(row.other_actors)
            assert squeeze("".join(cells)) in demo_text
        events = demo_report.events.all()
        assert {event.kind for event in events} == {Event.Kind.PAST, Event.Kind.PLANNED}
        for event in events:
            if event.date is None:
                date = event.date_detail
            else:
                date = date_format(event.date, "j F Y")
                if event.date_detail:
                    date += f" ({event.date_detail})"
            row = [event.title, date, event.place, event.other_information]
            assert squeeze("".join(row)) in demo_text, event.title

    def test_every_sdg_rating(self, demo_report, demo_text):
        labels = dict(GOAL_LABELS)
        ratings = demo_report.sdg_ratings.all()
        assert len(ratings) == 14
        for rating in ratings:
            row = f"{labels[rating.goal]} {Agreement(rating.rating).label}"
            assert squeeze(row) in demo_text, row

    def test_it_declares_pdf_ua_and_carries_a_structure_tree(self, demo):
        reader = PdfReader(BytesIO(demo))
        root = reader.trailer["/Root"]
        assert "/StructTreeRoot" in root
        assert bool(root["/MarkInfo"]["/Marked"])
        assert root["/Lang"] == "en"
        xmp = root["/Metadata"].get_object().get_data().decode()
        assert "pdfuaid:part" in xmp and re.search(r"pdfuaid:part[^0-9]*1", xmp)
        assert reader.metadata.title == "Monitoring report: Cybersecurity, July - December 2020"
        assert reader.metadata.author == "Cybersecurity Smart Regions partnership"

    def test_its_fonts_are_the_ones_print_css_loads(self, demo):
        """DejaVu Sans from static/fonts, declared as "Report Sans": no fallback to
        whatever the machine has installed."""
        fonts = set()
        for page in PdfReader(BytesIO(demo)).pages:
            for font in page["/Resources"]["/Font"].values():
                fonts.add(str(font.get_object()["/BaseFont"]))
        assert fonts and all(name.endswith(("+Report-Sans", "+Report-Sans-Bold")) for name in fonts)


GOAL_LABELS = [(number, goal_label) for number, goal_label, _short in GOALS]


# --- the fetcher --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file:///work/main/static/css/print.css",
        "http://169.254.169.254/latest",
        "https://example.com/static/css/print.css",
        "http://pdf.s3-partnership-monitor.invalid/static/css/print.css",
        "https://pdf.s3-partnership-monitor.invalid.example.com/static/css/print.css",
        "data:text/css,body{background:url(http://169.254.169.254/)}",
        "data:font/ttf;base64,AAAA",
        STATIC + "../../../../etc/passwd",
        STATIC + "css/%2e%2e/%2e%2e/settings.py",
        STATIC + "js/wizard.js",
        STATIC + "css/missing.css",
        STATIC + "css/print.css?v=1",
        pdf.BASE_URL + "media/reports/pdf/x.pdf",
    ],
)
def test_the_fetcher_refuses_anything_but_our_static_files(url):
    with pytest.raises(ValueError):
        pdf.StaticFilesFetcher().fetch(url)


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("css/print.css", "text/css"),
        ("fonts/DejaVuSans.ttf", "font/ttf"),
        ("fonts/DejaVuSans-Bold.ttf", "font/ttf"),
    ],
)
def test_the_fetcher_serves_our_stylesheet_and_fonts(path, content_type):
    response = pdf.StaticFilesFetcher().fetch(STATIC + path)
    assert response.content_type == content_type
    assert response.read() == (Path(settings.BASE_DIR) / "static" / path).read_bytes()


# --- what users typed ---------------------------------------------------------------------------


@pytest.fixture
def hostile_report(report):
    text = "\n".join(HOSTILE)
    report.executive_summary = f"{BULGARIAN}\n{text}"
    report.outreach = text
    report.save()
    WorkingArea.objects.create(
        report=report, position=1, working_area=HOSTILE[0], other_actors=HOSTILE[1]
    )
    Event.objects.create(
        report=report,
        kind=Event.Kind.PAST,
        position=1,
        title=HOSTILE[2],
        date=datetime.date(2020, 10, 30),
        place="Пловдив",
    )
    SDGRating.objects.create(report=report, goal=9, rating=Agreement.STRONGLY_AGREE)
    publish(report)
    return report


def test_typed_markup_is_text_and_the_renderer_fetches_nothing_for_it(hostile_report):
    fetcher = SpyFetcher()
    content = pdf.render_report_pdf(hostile_report, fetcher=fetcher)

    text = squeeze(pdf_text(content))
    for payload in HOSTILE:
        assert squeeze(payload) in text
    assert squeeze(BULGARIAN) in text and squeeze("Пловдив") in text
    # Only our stylesheet and its fonts were asked for.
    assert fetcher.asked and all(url.startswith(STATIC) for url in fetcher.asked)
    assert STATIC + "css/print.css" in fetcher.asked
    assert STATIC + "fonts/DejaVuSans.ttf" in fetcher.asked
    reader = PdfReader(BytesIO(content))
    assert reader.attachments == {}
    assert all(not page.images for page in reader.pages)


def test_the_self_assessment_is_never_in_the_pdf(report):
    fields = [
        field.name
        for field in SelfAssessment._meta.concrete_fields
        if field.get_internal_type() == "TextField"
    ]
    assert fields
    SelfAssessment.objects.create(report=report, **dict.fromkeys(fields, MARKER))
    report.executive_summary = "Public summary."
    report.save()
    publish(report)

    content = pdf.render_report_pdf(report)

    assert "Public summary." in pdf_text(content)
    assert MARKER not in pdf_text(content)
    assert MARKER.encode() not in content


# --- serving ------------------------------------------------------------------------------------


@pytest.fixture
def published(report):
    report.executive_summary = "What we did."
    report.save()
    publish(report)
    return report


@pytest.fixture
def render_spy():
    with mock.patch.object(pdf, "render_report_pdf", wraps=pdf.render_report_pdf) as spy:
        yield spy


def test_rendered_on_the_first_request_then_served_from_storage(client, published, render_spy):
    first = client.get(pdf_url(published))
    second = client.get(pdf_url(published))

    assert render_spy.call_count == 1
    for response in (first, second):
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == (
            'inline; filename="cybersecurity-monitoring-report-2020-h2-en.pdf"'
        )
    body = b"".join(first.streaming_content)
    assert body.startswith(b"%PDF-") and body == b"".join(second.streaming_content)
    stored = StoredReportPDF.objects.get(report=published)
    assert first["ETag"] == second["ETag"] == f'"{stored.sha256}"'
    assert Path(stored.file.path).read_bytes() == body


def test_a_conditional_request_gets_304(client, published):
    response = client.get(pdf_url(published))
    assert response["Last-Modified"] and response["ETag"]
    assert "public" in response["Cache-Control"]

    by_etag = client.get(pdf_url(published), headers={"if-none-match": response["ETag"]})
    by_date = client.get(
        pdf_url(published), headers={"if-modified-since": response["Last-Modified"]}
    )
    changed = client.get(pdf_url(published), headers={"if-none-match": '"something-else"'})

    assert by_etag.status_code == by_date.status_code == 304
    assert by_etag["ETag"] == response["ETag"]
    assert changed.status_code == 200


def test_publishing_renders_it_once_on_commit_and_republishing_again(
    client, report, coordinator, reviewer, render_spy, django_capture_on_commit_callbacks
):
    workflow.submit(report, coordinator)
    workflow.accept(report, reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(report, reviewer)
    assert render_spy.call_count == 1
    first = StoredReportPDF.objects.get(report=report)

    assert client.get(pdf_url(report)).status_code == 200
    assert render_spy.call_count == 1  # served from storage

    workflow.withdraw(report, reviewer, "A figure was wrong.")
    assert client.get(pdf_url(report)).status_code == 404
    report.executive_summary = "Corrected."
    report.save()
    workflow.submit(report, coordinator)
    workflow.accept(report, reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(report, reviewer)
    assert render_spy.call_count == 2

    second = StoredReportPDF.objects.get(report=report)
    assert second.published_at > first.published_at
    assert second.sha256 != first.sha256
    assert not first.file.storage.exists(first.file.name)  # the old file is gone
    response = client.get(pdf_url(report))
    assert render_spy.call_count == 2
    assert response["ETag"] == f'"{second.sha256}"'
    assert "Corrected." in pdf_text(b"".join(response.streaming_content))


def test_a_stale_file_is_rendered_again_on_request(client, published, render_spy):
    """Republished without the on-commit render having run (or having failed): the file of
    the earlier publication is not served."""
    client.get(pdf_url(published))
    published.move_to("returned", None)
    publish_again = ("submitted", "accepted", "published")
    for state in publish_again:
        published.move_to(state, None)
    client.get(pdf_url(published))
    assert render_spy.call_count == 2


@pytest.mark.parametrize("state", ["draft", "submitted", "accepted", "returned"])
def test_an_unpublished_report_has_no_pdf(client, report, state, render_spy):
    report.state = state
    report.save()
    response = client.get(pdf_url(report))
    assert response.status_code == 404
    assert render_spy.call_count == 0


@pytest.mark.parametrize(
    "path",
    [
        "/partnerships/unknown/reports/2020-h2.pdf",
        "/partnerships/cybersecurity/reports/2020-h1.pdf",
        "/partnerships/cybersecurity/reports/2020-h3.pdf",
        "/partnerships/cybersecurity/reports/2019-h2.pdf",
        "/partnerships/cybersecurity/reports/latest.pdf",
    ],
)
def test_unknown_partnerships_and_periods_are_404(client, published, path):
    assert client.get(path).status_code == 404


def test_an_inactive_partnership_has_no_pdf(client, published):
    published.partnership.is_active = False
    published.partnership.save()
    assert client.get(pdf_url(published)).status_code == 404


def test_the_url_is_readable_and_stable(published):
    assert pdf_url(published) == "/partnerships/cybersecurity/reports/2020-h2.pdf"


def test_only_reading_is_allowed(client, published):
    assert client.post(pdf_url(published)).status_code == 405
