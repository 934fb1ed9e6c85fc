import argparse
import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reports.demo import generated


def positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of at least 1.")
    return int(value)


class Command(BaseCommand):
    help = (
        "Generate a large data set for the benchmark (bench/run.py): partnerships spread over "
        "the thematic platforms, each with a report per reporting period, in a realistic mix "
        "of states. Slugs and usernames start with 'bench-'; running it again replaces the "
        "generated set. Needs the demo data's thematic platforms (manage.py load_demo) and "
        "uses the NUTS regions when they are loaded. Refuses a database holding real data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        default = generated.Size()
        parser.add_argument(
            "--partnerships",
            type=positive,
            default=default.partnerships,
            help=f"How many partnerships (default: {default.partnerships}).",
        )
        parser.add_argument(
            "--periods",
            type=positive,
            default=default.periods,
            help="How many reporting periods, up to the current one, each partnership reports "
            f"on (default: {default.periods}).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Generate even though the database holds partnerships or reports that are "
            "neither the demo data's nor generated.",
        )

    def handle(self, *args, **options):
        # Generated partnerships, reports and accounts beside real ones would mislead everyone
        # who reads the site, the review dashboard or the reminders.
        found = generated.real_data()
        if found and not options["force"]:
            raise CommandError(
                f"This database holds {generated.describe_real_data(found)}: it looks like "
                "real data, and generated data is not added to it. Use --force if you really "
                "want it here."
            )
        size = generated.Size(options["partnerships"], options["periods"])
        started = time.monotonic()
        try:
            created = generated.generate(size)
        except generated.NoPlatforms as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Generated {size.partnerships} partnerships × {size.periods} periods = "
            f"{size.reports} reports ({sum(created.values())} rows) in "
            f"{time.monotonic() - started:.1f} s."
        )
