"""For tests that start real servers beside the suite (gunicorn, a task worker, a fresh
process with production settings): what such a server is given, the test database as it
names it, and signing in to it as a person does."""

import os
import secrets
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


def production_environment(folder: Path, **changes: str) -> dict[str, str]:
    """What a production server is given (README, "Security"), on a database of its own in
    `folder`."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL") and not key.startswith("CSP_")
    }
    return environment | {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "monitor.example.eu",
        "CSRF_TRUSTED_ORIGINS": "https://monitor.example.eu",
        "SITE_URL": "https://monitor.example.eu",
        "DATABASE_URL": f"sqlite:///{folder / 'production.sqlite3'}",
        "SMTP_ENABLED": "true",
        "SMTP_HOST": "smtp.example.eu",
        **changes,
    }


def served_environment(folder: Path) -> dict[str, str]:
    """production_environment, on the test database and keeping its files in `folder`,
    reached over plain HTTP on 127.0.0.1, its mail on the console. Servers started with the
    same one share its secret key, as sessions across servers need."""
    return production_environment(
        folder,
        DATABASE_URL=database_url(),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        HTTPS_ONLY="false",
        SMTP_ENABLED="false",
        MEDIA_ROOT=str(folder / "media"),
        API_THROTTLE_DIR=str(folder / "api-throttle"),
        LOG_LEVEL="WARNING",
    )


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
