"""Backups of the database the settings point at, and restoring one (README, "Backups").

SQLite is copied with its online backup API, which reads one consistent snapshot while the
app goes on writing (WAL lets readers and a writer work at once). PostgreSQL is dumped with
`pg_dump --format=custom` and restored with `pg_restore --clean --if-exists` in a single
transaction. Either way a restore is all or nothing: a backup that fails half-way through
leaves the database as it was.

A backup is recognised by its content, not its name: a SQLite file starts with "SQLite
format 3", a custom-format dump with "PGDMP"; and a backup of this project holds Django's
`django_migrations` table.
"""

import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections

DEFAULT_DIRECTORY = settings.BASE_DIR / "var" / "backups"


class BackupError(Exception):
    """A backup or restore refused or failed; the message says why, for an operator."""


class Kind(StrEnum):
    """The database a backup is of, by what its file starts with."""

    SQLITE = "sqlite"
    POSTGRESQL = "postgresql"

    @property
    def magic(self) -> bytes:
        return {Kind.SQLITE: b"SQLite format 3\0", Kind.POSTGRESQL: b"PGDMP"}[self]

    @property
    def label(self) -> str:
        return {Kind.SQLITE: "SQLite", Kind.POSTGRESQL: "PostgreSQL"}[self]

    @property
    def suffix(self) -> str:
        return {Kind.SQLITE: ".sqlite3", Kind.POSTGRESQL: ".dump"}[self]

    @classmethod
    def of_database(cls, alias: str) -> "Kind":
        engine = connections[alias].vendor
        if engine not in {kind.value for kind in cls}:
            raise BackupError(f"Backups of a {engine} database are not supported.")
        return cls(engine)

    @classmethod
    def of_file(cls, path: Path) -> "Kind | None":
        with path.open("rb") as file:
            start = file.read(16)
        return next((kind for kind in cls if start.startswith(kind.magic)), None)


def describe(alias: str = "default") -> str:
    """The database, as an operator knows it: "the SQLite database /srv/db.sqlite3"."""
    database = connections[alias].settings_dict
    where = f" on {database['HOST']}" if database.get("HOST") else ""
    return f"the {Kind.of_database(alias).label} database {database['NAME']}{where}"


# --- Backing up --------------------------------------------------------------------------------


def back_up(directory: Path = DEFAULT_DIRECTORY, alias: str = "default") -> Path:
    """Back the database up into a new file in `directory`, named for the database's kind and
    the time (UTC), e.g. `s3pm-sqlite-20261203T092500Z.sqlite3`; return its path.

    The file gets its name only once complete, so a backup interrupted half-way never looks
    like a backup; an existing file is never overwritten; and only its owner may read it
    (mkstemp's mode 0600): it holds personal data and confidential self-assessments."""
    kind = Kind.of_database(alias)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = directory / f"s3pm-{kind}-{stamp}{kind.suffix}"
    if target.exists():
        raise BackupError(f"{target} exists already; try again in a second.")
    with _scratch_file(directory, kind.suffix) as partial:
        {Kind.SQLITE: _back_up_sqlite, Kind.POSTGRESQL: _back_up_postgresql}[kind](alias, partial)
        partial.rename(target)
    return target


def _back_up_sqlite(alias: str, target: Path) -> None:
    with (
        closing(_open_sqlite(alias)) as live,
        closing(sqlite3.connect(target)) as copy,
    ):
        # In one step (pages=-1, the default): one consistent snapshot of what was committed.
        live.backup(copy)
        # One self-contained file, whatever the live database's journal mode.
        copy.execute("PRAGMA journal_mode=DELETE")


def _back_up_postgresql(alias: str, target: Path) -> None:
    _run_postgresql_tool(
        ["pg_dump", "--format=custom", f"--file={target}"],
        connections[alias].settings_dict,
    )


# --- Restoring ---------------------------------------------------------------------------------


def restore(backup: Path, alias: str = "default") -> None:
    """Replace the database's contents with `backup`'s, all or nothing.

    Refuses a missing file, a file that is no backup of this project, and a backup of the
    other kind of database."""
    check_backup(backup, alias)
    # Django's connections in this process must not hold a transaction the restore waits for.
    connections[alias].close()
    restore_kind = {Kind.SQLITE: _restore_sqlite, Kind.POSTGRESQL: _restore_postgresql}
    restore_kind[Kind.of_database(alias)](backup, alias)


