"""`make serve` runs the production profile on this machine: DEBUG off, collected static
files, the migrations, gunicorn with gunicorn.conf.py, JSON access log lines joined to the
app's by the request id."""

import json
import os
import signal
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from bench.run import free_port
from tests.test_metrics import count_of_alive_requests
from tests.test_security_headers import PROJECT_DIR

# No timing is asserted: this only bounds how long a broken start-up is waited for.
START_UP_LIMIT_SECONDS = 300


def fetch(port, path):
    """(status, headers, body) of a GET, errors included."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`make serve` on a free port, with its own database, files and secret key file."""
    folder = tmp_path_factory.mktemp("serve")
    port = free_port()
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in ("SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE", "ALLOWED_HOSTS")
    } | {
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "WEB_CONCURRENCY": "2",
        "METRICS_ALLOWED_IPS": "127.0.0.1",
    }
    arguments = [f"SERVE_PORT={port}", f"SECRET_KEY_FILE={folder / 'var' / 'secret_key'}"]
    stdout = open(folder / "stdout", "w")  # noqa: SIM115 (closed below)
    server = subprocess.Popen(
        ["make", "--no-print-directory", "serve", *arguments],
        cwd=PROJECT_DIR,
        env=environment,
        stdout=stdout,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, stopped as one below
    )
    try:
        deadline = time.monotonic() + START_UP_LIMIT_SECONDS
        while time.monotonic() < deadline and server.poll() is None:
            try:
                fetch(port, "/health/")
                break
            except OSError:
                time.sleep(1)
        assert server.poll() is None, (folder / "stdout").read_text()
        yield port, folder
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
        stdout.close()


def access_lines(folder):
    lines = (folder / "stdout").read_text().splitlines()
    return [json.loads(line) for line in lines if '"logger": "gunicorn.access"' in line]


def test_serves_pages_with_debug_off(served):
    port, _ = served

    status, _, body = fetch(port, "/accounts/login/")
    assert status == 200
    status, _, body = fetch(port, "/no-such-page/")
    assert status == 404
    assert b"Technical" not in body and b"URLconf" not in body  # not Django's debug page


def test_serves_the_collected_static_files(served):
    port, _ = served

    status, headers, body = fetch(port, "/static/css/site.css")

    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    assert body == (PROJECT_DIR / "static" / "css" / "site.css").read_bytes()


def test_ready_on_its_database_and_files(served):
    port, _ = served

    status, _, body = fetch(port, "/health/ready/")

    assert status == 200
    assert json.loads(body)["status"] == "ok"


def test_the_access_log_is_json_joined_to_the_app_by_the_request_id(served):
    port, folder = served

    _, headers, _ = fetch(port, "/health/?probe=1")

    request_id = headers["X-Request-ID"]
    deadline = time.monotonic() + 60
    while not (lines := [line for line in access_lines(folder) if line["query"] == "probe=1"]):
        assert time.monotonic() < deadline, (folder / "stdout").read_text()
        time.sleep(0.5)
    assert lines[0]["request_id"] == request_id
    assert (lines[0]["method"], lines[0]["path"], lines[0]["status"]) == ("GET", "/health/", 200)


def test_a_secret_key_is_made_once_and_kept_from_other_users(served):
    _, folder = served
    key_file = folder / "var" / "secret_key"

    assert len(key_file.read_text().strip()) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_metrics_sum_every_workers_counts(served):
    # Whichever worker answers /metrics, it counts the requests that every worker answered.
    port, _ = served
    before = count_of_alive_requests(fetch(port, "/metrics")[2].decode())

    for _ in range(6):
        fetch(port, "/health/")

    assert count_of_alive_requests(fetch(port, "/metrics")[2].decode()) == before + 6


@pytest.mark.parametrize(("name", "value"), [("WEB_CONCURRENCY", "0"), ("GUNICORN_TIMEOUT", "1m")])
def test_a_gunicorn_setting_that_means_nothing_stops_it(name, value):
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--check-config", "s3partnership.wsgi"],
        cwd=PROJECT_DIR,
        env=os.environ | {name: value},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert f"{name}={value!r} must be a whole number" in result.stderr
