"""`make backup` and `make restore` (s3partnership/backups.py, README "Backups"), on the database
the suite runs on: SQLite in `make test`, PostgreSQL when DATABASE_URL points at one (.ci/run
runs both). The backups are made and restored by the real tools (SQLite's backup API,
pg_dump and pg_restore) on the test database, whose rows are committed (transactional_db)."""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command, load_command_class
from django.db import connection, connections

from reports.models import MonitoringReport, Partnership, ThematicPlatform

pytestmark = pytest.mark.django_db(transaction=True)

OTHER_KIND = {"sqlite": "postgresql", "postgresql": "sqlite"}


def back_up(directory: Path) -> Path:
    call_command("backup_database", directory=directory, stdout=(out := StringIO()))
    return Path(out.getvalue().strip())


def restore(backup: Path) -> None:
    call_command("restore_database", str(backup), interactive=False, stdout=StringIO())


def test_a_restore_brings_back_what_was_changed_and_deleted_since_the_backup(report, tmp_path):
    backup = back_up(tmp_path)
    Partnership.objects.filter(pk=report.partnership.pk).update(short_name="Renamed")
    MonitoringReport.objects.all().delete()
    ThematicPlatform.objects.create(code="NEW", name="Made after the backup")

    restore(backup)

    assert Partnership.objects.get().short_name == "Cybersecurity"
    assert MonitoringReport.objects.get().pk == report.pk
    assert not ThematicPlatform.objects.filter(code="NEW").exists()
    # The database goes on working after the restore: its sequences came back too.
    ThematicPlatform.objects.create(code="AFTER", name="Made after the restore")


def test_a_backup_is_named_for_the_database_kind_and_the_time_and_goes_to_var_backups(db, tmp_path):
    backup = back_up(tmp_path)

    kind = connection.vendor
    assert backup.parent == tmp_path
    assert backup.name.startswith(f"s3pm-{kind}-20")
    # Only the backup: the partial file it was written to is gone.
    assert list(tmp_path.iterdir()) == [backup]
    command = load_command_class("reports", "backup_database")
    parser = command.create_parser("manage.py", "backup_database")
    assert parser.get_default("directory") == settings.BASE_DIR / "var" / "backups"


def test_a_backup_taken_during_a_save_holds_what_was_committed_not_the_save(platform, tmp_path):
    with _open_transaction() as saving:
        saving.execute(
            "UPDATE reports_thematicplatform SET name = 'Half-way' WHERE id = %s", [platform.pk]
        )
        backup = back_up(tmp_path)
    ThematicPlatform.objects.update(name="Changed later")

    restore(backup)

    assert ThematicPlatform.objects.get().name == "Industrial Modernisation"


def test_a_missing_file_is_refused(platform, tmp_path):
    with pytest.raises(CommandError, match="No backup at .*missing"):
        restore(tmp_path / "missing.dump")

    assert ThematicPlatform.objects.get() == platform


def test_a_file_that_is_not_a_backup_is_refused(platform, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("Not a database.")

    with pytest.raises(CommandError, match="is not a backup"):
        restore(text)

    assert ThematicPlatform.objects.get() == platform


def test_a_backup_of_the_other_kind_of_database_is_refused(platform, tmp_path):
    other = OTHER_KIND[connection.vendor]
    backup = tmp_path / f"s3pm-{other}-20261203T092500Z"
    if other == "sqlite":
        with sqlite3.connect(backup) as database:
            database.execute("CREATE TABLE django_migrations (id INTEGER)")
    else:
        backup.write_bytes(b"PGDMP" + bytes(100))

    with pytest.raises(CommandError, match=f"(?i)is a {other} backup; the database is"):
        restore(backup)

    assert ThematicPlatform.objects.get() == platform


def test_a_backup_of_another_database_than_this_project_is_refused(platform, tmp_path):
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE django_migrations RENAME TO not_django")
    try:
        foreign = back_up(tmp_path)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE not_django RENAME TO django_migrations")
    ThematicPlatform.objects.update(name="Changed")

    with pytest.raises(CommandError, match="not a backup of this project"):
        restore(foreign)

    assert ThematicPlatform.objects.get().name == "Changed"


def test_a_damaged_backup_changes_nothing(report, tmp_path):
    """Cut short as by a full disk: the restore fails, and the database is as it was, not
    cleared half-way. A dump made by pg_dump ends with the last table's rows, so PostgreSQL's
    restore fails after it has begun (and is undone: one transaction); SQLite's file, cut in
    half, fails its check before anything is copied in."""
    backup = back_up(tmp_path)
    contents = backup.read_bytes()
    backup.write_bytes(
        contents[:-20] if connection.vendor == "postgresql" else contents[: len(contents) // 2]
    )
    MonitoringReport.objects.all().delete()
    ThematicPlatform.objects.create(code="NEW", name="Made after the backup")

    with pytest.raises(CommandError, match="damaged|failed, nothing was changed"):
        restore(backup)

    assert not MonitoringReport.objects.exists()
    assert ThematicPlatform.objects.filter(code="NEW").exists()
    assert Partnership.objects.get().short_name == "Cybersecurity"


@contextmanager
def _open_transaction() -> Iterator:
    """A cursor of another connection, inside a transaction that is never committed: a
    coordinator's save still under way."""
    other = connections.create_connection("default")
    try:
        other.set_autocommit(False)
        with other.cursor() as cursor:
            yield cursor
        other.rollback()
    finally:
        other.close()
