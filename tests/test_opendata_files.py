"""The open data files at /data/: what they hold and how they are written, when they are made
(on publication and withdrawal, never on a request that finds them fresh), how they are
served (ETag, 304, ranges, types and names), and what does not exist (404).

Personas as in conftest: `partnership` (Cybersecurity) and `other_partnership` (Chemicals),
`reviewer` publishes, `client` is a visitor.
"""

import datetime
import hashlib
import io
import zipfile
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date
from openpyxl import load_workbook

from opendata import files
from opendata.models import Generation, OpenDataFile
from reports import tasks, workflow
from reports.models import MonitoringReport
from tests.opendata_helpers import (
    FORMULA,
    TRICKY,
    body,
    csv_rows,
    every_file,
    fetch,
    fill,
    jsonl_rows,
    members,
    period,
    publish,
    published_report,
    workbook_rows,
)
from tests.sitemap_helpers import sitemap_text

TABLES = ("reports", "answers", "tables", "ratings", "regions")


@pytest.fixture
def published(partnership, reviewer, ile_de_france):
    """Cybersecurity's July-December 2020 report, published."""
    return published_report(partnership, 2020, 2, reviewer, summary=TRICKY, region=ile_de_france)


@pytest.fixture
def chemicals_published(other_partnership, reviewer, ile_de_france):
    """Chemicals' January-June 2021 report, published: another partnership, another period."""
    return published_report(
        other_partnership, 2021, 1, reviewer, summary="Chemicals summary.", region=ile_de_france
    )


@pytest.fixture
def fresh(published):
    files.ensure_fresh()
    return published


# --- What the files hold ---------------------------------------------------------------------


def test_csv_is_utf8_rfc_4180_and_reads_back_every_text_exactly(client, published):
    content = fetch(client, "answers.csv")

    assert not content.startswith(b"\xef\xbb\xbf")  # no byte order mark
    lines = content.split(b"\r\n")
    assert lines[0] == b"report_id,partnership,period,section,question,label,value"
    assert lines[-1] == b""  # every record ends with CRLF, the last included
    # The line break inside a text is kept inside its quoted field.
    assert b'"Regions, clusters and ""smart"" specialisation\nacross borders"' in content
    rows = {row["question"]: row for row in csv_rows(content)}
    assert rows["executive_summary"]["value"] == TRICKY
    assert rows["innovative_results"]["value"] == FORMULA  # as published, no prefix added
    assert rows["executive_summary"]["report_id"] == str(published.pk)
    assert rows["executive_summary"]["partnership"] == "cybersecurity"
    assert rows["executive_summary"]["period"] == "2020-h2"
    assert rows["executive_summary"]["label"].startswith("Please provide the executive summary")


def test_regions_hold_the_nuts_code_country_and_names_as_written_in_utf8(client, published):
    rows = csv_rows(fetch(client, "regions.csv"))

    assert [
        (r["role"], r["written"], r["nuts_code"], r["nuts_name"], r["country"]) for r in rows
    ] == [
        ("lead", "Île-de-France", "FR10", "Île-de-France", "FR"),
        ("participating", "A cluster of Zürich", "", "", ""),
    ]
    assert "Île-de-France".encode() in fetch(client, "regions.csv")


def test_the_other_tables_hold_one_row_per_cell_rating_and_report(client, published):
    cells = csv_rows(fetch(client, "tables.csv"))
    ratings = csv_rows(fetch(client, "ratings.csv"))
    (report,) = csv_rows(fetch(client, "reports.csv"))

    assert ("working_areas", "1", "working_area", 'Mapping, "first" pass') in {
        (c["table"], c["row"], c["column"], c["value"]) for c in cells
    }
    assert [(r["goal"], r["rating"]) for r in ratings] == [("9", "Agree")]
    assert report["partnership_name"] == "Cybersecurity"
    assert report["platform"] == "Industrial Modernisation"
    assert (report["period"], report["period_start"], report["period_end"]) == (
        "2020-h2",
        "2020-07-01",
        "2020-12-31",
    )
    assert report["published"] == published.transitions.last().at.date().isoformat()
    assert report["page_url"].endswith("/partnerships/cybersecurity/reports/2020-h2/")
    assert report["pdf_url"].endswith("/partnerships/cybersecurity/reports/2020-h2.pdf")


@pytest.mark.parametrize("table", TABLES)
def test_the_three_formats_of_a_table_hold_the_same_rows(client, published, table):
    from_csv = csv_rows(fetch(client, f"{table}.csv"))
    from_jsonl = jsonl_rows(fetch(client, f"{table}.jsonl"))
    (from_xlsx,) = workbook_rows(fetch(client, f"{table}.xlsx")).values()

    def as_text(rows):
        return [
            {key: "" if value is None else str(value) for key, value in row.items()} for row in rows
        ]

    assert from_csv  # something to compare
    assert as_text(from_jsonl) == from_csv
    assert as_text(from_xlsx) == from_csv


