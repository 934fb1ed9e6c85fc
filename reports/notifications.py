"""Mails about reports. Each is three templates, emails/<name>_subject.txt, .txt and .html,
rendered with the report, a link to act on it and whatever the event adds."""

import logging
from functools import wraps

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


def send(name, recipients, context):
    addresses = sorted({user.email for user in recipients if user.email})
    if not addresses:
        return 0
    # What the pages get from the context processors, which mails are rendered without.
    context = {"reviewing_body": reviewing_body(), **context}
    subject = " ".join(render_to_string(f"emails/{name}_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject, render_to_string(f"emails/{name}.txt", context), to=addresses
    )
    message.attach_alternative(render_to_string(f"emails/{name}.html", context), "text/html")
    return message.send()


def send_after_commit(name, recipients, context):
    """`send`, for the mails that follow a state change already committed. A mail server that
    is down must not turn a submission that went through into an error page (the callback
    runs inside the request); it is logged instead, for the administrators."""
    try:
        return send(name, recipients, context)
    except OSError:  # smtplib's errors, refused and timed-out connections
        logger.exception("The %s mail could not be sent.", name)
        return 0


def in_working_language(notify):
    """Mails are in English, the partnerships' working language, as the reminders are, with
    English links: the language of the page the sender was using says nothing of the
    recipients'."""

    @wraps(notify)
    def in_english(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return notify(*args, **kwargs)

    return in_english


def reviewers():
    return User.objects.filter(role=User.Role.REVIEWER, is_active=True)


def coordinators(report):
    return report.partnership.reporting_coordinators()


def coordinator_context(report, **extra):
    url = reverse("reports:wizard_step", kwargs={**report_kwargs(report), "step": "review"})
    return {"report": report, "url": absolute(url), **extra}


@in_working_language
def report_submitted(report, version):
    url = absolute(reverse("reports:review_report", kwargs=report_kwargs(report)))
    return send_after_commit(
        "report_submitted", reviewers(), {"report": report, "version": version, "url": url}
    )


@in_working_language
def report_returned(report, transition):
    remarks = list(report.review_comments.filter(addressed_at__isnull=True))
    labels = anchors(report) if remarks else {}
    for remark in remarks:
        remark.about = labels.get(remark.anchor, "")
    context = coordinator_context(report, transition=transition, remarks=remarks)
    return send_after_commit("report_returned", coordinators(report), context)


@in_working_language
def report_accepted(report, transition):
    return send_after_commit(
        "report_accepted", coordinators(report), coordinator_context(report, transition=transition)
    )


@in_working_language
def report_published(report, transition):
    public_url = absolute(report.partnership.get_absolute_url())
    context = coordinator_context(report, transition=transition, public_url=public_url)
    return send_after_commit("report_published", coordinators(report), context)
