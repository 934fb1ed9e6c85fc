"""Two requests (or command runs) at the same moment, for the tests of what row locks and
unique constraints guarantee. They need PostgreSQL: the in-memory SQLite test database is
not shared between threads."""

import threading

from django.db import connection


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
