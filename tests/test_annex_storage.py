"""Annexes' files are kept on the filesystem by default and in S3-compatible object storage when
S3_BUCKET is set; both behave alike, and neither ever gives a file a public address.

Object storage is tested against a real S3 server over HTTP: moto's server mode, started once
by this module on a free port.
"""

import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.core.exceptions import ImproperlyConfigured
from storages.backends.s3 import S3Storage

from reports.annex_storage import (
    PrivateFileSystemStorage,
    annex_storage,
    delete_annex_file,
    open_annex_file,
    save_annex_file,
    signed_url,
    stored_keys,
)
from s3partnership.env import env_s3_storage
from tests.fresh_process import value_in_fresh_process
from tests.s3_helpers import BUCKET, s3_client, s3_environment
from tests.test_annexes_serving import PDF, attach, bring_to

SIGNED_URL_SECONDS = 2


@pytest.fixture
def object_storage(s3_server, settings, monkeypatch):
    """The annexes storage configured from S3_* variables as in production, under a prefix of
    its own, so that tests never see each other's files."""
    prefix = f"test-{uuid.uuid4().hex}"
    for name, value in s3_environment(
        s3_server, S3_PREFIX=prefix, S3_SIGNED_URL_SECONDS=str(SIGNED_URL_SECONDS)
    ).items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = {
        **settings.STORAGES,
        "annexes": env_s3_storage(default_signed_url_seconds=60),
    }
    return prefix


@pytest.fixture(params=["filesystem", "object storage"])
def either_storage(request):
    if request.param == "object storage":
        request.getfixturevalue("object_storage")


def _inline_pdf_url(key):
    return signed_url(key, filename="annex.pdf", media_type="application/pdf", inline=True)


def _read(key):
    with open_annex_file(key) as stored:
        return stored.read()


# --- Both storages ------------------------------------------------------------------------


@pytest.mark.usefixtures("either_storage")
def test_a_saved_file_reads_back_byte_for_byte_under_its_key():
    content = bytes(range(256)) * 1000
    save_annex_file("reports/7/0b9f1c.pdf", content)
    assert _read("reports/7/0b9f1c.pdf") == content


@pytest.mark.usefixtures("either_storage")
def test_saving_under_a_taken_key_is_refused_and_the_first_file_kept():
    save_annex_file("reports/7/minutes.pdf", b"signed minutes")
    with pytest.raises(FileExistsError, match="reports/7/minutes.pdf"):
        save_annex_file("reports/7/minutes.pdf", b"something else")
    assert _read("reports/7/minutes.pdf") == b"signed minutes"
    assert list(stored_keys()) == ["reports/7/minutes.pdf"]


@pytest.mark.usefixtures("either_storage")
def test_a_deleted_file_is_gone_and_deleting_it_again_is_harmless():
    save_annex_file("reports/7/poster.png", b"poster")
    delete_annex_file("reports/7/poster.png")
    delete_annex_file("reports/7/poster.png")
    assert not annex_storage().exists("reports/7/poster.png")
    with pytest.raises(FileNotFoundError):
        open_annex_file("reports/7/poster.png")


@pytest.mark.usefixtures("either_storage")
def test_opening_a_key_never_stored_raises_file_not_found():
    with pytest.raises(FileNotFoundError):
        open_annex_file("reports/7/never-stored.pdf")


@pytest.mark.usefixtures("either_storage")
def test_stored_keys_lists_every_file_in_every_folder():
    keys = {"top.txt", "reports/7/a.pdf", "reports/7/b.docx", "reports/12/c.csv"}
    for key in keys:
        save_annex_file(key, b"x")
    assert sorted(stored_keys()) == sorted(keys)


@pytest.mark.usefixtures("either_storage")
def test_stored_keys_is_empty_before_anything_is_stored():
    assert list(stored_keys()) == []


# --- The filesystem (the default) ---------------------------------------------------------


def test_by_default_annexes_are_files_under_media_root_annexes(settings):
    save_annex_file("reports/7/map.xlsx", b"mapping results")
    assert isinstance(annex_storage(), PrivateFileSystemStorage)
    stored = Path(settings.MEDIA_ROOT) / "annexes" / "reports" / "7" / "map.xlsx"
    assert stored.read_bytes() == b"mapping results"


def test_on_the_filesystem_an_annex_has_no_url_so_the_app_streams_it():
    save_annex_file("reports/7/map.pdf", b"%PDF-1.7")
    assert _inline_pdf_url("reports/7/map.pdf") is None
    # Not even MEDIA_URL, where FileSystemStorage would otherwise put it.
    with pytest.raises(ValueError, match="no URL"):
        annex_storage().url("reports/7/map.pdf")


def test_the_filesystem_storage_follows_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "elsewhere"
    save_annex_file("a.txt", b"moved")
    assert (tmp_path / "elsewhere" / "annexes" / "a.txt").read_bytes() == b"moved"


# --- Object storage -----------------------------------------------------------------------


def test_s3_bucket_switches_annexes_to_object_storage(object_storage):
    assert isinstance(annex_storage(), S3Storage)


def test_annexes_are_kept_under_s3_prefix_and_nothing_else_in_the_bucket_is_listed(
    object_storage, s3_server
):
    save_annex_file("reports/7/a.pdf", b"ours")
    client = s3_client(s3_server)
    client.put_object(Bucket=BUCKET, Key="someone-else/b.pdf", Body=b"theirs")
    assert client.get_object(Bucket=BUCKET, Key=f"{object_storage}/reports/7/a.pdf")[
        "Body"
    ].read() == (b"ours")
    assert list(stored_keys()) == ["reports/7/a.pdf"]


