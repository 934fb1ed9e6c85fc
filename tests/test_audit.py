"""The audit trail of a report: every answer a save changes, old → new, by whom, when and from
which step, and the History page that shows it to reviewers and administrators only."""

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from reports import workflow
from reports.models import MonitoringReport, ReviewNote, WorkingArea
from tests.test_admin import report_form
from tests.test_confidentiality import MARKER
from tests.wizard_helpers import autosave_url, page_values, post_step, table_row

State = MonitoringReport.State


def history_url(report):
    return reverse(
        "reports:review_history",
        kwargs={"slug": report.partnership.slug, "period": report.period.slug},
    )


def trail(report):
    return list(LogEntry.objects.get_for_object(report).order_by("timestamp", "pk"))


@pytest.fixture
def reviewer_client(reviewer):
    # Its own client: the coordinator's is the `client` fixture.
    client = Client()
    client.force_login(reviewer)
    return client


def test_a_step_save_records_each_changed_answer_old_and_new_with_who_and_the_step(
    coordinator_client, coordinator, report
):
    report.executive_summary = "Secure regions."
    report.save(update_fields=["executive_summary"])

    post_step(coordinator_client, report, "summary", {"executive_summary": "Safer regions."})

    [entry] = trail(report)
    assert entry.actor == coordinator
    assert entry.changes == {"executive_summary": ["Secure regions.", "Safer regions."]}
    assert entry.additional_data["step"] == "summary"
    assert entry.additional_data["screen"] == "wizard"


def test_a_save_that_changes_nothing_records_nothing(coordinator_client, report):
    post_step(coordinator_client, report, "summary")

    assert trail(report) == []


def test_table_rows_saved_in_bulk_are_recorded_with_their_row(coordinator_client, report):
    WorkingArea.objects.create(report=report, position=1, working_area="Area one")
    values = page_values(coordinator_client, report, "working-areas")

    post_step(
        coordinator_client,
        report,
        "working-areas",
        {**table_row("working-areas", 0, working_area="Area one, renamed")},
        values=values,
    )

    [entry] = trail(report)
    [(key, change)] = entry.changes.items()
    assert key.endswith(":working_area")
    assert change == ["Area one", "Area one, renamed"]
    assert entry.additional_data["rows"] == {key.rpartition(":")[0]: 1}


def test_regions_and_sdg_ratings_are_recorded_and_labelled_as_the_form_words_them(
    coordinator_client, reviewer_client, report
):
    post_step(coordinator_client, report, "regions", {"lead-0-entry": "Saint Quentin"})
    post_step(coordinator_client, report, "sdgs", {"sdgs-row_9": "strongly_agree"})

    regions, sdgs = trail(report)
    assert list(regions.changes.values()) == [[None, "Saint Quentin"]]
    assert sdgs.changes == {"sdgs-row_9": ["", "strongly_agree"]}
    entries = reviewer_client.get(history_url(report)).context["entries"]
    [sdg_change] = entries[0].changes
    assert "9" in sdg_change.label
    assert sdg_change.new == "Strongly agree"
    [region_change] = entries[1].changes
    assert "row 1" in region_change.label
    assert (region_change.old, region_change.new) == ("", "Saint Quentin")


def test_a_removed_row_is_recorded_with_its_number_and_shown_as_removed(
    coordinator_client, reviewer_client, report
):
    for position in (1, 2):
        WorkingArea.objects.create(
            report=report, position=position, working_area=f"Area {position}"
        )

    post_step(coordinator_client, report, "working-areas", {"working-areas-1-DELETE": "on"})

    [entry] = reviewer_client.get(history_url(report)).context["entries"]
    labels = {change.label: (change.old, change.new) for change in entry.changes}
    assert labels["Working area, row 2: Working area"] == ("Area 2", "(row removed)")


def test_an_autosave_is_recorded_as_one(coordinator_client, coordinator, report):
    version = page_values(coordinator_client, report, "summary")["version"]

    coordinator_client.post(
        autosave_url(report, "summary"),
        {"version": version, "executive_summary": "Typed in the background."},
    )

    [entry] = trail(report)
    assert entry.changes["executive_summary"] == ["", "Typed in the background."]
    assert entry.additional_data == {"step": "summary", "screen": "autosave", "rows": {}}


def test_the_self_assessment_is_recorded_too(coordinator_client, report):
    post_step(coordinator_client, report, "self-assessment", {"risks": f"{MARKER} risks"})

    [entry] = trail(report)
    assert entry.changes["risks"] == ["", f"{MARKER} risks"]
    assert entry.additional_data["step"] == "self-assessment"


