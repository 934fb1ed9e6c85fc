"""The self-assessment (Section III) and what reviewers write among themselves never reach
the public: a unique marker in every such field of a published report appears on no public
URL, pages, search results, timeline, sitemap, robots.txt, news and the PDF included."""

import datetime
import hashlib
import io
import zipfile

import pytest
from django.db import models
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.utils.translation import gettext
from pypdf import PdfReader

from reports import annex_storage
from reports.answers import Answers, ConfidentialRefused
from reports.models import (
    Annex,
    Event,
    MonitoringReport,
    NewsArticle,
    NewsTranslation,
    PartnershipRegion,
    ReportingPeriod,
    ReportRegion,
    ReportVersion,
    ReviewComment,
    ReviewNote,
    SDGRating,
    WorkingArea,
)
from reports.models.self_assessment import Milestone, PipelineProject, SelfAssessment
from reports.public_data import public_report
from tests.opendata_helpers import every_file, fetch

# Short enough for the 20-character choice columns; nothing else on the site contains it.
MARKER = "QZXCONF"


class Markers:
    """Hands out numbered markers ("QZXCONF07") and remembers which field got which."""

    def __init__(self):
        self.fields = {}

    def __call__(self, name):
        marker = f"{MARKER}{len(self.fields):02d}"
        self.fields[marker] = name
        return marker


def mark_every_field(instance, markers, skip=()):
    """A marker in each of `instance`'s own text, choice and JSON fields."""
    for field in instance._meta.concrete_fields:
        if field.primary_key or field.is_relation or field.name in skip:
            continue
        name = f"{type(instance).__name__}.{field.name}"
        if isinstance(field, models.JSONField):
            default = field.get_default()
            marker = markers(name)
            setattr(
                instance, field.name, {marker: marker} if isinstance(default, dict) else [marker]
            )
        elif isinstance(field, (models.CharField, models.TextField)):
            setattr(instance, field.name, markers(name))
        elif isinstance(field, models.PositiveBigIntegerField):
            setattr(instance, field.name, 987_650_000 + len(markers.fields))
    instance.save()


def attach_annexes(report, markers):
    """A public annex, and a confidential one with a marker in its title, description, file
    name and content."""
    content = b"%PDF-1.4\n" + markers("Annex content").encode() + b"\n%%EOF\n"
    for position, visibility in enumerate(("public", "confidential"), start=1):
        public = visibility == "public"
        stored = b"%PDF-1.4\n%%EOF\n" if public else content
        key = f"annex-{visibility}"
        annex_storage.save_annex_file(key, stored)
        Annex.objects.create(
            report=report,
            position=position,
            visibility=visibility,
            title="Public mapping results" if public else markers("Annex.title"),
            description="" if public else markers("Annex.description"),
            display_name="mapping.pdf" if public else f"{markers('Annex.display_name')}.pdf",
            file_key=key,
            kind="pdf",
            size=len(stored),
            sha256=hashlib.sha256(stored).hexdigest(),
        )


@pytest.fixture
def secret_report(partnership, reviewer, coordinator, brittany):
    """A published report with public content and a marker in every confidential field."""
    markers = Markers()
    PartnershipRegion.objects.create(partnership=partnership, role="lead", region=brittany)
    report = MonitoringReport.start(
        partnership,
        ReportingPeriod.objects.create(year=2020, half=2, deadline=datetime.date(2021, 1, 31)),
    )
    report.executive_summary = "The public summary of the partnership."
    report.save()
    ReportRegion.objects.create(report=report, role="lead", region=brittany, match="linked")
    WorkingArea.objects.create(report=report, position=1, working_area="Regional mapping")
    Event.objects.create(
        report=report,
        kind=Event.Kind.PLANNED,
        position=1,
        title="Future meeting",
        date=timezone.localdate() + datetime.timedelta(days=60),
    )
    SDGRating.objects.create(report=report, goal=9, rating="agree")
    attach_annexes(report, markers)

    assessment = SelfAssessment(report=report)
    mark_every_field(assessment, markers, skip=("report",))
    for position in (1, 2):
        mark_every_field(
            PipelineProject(self_assessment=assessment, position=position),
            markers,
            skip=("position",),
        )
        mark_every_field(
            Milestone(
                self_assessment=assessment, position=position, target_date=datetime.date(2021, 3, 1)
            ),
            markers,
            skip=("position",),
        )

    for state in ("submitted", "returned"):
        report.move_to(state, reviewer, comment=markers(f"transition to {state}"))
    version = ReportVersion.objects.create(
        report=report,
        number=1,
        submitted_at=timezone.now(),
        submitted_by=coordinator,
        content={"self_assessment": [[markers("version question"), markers("version answer")]]},
    )
    ReviewComment.objects.create(
        report=report,
        anchor="self_assessment:risks",
        text=markers("ReviewComment.text"),
        reply=markers("ReviewComment.reply"),
        author=reviewer,
        version=version,
    )
    ReviewComment.objects.create(
        report=report,
        anchor="executive_summary",
        text=markers("ReviewComment.text on a public field"),
        author=reviewer,
        version=version,
    )
    ReviewNote.objects.create(
        report=report,
        internal_note=markers("ReviewNote.internal_note"),
        recommendation=markers("ReviewNote.recommendation"),
        updated_by=reviewer,
    )
    for state in ("submitted", "accepted", "published"):
        report.move_to(state, reviewer, comment=markers(f"transition to {state}"))

    article = NewsArticle.objects.create(
        slug="partnership-news", partnership=partnership, published_on=datetime.date(2021, 2, 1)
    )
    NewsTranslation.objects.create(article=article, language="en", title="News", body="Public")
    report.markers = markers
    return report


