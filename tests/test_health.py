"""/health/ says the process answers; /health/ready/ says whether it can serve: the database
and every storage of files answer. A load balancer reads the status code, an operator the JSON."""

import datetime
import json
import subprocess
import sys

import pytest
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max
from health_check.exceptions import ServiceUnavailable

from bench.run import free_port
from s3partnership.health import TaskWorker
from tests.servers import production_environment
from tests.test_security_headers import PROJECT_DIR

# Asks for each address as a load balancer's probe does (plain HTTP, no cookie) and prints,
# for each, the status, the Location if redirected, and the JSON body.
PROBE = """
import json, sys, django
django.setup()
from django.test import Client
answers = []
for path in sys.argv[1:]:
    response = Client().get(path, headers={"host": "monitor.example.eu"})
    json_body = response["Content-Type"] == "application/json"
    answers.append({"status": response.status_code, "location": response.get("Location"),
                    "body": json.loads(response.content) if json_body else None})
print(json.dumps(answers))
"""


def probe(environment, *paths):
    """The answers to `paths`, from a server process started with `environment`."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *paths],
        cwd=PROJECT_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def server(tmp_path):
    """A production server's environment, with its own database (migrated, as a production
    one is: the worker's check reads the task queue) and files."""
    environment = production_environment(
        tmp_path,
        MEDIA_ROOT=str(tmp_path / "media"),
        DJANGO_SETTINGS_MODULE="s3partnership.settings",
    )
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=PROJECT_DIR,
        env=environment,
        check=True,
        timeout=300,
    )
    return environment


def test_liveness_answers_without_touching_the_database(client):
    # No django_db mark: pytest-django fails any query, so a 200 proves none was made.
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_ready_when_the_database_and_every_storage_answer(server, tmp_path):
    [answer] = probe(server, "/health/ready/")

    assert answer["status"] == 200
    assert answer["body"] == {
        "status": "ok",
        "checks": {
            "Database(alias='default')": "ok",
            "Storage(alias='pdfs')": "ok",
            "Storage(alias='annexes')": "ok",
            "Storage(alias='opendata')": "ok",
            "TaskWorker(lag=datetime.timedelta(seconds=300))": "ok",
        },
    }
    # The storage checks' files are gone again.
    assert [path for path in (tmp_path / "media").rglob("*") if path.is_file()] == []


def test_not_ready_while_the_database_is_down(server):
    server["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{free_port()}/s3pm_ops"

    [answer] = probe(server, "/health/ready/")

    assert answer["status"] == 503
    assert answer["body"]["status"] == "unavailable"
    assert answer["body"]["checks"]["Database(alias='default')"] != "ok"
    assert answer["body"]["checks"]["Storage(alias='annexes')"] == "ok"


def test_not_ready_while_storage_is_unwritable(server, tmp_path):
    # A path through a file cannot be written, even by root (as the tests may run).
    (tmp_path / "a-file").write_text("")
    server["MEDIA_ROOT"] = str(tmp_path / "a-file" / "media")

    [answer] = probe(server, "/health/ready/")

    assert answer["status"] == 503
    assert answer["body"]["checks"]["Database(alias='default')"] == "ok"
    assert answer["body"]["checks"]["Storage(alias='annexes')"] != "ok"


def test_liveness_answers_while_the_database_is_down(server):
    server["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{free_port()}/s3pm_ops"

    [answer] = probe(server, "/health/")

    assert (answer["status"], answer["body"]) == (200, {"status": "ok"})


def test_probes_over_plain_http_are_answered_not_redirected(server):
    # A probe speaks to the app server directly, where https:// does not answer; pages still
    # move to https://.
    alive, ready, page = probe(server, "/health/", "/health/ready/", "/accounts/login/")

    assert (alive["status"], ready["status"]) == (200, 200)
    assert (page["status"], page["location"]) == (301, "https://monitor.example.eu/accounts/login/")


def test_ready_fails_while_due_tasks_wait_for_a_worker(db):
    """No worker (or a stuck one): a task due five minutes ago has not been taken."""
    check = TaskWorker()
    check.run()  # nothing queued

    waiting = DBTaskResult.objects.create(
        status=TaskResultStatus.READY,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="reports.tasks.open_data_files",
        backend_name="default",
        queue_name="default",
        run_after=get_date_max(),
    )
    check.run()  # just enqueued: a worker has five minutes to take it
    DBTaskResult.objects.filter(pk=waiting.pk).update(
        enqueued_at=timezone.now() - datetime.timedelta(minutes=6)
    )

    with pytest.raises(ServiceUnavailable, match="waited more than"):
        check.run()