# --- The History page ------------------------------------------------------------------------


@pytest.fixture
def reviewed(coordinator_client, coordinator, reviewer, report):
    """A report with a public answer and a confidential one saved, submitted, remarked on,
    returned, and a reviewers' note."""
    post_step(coordinator_client, report, "summary", {"executive_summary": "Safer regions."})
    post_step(coordinator_client, report, "self-assessment", {"risks": f"{MARKER} risks"})
    workflow.submit(report, coordinator)
    workflow.add_comment(report, reviewer, "executive_summary", "Say more.")
    workflow.return_for_changes(report, reviewer, "Please complete.")
    return report


def test_the_history_lists_saves_decisions_and_remarks_newest_first(reviewer_client, reviewed):
    page = reviewer_client.get(history_url(reviewed))

    assert page.status_code == 200
    entries = page.context["entries"]
    assert [entry.at for entry in entries] == sorted((e.at for e in entries), reverse=True)
    html = page.content.decode()
    # The field's label from the form's declaration, old → new, who and which step.
    assert "Please provide the executive summary and the objectives" in html
    assert "Safer regions." in html
    assert "coordinator" in html
    assert "Wizard: Executive summary and objectives" in html
    # Decisions and remarks.
    assert "Please complete." in html
    assert "Say more." in html


def test_confidential_changes_carry_the_confidential_mark(reviewer_client, reviewed):
    page = reviewer_client.get(history_url(reviewed))

    [secret] = [entry for entry in page.context["entries"] if entry.confidential]
    assert any(MARKER in change.new for change in secret.changes)
    html = page.content.decode()
    secret_row = html[html.index("audit-entry-confidential") :]
    assert "lock-icon" in secret_row[: secret_row.index(MARKER)]
    public = [entry for entry in page.context["entries"] if not entry.confidential]
    assert all(MARKER not in change.new for entry in public for change in entry.changes)


def test_a_change_of_the_reviewers_note_is_recorded_and_confidential(
    reviewer_client, reviewer, reviewed
):
    url = reverse(
        "reports:review_note",
        kwargs={"slug": reviewed.partnership.slug, "period": reviewed.period.slug},
    )
    reviewer_client.post(url, {"internal_note": "Weak pilots.", "recommendation": "conditions"})

    assert ReviewNote.objects.get(report=reviewed).internal_note == "Weak pilots."
    [note] = [
        e
        for e in reviewer_client.get(history_url(reviewed)).context["entries"]
        if e.what == "Reviewers' note saved"
    ]
    assert note.confidential
    assert note.who == reviewer
    assert {(c.old, c.new) for c in note.changes} >= {("", "Weak pilots.")}


def test_the_review_page_links_to_the_history(reviewer_client, reviewed):
    page = reviewer_client.get(
        reverse(
            "reports:review_report",
            kwargs={"slug": reviewed.partnership.slug, "period": reviewed.period.slug},
        )
    )

    assert history_url(reviewed) in page.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 302),
        ("coordinator", 404),
        ("other_coordinator", 404),
        ("reviewer", 200),
        ("administrator", 200),
    ],
)
def test_only_reviewers_and_administrators_see_the_history(request, reviewed, persona, status):
    client = Client()
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))

    response = client.get(history_url(reviewed))

    assert response.status_code == status
    # The confidential answer is in the page for those who may read it, and nowhere else.
    assert (MARKER in response.content.decode()) == (status == 200)


def test_the_history_of_an_unknown_report_is_not_found(reviewer_client, report):
    url = reverse("reports:review_history", kwargs={"slug": "nowhere", "period": "2020-h2"})

    assert reviewer_client.get(url).status_code == 404


def test_a_change_in_the_admin_is_recorded_with_the_admin_as_its_screen(
    administrator, reviewer_client, report
):
    admin = Client()
    admin.force_login(administrator)
    change = reverse("admin:reports_monitoringreport_change", args=[report.pk])

    response = admin.post(change, report_form(report))

    assert response.status_code == 302
    [entry] = reviewer_client.get(history_url(report)).context["entries"]
    assert (entry.who, entry.where, entry.confidential) == (administrator, "Admin", False)
    summary = [c for c in entry.changes if c.label.startswith("Please provide the executive")]
    assert [(c.old, c.new) for c in summary] == [("", "Summary")]