def test_every_confidential_field_carries_a_marker(secret_report):
    """Guards the test below: a new confidential field without a marker fails here."""
    marked = set(secret_report.markers.fields.values())
    for model in (SelfAssessment, PipelineProject, Milestone):
        for field in model._meta.concrete_fields:
            if field.primary_key or field.is_relation or field.name in ("position", "target_date"):
                continue
            if isinstance(field, models.PositiveBigIntegerField):
                continue  # amount_eur: a number, checked by its own value below
            assert f"{model.__name__}.{field.name}" in marked, field
    assert {"ReviewNote.internal_note", "ReviewNote.recommendation"} <= marked
    assert {"ReviewComment.text", "ReviewComment.reply"} <= marked
    assert {"Annex.title", "Annex.description", "Annex.display_name", "Annex content"} <= marked
    # The markers really are stored.
    assessment = SelfAssessment.objects.get(report=secret_report)
    assert assessment.risks.startswith(MARKER)
    assert assessment.pipeline_projects.count() == 2
    assert ReviewNote.objects.get(report=secret_report).internal_note.startswith(MARKER)


def public_urls(report):
    partnership = report.partnership
    period = report.period.slug
    return [
        "/",
        "/?q=Cybersecurity",
        "/?q=Brittany",
        "/?q=France",
        partnership.get_absolute_url(),
        reverse("reports:public_report", kwargs={"slug": partnership.slug, "period": period}),
        reverse("reports:timeline", kwargs={"slug": partnership.slug}),
        "/sitemap.xml",
        "/robots.txt",
        "/news/partnership-news/",
        "/news/",
        # Regions, countries and platforms (issue 15), each chart's data as CSV.
        "/regions/FRH0/",
        "/countries/FR/",
        "/platforms/",
        f"/platforms/{partnership.platform.code}/",
        f"/platforms/{partnership.platform.code}/sdgs.csv",
        f"/platforms/{partnership.platform.code}/sdg-trend.csv",
        f"/platforms/{partnership.platform.code}/countries.csv",
        "/platforms/countries.csv",
    ]


def test_no_public_page_shows_a_confidential_marker(client, secret_report):
    public_annex, confidential_annex = secret_report.annexes.all()
    # The public annex is listed, and served: the pages do show annexes.
    page = client.get(public_urls(secret_report)[5]).content.decode()
    assert "Public mapping results" in page and public_annex.get_absolute_url() in page
    assert client.get(public_annex.get_absolute_url()).status_code == 200
    assert client.get(confidential_annex.get_absolute_url()).status_code == 404
    for url in public_urls(secret_report):
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert MARKER not in content, (url, secret_report.markers.fields)
        assert "987650" not in content, url  # the pipeline projects' amounts

    # The search for the marker itself finds nothing (the page repeats the query, so only
    # the result count is checked).
    assert client.get("/", {"q": MARKER}).context["matches"] == 0


@pytest.mark.parametrize("language", ["bg", "de", "el", "mt", "ga"])
def test_the_pages_in_other_languages_show_no_marker_either(client, secret_report, language):
    for url in public_urls(secret_report):
        response = client.get(translate_url(url, language))
        assert response.status_code == 200, url
        assert MARKER not in response.content.decode(), url


@pytest.mark.parametrize("language", ["en", "bg", "de", "el", "mt"])
def test_the_pdf_shows_no_confidential_marker(client, secret_report, language):
    """In each language its own file: the questions and headings translated, the answers as
    written, and never the self-assessment."""
    with translation.override(language):
        path = reverse(
            "report_pdf",
            kwargs={"slug": secret_report.partnership.slug, "period": secret_report.period.slug},
        )

    response = client.get(path)

    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    assert "public summary" in text.replace("\n", " ")
    assert "Public mapping results" in text
    with translation.override(language):
        assert gettext("Contents") in text
    assert MARKER not in text
    assert MARKER.encode() not in body


