"""The production profile, end to end: gunicorn with DEBUG off and a task worker process
(`manage.py db_worker`), as `make serve` runs them, on the suite's test database (PostgreSQL
in CI's second run). A coordinator signs in, saves a step and submits; a reviewer accepts
and publishes; the worker, not the request, makes the PDF; the public reads the page and
the PDF.

Marked `servers`: it starts real servers.
"""

import subprocess
import sys
import time
import uuid

import pytest
import requests
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from bench.run import free_port, serve
from reports.models import MonitoringReport, StoredReportPDF
from tests.servers import csrf_token, served_environment, sign_in, with_password
from tests.wizard_helpers import fill_mandatory_answers, form_values, step_url

pytestmark = [pytest.mark.servers, pytest.mark.django_db(transaction=True)]

# What the worker is given to make the English PDF before the test fails, in seconds: a
# guard against a hung run, not a timing the test asserts.
GIVE_UP_AFTER = 300


@pytest.fixture
def production(tmp_path, settings):
    """The base address of gunicorn (two workers) with a task worker beside it, keeping
    files where this test reads them."""
    environment = served_environment(tmp_path)
    settings.MEDIA_ROOT = environment["MEDIA_ROOT"]
    port = free_port()
    server = serve(port, environment, workers=2, log=tmp_path / "gunicorn.log")
    worker_log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "1"],
        cwd=settings.BASE_DIR,
        env=environment,
        stdout=worker_log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        for process in (worker, server):
            process.terminate()
            process.wait(timeout=60)
        worker_log.close()


def decide(browser: requests.Session, base: str, report: MonitoringReport, action: str) -> None:
    kwargs = {"slug": report.partnership.slug, "period": report.period.slug}
    page = browser.get(base + reverse("reports:review_report", kwargs=kwargs))
    answer = browser.post(
        base + reverse("reports:review_decide", kwargs=kwargs),
        {"csrfmiddlewaretoken": csrf_token(page.text), "action": action, "state": report.state},
        allow_redirects=False,
    )
    assert answer.status_code == 302, f"{action} answered {answer.status_code}"
    report.refresh_from_db()


def wait_for_the_worker(report: MonitoringReport) -> StoredReportPDF:
    deadline = time.monotonic() + GIVE_UP_AFTER
    while not (stored := StoredReportPDF.objects.filter(report=report, language="en").first()):
        assert time.monotonic() < deadline, "the worker made no PDF"
        time.sleep(0.5)
    return stored


def test_a_report_goes_from_a_save_to_the_public_pdf(production, report, coordinator, reviewer):
    with_password(coordinator)
    with_password(reviewer)
    fill_mandatory_answers(report)
    summary = f"Saved through gunicorn, {uuid.uuid4().hex}."

    # The coordinator saves a step and submits.
    writer = requests.Session()
    sign_in(writer, production, coordinator.username)
    step = production + step_url(report, "summary")
    form = {**form_values(writer.get(step)), "executive_summary": [summary], "action": ["save"]}
    assert writer.post(step, form, allow_redirects=False).status_code == 302
    submit = production + reverse(
        "reports:wizard_submit",
        kwargs={"slug": report.partnership.slug, "period": report.period.slug},
    )
    page = writer.get(production + step_url(report, "review"))
    answer = writer.post(submit, {"csrfmiddlewaretoken": csrf_token(page.text)})
    assert answer.status_code == 200 and "Submitted." in answer.text

    # The reviewer accepts and publishes; the publishing request leaves the PDF to the worker.
    report.refresh_from_db()
    checker = requests.Session()
    sign_in(checker, production, reviewer.username)
    decide(checker, production, report, "accept")
    decide(checker, production, report, "publish")
    assert report.state == MonitoringReport.State.PUBLISHED
    stored = wait_for_the_worker(report)
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").exists()

    # The public reads the page and the PDF the worker made, served as it was stored.
    reader = requests.Session()
    kwargs = {"slug": report.partnership.slug, "period": report.period.slug}
    page = reader.get(production + reverse("reports:public_report", kwargs=kwargs))
    assert page.status_code == 200 and summary in page.text
    document = reader.get(production + reverse("report_pdf", kwargs=kwargs))
    assert document.status_code == 200
    assert document.headers["Content-Type"] == "application/pdf"
    assert document.headers["ETag"] == f'"{stored.sha256}"'
    assert document.content == stored.file.open("rb").read()
    assert StoredReportPDF.objects.get(pk=stored.pk).rendered_at == stored.rendered_at
