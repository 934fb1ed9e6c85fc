"""For tests that start real servers beside the suite (gunicorn, a task worker): the test
database as they name it, and signing in to them as a person does."""

import os
from pathlib import Path
from urllib.parse import quote

import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.urls import reverse

from accounts.models import User

PASSWORD = "servers-password-2026"


def database_url() -> str:
    """The test database, as DATABASE_URL names it to a server: a file on SQLite, or
    PostgreSQL's test database."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    credentials = quote(settings["USER"] or "") + (
        f":{quote(settings['PASSWORD'])}" if settings["PASSWORD"] else ""
    )
    return (
        f"postgres://{credentials}@{settings['HOST'] or 'localhost'}:{settings['PORT'] or 5432}"
        f"/{settings['NAME']}"
    )


def production_environment(folder: Path) -> dict[str, str]:
    """The variables of a server of the production profile (DEBUG off) on the test database,
    keeping its files in `folder`; plain HTTP, as these servers are reached on 127.0.0.1."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "s3partnership.settings",
        "DEBUG": "false",
        "HTTPS_ONLY": "false",
        "SECRET_KEY": "servers-test-secret-key",  # the same on every server, as sessions need
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(folder / "media"),
        "API_THROTTLE_DIR": str(folder / "api-throttle"),
        "LOG_LEVEL": "WARNING",
    }


def with_password(user: User) -> User:
    """`user`, with PASSWORD hashed as production hashes it (the suite's own hasher is a
    fast one that a server does not know)."""
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt())
    user.save(update_fields=["password"])
    return user


def sign_in(browser: requests.Session, base: str, username: str) -> None:
    login = base + reverse("login")
    answer = browser.post(
        login,
        {
            "csrfmiddlewaretoken": csrf_token(browser.get(login).text),
            "username": username,
            "password": PASSWORD,
        },
        allow_redirects=False,
    )
    assert answer.status_code == 302, f"sign-in answered {answer.status_code}"


def csrf_token(page: str) -> str:
    """The CSRF token of the page's form."""
    return page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