def test_the_public_record_every_data_output_serializes_holds_no_marker(secret_report):
    """reports/public_data.py: the one projection the API, the downloads and the catalogue
    serialize. Its public part is there (a text, a table cell, a rating, a region, the public
    annex); nothing confidential is."""
    record = public_report(secret_report)
    everything = repr(record.answers + record.tables + record.ratings + record.regions)
    everything += repr(record.annexes)
    assert ("executive_summary", "The public summary of the partnership.") in {
        (answer.question, answer.value) for answer in record.answers
    }
    assert "Regional mapping" in {cell.value for cell in record.tables}
    assert [(rating.row, rating.rating) for rating in record.ratings] == [("9", "Agree")]
    assert [(region.role, region.nuts_code, region.country) for region in record.regions] == [
        ("lead", "FRH0", "FR")
    ]
    assert [annex.title for annex in record.annexes] == ["Public mapping results"]
    assert MARKER not in everything and "987650" not in everything
    questions = {answer.question for answer in record.answers}
    assert not any(key.startswith("self_assessment") for key in questions)


def test_the_public_record_cannot_be_made_from_answers_that_read_the_self_assessment(
    secret_report,
):
    with pytest.raises(ConfidentialRefused):
        public_report(secret_report, Answers(secret_report))


def api_urls(report):
    """Every address of the API, lists (with each filter the report matches) and details,
    the secret report's among them."""
    partnership, period = report.partnership.slug, report.period.slug
    return [
        "/api/v1/",
        "/api/v1/openapi.json",
        "/api/v1/platforms",
        f"/api/v1/platforms/{report.partnership.platform.code}",
        "/api/v1/partnerships",
        f"/api/v1/partnerships/{partnership}",
        "/api/v1/periods",
        f"/api/v1/periods/{period}",
        "/api/v1/reports",
        f"/api/v1/reports?partnership={partnership}&period={period}&region=FRH0&country=FR",
        f"/api/v1/reports/{partnership}/{period}",
        "/api/v1/regions",
        "/api/v1/regions/FRH0",
        f"/api/v1/regions?partnership={partnership}",
        "/api/v1/news",
        "/api/v1/news/partnership-news",
    ]


def test_no_api_answer_holds_a_confidential_marker(client, secret_report):
    report = client.get(f"/api/v1/reports/{secret_report.partnership.slug}/2020-h2").json()
    # The public part is there, the public annex with it; the confidential annex is not.
    assert "The public summary of the partnership." in {a["value"] for a in report["answers"]}
    assert [annex["title"] for annex in report["annexes"]] == ["Public mapping results"]
    for url in api_urls(secret_report):
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert MARKER not in content, (url, secret_report.markers.fields)
        assert "987650" not in content, url
        if url.startswith("/api/v1/reports"):
            assert "The public summary" in content, url  # the report is in the answer


def test_no_open_data_file_nor_the_catalogue_holds_a_confidential_marker(client, secret_report):
    """Every download under /data/ (each table as CSV, XLSX and JSON Lines; each partnership's
    and period's ZIPs and workbook) and the DCAT-AP catalogue in both formats, read as a user
    would (ZIPs unpacked, workbooks cell by cell) and as the bytes inside them."""
    texts = every_file(client)

    assert {
        "answers.csv",
        "answers.xlsx",
        "answers.jsonl",
        "partnerships/cybersecurity.csv.zip",
        "partnerships/cybersecurity.xlsx",
        "partnerships/cybersecurity.jsonl.zip",
        "periods/2020-h2.csv.zip",
        "periods/2020-h2.xlsx",
        "periods/2020-h2.jsonl.zip",
        "catalog.ttl",
        "catalog.jsonld",
    } <= set(texts)
    assert "The public summary of the partnership." in texts["answers.csv"]
    assert "Regional mapping" in texts["partnerships/cybersecurity.xlsx"]
    for path, text in texts.items():
        assert MARKER not in text, (path, secret_report.markers.fields)
        assert "987650" not in text, path
        content = fetch(client, path)
        inside = (
            zipfile.ZipFile(io.BytesIO(content))
            if zipfile.is_zipfile(io.BytesIO(content))
            else None
        )
        for raw in [content] + (
            [inside.read(name) for name in inside.namelist()] if inside else []
        ):
            assert MARKER.encode() not in raw and b"987650" not in raw, path
