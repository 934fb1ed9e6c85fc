import time
from typing import Any

from django.core.management.base import BaseCommand

from opendata import files
from opendata.models import OpenDataFile


class Command(BaseCommand):
    help = (
        "Make every open data file and the DCAT-AP catalogue again from the published reports "
        "(/data/). They are made when a report is published or withdrawn; run this after a "
        "deploy, or to repair the stored files. A file whose bytes come out the same keeps "
        "its ETag and date."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        for _attempt in range(files.ATTEMPTS):
            if files.regenerate(rebuild=True):
                break
        else:
            raise files.Stale("Reports were published or withdrawn while the files were made.")
        rows = OpenDataFile.objects.all()
        self.stdout.write(
            f"Open data made in {time.monotonic() - started:.1f} s: {rows.count()} files, "
            f"{sum(row.size for row in rows) / 1_000_000:.1f} MB."
        )
