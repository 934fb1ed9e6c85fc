"""What JRC reviewers add to a report: remarks anchored to fields or rows, their own notes,
the frozen version of every submission, and the reminders sent to coordinators."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from reports.models.monitoring import MonitoringReport, ReportingPeriod
from reports.models.partnerships import Partnership

if TYPE_CHECKING:
    from reports.versions import Diff

COMMENT_LENGTH = 5_000


class ReportVersion(models.Model):
    """A submission, frozen: every section, table and rating as it was sent (reports/versions.py).

    Never changed once written; diffs between versions and periods are computed from these.
    """

    report = models.ForeignKey(MonitoringReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("submission"))
    submitted_at = models.DateTimeField(_("submitted"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    content = models.JSONField(_("content"))

    class Meta:
        ordering = ["report", "number"]
        verbose_name = _("submitted version")
        verbose_name_plural = _("submitted versions")
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="reportversion_number_once"),
        ]

    def __str__(self) -> str:
        return f"{self.report} #{self.number}"

    def annexes(self) -> list[dict]:
        """The annexes as submitted (reports/versions.py `frozen_annex`), each with the
        address its frozen file is served at to the reviewers."""
        from reports.form import FORM  # the form is declared over the models

        report = self.report
        return [
            annex
            | {
                "url": reverse(
                    "reports:submitted_annex",
                    kwargs={
                        "slug": report.partnership.slug,
                        "period": report.period.slug,
                        "number": self.number,
                        "pk": annex["id"],
                        "filename": annex["name"],
                    },
                ),
                "confidential": annex["visibility"] != FORM.annexes.public_visibility,
            }
            for annex in self.content.get("annexes", [])
        ]


class ReviewComment(models.Model):
    """A reviewer's remark on one field or one table row of a report.

    `anchor` names what it is about: a field ("executive_summary"), a region list
    ("regions:lead"), a table row ("working_areas:42", by the row's id, which survives
    saves), the SDG matrix ("sdgs") or a self-assessment answer ("self_assessment:risks").
    """

    report = models.ForeignKey(
        MonitoringReport, on_delete=models.CASCADE, related_name="review_comments"
    )
    anchor = models.CharField(_("about"), max_length=80)
    text = models.TextField(_("remark"), max_length=COMMENT_LENGTH)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    # The submission the remark was made on: the reviewer compares the next one with it.
    version = models.ForeignKey(ReportVersion, on_delete=models.PROTECT, related_name="comments")
    addressed_at = models.DateTimeField(_("addressed"), null=True, blank=True)
    addressed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reply = models.TextField(_("reply"), max_length=COMMENT_LENGTH, blank=True)

    # Not stored: what the reviewers' page (reports/views/review.py) shows with a remark.
    label: str  # of the field or row it is about
    dom_id: str  # of that field or row on the page
    changes: Diff | None  # in that field or row since the remark's submission
    latest_number: int  # of the submission `changes` go up to

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("review remark")
        verbose_name_plural = _("review remarks")
        constraints = [
            models.CheckConstraint(condition=~models.Q(text=""), name="reviewcomment_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.anchor}: {self.text[:40]}"

    def clean(self) -> None:
        if not self.text.strip():
            raise ValidationError({"text": _("Write the remark.")})
        # full_clean does not check a TextField's max_length (only forms do): without this, a
        # 100 KB remark or reply sent around the forms would be stored.
        too_long = {
            name: _("At most %(limit)s characters are allowed; this has %(length)s.")
            % {"limit": COMMENT_LENGTH, "length": len(getattr(self, name))}
            for name in ("text", "reply")
            if len(getattr(self, name)) > COMMENT_LENGTH
        }
        if too_long:
            raise ValidationError(too_long)


class Recommendation(models.TextChoices):
    CONTINUE = "continue", _("Continue support")
    CONDITIONS = "conditions", _("Continue with conditions")
    DISCONTINUE = "discontinue", _("Discontinue")


class ReviewNote(models.Model):
    """The reviewers' own view of a report: never shown to coordinators or the public."""

    report = models.OneToOneField(
        MonitoringReport, on_delete=models.CASCADE, related_name="review_note"
    )
    internal_note = models.TextField(_("internal note"), max_length=20_000, blank=True)
    recommendation = models.CharField(
        _("recommendation for the next term"),
        max_length=20,
        choices=Recommendation.choices,
        blank=True,
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("reviewers' note")
        verbose_name_plural = _("reviewers' notes")

    def __str__(self) -> str:
        return str(self.report)


class Reminder(models.Model):
    """A deadline reminder mailed to a partnership's coordinators: at most one a day."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="reminders")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="reminders")
    sent_on = models.DateField(_("sent on"))
    wording = models.TextField(_("what it said"))

    class Meta:
        ordering = ["-sent_on"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            # send_reminders runs daily from cron, and may run twice: one mail a day at most.
            models.UniqueConstraint(
                fields=["partnership", "period", "sent_on"], name="one_reminder_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partnership} – {self.period} – {self.sent_on}"
