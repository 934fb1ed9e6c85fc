"""Prepares the test CAS server's database and serves it: `serve.py PORT`.

Run with .venv/cas-server's Python, from the project's folder, by tests/eu_login_server.py.
"""

import os
import sys

import django
from django.conf import settings
from django.core.management import call_command


def allow_the_app_under_test() -> None:
    """The app's service URLs may use this server, and get every attribute of a person."""
    from cas_server.models import ReplaceAttributName, ServicePattern

    pattern, _ = ServicePattern.objects.get_or_create(
        name="S3 Partnership Monitor", defaults={"pattern": settings.SERVICE_PATTERN, "pos": 1}
    )
    ReplaceAttributName.objects.get_or_create(service_pattern=pattern, name="*")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.cas_server.settings")
    django.setup()
    call_command("migrate", verbosity=0)
    allow_the_app_under_test()
    call_command("runserver", f"127.0.0.1:{sys.argv[1]}", use_reloader=False, skip_checks=True)
