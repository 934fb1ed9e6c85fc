from django.core.management.base import BaseCommand

from reports import annex_storage
from reports.models import Annex, ReportVersion


def orphans() -> list[str]:
    """The stored files that no annex holds and no version of a report refers to: left by a
    report deleted with its annexes, or by a save whose deletion of a file failed."""
    referred = set(Annex.objects.values_list("file_key", flat=True))
    for content in ReportVersion.objects.values_list("content", flat=True).iterator():
        referred |= {annex["key"] for annex in content.get("annexes", [])}
    return sorted(key for key in annex_storage.stored_keys() if key not in referred)


class Command(BaseCommand):
    help = (
        "List the annexes' stored files that nothing refers to (no annex, no version of a "
        "report); with --delete, delete them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="Delete the files found.")

    def handle(self, *args, **options):
        found = orphans()
        for key in found:
            self.stdout.write(key)
            if options["delete"]:
                annex_storage.delete_annex_file(key)
        done = "deleted" if options["delete"] else "found"
        self.stdout.write(f"{len(found)} orphaned annex files {done}.")
