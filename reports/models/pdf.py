from django.db import models
from django.utils.translation import gettext_lazy as _

from reports.models.monitoring import MonitoringReport


class StoredReportPDF(models.Model):
    """A published report's PDF as rendered when it was published (reports.pdf), served
    from storage until the report is published again."""

    report = models.OneToOneField(
        MonitoringReport, on_delete=models.CASCADE, related_name="stored_pdf"
    )
    file = models.FileField(_("file"), upload_to="reports/pdf/", max_length=255)
    # The file's ETag: its digest, so the same bytes always carry the same tag.
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    # The publication the file shows: a later publication makes it stale. (None for a
    # report set to published without a recorded transition.)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    rendered_at = models.DateTimeField(_("rendered"))

    class Meta:
        verbose_name = _("stored report PDF")
        verbose_name_plural = _("stored report PDFs")

    def __str__(self) -> str:
        return str(self.file)  # the file's name
