"""The settings `make bench` serves and measures with (bench/run.py): the project's own, as
production runs them (DEBUG off), on one of the benchmark's SQLite files under bench/.data/,
never the project's database; and a URLconf with the bare view the pages are compared to.
"""

import os
from pathlib import Path

DATA = Path(__file__).resolve().parent / ".data"

# Set before the project's settings read the environment (s3partnership/env.py).
os.environ["DEBUG"] = "false"
# Served over plain HTTP on localhost: no redirect to https://, cookies by their plain names.
os.environ["HTTPS_ONLY"] = "false"
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key")
os.environ.setdefault("LOG_LEVEL", "WARNING")
# A file name, not a path nor a URL: whatever DATABASE_URL says, the benchmark reads and writes
# its own files only. `make load` may name a PostgreSQL database of its own instead, by a
# variable of its own (LOAD_DATABASE_URL, bench/load.py), never by DATABASE_URL.
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or (
    f"sqlite:///{DATA / Path(os.environ['BENCH_DATABASE']).name}"
)

from s3partnership.settings import *  # noqa: E402, F403

ROOT_URLCONF = "bench.urls"
STATIC_ROOT = DATA / "static"
MEDIA_ROOT = DATA / "media"
