"""A CAS server for the tests, standing in for EU Login: django-cas-server on SQLite in a
temporary folder, its people in a JSON file (tests/cas_server/people.py). Started by
tests/eu_login_server.py; never part of the app."""

import os
from pathlib import Path

DATA = Path(os.environ["CAS_TEST_SERVER_DATA"])

SECRET_KEY = "test-cas-server-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "cas_server",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "tests.cas_server.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": DATA / "cas.sqlite3"}}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
STATIC_URL = "/static/"
USE_TZ = True

CAS_AUTH_CLASS = "tests.cas_server.people.Person"
# No look-ups of newer versions on PyPI from a test run.
CAS_NEW_VERSION_HTML_WARNING = False
CAS_NEW_VERSION_EMAIL_WARNING = False
# Where the service URLs of the app under test may point: Django's test client and a live
# server on this machine.
SERVICE_PATTERN = r"^https?://(testserver|127\.0\.0\.1|localhost)(:\d+)?/"
