"""The task worker's work (reports/tasks.py): queued after a publication, not done inside the
request; idempotent; retried with growing delays, then left failed; failed tasks visible to
administrators in the admin, with a Retry.

Here tasks go to the queue in the database, as in production, and an in-process worker (the
one `manage.py db_worker` runs) takes them; tests/test_tasks_worker.py starts a real worker
process.
"""

import datetime
import hashlib
from unittest import mock

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from opendata.models import OpenDataFile
from reports import pdf, tasks, workflow
from reports.models import MonitoringReport, StoredFragment, StoredReportPDF

State = MonitoringReport.State
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
LANGUAGES = [code for code, _name in settings.LANGUAGES]
EVERY_LANGUAGE = tasks.publication_languages  # before the conftest narrows it to English


@pytest.fixture
def queued(settings):
    """Tasks go to the queue in the database; `run_queue` runs what is due."""
    settings.TASKS = DATABASE_QUEUE


@pytest.fixture
def every_language(monkeypatch):
    """A publication's outputs in each of the 24 languages, as in production (the suite's
    conftest makes them in English only)."""
    monkeypatch.setattr(tasks, "publication_languages", EVERY_LANGUAGE)


def run_queue():
    """Run every task that is due, as `manage.py db_worker --batch` does, in this process.
    The worker renews its database connection between tasks; here it is the test's, whose
    transaction holds the test's data, so it is kept."""
    with mock.patch(f"{Worker.__module__}.close_old_connections"):
        Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        ).run()


def rows(task):
    return DBTaskResult.objects.filter(task_path=task.module_path).order_by("enqueued_at")


@pytest.fixture
def accepted(report, coordinator, reviewer):
    coordinator.email = "coordinator@example.eu"  # told of the publication
    coordinator.save(update_fields=["email"])
    report.executive_summary = "Cyber ranges for every region."
    report.save()
    workflow.submit(report, coordinator)
    workflow.accept(report, reviewer)
    return report


def decide_publish(client, report):
    url = reverse(
        "reports:review_decide",
        kwargs={"slug": report.partnership.slug, "period": report.period.slug},
    )
    return client.post(url, {"action": "publish", "message": "", "state": report.state})


# --- Queued at publication --------------------------------------------------------------------


def test_publishing_queues_the_outputs_in_every_language_and_makes_none_in_the_request(
    client, accepted, reviewer, queued, every_language, django_capture_on_commit_callbacks
):
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = decide_publish(client, accepted)

    assert response.status_code == 302
    accepted.refresh_from_db()
    assert accepted.state == State.PUBLISHED
    # Nothing made yet: it is all in the queue, waiting for the worker.
    assert not StoredReportPDF.objects.exists()
    assert not StoredFragment.objects.exists()
    assert not OpenDataFile.objects.exists()
    outputs = rows(tasks.publication_outputs)
    assert set(outputs.values_list("status", flat=True)) == {"READY"}
    languages = [row.args_kwargs["args"] for row in outputs.order_by("-priority", "enqueued_at")]
    assert languages[0] == [accepted.pk, "en"]  # the publication language first
    assert sorted(language for _report, language in languages) == sorted(LANGUAGES)
    assert rows(tasks.open_data_files).count() == 1
    (mail,) = rows(tasks.workflow_mail)
    assert mail.args_kwargs["args"][0] == "report_published"


def test_the_worker_makes_them(
    accepted, reviewer, queued, mailoutbox, django_capture_on_commit_callbacks
):
    """In English here; tests/test_tasks_worker.py has a real worker make all 24."""
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(accepted, reviewer)

    run_queue()

    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    stored = StoredReportPDF.objects.filter(report=accepted)
    assert list(stored.values_list("language", flat=True)) == ["en"]
    fragments = StoredFragment.objects.filter(report=accepted, language="en")
    assert sorted(fragments.values_list("kind", flat=True)) == ["page", "timeline_entry"]
    assert OpenDataFile.objects.filter(path="answers.csv").exists()
    assert [message.subject for message in mailoutbox] == [
        "Published: Cybersecurity, July - December 2020"
    ]


# --- Idempotent -------------------------------------------------------------------------------


