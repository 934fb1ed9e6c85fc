"""Every response carries a strict Content-Security-Policy and the other protective headers;
signed-in and confidential pages are never stored by a browser or a proxy; under the
production profile the site is HTTPS only and `check --deploy` has nothing to say.
"""

import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import path, reverse

from tests import test_public_reports
from tests.servers import production_environment
from tests.test_public_reports import preview_url, report_url
from tests.wizard_helpers import step_url

# A published report and a draft, as the public pages' tests make them.
published = test_public_reports.published
draft = test_public_reports.draft

PROJECT_DIR = Path(__file__).resolve().parent.parent


def policy(response, header="Content-Security-Policy"):
    """The policy's directives: {name: [sources]}."""
    directives = (part.split() for part in response[header].split(";") if part.strip())
    return {name: sources for name, *sources in directives}


# --- Content-Security-Policy ---------------------------------------------------------------


def test_the_policy_allows_our_own_files_and_nothing_inline(client, published):
    directives = policy(client.get(report_url(published)))

    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    # A nonce only where a page needs one (the server error page, below).
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert not any("unsafe" in source for sources in directives.values() for source in sources)


class InlineCode(HTMLParser):
    """Scripts and styles written into a page rather than loaded from our files."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and "src" not in attributes:
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style>")
        self.found += [f"{tag} {name}=" for name, _ in attrs if name == "style" or name[:2] == "on"]


def inline_code(response):
    parser = InlineCode()
    parser.feed(response.content.decode())
    return parser.found


def pages_of(persona, report, published):
    public = ["/", "/bg/", "/news/", "/partnerships/cybersecurity/", report_url(published)]
    if persona == "coordinator":
        workspace = ["/workspace/", *(step_url(report, step) for step in ("header", "sdgs"))]
        return public + workspace + [step_url(report, "self-assessment"), preview_url(report)]
    if persona == "reviewer":
        return public + [
            "/review/",
            reverse("reports:review_report", args=["cybersecurity", "2021-h1"]),
        ]
    return public + [reverse("login"), "/bg/accounts/login/", "/no-such-page/"]


@pytest.mark.parametrize("persona", ["anonymous", "coordinator", "reviewer"])
def test_no_page_of_ours_has_inline_script_or_style(client, persona, draft, published, request):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    for url in pages_of(persona, draft, published):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert inline_code(response) == [], url


def raise_error(request):
    raise RuntimeError("Something broke")


urlpatterns = [path("broken/", raise_error)]
handler500 = "s3partnership.security.server_error"


@override_settings(ROOT_URLCONF=__name__)
def test_the_server_error_page_styles_itself_by_the_nonce_of_its_policy():
    response = Client(raise_request_exception=False).get("/broken/")

    assert response.status_code == 500
    nonce = policy(response)["style-src"][1].removeprefix("'nonce-").removesuffix("'")
    assert f'<style nonce="{nonce}">' in response.content.decode()
    assert "Something went wrong on our side" in response.content.decode()


def test_other_protective_headers(client, db):
    response = client.get("/")

    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    features = dict(item.split("=") for item in response["Permissions-Policy"].split(", "))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()"


# --- Cache-Control -------------------------------------------------------------------------


def test_anonymous_readers_keep_cacheable_public_pages(client, published):
    response = client.get(report_url(published))

    assert "no-store" not in response["Cache-Control"]
    assert "public" in response["Cache-Control"]


def test_a_signed_in_reader_gets_every_page_unstored(client, coordinator, published):
    client.force_login(coordinator)
    for url in ("/", "/news/", report_url(published), "/workspace/", reverse("login")):
        response = client.get(url)
        assert "no-store" in response["Cache-Control"], url
        assert "public" not in response["Cache-Control"], url


@pytest.mark.parametrize(
    ("persona", "page"),
    [
        ("coordinator", "self-assessment"),
        ("coordinator", "preview"),
        ("reviewer", "review"),
        ("reviewer", "preview"),
        ("administrator", "self-assessment"),
    ],
)
def test_confidential_pages_are_never_stored(client, draft, persona, page, request):
    client.force_login(request.getfixturevalue(persona))
    url = {
        "self-assessment": step_url(draft, "self-assessment"),
        "preview": preview_url(draft),
        "review": reverse("reports:review_report", args=["cybersecurity", "2021-h1"]),
    }[page]

    response = client.get(url)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


# --- The production profile ----------------------------------------------------------------


def run(arguments, environment):
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=PROJECT_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_has_nothing_to_say_under_production_settings(tmp_path):
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        production_environment(tmp_path),
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


# Asks for the login page (which needs no database) as a browser would, over http:// and
# https://, and prints what came back.
FETCH_LOGIN_PAGE = """
import json, django
django.setup()
from django.test import Client
answers = {}
for secure in (False, True):
    response = Client().get(
        "/accounts/login/", secure=secure, headers={"host": "monitor.example.eu"}
    )
    cookies = response.cookies.items()
    answers["https" if secure else "http"] = {
        "status": response.status_code,
        "headers": dict(response.headers),
        "cookies": {name: dict(morsel, secure=morsel["secure"]) for name, morsel in cookies},
    }
print(json.dumps(answers))
"""


def login_page(environment):
    result = run(
        ["-c", FETCH_LOGIN_PAGE], environment | {"DJANGO_SETTINGS_MODULE": "s3partnership.settings"}
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_production_is_https_only_with_hsts_and_host_only_cookies(tmp_path):
    answers = login_page(production_environment(tmp_path))

    assert answers["http"]["status"] == 301
    assert answers["http"]["headers"]["Location"] == "https://monitor.example.eu/accounts/login/"
    https = answers["https"]
    assert https["status"] == 200
    assert https["headers"]["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert "Content-Security-Policy" in https["headers"]
    assert set(https["cookies"]) == {"__Host-csrftoken"}
    cookie = https["cookies"]["__Host-csrftoken"]
    assert cookie["secure"] is True
    assert cookie["path"] == "/"
    assert cookie["domain"] == ""


def test_behind_a_proxy_its_header_says_the_request_came_over_https(tmp_path):
    environment = production_environment(tmp_path, SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto")
    script = FETCH_LOGIN_PAGE.replace(
        'headers={"host": "monitor.example.eu"}',
        'headers={"host": "monitor.example.eu", "x-forwarded-proto": "https"}',
    )
    result = run(["-c", script], environment | {"DJANGO_SETTINGS_MODULE": "s3partnership.settings"})

    assert json.loads(result.stdout.splitlines()[-1])["http"]["status"] == 200


def test_the_policy_can_be_switched_to_report_only(tmp_path):
    answers = login_page(production_environment(tmp_path, CSP_REPORT_ONLY="true"))

    headers = answers["https"]["headers"]
    assert "Content-Security-Policy" not in headers
    assert "default-src 'self'" in headers["Content-Security-Policy-Report-Only"]
