from django.db import models
from django.utils.translation import gettext_lazy as _

from reports.models.monitoring import MonitoringReport


class StoredFragment(models.Model):
    """A piece of a published report's public pages in one language, as rendered once
    (reports/published_pages.py). Only the report's public projection is rendered into it."""

    class Kind(models.TextChoices):
        PAGE = "page", _("report page")
        TIMELINE_ENTRY = "timeline_entry", _("timeline entry")

    report = models.ForeignKey(
        MonitoringReport, on_delete=models.CASCADE, related_name="stored_fragments"
    )
    language = models.CharField(_("language"), max_length=10)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # When a report of the partnership last changed state, as the fragment was rendered:
    # the page links the reports before and after it, and the timeline entry compares the
    # report with the one before, so a later publication or withdrawal of any of them
    # makes it stale. (None: no transition recorded.)
    version = models.DateTimeField(_("version"), null=True)
    # Of the code, templates and translations that rendered it: a deploy changing how
    # pages are made makes it stale.
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    title = models.CharField(_("title"), max_length=500, blank=True)  # a page's
    html = models.TextField(_("HTML"))
    # Of the title and the HTML: a row changed or cut short since is never served.
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    rendered_at = models.DateTimeField(_("rendered"), auto_now=True)

    class Meta:
        verbose_name = _("stored fragment")
        verbose_name_plural = _("stored fragments")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "language", "kind"], name="storedfragment_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} – {self.get_kind_display()} ({self.language})"