def test_a_stored_object_is_refused_to_a_request_without_a_signature(object_storage, s3_server):
    save_annex_file("reports/7/a.pdf", b"confidential")
    response = requests.get(f"{s3_server}/{BUCKET}/{object_storage}/reports/7/a.pdf", timeout=10)
    assert response.status_code == 403
    assert b"confidential" not in response.content


def test_a_signed_url_serves_the_file_as_an_attachment_with_its_name_and_type(object_storage):
    content = b"PK\x03\x04 a Word document"
    save_annex_file("reports/7/3f2a.docx", content)
    url = signed_url(
        "reports/7/3f2a.docx",
        filename="Карта на резултатите.docx",
        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        inline=False,
    )
    response = requests.get(url, timeout=10)
    assert response.status_code == 200
    assert response.content == content
    assert response.headers["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response.headers["Content-Disposition"] == (
        "attachment; filename*=utf-8''%D0%9A%D0%B0%D1%80%D1%82%D0%B0%20%D0%BD%D0%B0%20"
        "%D1%80%D0%B5%D0%B7%D1%83%D0%BB%D1%82%D0%B0%D1%82%D0%B8%D1%82%D0%B5.docx"
    )
    assert response.headers["Cache-Control"] == "private, no-store"


def test_a_signed_url_shows_a_pdf_inline(object_storage):
    save_annex_file("reports/7/agenda.pdf", b"%PDF-1.7 agenda")
    url = signed_url(
        "reports/7/agenda.pdf", filename="Agenda.pdf", media_type="application/pdf", inline=True
    )
    response = requests.get(url, timeout=10)
    assert response.content == b"%PDF-1.7 agenda"
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == 'inline; filename="Agenda.pdf"'


def test_a_public_annexs_redirect_is_never_kept_longer_than_its_url_lives(
    object_storage, report, coordinator, reviewer, client
):
    annex = attach(report, "reports/7/public.pdf")
    bring_to(report, "published", coordinator, reviewer)

    response = client.get(annex.get_absolute_url())

    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    assert requests.get(response["Location"], timeout=10).content == PDF


def test_a_signed_url_expires_after_s3_signed_url_seconds(object_storage):
    save_annex_file("reports/7/agenda.pdf", b"%PDF-1.7")
    before = int(time.time())
    url = _inline_pdf_url("reports/7/agenda.pdf")
    # The expiry is part of what is signed (changing it breaks the signature). moto does not
    # enforce it, so the test reads it from the URL: signed now, valid SIGNED_URL_SECONDS.
    query = parse_qs(urlsplit(url).query)
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert query["X-Amz-Expires"] == [str(SIGNED_URL_SECONDS)]
    signed_at = datetime.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    assert before - 1 <= signed_at.timestamp() <= time.time()


def test_a_signed_url_for_a_key_never_stored_gives_an_error_not_a_file(object_storage):
    url = _inline_pdf_url("reports/7/nothing.pdf")
    # S3 answers 404 to whoever may list the bucket and 403 to others; moto answers 403 here.
    assert requests.get(url, timeout=10).status_code in {403, 404}


# --- Configuration ------------------------------------------------------------------------


def test_without_s3_bucket_there_is_no_object_storage(monkeypatch):
    monkeypatch.delenv("S3_BUCKET", raising=False)
    assert env_s3_storage(default_signed_url_seconds=60) is None


@pytest.mark.parametrize("seconds", ["0", "-5", str(7 * 24 * 3600 + 1)])
def test_a_signed_url_lifetime_outside_one_second_to_seven_days_stops_start_up(
    monkeypatch, seconds
):
    monkeypatch.setenv("S3_BUCKET", BUCKET)
    monkeypatch.setenv("S3_SIGNED_URL_SECONDS", seconds)
    with pytest.raises(ImproperlyConfigured, match="S3_SIGNED_URL_SECONDS"):
        env_s3_storage(default_signed_url_seconds=60)


def _storages_of_settings_with(**environment):
    """settings.STORAGES as a fresh process reads it from these S3_* variables (and no other)."""
    return value_in_fresh_process("settings.STORAGES", unset=("S3_",), **environment)


def test_settings_keep_files_on_the_filesystem_unless_s3_bucket_is_set():
    on_disk = _storages_of_settings_with()
    in_bucket = _storages_of_settings_with(
        S3_BUCKET=BUCKET, S3_PREFIX="/annexes/", S3_PDF_PREFIX="monitor"
    )
    assert on_disk["annexes"] == {"BACKEND": "reports.annex_storage.PrivateFileSystemStorage"}
    assert on_disk["pdfs"]["BACKEND"] == "reports.annex_storage.PrivateFileSystemStorage"
    for alias, folder in [("annexes", "annexes"), ("pdfs", "monitor"), ("opendata", "open-data")]:
        assert in_bucket[alias]["BACKEND"] == "storages.backends.s3.S3Storage"
        assert in_bucket[alias]["OPTIONS"]["bucket_name"] == BUCKET
        assert in_bucket[alias]["OPTIONS"]["location"] == folder
        assert in_bucket[alias]["OPTIONS"]["querystring_expire"] == 60
    # Static files stay where they were.
    assert on_disk["staticfiles"] == in_bucket["staticfiles"]


def test_an_unknown_addressing_style_stops_start_up(monkeypatch):
    monkeypatch.setenv("S3_BUCKET", BUCKET)
    monkeypatch.setenv("S3_ADDRESSING_STYLE", "sideways")
    with pytest.raises(ImproperlyConfigured, match="S3_ADDRESSING_STYLE='sideways'"):
        env_s3_storage(default_signed_url_seconds=60)
