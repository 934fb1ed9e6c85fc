import argparse
import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reports import reminders


def iso_date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2021-01-31.") from None


def days(value):
    number = int(value)
    if number < 0:
        raise argparse.ArgumentTypeError("The number of days cannot be negative.")
    return number


class Command(BaseCommand):
    help = (
        "Mail the coordinators of every active partnership whose report for an open period is "
        "not submitted yet, once the deadline is near or past, saying where the report stands. "
        "Meant to run daily from cron: a partnership gets at most one reminder a day per period."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=days,
            default=reminders.DEFAULT_DAYS,
            help="Remind when the deadline is at most this many days away (default: "
            f"{reminders.DEFAULT_DAYS}). Past deadlines are always reminded.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what would be sent, and send and record nothing.",
        )
        parser.add_argument(
            "--today",
            type=iso_date,
            help="Act as if today were this date (YYYY-MM-DD), for testing.",
        )

    def handle(self, *args, **options):
        today = options["today"] or timezone.localdate()
        dry_run = options["dry_run"]
        outcomes: dict[str, int] = {}  # how many reminders had each outcome
        for item in reminders.due(today, options["days"]):
            outcome = self.would_send(item) if dry_run else reminders.send(item)
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
            self.report(item, outcome, dry_run)
        self.summarise(outcomes, today, dry_run)
        if outcomes.get(reminders.FAILED):
            # A non-zero exit, so that cron (or whatever watches it) tells someone.
            raise CommandError("Some reminders could not be sent: is the mail server reachable?")

    def would_send(self, item):
        if not item.recipients():
            return reminders.NO_RECIPIENTS
        if reminders.already_sent(item):
            return reminders.ALREADY_SENT
        return reminders.SENT

    def report(self, item, outcome, dry_run):
        if outcome == reminders.SENT:
            addresses = ", ".join(sorted(user.email for user in item.recipients()))
            verb = "Would send" if dry_run else "Sent"
            self.stdout.write(f"{verb} to {addresses}: {item.wording}")
        elif outcome == reminders.FAILED:
            self.stderr.write(f"Could not send (will retry on the next run): {item.wording}")
        else:
            self.stdout.write(f"Skipped ({outcome}): {item.wording}")

    def summarise(self, outcomes, today, dry_run):
        sent = outcomes.get(reminders.SENT, 0)
        parts = [f"{sent} reminder{'s' if sent != 1 else ''} {'to send' if dry_run else 'sent'}"]
        parts += [
            f"{outcomes[outcome]} {outcome}"
            for outcome in (reminders.ALREADY_SENT, reminders.NO_RECIPIENTS, reminders.FAILED)
            if outcomes.get(outcome)
        ]
        prefix = "Dry run, nothing sent. " if dry_run else ""
        style = self.style.ERROR if outcomes.get(reminders.FAILED) else self.style.SUCCESS
        self.stdout.write(style(f"{prefix}{today.isoformat()}: {'; '.join(parts)}."))
