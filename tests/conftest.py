"""Personas and the smallest objects most tests need.

Personas, as in the specification: `coordinator` reports for `partnership`,
`other_coordinator` for `other_partnership`, `reviewer` is JRC staff, `administrator`
runs the site, and an anonymous visitor is the plain `client`.
"""

import datetime
from io import StringIO
from pathlib import Path

import pytest
from asgiref.local import Local
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.dispatch import receiver
from django.tasks import task_backends
from django.test import Client, override_settings
from django.test.signals import setting_changed
from django.utils import translation
from django.utils.translation import trans_real

import reports.tasks
from accounts.models import User
from regions.models import Country, Region
from reports.models import MonitoringReport, Partnership, ReportingPeriod, ThematicPlatform
from tests.api_helpers import world  # noqa: F401 (a fixture: the API tests' published world)
from tests.eu_login_server import running_server, sign_in
from tests.s3_helpers import s3_server  # noqa: F401 (a fixture: a real S3 server, per module)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, the test database is a file, as production's is, not Django's default of
    one in memory. In memory, the live server of the end-to-end tests shares one connection
    among its threads, so two requests of one page at once (a save and a region lookup) ran
    in each other's transactions; that signed a person out after a save once in CI. On a file
    each thread has its own connection and waits for another's write lock, as in production.
    Nothing need survive a power cut here: commits are not flushed to disk."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("db") / "test.db")
        database["OPTIONS"] = {
            **database.get("OPTIONS", {}),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;",
        }


@pytest.fixture
def platform(db):
    return ThematicPlatform.objects.create(code="IND", name="Industrial Modernisation")


@pytest.fixture
def partnership(platform):
    return Partnership.objects.create(
        platform=platform,
        short_name="Cybersecurity",
        full_name="Cybersecurity Smart Regions",
        slug="cybersecurity",
        web_page="https://s3platform.jrc.ec.europa.eu/cybersecurity",
        start_date=datetime.date(2018, 2, 1),
        year_established=2018,
    )


@pytest.fixture
def other_partnership(platform):
    return Partnership.objects.create(
        platform=platform, short_name="Chemicals", full_name="Chemicals", slug="chemicals"
    )


@pytest.fixture
def period(db):
    return ReportingPeriod.objects.create(year=2020, half=2, deadline=datetime.date(2021, 1, 31))


@pytest.fixture
def report(partnership, period):
    return MonitoringReport.start(partnership, period)


@pytest.fixture
def published_report(report):
    """`report`, with its summary, taken through the workflow to published."""
    report.executive_summary = "What we did."
    report.save()
    for state in ("submitted", "accepted", "published"):
        report.move_to(state, None)
    return report


@pytest.fixture
def coordinator(partnership):
    user = User.objects.create_user(
        "coordinator", password="pw-coordinator", role=User.Role.COORDINATOR
    )
    partnership.coordinators.add(user)
    return user


@pytest.fixture
def other_coordinator(other_partnership):
    user = User.objects.create_user(
        "other-coordinator", password="pw-other", role=User.Role.COORDINATOR
    )
    other_partnership.coordinators.add(user)
    return user


@pytest.fixture
def reviewer(db):
    return User.objects.create_user("reviewer", password="pw-reviewer", role=User.Role.REVIEWER)


@pytest.fixture
def administrator(db):
    return User.objects.create_user(
        "administrator",
        password="pw-administrator",
        role=User.Role.ADMINISTRATOR,
        is_superuser=True,
    )


@pytest.fixture(scope="session")
def eu_login_server(tmp_path_factory):
    """The test EU Login: a real CAS server, run once for the session (tests/eu_login_server.py)."""
    with running_server(tmp_path_factory.mktemp("eu-login")) as server:
        yield server


@pytest.fixture
def eu_login(settings, eu_login_server):
    """The app configured to offer EU Login, the test CAS server being it."""
    settings.CAS_SERVER_URL = eu_login_server.url
    return eu_login_server


