"""Past one machine (docs/scaling.md): two app servers behind a load balancer, sharing one
database, lose nothing. Two gunicorn instances, as production runs them (DEBUG off), serve the
suite's test database (a file on SQLite, or PostgreSQL's) behind a proxy that sends each
request to the other instance; a coordinator signs in and saves a step again and again, each
save landing on the other instance from the last. Sessions live in the database, so a
sign-in on one instance holds on the other.

Marked `servers`: it starts two real servers, a few seconds in all.
"""

import itertools
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from accounts.models import User
from bench.run import free_port, serve
from reports.models import StepRevision
from tests.servers import served_environment, sign_in, with_password
from tests.wizard_helpers import form_values, step_url

pytestmark = [pytest.mark.servers, pytest.mark.django_db(transaction=True)]

SAVES = 8


class AlternatingProxy(ThreadingHTTPServer):
    """A load balancer in a few lines: each request goes to the next backend in turn, and
    which one answered is noted."""

    def __init__(self, backends: list[int]):
        super().__init__(("127.0.0.1", 0), ForwardRequest)
        self.turns = itertools.cycle(backends)
        self.lock = threading.Lock()
        self.served: list[tuple[str, str, int]] = []  # (method, path, backend's port)

    def next_backend(self, method: str, path: str) -> int:
        with self.lock:
            backend = next(self.turns)
            self.served.append((method, path, backend))
            return backend


class ForwardRequest(BaseHTTPRequestHandler):
    server: AlternatingProxy

    def do_GET(self) -> None:
        backend = self.server.next_backend(self.command, self.path)
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        upstream = HTTPConnection("127.0.0.1", backend, timeout=60)
        upstream.request(self.command, self.path, body, dict(self.headers))
        answer = upstream.getresponse()
        content = answer.read()
        upstream.close()
        self.send_response_only(answer.status)
        for name, value in answer.getheaders():  # every Set-Cookie, not one per name
            if name.lower() not in ("connection", "content-length", "transfer-encoding"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    do_POST = do_GET

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def proxy(tmp_path) -> Iterator[AlternatingProxy]:
    """Two instances (DEBUG off, one worker each) behind the alternating proxy."""
    environment = served_environment(tmp_path)
    ports = [free_port(), free_port()]
    with ThreadPoolExecutor(max_workers=2) as pool:
        servers = list(
            pool.map(
                lambda port: serve(port, environment, log=tmp_path / f"gunicorn-{port}.log"),
                ports,
            )
        )
    balancer = AlternatingProxy(ports)
    threading.Thread(target=balancer.serve_forever, daemon=True).start()
    try:
        yield balancer
    finally:
        balancer.shutdown()
        balancer.server_close()
        for server in servers:
            server.terminate()
            server.wait(timeout=60)


@pytest.fixture
def signed_in_coordinator(report):
    """A coordinator of `report` whose password the servers can check."""
    user = with_password(User.objects.create(username="two-instances", role=User.Role.COORDINATOR))
    report.partnership.coordinators.add(user)
    return user


def test_saves_alternating_between_two_instances_are_all_kept(proxy, report, signed_in_coordinator):
    base = f"http://127.0.0.1:{proxy.server_address[1]}"
    browser = requests.Session()
    sign_in(browser, base, signed_in_coordinator.username)
    step = step_url(report, "summary")
    saved = {}  # save token: text
    for number in range(1, SAVES + 1):
        page = browser.get(base + step, allow_redirects=False)
        assert page.status_code == 200, "the sign-in does not hold on this instance"
        token, text = uuid.uuid4().hex, f"Save {number}, sent through the proxy."
        form = {**form_values(page), "executive_summary": [text], "save_token": [token]}
        answer = browser.post(base + step, {**form, "action": ["save"]}, allow_redirects=False)
        assert (answer.status_code, answer.headers.get("Location")) == (302, step), (
            f"save {number} was refused: {answer.status_code}"
        )
        saved[token] = text
        # Read back from the other instance; it also makes the next save land on the other.
        assert text in browser.get(base + step).text

    saves = [backend for method, path, backend in proxy.served if method == "POST" and path == step]
    assert len(set(saves)) == 2 and all(a != b for a, b in itertools.pairwise(saves))
    report.refresh_from_db()
    assert report.executive_summary == text
    assert report.step_versions["summary"] == SAVES
    revisions = StepRevision.objects.filter(report=report, client_token__in=saved)
    assert {
        revision.client_token: revision.answers.get("executive_summary") for revision in revisions
    } == saved
