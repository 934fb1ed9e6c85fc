"""Published reports' PDFs and the open data files are kept in their STORAGES entries: the disk
by default, the bucket when S3_BUCKET is set (tested against a real S3 server,
tests/s3_helpers.py; the annexes' storage in tests/test_annex_storage.py). A storage that
cannot be reached, disk or bucket, makes a request that needs a file a 503 that says the file
is temporarily unavailable: nothing stored is lost, nothing is half-written, no row names a
file that is not there."""

import uuid

import pytest
from django.core.files.storage import storages

from bench.run import free_port
from opendata import files
from opendata.models import OpenDataFile
from reports.models import Annex, StoredReportPDF
from s3partnership.env import env_s3_storage
from s3partnership.storage_outages import RETRY_AFTER_SECONDS
from tests.s3_helpers import BUCKET, s3_client, s3_environment
from tests.test_annexes_wizard import upload
from tests.test_pdf_serving import body, get

UNAVAILABLE = "The files are temporarily unavailable"


# The S3_* variable naming each storage's folder in the bucket (settings, "Storage of files").
PREFIX_VARIABLES = {"pdfs": "S3_PDF_PREFIX", "opendata": "S3_OPEN_DATA_PREFIX"}


def use_bucket(monkeypatch, settings, endpoint, prefix="", alias="pdfs"):
    """The `alias` storage in the bucket at `endpoint`, configured as in production."""
    variable = PREFIX_VARIABLES[alias]
    for name, value in s3_environment(endpoint, **{variable: prefix}).items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = {
        **settings.STORAGES,
        alias: env_s3_storage(default_signed_url_seconds=60, prefix_variable=variable),
    }
    # The PDFs' model field holds the storage it was declared with: as at a server's start.
    monkeypatch.setattr(StoredReportPDF._meta.get_field("file"), "storage", storages["pdfs"])


@pytest.fixture
def pdfs_in_bucket(s3_server, monkeypatch, settings):
    prefix = f"test-{uuid.uuid4().hex}"
    use_bucket(monkeypatch, settings, s3_server, prefix)
    return prefix


@pytest.fixture
def bucket_away(monkeypatch, settings):
    """The bucket's server does not answer: nothing listens at its address."""
    use_bucket(monkeypatch, settings, f"http://127.0.0.1:{free_port()}")


@pytest.fixture
def disk_away(settings, tmp_path):
    """The disk under MEDIA_ROOT fails: its folder is now a file (as an unmounted volume, or
    one gone read-only, fails every read and write)."""
    broken = tmp_path / "not-a-folder"
    broken.write_text("")
    settings.MEDIA_ROOT = str(broken / "media")


def assert_unavailable(response):
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert UNAVAILABLE in response.content.decode()


def test_the_pdf_is_kept_in_the_bucket_and_served_from_it(client, published_report, pdfs_in_bucket):
    response = get(client, published_report)

    assert response.status_code == 200
    content = body(response)
    assert content.startswith(b"%PDF")
    stored = StoredReportPDF.objects.get(report=published_report)
    kept = s3_client(storages["pdfs"].endpoint_url).get_object(
        Bucket=BUCKET, Key=f"{pdfs_in_bucket}/{stored.file.name}"
    )
    assert kept["Body"].read() == content
    # Served from the bucket again, not rendered again.
    assert body(get(client, published_report)) == content
    assert StoredReportPDF.objects.get(report=published_report).rendered_at == stored.rendered_at


def test_open_data_files_are_kept_in_the_bucket_and_served_from_it(
    client, published_report, s3_server, monkeypatch, settings
):
    prefix = f"test-{uuid.uuid4().hex}"
    use_bucket(monkeypatch, settings, s3_server, prefix, alias="opendata")

    files.regenerate()

    row = OpenDataFile.objects.first()
    kept = s3_client(s3_server).get_object(Bucket=BUCKET, Key=f"{prefix}/{row.key}")["Body"]
    assert body(client.get(f"/data/{row.path}")) == kept.read()


@pytest.mark.usefixtures("bucket_away")
def test_a_pdf_not_yet_stored_while_the_bucket_is_away_is_503_and_stores_nothing(
    client, published_report
):
    assert_unavailable(get(client, published_report))
    assert not StoredReportPDF.objects.filter(report=published_report).exists()


def test_a_stored_pdf_while_the_bucket_is_away_is_503_and_kept(
    client,
    published_report,
    pdfs_in_bucket,
    monkeypatch,
    settings,
    s3_server,
):
    content = body(get(client, published_report))
    stored = StoredReportPDF.objects.get(report=published_report)

    use_bucket(monkeypatch, settings, f"http://127.0.0.1:{free_port()}", pdfs_in_bucket)
    assert_unavailable(get(client, published_report))

    # Back again: the same row, the same bytes, nothing rendered meanwhile.
    use_bucket(monkeypatch, settings, s3_server, pdfs_in_bucket)
    assert body(get(client, published_report)) == content
    assert StoredReportPDF.objects.get(report=published_report).sha256 == stored.sha256


@pytest.mark.usefixtures("disk_away")
def test_a_pdf_while_the_disk_fails_is_503_and_stores_nothing(client, published_report):
    assert_unavailable(get(client, published_report))
    assert not StoredReportPDF.objects.filter(report=published_report).exists()


@pytest.fixture
def open_data_file(published_report):
    files.regenerate()
    return OpenDataFile.objects.first()


def test_an_open_data_file_while_the_disk_fails_is_503(client, open_data_file, disk_away):
    assert_unavailable(client.get(f"/data/{open_data_file.path}"))


@pytest.mark.usefixtures("disk_away")
def test_an_upload_while_the_disk_fails_says_so_beside_the_file_and_stores_nothing(
    coordinator_client, report
):
    response = upload(coordinator_client, report, headers={"X-Requested-With": "XMLHttpRequest"})

    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response.json()["error"].startswith(UNAVAILABLE)
    assert not Annex.objects.filter(report=report).exists()


@pytest.mark.usefixtures("disk_away")
def test_a_page_that_needs_no_file_is_served_while_the_disk_fails(client, published_report):
    assert client.get("/").status_code == 200
