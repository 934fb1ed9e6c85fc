from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from reports.models.monitoring import MonitoringReport


def pdf_storage() -> Storage:
    """The "pdfs" entry of STORAGES (settings, "Storage of files"): the disk or the bucket."""
    return storages["pdfs"]


class StoredReportPDF(models.Model):
    """A published report's PDF in one language, as rendered at its publication or on the
    first request for that language (reports.pdf), served from storage until the report is
    published again."""

    report = models.ForeignKey(
        MonitoringReport, on_delete=models.CASCADE, related_name="stored_pdfs"
    )
    # The language of its questions, headings and dates; the answers are as written.
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    file = models.FileField(
        _("file"), upload_to="reports/pdf/", storage=pdf_storage, max_length=255
    )
    # The file's ETag: its digest, so the same bytes always carry the same tag.
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    # The publication the file shows: a later publication makes it stale. (None for a
    # report set to published without a recorded transition.)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    rendered_at = models.DateTimeField(_("rendered"))

    class Meta:
        verbose_name = _("stored report PDF")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "language"], name="stored_report_pdf_one_per_language"
            ),
        ]
        verbose_name_plural = _("stored report PDFs")

    def __str__(self) -> str:
        return str(self.file)  # the file's name