@pytest.fixture
def published(accepted, reviewer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(accepted, reviewer)
    return accepted


def test_making_the_outputs_again_leaves_them_as_they_are_and_renders_nothing(
    published, monkeypatch
):
    pdf_before = StoredReportPDF.objects.get(report=published, language="en")
    pages_before = list(StoredFragment.objects.values_list("pk", "sha256", "rendered_at"))
    files_before = list(OpenDataFile.objects.values_list("path", "key", "modified_at"))
    renders = []
    monkeypatch.setattr(pdf, "render_report_pdf", lambda *args: renders.append(args))

    tasks.publication_outputs.enqueue(published.pk, "en")
    tasks.open_data_files.enqueue()

    assert renders == []
    pdf_after = StoredReportPDF.objects.get(report=published, language="en")
    assert (pdf_after.file.name, pdf_after.sha256) == (pdf_before.file.name, pdf_before.sha256)
    assert list(StoredFragment.objects.values_list("pk", "sha256", "rendered_at")) == pages_before
    assert list(OpenDataFile.objects.values_list("path", "key", "modified_at")) == files_before


def test_a_withdrawn_report_gets_no_outputs(published, reviewer):
    workflow.withdraw(published, reviewer, "Figures to check.")
    StoredReportPDF.objects.all().delete()

    tasks.publication_outputs.enqueue(published.pk, "de")

    assert not StoredReportPDF.objects.exists()
    assert not StoredFragment.objects.exists()


def test_a_mail_is_sent_once_however_often_its_task_runs(
    accepted, reviewer, queued, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        transition = workflow.publish(accepted, reviewer)
    DBTaskResult.objects.exclude(task_path=tasks.workflow_mail.module_path).delete()
    run_queue()

    tasks.workflow_mail.enqueue("report_published", transition.pk)  # a second time
    run_queue()

    assert len(mailoutbox) == 1
    assert rows(tasks.workflow_mail).filter(status="SUCCESSFUL").count() == 2


def test_a_worker_killed_while_storing_a_pdf_leaves_the_stored_one_whole(published, monkeypatch):
    """The new file is written under a name of its own; the row names it only once it is
    whole, so a worker killed in between leaves the row naming the earlier, intact file."""
    before = StoredReportPDF.objects.get(report=published, language="en")
    published.executive_summary = "Changed since."
    published.save()

    def killed(*args, **kwargs):
        raise SystemExit("worker killed")

    monkeypatch.setattr(StoredReportPDF, "save", killed)
    with pytest.raises(SystemExit):
        pdf.store_report_pdf(published, "en")

    after = StoredReportPDF.objects.get(report=published, language="en")
    assert (after.file.name, after.sha256) == (before.file.name, before.sha256)
    with after.file.open("rb") as file:
        assert hashlib.sha256(file.read()).hexdigest() == after.sha256


# --- Retried, then failed ---------------------------------------------------------------------


@pytest.fixture
def pdf_fails(monkeypatch):
    def broken(*args):
        raise OSError("Out of disk space")

    monkeypatch.setattr(tasks, "current_pdf", broken)


def test_a_failing_task_is_retried_after_growing_delays_then_left_failed(
    published, queued, pdf_fails
):
    tasks.publication_outputs.enqueue(published.pk, "en")

    delays = []
    for _attempt in range(tasks.MAX_ATTEMPTS):
        # Its time has come: what the worker would find after waiting.
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
        run_queue()
        latest = rows(tasks.publication_outputs).last()
        if latest.status == "READY":
            failed = rows(tasks.publication_outputs).filter(status="FAILED").last()
            delays.append(round((latest.run_after - failed.finished_at).total_seconds() / 60))

    attempts = rows(tasks.publication_outputs)
    assert delays == [1, 2, 4, 8]  # minutes
    assert list(attempts.values_list("status", flat=True)) == ["FAILED"] * tasks.MAX_ATTEMPTS
    assert [row.args_kwargs["kwargs"].get("attempt", 1) for row in attempts] == [1, 2, 3, 4, 5]
    assert all(row.args_kwargs["args"] == [published.pk, "en"] for row in attempts)
    assert all("Out of disk space" in row.traceback for row in attempts)


def test_the_delays_double_from_a_minute():
    assert [tasks.retry_delay(attempt) for attempt in (1, 2, 3)] == [
        datetime.timedelta(minutes=minutes) for minutes in (1, 2, 4)
    ]


# --- In the admin -----------------------------------------------------------------------------


@pytest.fixture
def failed_render(published, queued, pdf_fails, monkeypatch):
    """A PDF render that failed for good."""
    monkeypatch.setattr(tasks, "MAX_ATTEMPTS", 1)
    tasks.publication_outputs.enqueue(published.pk, "de")
    run_queue()
    return rows(tasks.publication_outputs).get(status="FAILED")


CHANGELIST = "/admin/django_tasks_database/dbtaskresult/"


def test_an_administrator_sees_a_failed_render_and_retries_it(
    client, administrator, failed_render, monkeypatch
):
    client.force_login(administrator)

    page = client.get(CHANGELIST, {"status__exact": "FAILED"})
    detail = client.get(
        reverse("admin:django_tasks_database_dbtaskresult_change", args=[failed_render.pk])
    )

    assert page.status_code == 200
    assert str(failed_render.pk) in page.text and "publication_outputs" in page.text
    assert "Retry the selected failed tasks" in page.text
    assert detail.status_code == 200 and "Out of disk space" in detail.text

    monkeypatch.setattr(tasks, "current_pdf", pdf.current_pdf)  # what broke it is mended
    response = client.post(
        CHANGELIST, {"action": "retry", "_selected_action": [str(failed_render.pk)]}, follow=True
    )

    assert "Failed tasks queued again: 1." in response.text
    again = rows(tasks.publication_outputs).get(status="READY")
    assert again.args_kwargs == {"args": [failed_render.args_kwargs["args"][0], "de"], "kwargs": {}}
    run_queue()
    assert StoredReportPDF.objects.filter(report_id=again.args_kwargs["args"][0], language="de")


@pytest.mark.parametrize("persona", ["reviewer", "coordinator"])
def test_reviewers_and_coordinators_cannot_reach_the_tasks_nor_retry_one(
    client, request, persona, failed_render
):
    client.force_login(request.getfixturevalue(persona))

    page = client.get(CHANGELIST)
    retry = client.post(CHANGELIST, {"action": "retry", "_selected_action": [failed_render.pk]})

    assert page.status_code == retry.status_code == 302
    assert page["Location"].startswith(reverse("admin:login"))
    assert not rows(tasks.publication_outputs).filter(status="READY").exists()
