from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from s3partnership import backups


class Command(BaseCommand):
    help = (
        "Back the database up (SQLite: its online backup API; PostgreSQL: pg_dump, custom "
        "format) into a new file named for the database's kind and the time; print its path."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory",
            type=Path,
            default=backups.DEFAULT_DIRECTORY,
            help="Where to write the backup (default: var/backups/ in the project).",
        )
        parser.add_argument("--database", default="default", help="The database's alias.")

    def handle(self, *args, **options):
        try:
            path = backups.back_up(options["directory"], options["database"])
        except backups.BackupError as error:
            raise CommandError(error) from None
        self.stdout.write(str(path))
