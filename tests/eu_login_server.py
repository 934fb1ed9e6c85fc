"""A real CAS server standing in for EU Login, and a person's browser at it.

The server is django-cas-server (tests/cas_server/), a second Django process on a free port,
started once per test session by the `eu_login_server` fixture (tests/conftest.py). Tests go
through the protocol as EU Login's users do: our login view sends the browser to /cas/login,
the person types their password there, EU Login sends the browser back with a ticket, and our
server validates the ticket over HTTP (/cas/p3/serviceValidate).
"""

import json
import os
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import requests

ROOT = Path(__file__).resolve().parent.parent
# Its own virtualenv (tests/cas_server/requirements.txt says why), made by `make install`.
PYTHON = ROOT / ".venv/cas-server/bin/python"
PASSWORD = "eu-login-password"
# EU Login's assurance levels: LOW is an external, self-registered user.
LOW, HIGH = "10", "30"


def person(email: str, first: str, last: str, domain="external", assurance=LOW) -> dict:
    """Someone with an EU Login account, as its validation answer describes them."""
    attributes = {"email": email, "firstName": first, "lastName": last, "domain": domain}
    return {
        "password": PASSWORD,
        "attributes": {**attributes, "assuranceLevel": assurance},
    }


class EULoginServer:
    def __init__(self, url: str, people_file: Path):
        self.url = url
        self.people_file = people_file

    def add(self, uid: str, **details) -> None:
        """Registers `uid` at EU Login (or changes their details), effective at once."""
        people = json.loads(self.people_file.read_text())
        people[uid] = person(**details)
        self.people_file.write_text(json.dumps(people))


@contextmanager
def running_server(folder: Path) -> Iterator[EULoginServer]:
    if not PYTHON.exists():
        raise RuntimeError(f"{PYTHON} is missing: run `make install` to make the test CAS server.")
    people_file = folder / "people.json"
    people_file.write_text("{}")
    port = free_port()
    log = (folder / "server.log").open("w")
    process = subprocess.Popen(
        [PYTHON, "tests/cas_server/serve.py", str(port)],
        cwd=ROOT,
        env={
            "PATH": os.environ.get("PATH", ""),
            "PYTHONPATH": str(ROOT),
            "CAS_TEST_SERVER_DATA": str(folder),
            "CAS_TEST_PEOPLE": str(people_file),
        },
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}/cas/"
        wait_until_answering(url + "login", process, folder / "server.log")
        yield EULoginServer(url, people_file)
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_answering(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"The test CAS server stopped:\n{log.read_text()}")
        try:
            requests.get(url, timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise RuntimeError(f"The test CAS server did not answer in 30 s:\n{log.read_text()}")


class FormFields(HTMLParser):
    """The fields of the login page's form, hidden ones included (the login ticket)."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "input" and found.get("name"):
            self.fields[found["name"] or ""] = found.get("value") or ""


class Browser:
    """A person's browser as EU Login sees it: its cookies hold their EU Login session."""

    def __init__(self) -> None:
        self.session = requests.Session()

    def sign_in(self, login_url: str, uid: str, password: str = PASSWORD) -> str:
        """Goes to EU Login's `login_url` (where our login view sent them), typing their
        password if EU Login asks for it; the address EU Login sends them back to."""
        page = self.session.get(login_url, allow_redirects=False)
        if page.status_code == 302:
            return page.headers["Location"]
        form = FormFields()
        form.feed(page.text)
        fields = {**form.fields, "username": uid, "password": password}
        answer = self.session.post(login_url, data=fields, allow_redirects=False)
        assert answer.status_code == 302, f"EU Login refused {uid}'s password"
        return answer.headers["Location"]

    def is_asked_for_a_password(self, login_url: str) -> bool:
        page = self.session.get(login_url, allow_redirects=False)
        return page.status_code == 200 and 'name="password"' in page.text

    def follow(self, url: str) -> requests.Response:
        return self.session.get(url, allow_redirects=False)


def path_of(url: str) -> str:
    """`url` without its scheme and host, for Django's test client."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def sign_in(client, uid: str, next_page: str = "", browser: Browser | None = None):
    """Signs `uid` in on Django's test `client` through EU Login, as a browser would: our
    login view, EU Login's password page, back to our login view with the ticket. The
    response of that last step and the browser (holding the EU Login session)."""
    from django.urls import reverse

    browser = browser or Browser()
    query = f"?{urlencode({'next': next_page})}" if next_page else ""
    to_eu_login = client.get(reverse("eu_login") + query)
    assert to_eu_login.status_code == 302, to_eu_login
    back_with_ticket = browser.sign_in(to_eu_login["Location"], uid)
    return client.get(path_of(back_with_ticket)), browser
