from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "The daily cron job: delete expired sessions (Django's clearsessions) and the "
        "reminders older than MAIL_RETENTION_DAYS (apply_retention), then mail the deadline "
        "reminders (send_reminders)."
    )

    def handle(self, *args, **options):
        # Sessions first: a mail server that is down fails the reminders (and the command),
        # and must not leave expired sessions, and the forms kept in them, in the database.
        call_command("clearsessions", stdout=self.stdout, stderr=self.stderr)
        self.stdout.write("Expired sessions deleted.")
        call_command("apply_retention", stdout=self.stdout, stderr=self.stderr)
        call_command("send_reminders", stdout=self.stdout, stderr=self.stderr)