def test_json_lines_are_one_object_per_line_with_the_csv_header_as_keys(client, published):
    content = fetch(client, "answers.jsonl")

    lines = content.decode("utf-8").split("\n")
    assert lines[-1] == "" and all(lines[:-1])
    summary = next(row for row in jsonl_rows(content) if row["question"] == "executive_summary")
    assert summary["value"] == TRICKY
    assert summary["report_id"] == published.pk  # a number, not text
    assert list(summary) == [
        "report_id",
        "partnership",
        "period",
        "section",
        "question",
        "label",
        "value",
    ]


def test_in_the_workbook_a_leading_equals_sign_is_text_never_a_formula(client, published):
    book = load_workbook(io.BytesIO(fetch(client, "answers.xlsx")))

    cell = next(
        row[6]
        for row in book["answers"].iter_rows(min_row=2)
        if row[4].value == "innovative_results"
    )
    assert cell.value == FORMULA
    assert cell.data_type == "s"
    assert book["answers"].freeze_panes == "A2"


def test_control_characters_xml_cannot_hold_are_left_out_of_the_workbook_only(client, published):
    published.outreach = "Pasted from Word:\x0bnext line"
    published.save()
    files.regenerate(rebuild=True)

    (rows,) = workbook_rows(fetch(client, "answers.xlsx")).values()
    assert (
        next(r for r in rows if r["question"] == "outreach")["value"]
        == "Pasted from Word:next line"
    )
    csv_value = next(
        r for r in csv_rows(fetch(client, "answers.csv")) if r["question"] == "outreach"
    )
    assert csv_value["value"] == "Pasted from Word:\x0bnext line"


# --- Per partnership and per period ----------------------------------------------------------


def test_a_partnership_has_three_files_each_holding_its_five_tables(
    client, published, chemicals_published
):
    csvs = members("x.zip", fetch(client, "partnerships/cybersecurity.csv.zip"))
    jsonl = members("x.zip", fetch(client, "partnerships/cybersecurity.jsonl.zip"))
    book = workbook_rows(fetch(client, "partnerships/cybersecurity.xlsx"))

    assert sorted(csvs) == sorted(f"{table}.csv" for table in TABLES)
    assert sorted(jsonl) == sorted(f"{table}.jsonl" for table in TABLES)
    assert list(book) == list(TABLES)
    assert {row["partnership"] for row in csv_rows(csvs["answers.csv"])} == {"cybersecurity"}
    assert {row["partnership"] for row in jsonl_rows(jsonl["regions.jsonl"])} == {"cybersecurity"}
    assert {row["partnership"] for row in book["ratings"]} == {"cybersecurity"}


def test_a_period_holds_the_reports_of_that_half_year_only(client, published, chemicals_published):
    first_half = members("x.zip", fetch(client, "periods/2021-h1.csv.zip"))
    second_half = workbook_rows(fetch(client, "periods/2020-h2.xlsx"))

    assert [row["partnership"] for row in csv_rows(first_half["reports.csv"])] == ["chemicals"]
    assert [row["partnership"] for row in second_half["reports"]] == ["cybersecurity"]


def test_the_whole_corpus_holds_every_published_report(client, published, chemicals_published):
    rows = csv_rows(fetch(client, "reports.csv"))
    assert [(r["partnership"], r["period"]) for r in rows] == [
        ("chemicals", "2021-h1"),
        ("cybersecurity", "2020-h2"),
    ]


# --- What does not exist --------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "nothing.csv",
        "answers.pdf",
        "partnerships/no-such-partnership.csv.zip",
        "partnerships/chemicals.csv.zip",  # a partnership that has published nothing
        "periods/2019-h1.xlsx",  # a period with nothing published
        "periods/2021-h9.xlsx",
        "../db.sqlite3",
        "partnerships/../answers.csv",
    ],
)
def test_unknown_files_and_slices_with_nothing_published_are_not_found(
    client, published, other_partnership, path
):
    period(2019, 1)
    assert client.get(f"/data/{path}").status_code == 404


def test_with_nothing_published_the_tables_are_empty_and_no_slice_exists(client, db):
    assert csv_rows(fetch(client, "answers.csv")) == []
    assert (
        fetch(client, "answers.csv")
        == b"report_id,partnership,period,section,question,label,value\r\n"
    )
    assert not OpenDataFile.objects.filter(scope__in=["partnership", "period"]).exists()
    assert client.get("/data/").status_code == 200


