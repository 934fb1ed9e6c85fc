"""A real task worker: `manage.py db_worker`, started as its own process on the test database
(a file on SQLite, or PostgreSQL when DATABASE_URL says so), makes a published report's PDFs
and pages in all 24 languages, and its open data files.
"""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django_tasks_db.models import DBTaskResult

from opendata.models import OpenDataFile
from reports import tasks, workflow
from reports.models import StoredFragment, StoredReportPDF
from tests.servers import database_url

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
LANGUAGES = sorted(code for code, _name in settings.LANGUAGES)
EVERY_LANGUAGE = tasks.publication_languages  # before the conftest narrows it to English
# What a worker that never finishes is given before the test fails, in seconds: not a timing
# the test asserts, a guard against a hung run.
GIVE_UP_AFTER = 900


def run_worker() -> subprocess.CompletedProcess:
    """`manage.py db_worker` in a process of its own, until the queue is empty."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DEBUG": "true",
    }
    command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload"]
    command += ["--interval", "0", "--no-startup-delay"]
    return subprocess.run(
        command,
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=GIVE_UP_AFTER,
        check=False,
    )


@pytest.mark.django_db(transaction=True)
def test_a_worker_process_makes_a_published_reports_pdfs_in_every_language(
    settings, report, coordinator, reviewer, monkeypatch
):
    settings.TASKS = DATABASE_QUEUE
    monkeypatch.setattr(tasks, "publication_languages", EVERY_LANGUAGE)
    report.executive_summary = "Cyber ranges for every region."
    report.save()
    workflow.submit(report, coordinator)
    workflow.accept(report, reviewer)
    workflow.publish(report, reviewer)
    assert not StoredReportPDF.objects.exists()  # queued, not made by the publication

    worker = run_worker()

    assert worker.returncode == 0, worker.stdout + worker.stderr
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    stored = StoredReportPDF.objects.filter(report=report)
    assert sorted(stored.values_list("language", flat=True)) == LANGUAGES
    for pdf in stored:
        with pdf.file.open("rb") as file:
            assert file.read(5) == b"%PDF-"
    pages = StoredFragment.objects.filter(report=report, kind="page")
    assert sorted(pages.values_list("language", flat=True)) == LANGUAGES
    assert "Cyber ranges for every region." in pages.get(language="de").html
    assert OpenDataFile.objects.filter(path="answers.csv").exists()
