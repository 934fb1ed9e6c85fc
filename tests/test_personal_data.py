"""What an administrator does with a person's data: export everything held about them, erase
(pseudonymise) someone who has left; and how long reminders are kept."""

import datetime
import json
from io import StringIO

import pytest
from auditlog.models import LogEntry
from axes.models import AccessLog
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reports import workflow
from reports.models import Partnership, Reminder
from tests.wizard_helpers import post_step

CHANGELIST = reverse("admin:accounts_user_changelist")


@pytest.fixture
def admin_client_(administrator):
    client = Client()
    client.force_login(administrator)
    return client


@pytest.fixture
def person(coordinator, coordinator_client, report, reviewer, partnership, period):
    """A coordinator with a name and an e-mail who saved and submitted a report that was
    remarked on and returned, and got a reminder."""
    coordinator.first_name, coordinator.last_name = "Ana", "Ibarra"
    coordinator.email = "ana.ibarra@example.eu"
    coordinator.organisation = "Basque Government"
    coordinator.eu_login_id, coordinator.eu_login_domain = "n0ibarra", "external"
    coordinator.save()
    AccessLog.objects.create(
        username=coordinator.username, ip_address="192.0.2.7", user_agent="Firefox"
    )
    post_step(coordinator_client, report, "summary", {"executive_summary": "Safer regions."})
    workflow.submit(report, coordinator)
    workflow.add_comment(report, reviewer, "executive_summary", "Say more.")
    workflow.return_for_changes(report, reviewer, "Please complete.")
    Reminder.objects.create(
        partnership=partnership, period=period, sent_on=timezone.localdate(), wording="Due soon."
    )
    return coordinator


def act(client, action, people, **extra):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [p.pk for p in people], **extra}
    )


def test_the_export_holds_everything_about_the_person(admin_client_, person, report):
    response = act(admin_client_, "export_personal_data", [person])

    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "ana.ibarra@example.eu"
    assert data["account"]["role"] == "coordinator"
    assert data["partnerships_coordinated"] == ["Cybersecurity"]
    assert data["reports_edited"] == [{"partnership": "Cybersecurity", "period": "2020-h2"}]
    assert [t["to"] for t in data["transitions"]] == ["submitted"]
    assert [v["number"] for v in data["versions_submitted"]] == [1]
    assert any(
        e["changes"].get("executive_summary") == ["", "Safer regions."]
        for e in data["audit_entries_by_them"]
    )
    assert data["audit_entries_about_their_account"]
    assert [r["wording"] for r in data["reminders_to_their_partnerships"]] == ["Due soon."]
    assert data["account"]["eu_login_id"] == "n0ibarra"
    assert "192.0.2.7" in [s["ip_address"] for s in data["sign_ins"]]


def test_the_export_of_a_reviewer_holds_their_remarks_and_decisions(
    admin_client_, person, reviewer
):
    data = json.loads(act(admin_client_, "export_personal_data", [reviewer]).content)

    assert [r["text"] for r in data["remarks_written"]] == ["Say more."]
    assert [t["comment"] for t in data["transitions"]] == ["Please complete."]


def test_erasing_asks_for_confirmation_first(admin_client_, person):
    page = act(admin_client_, "erase_personal_data", [person])

    assert page.status_code == 200
    assert "cannot be undone" in page.content.decode()
    person.refresh_from_db()
    assert person.email == "ana.ibarra@example.eu"


