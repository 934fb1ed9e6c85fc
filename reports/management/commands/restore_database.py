from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from s3partnership import backups


class Command(BaseCommand):
    help = (
        "Replace the database's contents with a backup made by backup_database, all or "
        "nothing. Refuses a missing file, a file that is not a backup, and a backup of the "
        "other kind of database."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="The backup file.")
        parser.add_argument("--database", default="default", help="The database's alias.")
        parser.add_argument(
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, **options):
        backup, alias = options["backup"], options["database"]
        try:
            backups.check_backup(backup, alias)
            if options["interactive"] and not self._confirmed(backup, alias):
                raise CommandError("Restore cancelled; nothing was changed.")
            backups.restore(backup, alias)
        except backups.BackupError as error:
            raise CommandError(error) from None
        self.stdout.write(f"Restored {backup}. Run `manage.py migrate` if the code is newer.")

    def _confirmed(self, backup: Path, alias: str) -> bool:
        database = backups.describe(alias)
        question = f"Everything in {database} will be replaced by {backup}. Type 'yes' to go on: "
        try:
            return input(question) == "yes"
        except EOFError:  # nobody to answer (a script): no is the safe answer
            return False
