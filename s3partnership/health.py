"""Health endpoints for load balancers and orchestrators (README, "Running in production").

`/health/` says the process answers, and asks nothing else: a liveness probe must not
restart a server because its database is away. `/health/ready/` asks everything a request
needs (READY_CHECKS) and answers 503 while any of it fails, so that a load balancer sends
requests elsewhere. Both answer JSON.
"""

import asyncio
import dataclasses
import datetime
from typing import Any

from django.db.models import Q
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django_tasks_db.models import DBTaskResult, get_date_max
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView


@dataclasses.dataclass
class TaskWorker(HealthCheck):
    """The task worker keeps up: no task has been due for longer than `lag`. django-tasks-db
    keeps no heartbeat of its workers, so a dead or stuck worker shows as a queue nobody
    works (README, "Background tasks")."""

    lag: datetime.timedelta = datetime.timedelta(minutes=5)

    def run(self) -> None:
        cutoff = timezone.now() - self.lag
        # A task due at once has run_after set to the largest date; one retried later, a date.
        overdue = DBTaskResult.objects.ready().filter(
            Q(run_after=get_date_max(), enqueued_at__lte=cutoff) | Q(run_after__lte=cutoff)
        )
        if overdue.exists():
            raise ServiceUnavailable(f"tasks have waited more than {self.lag} for a worker")


# What serving a request needs; django-health-check's checks, or our own subclasses of its
# HealthCheck. The storage checks write, read back and delete a small file in each storage.
READY_CHECKS: list[str | tuple[str, dict[str, Any]]] = [
    "health_check.checks.Database",
    ("health_check.checks.Storage", {"alias": "pdfs"}),
    ("health_check.checks.Storage", {"alias": "annexes"}),
    ("health_check.checks.Storage", {"alias": "opendata"}),
    "s3partnership.health.TaskWorker",
]


@never_cache
def alive(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


class Ready(HealthCheckView):
    """Every check in READY_CHECKS, run concurrently; JSON whatever the Accept header says."""

    checks = READY_CHECKS

    async def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
        with self.get_executor() as executor:
            results = await asyncio.gather(
                *(check.get_result(executor) for check in self.get_checks())
            )
        failed = any(result.error for result in results)
        return JsonResponse(
            {
                "status": "unavailable" if failed else "ok",
                "checks": {
                    repr(result.check): str(result.error) if result.error else "ok"
                    for result in results
                },
            },
            status=503 if failed else 200,
        )
