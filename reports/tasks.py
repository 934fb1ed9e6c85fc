"""Work that must not hold up a request, run by the task worker (`manage.py db_worker`,
`make worker`) from the queue in the database (django-tasks-db; README, "Background tasks").

- a publication's outputs in each language: the PDF, the stored public page and the
  timeline entry (`publication_outputs`, one task per language, English first);
- the open data files, after a publication or a withdrawal (`open_data_files`);
- the workflow's mails (`workflow_mail`).

Each task takes ids, never objects (it runs later, in another process, and must read the
database as it is then), and is idempotent: run twice, it leaves the same state, and it does
nothing when its outputs are already fresh. Whatever it writes is written whole or not at
all (a PDF under a new name, then pointed to; the open data in a folder of its own, then
named by its rows), so a worker that dies mid-task leaves the task to be run again, never a
half-written file. A task that fails is tried again later, each time after twice the delay
(`retried`); after `MAX_ATTEMPTS` it stays failed, in the admin, where an administrator can
queue it again.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.tasks import Task, TaskContext, task
from django.tasks.base import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from opendata import files as open_data
from reports import notifications, published_pages
from reports.models import MonitoringReport, ReportTransition, ReportVersion
from reports.pdf import current_pdf, find_published_report

logger = logging.getLogger(__name__)

# How often a task is tried in all, and how long after its first failure it is tried again;
# each later attempt waits twice as long as the one before (1, 2, 4, 8 minutes).
MAX_ATTEMPTS = 5
FIRST_RETRY_DELAY = datetime.timedelta(minutes=1)
# The publication language's outputs are queued before the others': the public page links it.
FIRST_LANGUAGE_PRIORITY = 10


def retry_delay(attempt: int) -> datetime.timedelta:
    """How long after failed attempt number `attempt` (1, 2, …) the next one runs."""
    return FIRST_RETRY_DELAY * 2 ** (attempt - 1)


def retried(function: Callable[..., Any]) -> Task[..., Any]:
    """`function` as a task that, should it fail, queues itself again after `retry_delay`,
    until it has been tried `MAX_ATTEMPTS` times. Each failed attempt is recorded (a failed
    result row, with its traceback) and the attempt's number is the task's `attempt` argument.
    A backend that cannot run a task later (the tests' immediate one) does not retry."""

    def attempt_once(context: TaskContext, *args: Any, attempt: int = 1, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except Exception:
            retry_later(context, attempt)
            raise

    # Named as `function`, so that the worker finds the task by its module and name; its own
    # signature kept (not functools.wraps'), which says that it takes the context first.
    for attribute in ("__module__", "__name__", "__qualname__", "__doc__"):
        setattr(attempt_once, attribute, getattr(function, attribute))
    return task(takes_context=True)(attempt_once)


def retry_later(context: TaskContext, attempt: int) -> None:
    result = context.task_result
    name = result.task.name
    if attempt >= MAX_ATTEMPTS or not result.task.get_backend().supports_defer:
        logger.error("Task %s %s failed for good (attempt %s).", name, result.args, attempt)
        return
    run_after = timezone.now() + retry_delay(attempt)
    kwargs = {**result.kwargs, "attempt": attempt + 1}
    result.task.using(run_after=run_after).enqueue(*result.args, **kwargs)
    logger.warning(
        "Task %s %s failed (attempt %s of %s); tried again after %s.",
        name,
        result.args,
        attempt,
        MAX_ATTEMPTS,
        run_after.isoformat(),
    )


def queue_again(result: DBTaskResult) -> None:
    """Queue a failed task again, from its first attempt (the admin's Retry)."""
    kwargs = {key: value for key, value in result.args_kwargs["kwargs"].items() if key != "attempt"}
    result.task.using(run_after=None).enqueue(*result.args_kwargs["args"], **kwargs)


# --- Publication ------------------------------------------------------------------------------


def queue_publication_outputs(report: MonitoringReport) -> None:
    """Queue the outputs of a report just published, in every language of
    `publication_languages`, the first one first. Called once the publication has committed."""
    first, *others = publication_languages()
    publication_outputs.using(priority=FIRST_LANGUAGE_PRIORITY).enqueue(report.pk, first)
    for language in others:
        publication_outputs.enqueue(report.pk, language)


def publication_languages() -> list[str]:
    """The site's languages, the publication language (the partnerships' working one) first."""
    codes = [code for code, _name in settings.LANGUAGES]
    return sorted(codes, key=lambda code: code != settings.LANGUAGE_CODE)


@retried
def publication_outputs(report_id: int, language: str) -> None:
    """The published report's PDF, public page and timeline entry in `language`, each made
    only if the one stored is not of the report's latest publication (a page: or was made by
    other code). Nothing when the report is no longer published."""
    report = (
        MonitoringReport.objects.published()
        .select_related("partnership", "period")
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        logger.info("Report %s is no longer published: nothing to make.", report_id)
        return
    current_pdf(find_published_report(report.partnership.slug, report.period.slug), language)
    published_pages.store_published(report, language)


# --- Open data --------------------------------------------------------------------------------


@retried
def open_data_files() -> None:
    """The open data files made again if the published reports changed since they were made."""
    open_data.ensure_fresh()


# --- Mails ------------------------------------------------------------------------------------

# What each workflow mail is about: the submission's frozen version, or the transition.
MAILS: dict[str, Callable[[int], int]] = {
    "report_submitted": lambda pk: notifications.report_submitted(
        *_about_version(ReportVersion.objects.select_related("report").get(pk=pk))
    ),
    "report_returned": lambda pk: notifications.report_returned(*_about(pk)),
    "report_accepted": lambda pk: notifications.report_accepted(*_about(pk)),
    "report_published": lambda pk: notifications.report_published(*_about(pk)),
}


def _about(transition_id: int) -> tuple[MonitoringReport, ReportTransition]:
    transition = ReportTransition.objects.select_related("report").get(pk=transition_id)
    return transition.report, transition


def _about_version(version: ReportVersion) -> tuple[MonitoringReport, ReportVersion]:
    return version.report, version


@retried
def workflow_mail(name: str, about_id: int) -> int:
    """Send the workflow mail `name` (one of `MAILS`) about the version or transition
    `about_id`, unless a worker has sent it already. Returns how many messages were sent."""
    if already_sent(name, about_id):
        logger.info("The %s mail about %s was sent already.", name, about_id)
        return 0
    return MAILS[name](about_id)


def already_sent(name: str, about_id: int) -> bool:
    """Whether an earlier run of `workflow_mail` for the same event finished: its result
    row says so (the queue in the database keeps them; an immediate backend keeps none)."""
    return DBTaskResult.objects.filter(
        task_path=workflow_mail.module_path,
        status=TaskResultStatus.SUCCESSFUL,
        args_kwargs__args__0=name,
        args_kwargs__args__1=about_id,
    ).exists()


def queue_mail(name: str, about_id: int) -> None:
    """Queue a workflow mail once the change it tells of has committed. Should the queue
    refuse it, that is logged for the administrators: the change itself went through."""
    transaction.on_commit(lambda: workflow_mail.enqueue(name, about_id), robust=True)
