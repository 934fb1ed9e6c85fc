"""Files attached to a report (issue 13): the mapping results, an agenda, a signed minute.

The row holds what the app needs to list, check and serve a file; the bytes are in the
annexes storage (reports/annex_storage.py) under a generated key, never under the name the
file came with, which is kept for display only.
"""

from __future__ import annotations

from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports.annex_files import ACCEPTED, FileKind
from reports.models.monitoring import CarriedOver, MonitoringReport

ANNEX_TITLE = 200
ANNEX_DESCRIPTION = 1_000


class Visibility(models.TextChoices):
    # Published with the report, for anyone to read.
    PUBLIC = "public", _("Public")
    # Like the self-assessment: read by the partnership's coordinators and the reviewers.
    CONFIDENTIAL = "confidential", _("Confidential")


class AnnexQuerySet(models.QuerySet["Annex"]):
    def public(self) -> Self:
        """The annexes the public may read: the public ones (the form's rule, reports/form.py)
        of published reports (MonitoringReport.objects.published)."""
        from reports.form import FORM  # the form is declared over the models

        return self.filter(
            visibility=FORM.annexes.public_visibility,
            report__in=MonitoringReport.objects.published(),
        )

    def total_size(self) -> int:
        return self.aggregate(total=Sum("size"))["total"] or 0


class Annex(CarriedOver):
    Visibility = Visibility

    report = models.ForeignKey(MonitoringReport, on_delete=models.CASCADE, related_name="annexes")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=ANNEX_TITLE)
    description = models.TextField(_("description"), max_length=ANNEX_DESCRIPTION, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    # Where the bytes are: generated (annex_files.storage_key), never derived from the name.
    file_key = models.CharField(_("storage key"), max_length=100, unique=True)
    display_name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("type"), max_length=10)  # a code of annex_files.ACCEPTED
    size = models.PositiveBigIntegerField(_("size"))
    # Checked before the file is served: bytes changed in storage are never handed out.
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    objects = AnnexQuerySet.as_manager()

    class Meta:
        ordering = ["report", "position", "pk"]
        verbose_name = _("annex")
        verbose_name_plural = _("annexes")
        constraints = [
            # Served only as one of these two; anything else would be neither listed nor hidden.
            models.CheckConstraint(
                condition=models.Q(visibility__in=Visibility.values),
                name="annex_visibility_known",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """Where it is served, to whoever may read it (reports/views/annexes.py)."""
        report = self.report
        return reverse(
            "reports:annex",
            kwargs={
                "slug": report.partnership.slug,
                "period": report.period.slug,
                "pk": self.pk,
                "filename": self.display_name,
            },
        )

    @property
    def file_kind(self) -> FileKind:
        return ACCEPTED[self.kind]

    @property
    def anchor(self) -> str:
        """What a reviewer's remark on it is anchored to (ReviewComment.anchor)."""
        from reports.form import FORM

        return f"{FORM.annexes.anchor_prefix}{self.pk}"

    @property
    def is_public(self) -> bool:
        from reports.form import FORM

        return self.visibility == FORM.annexes.public_visibility
