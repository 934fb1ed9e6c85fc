"""The stored PDF of a published report, served as a static file is: its length, its
validators, conditional requests, byte ranges (what PDF viewers and resumed downloads ask
for), one query per download, and a missing or damaged file rendered again, never served."""

import logging
from io import BytesIO
from pathlib import Path
from unittest import mock

import pytest
from django.urls import reverse
from pypdf import PdfReader

from reports import pdf
from reports.models import StoredReportPDF


def pdf_url(report):
    return reverse("report_pdf", args=[report.partnership.slug, report.period.slug])


@pytest.fixture
def stored(published_report):
    """The report's PDF as stored on publication."""
    return pdf.store_report_pdf(published_report)


@pytest.fixture
def content(stored):
    return Path(stored.file.path).read_bytes()


@pytest.fixture
def render_spy():
    with mock.patch.object(pdf, "render_report_pdf", wraps=pdf.render_report_pdf) as spy:
        yield spy


def get(client, report, **headers):
    return client.get(pdf_url(report), headers=headers)


def body(response):
    return b"".join(response.streaming_content)


# --- the whole file -----------------------------------------------------------------------------


def test_the_whole_file_with_its_length_and_validators(client, stored, content):
    response = get(client, stored.report)

    assert response.status_code == 200
    assert body(response) == content
    assert int(response["Content-Length"]) == len(content)
    assert response["Accept-Ranges"] == "bytes"
    assert response["ETag"] == f'"{stored.sha256}"'
    assert response["Last-Modified"]


def test_a_download_is_two_queries(client, stored, django_assert_num_queries):
    """The report, then its stored file in the address's language."""
    with django_assert_num_queries(2):
        response = get(client, stored.report)
        body(response)
    with django_assert_num_queries(2):
        get(client, stored.report, range="bytes=0-99")
    with django_assert_num_queries(2):
        get(client, stored.report, if_none_match=response["ETag"])


def test_a_conditional_request_gets_304_without_the_file(client, stored):
    first = get(client, stored.report)

    with mock.patch.object(pdf, "open_pdf") as open_pdf:
        by_etag = get(client, stored.report, if_none_match=first["ETag"])
        by_date = get(client, stored.report, if_modified_since=first["Last-Modified"])

    assert by_etag.status_code == by_date.status_code == 304
    assert by_etag["ETag"] == first["ETag"]
    assert not open_pdf.called


# --- byte ranges --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "part"),
    [
        ("bytes=0-99", slice(0, 100)),  # the first bytes
        ("bytes=-500", slice(-500, None)),  # the last bytes (suffix)
        ("bytes=1000-", slice(1000, None)),  # from a byte on (open)
        ("bytes=10-10", slice(10, 11)),  # one byte
        ("BYTES= 5-9 ", slice(5, 10)),  # the unit in capitals, blanks around the range
    ],
)
def test_a_range_gets_206_with_its_bytes(client, stored, content, header, part):
    response = get(client, stored.report, range=header)

    assert response.status_code == 206
    expected = content[part]
    assert body(response) == expected
    assert int(response["Content-Length"]) == len(expected)
    start = part.start % len(content)
    assert response["Content-Range"] == f"bytes {start}-{start + len(expected) - 1}/{len(content)}"
    assert response["ETag"] == f'"{stored.sha256}"'


def test_a_range_past_the_end_is_cut_at_the_end(client, stored, content):
    response = get(client, stored.report, range=f"bytes=100-{len(content) * 2}")

    assert response.status_code == 206
    assert body(response) == content[100:]
    assert response["Content-Range"] == f"bytes 100-{len(content) - 1}/{len(content)}"


@pytest.mark.parametrize("start", [0, 1])
def test_a_range_starting_past_the_end_is_416(client, stored, content, start):
    unsatisfiable = [f"bytes={len(content) + start}-", f"bytes={len(content) + start}-99999999"]
    for header in [*unsatisfiable, "bytes=-0"]:
        response = get(client, stored.report, range=header)

        assert response.status_code == 416, header
        assert response["Content-Range"] == f"bytes */{len(content)}"


@pytest.mark.parametrize(
    "header",
    ["bytes=0-9,20-29", "bytes=9-0", "bytes=-", "items=0-9", "bytes=a-b", "0-9"],
)
def test_several_ranges_or_a_malformed_one_get_the_whole_file(client, stored, content, header):
    """As RFC 9110 allows: a server may ignore a Range header."""
    response = get(client, stored.report, range=header)

    assert response.status_code == 200
    assert body(response) == content


def test_if_range_with_the_current_validators_gets_the_range(client, stored, content):
    first = get(client, stored.report)

    for validator in (first["ETag"], first["Last-Modified"]):
        response = get(client, stored.report, range="bytes=0-99", if_range=validator)

        assert response.status_code == 206, validator
        assert body(response) == content[:100]


@pytest.mark.parametrize(
    "validator",
    ['"an-older-file"', "W/{etag}", "Mon, 01 Jan 2001 00:00:00 GMT", "not a validator"],
)
def test_if_range_with_other_validators_gets_the_whole_file(client, stored, content, validator):
    """The client's part belongs to another file (a weak tag never matches a range)."""
    etag = get(client, stored.report)["ETag"]
    response = get(client, stored.report, range="bytes=0-99", if_range=validator.format(etag=etag))

    assert response.status_code == 200
    assert body(response) == content


def test_a_head_request_ignores_the_range(client, stored, content):
    response = client.head(pdf_url(stored.report), headers={"range": "bytes=0-99"})

    assert response.status_code == 200
    assert int(response["Content-Length"]) == len(content)


# --- a file missing or damaged ------------------------------------------------------------------


def assert_a_whole_pdf_of_the_report(response, report):
    served = body(response)
    assert response.status_code == 200
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(served)).pages)
    assert "What we did." in text
    stored = StoredReportPDF.objects.get(report=report)
    assert response["ETag"] == f'"{stored.sha256}"'
    assert Path(stored.file.path).read_bytes() == served


def test_a_file_missing_from_storage_is_rendered_again_and_logged(
    client, stored, render_spy, caplog
):
    Path(stored.file.path).unlink()

    with caplog.at_level(logging.WARNING, logger="reports.pdf"):
        response = get(client, stored.report)

    assert render_spy.call_count == 1
    assert_a_whole_pdf_of_the_report(response, stored.report)
    assert "missing from storage" in caplog.text


def test_a_damaged_file_is_rendered_again_and_logged(client, stored, content, render_spy, caplog):
    """Same length, other bytes: only the digest tells."""
    damaged = bytearray(content)
    damaged[len(content) // 2] ^= 0xFF
    Path(stored.file.path).write_bytes(damaged)

    with caplog.at_level(logging.WARNING, logger="reports.pdf"):
        response = get(client, stored.report, range="bytes=0-99")

    assert render_spy.call_count == 1
    assert response.status_code == 206
    assert "damaged" in caplog.text
    assert_a_whole_pdf_of_the_report(get(client, stored.report), stored.report)
    assert render_spy.call_count == 1


def test_an_intact_file_is_served_without_rendering(client, stored, render_spy, caplog):
    with caplog.at_level(logging.INFO, logger="reports.pdf"):
        get(client, stored.report)
    assert render_spy.call_count == 0
    assert caplog.text == ""
