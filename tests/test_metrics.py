"""/metrics gives Prometheus the requests answered and their durations, to an operator (the
token, or an allowed address reaching the server directly) and to no one else."""

import pytest

from tests.servers import production_environment
from tests.test_security_headers import run

TOKEN = "a-random-metrics-token-0123456789abcdef"
OPERATOR = "10.0.0.5"


@pytest.fixture(autouse=True)
def operator(settings):
    settings.METRICS_TOKEN = TOKEN
    settings.METRICS_ALLOWED_IPS = [OPERATOR]


def count_of_alive_requests(text):
    line = 's3pm_http_requests_total{method="GET",status="200",view="health_alive"} '
    return next(
        (float(row.removeprefix(line)) for row in text.splitlines() if row.startswith(line)), 0
    )


def test_the_operators_address_reads_the_requests_counted(client):
    before = count_of_alive_requests(client.get("/metrics", REMOTE_ADDR=OPERATOR).text)
    client.get("/health/")
    client.get("/health/")

    response = client.get("/metrics", REMOTE_ADDR=OPERATOR)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert count_of_alive_requests(response.text) == before + 2
    assert 's3pm_http_request_duration_seconds_count{view="health_alive"}' in response.text


def test_the_token_lets_the_operator_in_from_anywhere(client):
    response = client.get(
        "/metrics", REMOTE_ADDR="198.51.100.7", headers={"authorization": f"Bearer {TOKEN}"}
    )

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("address", "headers"),
    [
        ("198.51.100.7", {}),  # the public
        ("198.51.100.7", {"authorization": "Bearer a-guessed-token"}),
        # The operator's address, but through a proxy: on a proxy's machine every visitor
        # comes from there.
        (OPERATOR, {"x-forwarded-for": "198.51.100.7"}),
    ],
)
def test_the_public_finds_nothing_there(client, address, headers):
    response = client.get("/metrics", REMOTE_ADDR=address, headers=headers)

    assert response.status_code == 404
    assert "s3pm_http" not in response.content.decode()


def test_nobody_reads_metrics_until_an_operator_is_configured(client, settings):
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_IPS = []

    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 404
    assert client.get("/metrics", headers={"authorization": "Bearer "}).status_code == 404


def test_invented_methods_are_counted_together(client):
    # A label per method a client invents would grow the metrics without end.
    client.generic("BREW", "/health/")

    text = client.get("/metrics", REMOTE_ADDR=OPERATOR).text

    assert 'method="OTHER"' in text
    assert 'method="BREW"' not in text


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("METRICS_TOKEN", "short", "METRICS_TOKEN must be 32 characters or more"),
        ("METRICS_ALLOWED_IPS", "10.0.0.5,ops.example.eu", "METRICS_ALLOWED_IPS: 'ops.example.eu'"),
    ],
)
def test_a_metrics_setting_that_means_nothing_stops_the_server(tmp_path, name, value, message):
    result = run(["manage.py", "check"], production_environment(tmp_path, **{name: value}))

    assert result.returncode != 0
    assert message in result.stderr