def test_erasing_pseudonymises_and_keeps_what_they_did(
    admin_client_, person, report, reviewer, administrator
):
    act(admin_client_, "erase_personal_data", [person], confirmed="yes")

    person.refresh_from_db()
    n = person.pk
    assert person.username == f"former-user-{n}"
    assert person.display_name == f"Former user #{n}"
    assert (person.last_name, person.email, person.organisation) == ("", "", "")
    # Nothing links the account to their EU Login identity or grants it anything.
    assert (person.eu_login_id, person.eu_login_domain, person.role) == (None, "", "")
    # When and from where they signed in: gone (the administrator's own sign-in stays).
    assert not AccessLog.objects.filter(username="coordinator").exists()
    assert AccessLog.objects.filter(username=administrator.username).exists()
    assert not person.has_usable_password()
    assert not person.is_active
    assert not Partnership.objects.filter(coordinators=person).exists()
    # Their report, submission and history stay, under the pseudonym.
    assert report.versions.get().submitted_by == person
    reviewer_client = Client()
    reviewer_client.force_login(reviewer)
    for name in ("review_report", "review_history"):
        url = reverse(
            f"reports:{name}", kwargs={"slug": report.partnership.slug, "period": "2020-h2"}
        )
        html = reviewer_client.get(url).content.decode()
        assert f"Former user #{n}" in html, name
        assert "Ibarra" not in html, name
    # Nothing in the audit trail names them any more, and the erasure is recorded by whom.
    everything = json.dumps(list(LogEntry.objects.values("object_repr", "changes", "actor_email")))
    assert "Ibarra" not in everything
    assert "ana.ibarra@example.eu" not in everything
    # Their username, in the partnership's changes of coordinators, is the pseudonym.
    added, removed = [
        e.changes["coordinators"]
        for e in LogEntry.objects.get_for_object(report.partnership).order_by("timestamp")
    ]
    assert (added["operation"], added["objects"]) == ("add", [f"former-user-{n}"])
    assert (removed["operation"], removed["objects"]) == ("delete", [f"former-user-{n}"])
    account = LogEntry.objects.get_for_object(person).order_by("-timestamp").first()
    assert account.actor == administrator
    assert account.changes["is_active"] == ["True", "False"]


def test_an_administrator_cannot_erase_themselves(admin_client_, administrator):
    act(admin_client_, "erase_personal_data", [administrator], confirmed="yes")

    administrator.refresh_from_db()
    assert administrator.is_active


def test_account_changes_in_the_admin_are_recorded_with_who_made_them(
    admin_client_, administrator, coordinator
):
    change = reverse("admin:accounts_user_change", args=[coordinator.pk])
    values = {
        "username": "coordinator",
        "role": "reviewer",
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
        "email": "new@example.eu",
        "language": "en",
    }
    response = admin_client_.post(change, values)
    assert response.status_code == 302, response.content.decode()[:2000]

    entry = LogEntry.objects.get_for_object(coordinator).order_by("-timestamp").first()
    assert entry.actor == administrator
    assert entry.changes["role"] == ["coordinator", "reviewer"]
    assert entry.changes["email"] == ["", "new@example.eu"]
    # Administrators read it in the admin.
    listing = admin_client_.get(reverse("admin:auditlog_logentry_changelist"))
    assert "coordinator" in listing.content.decode()


def test_coordinator_assignments_are_recorded(administrator, partnership, other_coordinator):
    partnership.coordinators.add(other_coordinator)

    entry = LogEntry.objects.get_for_object(partnership).get()
    assert entry.changes["coordinators"]["objects"] == ["other-coordinator"]


# --- Retention ---------------------------------------------------------------------------------


# On its own, and as part of the daily cron job.
@pytest.mark.parametrize("command", ["apply_retention", "daily_tasks"])
def test_reminders_older_than_the_retention_are_deleted(command, settings, partnership, period):
    settings.MAIL_RETENTION_DAYS = 30
    today = timezone.localdate()
    for days in (0, 30, 31, 400):
        Reminder.objects.create(
            partnership=partnership,
            period=period,
            sent_on=today - datetime.timedelta(days=days),
            wording=f"{days} days ago",
        )

    out = StringIO()
    call_command(command, stdout=out)

    kept = sorted(Reminder.objects.values_list("wording", flat=True))
    assert kept == ["0 days ago", "30 days ago"]
    assert "2 reminders" in out.getvalue()
