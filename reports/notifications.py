"""Mails about reports. Each is three templates, emails/<name>_subject.txt, .txt and .html,
rendered with the report, a link to act on it and whatever the event adds.

Each recipient reads it in the language they chose (User.language): one mail per language
among the recipients, its words, dates and links in that language. The language of the page
the sender was using says nothing of the recipients'.
"""

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from reports.anchors import anchors
from s3partnership.reviewing_body import reviewing_body

logger = logging.getLogger(__name__)


def absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def report_kwargs(report):
    return {"slug": report.partnership.slug, "period": report.period.slug}


def send(name: str, recipients: Iterable[User], make_context: Callable[[], dict[str, Any]]) -> int:
    """Mail `name` to `recipients`, one message per language among them, each made with
    `make_context()` called in that language (its links and dates are the language's).
    Returns how many messages were sent."""
    sent = 0
    for language, addresses in sorted(addresses_by_language(recipients).items()):
        with translation.override(language):
            # What the pages get from the context processors, which mails are rendered without.
            context = {"reviewing_body": reviewing_body(), **make_context()}
            subject = " ".join(render_to_string(f"emails/{name}_subject.txt", context).split())
            message = EmailMultiAlternatives(
                subject, render_to_string(f"emails/{name}.txt", context), to=addresses
            )
            message.attach_alternative(
                render_to_string(f"emails/{name}.html", context), "text/html"
            )
            sent += message.send()
    return sent


def addresses_by_language(recipients: Iterable[User]) -> dict[str, list[str]]:
    """{language: sorted addresses} of the recipients who have an address."""
    by_language = defaultdict(set)
    for user in recipients:
        if user.email:
            by_language[user.language].add(user.email)
    return {language: sorted(addresses) for language, addresses in by_language.items()}


def send_after_commit(name, recipients, make_context):
    """`send`, for the mails that follow a state change already committed, sent by the task
    worker (reports.tasks.workflow_mail). A mail server that is down is said in the log, for
    the administrators, and the task fails, to be tried again later."""
    try:
        return send(name, recipients, make_context)
    except OSError:  # smtplib's errors, refused and timed-out connections
        logger.exception("The %s mail could not be sent.", name)
        raise


def reviewers():
    return User.objects.filter(role=User.Role.REVIEWER, is_active=True)


def coordinators(report):
    return report.partnership.reporting_coordinators()


def coordinator_context(report, **extra):
    url = reverse("reports:wizard_step", kwargs={**report_kwargs(report), "step": "review"})
    return {"report": report, "url": absolute(url), **extra}


def report_submitted(report, version):
    def context():
        url = absolute(reverse("reports:review_report", kwargs=report_kwargs(report)))
        return {"report": report, "version": version, "url": url}

    return send_after_commit("report_submitted", reviewers(), context)


def report_returned(report, transition):
    remarks = list(report.review_comments.filter(addressed_at__isnull=True))

    def context():
        # Each remark says which question it is about, in the mail's language.
        labels = anchors(report) if remarks else {}
        for remark in remarks:
            remark.about = labels.get(remark.anchor, "")
        return coordinator_context(report, transition=transition, remarks=remarks)

    return send_after_commit("report_returned", coordinators(report), context)


def report_accepted(report, transition):
    return send_after_commit(
        "report_accepted",
        coordinators(report),
        lambda: coordinator_context(report, transition=transition),
    )


def report_published(report, transition):
    def context():
        public_url = absolute(report.partnership.get_absolute_url())
        return coordinator_context(report, transition=transition, public_url=public_url)

    return send_after_commit("report_published", coordinators(report), context)