def test_only_reading_is_allowed(client, fresh):
    for method in (client.post, client.put, client.delete):
        assert method("/data/answers.csv").status_code == 405
    assert client.post("/data/").status_code == 405


# --- Serving ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "content_type", "disposition"),
    [
        ("answers.csv", "text/csv; charset=utf-8; header=present", "attachment"),
        (
            "answers.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "attachment",
        ),
        ("answers.jsonl", "application/jsonl", "attachment"),
        ("partnerships/cybersecurity.csv.zip", "application/zip", "attachment"),
        ("partnerships/cybersecurity.jsonl.zip", "application/zip", "attachment"),
        (
            "periods/2020-h2.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "attachment",
        ),
        ("catalog.ttl", "text/turtle; charset=utf-8", "inline"),
        ("catalog.jsonld", "application/ld+json", "inline"),
    ],
)
def test_each_file_is_served_with_its_type_name_validators_and_cache_headers(
    client, fresh, path, content_type, disposition
):
    response = client.get(f"/data/{path}")
    content = body(response)

    row = OpenDataFile.objects.get(path=path)
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        f'{disposition}; filename="s3-partnership-monitor-{path.replace("/", "-")}"'
    )
    assert response["ETag"] == f'"{hashlib.sha256(content).hexdigest()}"' == f'"{row.sha256}"'
    assert response["Last-Modified"] == http_date(row.modified_at.timestamp())
    assert response["Content-Length"] == str(len(content)) == str(row.size)
    assert response["Cache-Control"] == "public, max-age=300"
    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_client_holding_the_file_gets_304_without_it(client, fresh):
    first = client.get("/data/answers.csv")

    by_etag = client.get("/data/answers.csv", HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = client.get("/data/answers.csv", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    stale = client.get("/data/answers.csv", HTTP_IF_NONE_MATCH='"something-else"')

    assert by_etag.status_code == by_date.status_code == 304
    assert by_etag.content == b"" and by_etag["ETag"] == first["ETag"]
    assert stale.status_code == 200


def test_a_range_of_a_file_is_served_for_resumed_downloads(client, fresh):
    whole = fetch(client, "answers.csv")

    part = client.get("/data/answers.csv", HTTP_RANGE="bytes=10-19")

    assert part.status_code == 206
    assert body(part) == whole[10:20]
    assert part["Content-Range"] == f"bytes 10-19/{len(whole)}"


def test_requests_for_fresh_files_make_nothing_and_ask_three_queries(client, fresh):
    with (
        mock.patch("opendata.files.regenerate") as regenerate,
        CaptureQueriesContext(connection) as queries,
    ):
        for _ in range(3):
            assert client.get("/data/answers.csv").status_code == 200
        client.get("/data/catalog.ttl")
    regenerate.assert_not_called()
    # Per file: what the files were made from, what the published reports are now, the file.
    assert len(queries) == 4 * 3


def test_the_page_lists_every_file_with_its_licence_size_and_date(client, fresh):
    response = client.get("/data/")
    page = response.content.decode()

    assert response.status_code == 200
    for row in OpenDataFile.objects.all():
        assert f'href="/data/{row.path}"' in page, row.path
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in page
    assert "CC BY 4.0" in page
    assert '<link rel="alternate" type="text/turtle" href="/data/catalog.ttl"' in page
    # The API, where the catalogue's distribution of it points (#api).
    assert '<p id="api">' in page
    assert 'href="/api/v1/docs/"' in page and 'href="/api/v1/openapi.json"' in page
    assert response["Cache-Control"] == "public, max-age=600"
    assert client.get("/bg/data/").status_code == 200


def test_the_page_and_footer_link_each_other_and_the_sitemap_lists_the_page(client, fresh):
    assert 'href="/data/"' in client.get("/").content.decode()
    assert "/data/</loc>" in sitemap_text(client)


# --- When the files are made -----------------------------------------------------------------


def stored_text(path):
    """A file as stored now, read straight from storage (no request that could remake it)."""
    row = OpenDataFile.objects.get(path=path)
    with files.storage().open(row.key, "rb") as stored:
        return stored.read().decode("utf-8")


@pytest.fixture
def no_pdf(monkeypatch):
    """Publishing also renders the PDFs and pages; these tests are about the open data only."""
    monkeypatch.setattr(tasks, "queue_publication_outputs", lambda report: None)


def test_publishing_makes_the_files_once_the_decision_is_committed(
    published, chemicals_published, reviewer, no_pdf, django_capture_on_commit_callbacks
):
    files.ensure_fresh()
    report = MonitoringReport.start(published.partnership, period(2021, 1))
    report.executive_summary = "Published just now."
    report.save()
    for state in ("submitted", "accepted"):
        report.move_to(state, reviewer)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(report, reviewer)

    assert files.is_fresh()
    assert "Published just now." in stored_text("answers.csv")
    assert OpenDataFile.objects.filter(path="periods/2021-h1.csv.zip").exists()


def test_withdrawing_takes_the_report_out_of_every_file_at_once(
    client, published, chemicals_published, reviewer, no_pdf, django_capture_on_commit_callbacks
):
    files.ensure_fresh()
    assert any("across borders" in text for text in every_file(client).values())

    with django_capture_on_commit_callbacks(execute=True):
        workflow.withdraw(published, reviewer, "Figures to check.")

    assert files.is_fresh()  # made again by the withdrawal itself, not by a request
    assert "across borders" not in stored_text("answers.csv")
    texts = every_file(client)
    assert not any("across borders" in text or "2020-h2" in text for text in texts.values())
    assert "Chemicals summary." in texts["answers.csv"]
    for path in ("partnerships/cybersecurity.csv.zip", "periods/2020-h2.xlsx"):
        assert client.get(f"/data/{path}").status_code == 404


def test_files_made_before_a_change_that_had_no_hook_are_made_again_before_serving(
    client, fresh, chemicals_published
):
    """Publishing by hand (no hook ran) or deactivating a partnership: the first request finds
    the files stale and makes them again."""
    assert "Chemicals summary." in fetch(client, "answers.csv").decode()

    fresh.partnership.is_active = False
    fresh.partnership.save()

    assert "across borders" not in fetch(client, "answers.csv").decode()
    assert client.get("/data/partnerships/cybersecurity.xlsx").status_code == 404


def test_a_file_whose_data_did_not_change_keeps_its_bytes_etag_and_date(client, fresh, reviewer):
    before = {row.path: row for row in OpenDataFile.objects.all()}
    elsewhere = MonitoringReport.start(fresh.partnership, period(2021, 1))
    publish(elsewhere, reviewer)

    files.ensure_fresh()
    after = {row.path: row for row in OpenDataFile.objects.all()}

    unchanged = after["periods/2020-h2.xlsx"]
    assert (unchanged.sha256, unchanged.key, unchanged.modified_at) == (
        before["periods/2020-h2.xlsx"].sha256,
        before["periods/2020-h2.xlsx"].key,
        before["periods/2020-h2.xlsx"].modified_at,
    )
    assert after["reports.csv"].sha256 != before["reports.csv"].sha256
    assert after["reports.csv"].modified_at > before["reports.csv"].modified_at


def test_making_everything_again_from_the_same_data_gives_the_same_bytes(fresh):
    before = dict(OpenDataFile.objects.values_list("path", "sha256"))

    call_command("regenerate_open_data", stdout=StringIO())

    assert dict(OpenDataFile.objects.values_list("path", "sha256")) == before


def test_a_file_missing_from_storage_is_made_again_and_served(client, fresh):
    row = OpenDataFile.objects.get(path="answers.csv")
    files.storage().delete(row.key)

    assert csv_rows(fetch(client, "answers.csv"))


def test_making_the_files_asks_as_many_queries_for_many_reports_as_for_one(
    published, reviewer, other_partnership, ile_de_france
):
    def queries_to_make():
        with CaptureQueriesContext(connection) as queries:
            assert files.regenerate(rebuild=True)
        return len(queries)

    files.regenerate()  # the first making also creates the row saying what they were made from
    one = queries_to_make()
    for year, partnership in ((2021, published.partnership), (2022, other_partnership)):
        for half in (1, 2):
            report = MonitoringReport.start(partnership, period(year, half))
            fill(report, f"Report {year}-{half}", ile_de_france)
            publish(report, reviewer)

    assert queries_to_make() == one
    assert MonitoringReport.objects.published().count() == 5


def test_the_files_are_made_in_english_whatever_the_language_of_the_request(client, published):
    client.get("/bg/data/")  # the first request finds them stale and makes them

    rows = csv_rows(fetch(client, "regions.csv"))
    assert rows[0]["role_label"] == "Leading region"
    assert csv_rows(fetch(client, "reports.csv"))[0]["page_url"].startswith("http")
    assert "/bg/" not in fetch(client, "reports.csv").decode()


def test_the_generation_says_when_the_files_were_made(fresh):
    made = Generation.objects.get()
    assert made.source == files.current_source()
    assert made.made_at <= datetime.datetime.now(datetime.UTC)
    assert all(row.key for row in OpenDataFile.objects.all())
    assert zipfile.is_zipfile(
        files.storage().open(OpenDataFile.objects.get(path="answers.xlsx").key)
    )
