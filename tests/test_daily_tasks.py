"""The daily cron job (`manage.py daily_tasks`): expired sessions, and the forms kept in them
through a login, are deleted; the deadline reminders go out (tests/test_reminders.py)."""

import datetime
from io import StringIO
from unittest import mock

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.utils import timezone

from reports import notifications


def session(expires_in_days):
    store = SessionStore()
    store["wizard_pending_posts"] = {"/workspace/x/2020-h2/summary/": {"fields": {}}}
    store.set_expiry(timezone.now() + datetime.timedelta(days=expires_in_days))
    store.create()
    return store.session_key


@pytest.fixture
def due_reminder(partnership, coordinator, open_period):
    """A report due soon, whose coordinator has an address: daily_tasks mails them."""
    coordinator.email = "coordinator@example.eu"
    coordinator.save(update_fields=["email"])
    with mock.patch.object(timezone, "localdate", return_value=datetime.date(2021, 1, 26)):
        yield


def test_expired_sessions_go_and_live_ones_stay(due_reminder, mailoutbox):
    session(-1)
    live = session(1)
    call_command("daily_tasks", stdout=StringIO())
    assert list(Session.objects.values_list("session_key", flat=True)) == [live]
    assert len(mailoutbox) == 1  # the reminder


def test_expired_sessions_go_even_when_the_mail_server_is_down(due_reminder):
    session(-1)
    with (
        mock.patch.object(notifications, "send", side_effect=ConnectionRefusedError),
        pytest.raises(CommandError, match="could not be sent"),
    ):
        call_command("daily_tasks", stdout=StringIO(), stderr=StringIO())
    assert not Session.objects.exists()
