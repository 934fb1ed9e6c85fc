"""gunicorn's settings for S3 Partnership Monitor (README, "Running in production").

gunicorn reads this file by itself when started from the project's folder:
`gunicorn s3partnership.wsgi`. Options given on the command line or in GUNICORN_CMD_ARGS
take precedence over it. No Django here: the file is read before the app is loaded. A wrong
value stops gunicorn with a message naming its variable.
"""

import os
import shutil
import tempfile
from pathlib import Path


def _whole_number(name: str, default: int) -> int:
    raw = os.environ.get(name) or str(default)
    if not raw.isdigit() or int(raw) < 1:
        raise SystemExit(f"{name}={raw!r} must be a whole number, 1 or more.")
    return int(raw)


# Where gunicorn listens. Behind a reverse proxy on the same machine, this address; in a
# container, 0.0.0.0:8001 (GUNICORN_BIND).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")

# Sync workers, one request each at a time: gunicorn's advice of 2 × cores + 1, for requests
# that wait on the database part of their time. The proxy in front buffers slow clients, so
# a worker is never held by a slow connection. WEB_CONCURRENCY overrides the count.
workers = _whole_number("WEB_CONCURRENCY", 2 * (os.process_cpu_count() or 1) + 1)

# A worker silent this long is killed and replaced. Generous, for the slowest request: a long
# report's PDF rendered as it is published.
timeout = _whole_number("GUNICORN_TIMEOUT", 60)
# On SIGTERM (a deploy, a restart), workers finish the requests in flight for this long.
graceful_timeout = 30
# Connections kept open between requests from the proxy.
keepalive = 5
# A worker is replaced after about this many requests, so that memory a rendering library
# holds on to (WeasyPrint, Pillow) is given back; the jitter keeps them from restarting together.
max_requests = 1000
max_requests_jitter = 100

# The addresses whose X-Forwarded-Proto gunicorn believes: only the reverse proxy's. gunicorn
# then hands Django https as the request's scheme, which request.is_secure() reads. "*" only
# when nothing but the proxy can reach gunicorn (a private network, a container's port).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# The access log on stdout, gunicorn's own messages on stderr, both one JSON object a line
# like the app's (s3partnership/json_logs.py).
accesslog = "-"
errorlog = "-"

logger_class = "s3partnership.json_logs.GunicornJsonLogger"

# No control socket (gunicornc): its default path is one per user, which every gunicorn of
# that user on the machine would share (two instances, the benchmark's, the tests'). Signals
# do the same work: HUP reloads, TERM stops gracefully, TTIN/TTOU add or remove a worker.
control_socket_disable = True


# Metrics (s3partnership/metrics.py): each worker counts in files of PROMETHEUS_MULTIPROC_DIR,
# which /metrics sums, whichever worker answers it. Set before any worker loads the app;
# emptied at each start, as prometheus_client asks, since the counts begin again at zero.
def on_starting(server) -> None:
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        for counts in Path(folder).glob("*.db"):
            counts.unlink()
    else:
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="s3pm-metrics-")
        server.made_metrics_folder = os.environ["PROMETHEUS_MULTIPROC_DIR"]


def on_exit(server) -> None:
    if folder := getattr(server, "made_metrics_folder", None):
        shutil.rmtree(folder, ignore_errors=True)