def check_backup(backup: Path, alias: str = "default") -> None:
    """Refuse, before anything is asked or changed, a missing file, a file that is not a
    backup, and a backup of the other kind of database. (Whether it is whole and of this
    project is checked by the restore itself.)"""
    kind = Kind.of_database(alias)
    if not backup.is_file():
        raise BackupError(f"No backup at {backup}.")
    found = Kind.of_file(backup)
    if found is None:
        raise BackupError(f"{backup} is not a backup (neither SQLite nor a pg_dump custom dump).")
    if found != kind:
        raise BackupError(
            f"{backup} is a {found.label} backup; the database is {kind.label}. Restore it "
            f"into a {found.label} database (DATABASE_URL), or take a {kind.label} backup."
        )


def _restore_sqlite(backup: Path, alias: str) -> None:
    """The backup is checked on a scratch copy (so the backup file itself is never written to),
    then copied into the live database by SQLite's backup API, in one write transaction.

    Not by renaming the copy over the live file: the server's processes would go on writing
    to the old, unlinked file, and the live file's WAL would be applied to the new one."""
    with _scratch_file(Path(tempfile.gettempdir()), ".sqlite3") as scratch:
        shutil.copyfile(backup, scratch)
        with closing(sqlite3.connect(scratch)) as copy:
            _check_sqlite_backup(copy, backup)
            with closing(_open_sqlite(alias)) as live:
                copy.backup(live)


def _check_sqlite_backup(copy: sqlite3.Connection, backup: Path) -> None:
    try:
        # The storage is checked, not the CHECK constraints: they call functions Django adds
        # to its own connections (REGEXP), and were checked when the rows were written.
        copy.execute("PRAGMA ignore_check_constraints=ON")
        (verdict,) = copy.execute("PRAGMA integrity_check").fetchone()
        tables = {row[0] for row in copy.execute("SELECT name FROM sqlite_schema")}
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{backup} is damaged: {error}.") from None
    if verdict != "ok":
        raise BackupError(f"{backup} is damaged: {verdict}.")
    if "django_migrations" not in tables:
        raise BackupError(f"{backup} is a SQLite database, but not a backup of this project.")


def _restore_postgresql(backup: Path, alias: str) -> None:
    database = connections[alias].settings_dict
    contents = _run_postgresql_tool(["pg_restore", "--list", str(backup)], database)
    if " TABLE public django_migrations " not in contents:
        raise BackupError(f"{backup} is a PostgreSQL dump, but not a backup of this project.")
    # --single-transaction: a dump that fails half-way (damaged, cut short) changes nothing.
    _run_postgresql_tool(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--no-owner",
            f"--dbname={database['NAME']}",
            str(backup),
        ],
        database,
    )


# --- Helpers -----------------------------------------------------------------------------------


def _open_sqlite(alias: str) -> sqlite3.Connection:
    """A connection of its own to the database's file, waiting for a writer as the app does."""
    database = connections[alias].settings_dict
    path = Path(database["NAME"])
    if not path.is_file():
        raise BackupError(f"The SQLite database {path} does not exist (or is in memory).")
    return sqlite3.connect(path, timeout=database.get("OPTIONS", {}).get("timeout", 20))


@contextmanager
def _scratch_file(directory: Path, suffix: str) -> Iterator[Path]:
    """An empty file in `directory` that nothing else uses, removed on leaving."""
    descriptor, name = tempfile.mkstemp(dir=directory, prefix=".partial-", suffix=suffix)
    os.close(descriptor)
    try:
        yield Path(name)
    finally:
        Path(name).unlink(missing_ok=True)


def _run_postgresql_tool(command: list[str], database: Mapping[str, Any]) -> str:
    """Run pg_dump or pg_restore on `database` (connection settings passed as libpq's
    environment variables, the password never on the command line); return its output."""
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} is not installed: install PostgreSQL's client tools "
            f"(Debian: postgresql-client), of the server's major version or newer."
        )
    environment = {**os.environ, **_libpq_environment(database)}
    done = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed, nothing was changed:\n{done.stderr.strip()}")
    return done.stdout


def _libpq_environment(database: Mapping[str, Any]) -> dict[str, str]:
    variables = {
        "HOST": "PGHOST",
        "PORT": "PGPORT",
        "USER": "PGUSER",
        "PASSWORD": "PGPASSWORD",
        "NAME": "PGDATABASE",
    }
    environment = {name: str(database[key]) for key, name in variables.items() if database.get(key)}
    if sslmode := database.get("OPTIONS", {}).get("sslmode"):
        environment["PGSSLMODE"] = sslmode
    return environment
