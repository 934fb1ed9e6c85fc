"""Administrators set everything up in the admin; bad input is refused there with a message."""

import pytest
from auditlog.models import LogEntry
from django.contrib import admin
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from reports.models import MonitoringReport, ReportVersion, SDGRating, WorkingArea

# The inline formsets of MonitoringReportAdmin, by their form prefix.
REPORT_INLINES = ("regions", "working_areas", "events", "sdg_ratings", "transitions")


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def report_form(report, **inline_rows):
    """POST data for the report's change page: its fields plus the given inline rows."""
    data = {
        "partnership": report.partnership_id,
        "period": report.period_id,
        "start_date": "2018-02-01",
        "web_page": report.web_page,
        "executive_summary": "Summary",
    }
    for prefix in REPORT_INLINES:
        rows = inline_rows.get(prefix, [])
        data |= {
            f"{prefix}-TOTAL_FORMS": len(rows),
            f"{prefix}-INITIAL_FORMS": 0,
            f"{prefix}-MIN_NUM_FORMS": 0,
            f"{prefix}-MAX_NUM_FORMS": 1000,
        }
        for index, row in enumerate(rows):
            data |= {f"{prefix}-{index}-{field}": value for field, value in row.items()}
    return data


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label)
def test_every_admin_list_and_add_page_opens(admin_client, model):
    info = (model._meta.app_label, model._meta.model_name)
    assert admin_client.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200
    # Frozen submissions, audit entries, django-axes' sign-in attempts and the task queue's
    # results are records: nobody adds one by hand.
    add_page = admin_client.get(reverse("admin:{}_{}_add".format(*info)))
    records = model in (ReportVersion, LogEntry, DBTaskResult) or model._meta.app_label == "axes"
    assert add_page.status_code == (403 if records else 200)


def test_coordinators_and_reviewers_cannot_enter_the_admin(client, coordinator, reviewer):
    for user in (coordinator, reviewer):
        client.force_login(user)
        response = client.get(reverse("admin:reports_monitoringreport_changelist"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))


def test_an_administrator_reads_a_report(admin_client, report):
    response = admin_client.get(change_url(report))
    assert response.status_code == 200
    assert b"I. Management report" in response.content


def test_an_eleventh_working_area_is_refused_in_the_admin(admin_client, report):
    rows = [{"position": n, "working_area": f"Area {n}"} for n in range(1, 12)]
    response = admin_client.post(change_url(report), report_form(report, working_areas=rows))
    assert response.status_code == 200
    assert "Please submit at most 10 forms." in response.content.decode()
    assert not WorkingArea.objects.exists()


def test_ten_working_areas_are_saved_in_the_admin(admin_client, report):
    rows = [{"position": n, "working_area": f"Area {n}"} for n in range(1, 11)]
    response = admin_client.post(change_url(report), report_form(report, working_areas=rows))
    assert response.status_code == 302
    assert report.working_areas.count() == 10


def test_goal_18_and_a_second_rating_for_a_goal_are_refused_in_the_admin(admin_client, report):
    rows = [{"goal": 18, "rating": "agree"}]
    response = admin_client.post(change_url(report), report_form(report, sdg_ratings=rows))
    assert (
        "Select a valid choice. 18 is not one of the available choices."
        in response.content.decode()
    )
    rows = [{"goal": 3, "rating": "agree"}, {"goal": 3, "rating": "neutral"}]
    response = admin_client.post(change_url(report), report_form(report, sdg_ratings=rows))
    assert "Please correct the duplicate data for goal." in response.content.decode()
    assert not SDGRating.objects.exists()


def test_a_second_report_for_the_same_period_is_refused_in_the_admin(admin_client, report):
    data = report_form(report)
    response = admin_client.post(reverse("admin:reports_monitoringreport_add"), data)
    assert response.status_code == 200
    assert (
        "Cybersecurity already has a report for July - December 2020." in response.content.decode()
    )
    assert MonitoringReport.objects.count() == 1


def test_the_state_cannot_be_edited_in_the_admin(admin_client, report):
    data = report_form(report) | {"state": MonitoringReport.State.PUBLISHED}
    admin_client.post(change_url(report), data)
    report.refresh_from_db()
    assert report.state == MonitoringReport.State.DRAFT
