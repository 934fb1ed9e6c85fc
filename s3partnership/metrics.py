"""Metrics for Prometheus at /metrics, for operators only (README, "Running in production").

Requests answered, by view, method and status, and their durations by view. Under gunicorn
each worker process counts its own, in files of PROMETHEUS_MULTIPROC_DIR (gunicorn.conf.py
makes it), and /metrics sums them all.

/metrics answers only a request bearing METRICS_TOKEN (Authorization: Bearer …), or one made
straight from an address in METRICS_ALLOWED_IPS; everyone else gets the site's 404, as if
there were nothing there. A request that came through a proxy (X-Forwarded-For) is never let
in by its address: through a proxy on the same machine every visitor would be 127.0.0.1.
"""

import os
import secrets
import time
from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

REQUESTS = Counter(
    "s3pm_http_requests",
    "Requests answered, by view (URL name), method and status code.",
    ["view", "method", "status"],
)
DURATION = Histogram(
    "s3pm_http_request_duration_seconds",
    "Time from the request reaching the app to its response, by view (URL name).",
    ["view"],
    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
# Anything else a client sends counts as OTHER: a label per invented method would let
# anyone grow the metrics without end. The same goes for addresses that match no view.
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


Handler = Callable[[HttpRequest], HttpResponse]


def count_requests(get_response: Handler) -> Handler:
    def middleware(request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = get_response(request)
        match = request.resolver_match
        view = match.view_name if match else "unmatched"
        method = request.method if request.method in METHODS else "OTHER"
        REQUESTS.labels(view, method, str(response.status_code)).inc()
        DURATION.labels(view).observe(time.perf_counter() - started)
        return response

    return middleware


def operator_asks(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    if token and secrets.compare_digest(
        request.headers.get("Authorization", "").encode(), f"Bearer {token}".encode()
    ):
        return True
    return (
        "X-Forwarded-For" not in request.headers
        and request.META.get("REMOTE_ADDR") in settings.METRICS_ALLOWED_IPS
    )


def registry() -> CollectorRegistry:
    """Every worker's counts under gunicorn; this process's alone elsewhere (tests, runserver)."""
    if "PROMETHEUS_MULTIPROC_DIR" not in os.environ:
        return REGISTRY
    workers = CollectorRegistry()
    multiprocess.MultiProcessCollector(workers)
    return workers


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    if not operator_asks(request):
        raise Http404
    return HttpResponse(generate_latest(registry()), content_type=CONTENT_TYPE_LATEST)
