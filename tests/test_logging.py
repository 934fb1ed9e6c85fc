"""Logs are one JSON object a line, and every line of a request carries the request's id,
which the response names in X-Request-ID: an operator finds all that one request wrote."""

import json
import subprocess
import sys
import uuid

import pytest

from tests.servers import production_environment
from tests.test_security_headers import PROJECT_DIR, run

# A request for a page that does not exist, which Django logs ("Not Found"); prints the
# response's X-Request-ID. Log lines go to stderr.
REQUEST = """
import sys, django
django.setup()
from django.test import Client
headers = {"host": "monitor.example.eu"}
if len(sys.argv) > 1:
    headers["x-request-id"] = sys.argv[1]
print(Client().get("/no-such-page/", secure=True, headers=headers)["X-Request-ID"])
"""


def serve_one_request(tmp_path, *sent_id, **environment):
    result = subprocess.run(
        [sys.executable, "-c", REQUEST, *sent_id],
        cwd=PROJECT_DIR,
        env=production_environment(
            tmp_path, DJANGO_SETTINGS_MODULE="s3partnership.settings", **environment
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip(), result.stderr.splitlines()


def test_production_logs_are_json_lines_carrying_the_request_id(tmp_path):
    request_id, lines = serve_one_request(tmp_path)

    records = [json.loads(line) for line in lines]  # every line is one JSON object
    not_found = [record for record in records if record["message"] == "Not Found: /no-such-page/"]
    assert len(not_found) == 1
    assert not_found[0]["request_id"] == request_id
    assert (not_found[0]["level"], not_found[0]["logger"]) == ("WARNING", "django.request")
    assert uuid.UUID(request_id)


def test_each_request_has_an_id_of_its_own(tmp_path):
    first, _ = serve_one_request(tmp_path)
    second, _ = serve_one_request(tmp_path)

    assert first != second


def test_the_proxys_request_id_is_kept(tmp_path):
    sent = uuid.uuid4().hex

    request_id, lines = serve_one_request(tmp_path, sent)

    assert request_id == sent
    assert sent in {json.loads(line)["request_id"] for line in lines}


def test_a_request_id_that_is_not_a_uuid_is_replaced(tmp_path):
    # Whatever a client sends would otherwise be written into every line of its request.
    request_id, lines = serve_one_request(tmp_path, '"}, "level": "forged')

    assert uuid.UUID(request_id)
    assert "forged" not in {json.loads(line)["level"] for line in lines}


def test_text_logs_for_people_carry_the_request_id_too(tmp_path):
    request_id, lines = serve_one_request(tmp_path, LOG_FORMAT="text")

    assert any(f"[{request_id}] Not Found: /no-such-page/" in line for line in lines)


@pytest.mark.parametrize(("name", "value"), [("LOG_FORMAT", "xml"), ("LOG_LEVEL", "loud")])
def test_a_log_setting_that_means_nothing_stops_the_server(tmp_path, name, value):
    result = run(["manage.py", "check"], production_environment(tmp_path, **{name: value}))

    assert result.returncode != 0
    assert f"{name}={value!r} is not one of" in result.stderr