@pytest.fixture
def no_role_client(db, eu_login):
    """A browser signed in through EU Login by someone new here: an account with no role."""
    eu_login.add("n00newcomer", email="newcomer@example.eu", first="Nina", last="Newcomer")
    client = Client()
    response, _browser = sign_in(client, "n00newcomer")
    assert response.status_code == 302 and response.wsgi_request.user.is_authenticated
    return client


@pytest.fixture
def france(db):
    return Country.objects.create(code="FR", name="France", accession_year=1958)


@pytest.fixture
def brittany(france):
    return Region.objects.create(
        name_en="Brittany",
        name_national="Bretagne",
        country=france,
        nuts_code="FRH0",
        nuts_version=Region.NutsVersion.NUTS_2021,
        nuts_level=2,
    )


@pytest.fixture
def ile_de_france(france):
    """A region whose name is not ASCII."""
    return Region.objects.create(
        name_en="Île-de-France",
        country=france,
        nuts_code="FR10",
        nuts_version=Region.NutsVersion.NUTS_2021,
        nuts_level=2,
    )


@receiver(setting_changed)
def reload_task_backends(*, setting, **kwargs):
    """Django keeps the task backends it made from TASKS; a test that changes TASKS gets new
    ones (Django's own test signals do this for CACHES, not for TASKS)."""
    if setting == "TASKS":
        task_backends._settings = task_backends.settings = task_backends.configure_settings(None)
        task_backends._connections = Local(task_backends.thread_critical)


@pytest.fixture(autouse=True, scope="session")
def tasks_run_at_once():
    """Tasks run eagerly, inside the test that queues them, as a worker would run them: a test
    sees what they did. tests/test_tasks*.py queue them in the database instead."""
    immediate = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    with override_settings(TASKS=immediate):
        yield


@pytest.fixture(autouse=True)
def publications_made_in_english(monkeypatch):
    """A publication's outputs are made in English only: with tasks run at once, 24 PDFs and
    pages would add half a minute to each test that publishes, and each other language is
    made on its first request anyway. tests/test_tasks*.py check every language."""
    monkeypatch.setattr(reports.tasks, "publication_languages", lambda: [settings.LANGUAGE_CODE])


@pytest.fixture(autouse=True, scope="session")
def fast_passwords():
    """Hash passwords with a fast hasher in every test: the default one takes most of a second
    per account and per login, and no test is about hashing."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture
def open_period(period):
    """`period` (July-December 2020), open for reporting: reports can be started for it."""
    period.is_open = True
    period.save(update_fields=["is_open"])
    return period


@pytest.fixture
def coordinator_client(client, coordinator):
    """The test client, logged in as `coordinator`."""
    client.force_login(coordinator)
    return client


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Stored files (published reports' PDFs) go to a temporary folder, not the project's."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def api_throttle_in_tmp(settings, tmp_path):
    """The API's request counts (api/throttle.py) start afresh in each test, in its own folder:
    the default folder outlives a run and is shared by parallel workers."""
    throttle = {**settings.CACHES["api-throttle"], "LOCATION": str(tmp_path / "api-throttle")}
    settings.CACHES = {**settings.CACHES, "api-throttle": throttle}


@pytest.fixture(autouse=True)
def english_to_start_with():
    """A request for a /bg/ page leaves Bulgarian active in the test's thread (the locale
    middleware activates the page's language, and nothing switches it back), so that a later
    test's reverse() would give /bg/ addresses. Each test starts in English."""
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="class")
def nuts_loaded(django_db_setup, django_db_blocker):
    """The real NUTS list, loaded once for a class of tests, then rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_nuts", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogues():
    """Every compiled catalogue (not committed: `make messages` builds them), compiled now if
    one is missing or older than its .po, so that plain `pytest` works."""
    catalogues = Path(settings.BASE_DIR).glob("locale*/*/LC_MESSAGES/django.po")
    stale = [
        po.parts[-3]
        for po in catalogues
        if not po.with_suffix(".mo").exists()
        or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
    ]
    if stale:
        call_command("compilemessages", locale=stale, ignore_patterns=[".venv"], verbosity=0)
        # Forget catalogues loaded before the .mo existed.
        trans_real._translations = {}
        trans_real._default = None
        trans_real.translation_catalog_exists.cache_clear()  # check_for_language's cache
