import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from opendata import files as open_data
from reports.demo import accounts
from reports.demo.load import DemoLoader, ReferenceDataMissing


class Command(BaseCommand):
    help = (
        "Load the demo data: thematic platforms, partnerships, reporting periods, the "
        "Cybersecurity partnership's reports (the July–December 2020 one as in the real form), "
        "a few other reports, a news article and demo accounts. Needs manage.py load_nuts "
        "first. Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even though DEBUG is off.",
        )

    def handle(self, *args, **options):
        # DEBUG off means production, or a copy of it: demo accounts with a published
        # password must not appear there because someone ran the wrong command.
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG is off, so this looks like a production site: demo data (with demo "
                "accounts and a published password) is not loaded. Use --force if you "
                "really want it here."
            )
        started = time.monotonic()
        loader = DemoLoader()
        try:
            with transaction.atomic():
                loader.run()
        except ReferenceDataMissing as error:
            raise CommandError(str(error)) from error

        # The demo's published reports as open data (/data/), as publishing them would.
        open_data.regenerate()

        created, updated, deleted = (
            sum(counter.values()) for counter in (loader.created, loader.updated, loader.deleted)
        )
        self.stdout.write(
            f"Demo data loaded in {time.monotonic() - started:.1f} s: {created} rows created, "
            f"{updated} updated, {deleted} deleted."
        )
        if options["verbosity"] > 1:
            for label in sorted({*loader.created, *loader.updated, *loader.deleted}):
                self.stdout.write(
                    f"  {label}: {loader.created[label]} created, {loader.updated[label]} "
                    f"updated, {loader.deleted[label]} deleted"
                )
        self.stdout.write("\nDemo accounts (all fictitious):")
        for account in accounts.ACCOUNTS:
            coordinates = f", coordinator of {', '.join(account.partnerships)}"
            self.stdout.write(
                f"  {account.username:<13} {account.role.label}"
                f"{coordinates if account.partnerships else ''}"
            )
        self.stdout.write(
            f"Password for all: {accounts.PASSWORD} (set when an account is created; an "
            "existing account keeps its password)."
        )
