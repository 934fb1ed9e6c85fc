"""What the open data files are and where they are kept: one row per file served under /data/
(opendata/files.py makes them, opendata/views.py serves them)."""

from __future__ import annotations

from django.db import models


class OpenDataFile(models.Model):
    """A file made from the published reports: the bulk downloads and the catalogue."""

    class Scope(models.TextChoices):
        ALL = "all", "every published report"
        PARTNERSHIP = "partnership", "one partnership's published reports"
        PERIOD = "period", "the reports published for one reporting period"
        CATALOGUE = "catalogue", "the DCAT-AP catalogue"

    # Its address under /data/, e.g. "answers.csv", "partnerships/cybersecurity.xlsx".
    path = models.CharField(max_length=200, unique=True)
    scope = models.CharField(max_length=20, choices=Scope.choices)
    # The partnership's slug or the period's ("2020-h2"); "" for the others.
    scope_key = models.CharField(max_length=100, blank=True)
    # answers, tables, ratings, regions, reports; "" for a file holding all five.
    table = models.CharField(max_length=20, blank=True)
    format = models.CharField(max_length=20)  # opendata.formats.FORMATS' key
    # Where the bytes are, in the "opendata" storage.
    key = models.CharField(max_length=300)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)  # of the bytes: the ETag
    # Of what the file was made from: when it is unchanged the file is kept as it is,
    # neither made nor stored again, and keeps its ETag and date.
    source_sha256 = models.CharField(max_length=64)
    issued_at = models.DateTimeField()  # when a file at this address was first made
    modified_at = models.DateTimeField()  # when its bytes last changed: Last-Modified

    class Meta:
        ordering = ["path"]

    def __str__(self) -> str:
        return self.path


class Generation(models.Model):
    """The one row saying what the stored files were made from: the published reports as
    they were (`source`, opendata.files.current_source) when they were last made. Files made
    from anything else are stale, and made again before they are served."""

    source = models.CharField(max_length=64)
    made_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"open data made at {self.made_at:%Y-%m-%d %H:%M}"
