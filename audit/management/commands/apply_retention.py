"""Delete the deadline reminders older than MAIL_RETENTION_DAYS. Part of the daily cron job
(`manage.py daily_tasks`)."""

import datetime
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from reports.models import Reminder


class Command(BaseCommand):
    help = "Delete the reminders sent more than MAIL_RETENTION_DAYS days ago."

    def handle(self, *args: Any, **options: Any) -> None:
        days = settings.MAIL_RETENTION_DAYS
        before = timezone.localdate() - datetime.timedelta(days=days)
        deleted, _by_model = Reminder.objects.filter(sent_on__lt=before).delete()
        self.stdout.write(f"{deleted} reminders sent before {before.isoformat()} deleted.")
