"""Settings come from the environment; a value that means nothing stops the server."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from s3partnership.env import env_bool, env_database, env_int, env_list
from tests.fresh_process import value_in_fresh_process

PROJECT_DIR = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("yes", True), ("On", True), ("0", False), ("false", False)]
)
def test_env_bool_reads_yes_and_no(monkeypatch, raw, expected):
    monkeypatch.setenv("DEBUG", raw)
    assert env_bool("DEBUG", not expected) is expected


def test_env_bool_falls_back_to_default_when_unset(monkeypatch):
    monkeypatch.delenv("DEBUG", raising=False)
    assert env_bool("DEBUG", True) is True


def test_env_bool_refuses_maybe_and_names_the_variable(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match=r"DEBUG='maybe' is not a yes/no value"):
        env_bool("DEBUG", False)


def test_env_int_refuses_words(monkeypatch):
    monkeypatch.setenv("EMAIL_PORT", "twenty-five")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT"):
        env_int("EMAIL_PORT", 25)


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", " example.org, ,www.example.org ")
    assert env_list("ALLOWED_HOSTS", []) == ["example.org", "www.example.org"]


def test_env_database_reads_postgres_url(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://monitor:secret@db.internal:5433/s3")
    config = env_database("DATABASE_URL", "sqlite:///unused")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["USER"], config["HOST"], config["PORT"]) == (
        "s3",
        "monitor",
        "db.internal",
        5433,
    )


@pytest.mark.parametrize(
    "url", ["not a url", "mysql://root@localhost/s3", "postgres://localhost/", "ftp://x/y"]
)
def test_env_database_refuses_what_it_cannot_use(monkeypatch, url):
    monkeypatch.setenv("DATABASE_URL", url)
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        env_database("DATABASE_URL", "sqlite:///unused")


def run_manage_check(**environment):
    env = {**os.environ, **environment}
    for name in ("DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DEBUG"):
        if name not in environment:
            env.pop(name, None)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_server_refuses_to_start_with_debug_maybe():
    result = run_manage_check(DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG='maybe'" in result.stderr


def test_server_refuses_to_start_with_a_malformed_database_url():
    result = run_manage_check(DATABASE_URL="postgres//no-scheme-separator")
    assert result.returncode != 0
    assert "DATABASE_URL=" in result.stderr


def test_production_refuses_the_development_secret_key():
    result = run_manage_check(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_starts_with_its_own_secret_key():
    result = run_manage_check(DEBUG="false", SECRET_KEY="a-long-random-production-key-0123456789")
    assert result.returncode == 0, result.stderr


def test_sqlite_default_is_durable(tmp_path):
    """WAL, synchronous=FULL and immediate transactions: a commit the user saw survives. Asked
    of a connection opened by the settings as a server reads them (the test database itself
    skips flushing to disk, tests/conftest.py)."""
    pragmas = (
        "[connection.cursor().execute(f'PRAGMA {name}').fetchone()[0] "
        "for name in ('journal_mode', 'synchronous')]"
    )
    options = "[connection.settings_dict['OPTIONS']['transaction_mode']]"
    journal_mode, synchronous, transaction_mode = value_in_fresh_process(
        f"{pragmas} + {options}", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}"
    )
    assert (journal_mode, synchronous, transaction_mode) == ("wal", 2, "IMMEDIATE")  # 2: FULL


def policy_form_action(**environment: str) -> list[str]:
    """The Content-Security-Policy's form-action, as settings read from `environment` make it."""
    return value_in_fresh_process(
        "settings.SECURE_CSP['form-action']", unset=("CAS_SERVER_URL",), **environment
    )


def test_forms_may_lead_to_eu_login_only_when_it_is_configured():
    # Signing out of an EU Login session redirects the logout form there.
    assert policy_form_action() == ["'self'"]
    assert policy_form_action(CAS_SERVER_URL="https://ecas.ec.europa.eu/cas/") == [
        "'self'",
        "https://ecas.ec.europa.eu",
    ]
