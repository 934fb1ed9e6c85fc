"""Two requests (or command runs) at the same moment, for the tests of what row locks and
unique constraints guarantee. On SQLite they need `sqlite_on_a_file`: the in-memory test
database is not shared between threads the way a file is."""

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connection, connections


def at_the_same_moment(work, calls):
    """`work(*arguments)` for each tuple of `calls`, each in its own thread, all released at
    once; returns when every one is done. Each thread closes its own database connection."""
    start_together = threading.Barrier(len(calls))

    def run(arguments):
        try:
            start_together.wait()
            work(*arguments)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(arguments,)) for arguments in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


@contextmanager
def sqlite_on_a_file(folder: Path) -> Iterator[None]:
    """On SQLite, the test database copied to a file in `folder`, which every connection
    opened meanwhile uses (in every thread, this one included), as production's does: a
    writer waits for another's lock there, where the in-memory database's shared cache
    answers "database table is locked" at once. For transactional tests (`transaction=True`),
    whose data is committed; on PostgreSQL it changes nothing."""
    if connection.vendor != "sqlite":
        yield
        return
    in_memory = connections[DEFAULT_DB_ALIAS]
    in_memory.ensure_connection()
    path = folder / "concurrency.sqlite3"
    with sqlite3.connect(path) as on_file:
        in_memory.connection.backup(on_file)
    settings = in_memory.settings_dict  # shared with the connections opened from it
    name = settings["NAME"]
    settings["NAME"] = str(path)
    del connections[DEFAULT_DB_ALIAS]  # this thread's next query opens the file too
    try:
        yield
    finally:
        connections[DEFAULT_DB_ALIAS].close()
        settings["NAME"] = name
        connections[DEFAULT_DB_ALIAS] = in_memory
