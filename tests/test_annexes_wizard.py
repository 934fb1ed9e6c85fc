"""The annexes' step of the wizard: upload, change, move, remove, each saved at once; every
refusal names the file and the reason, stores nothing and keeps what else was typed."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from reports.annex_storage import stored_keys
from reports.models import Annex, MonitoringReport
from tests.wizard_helpers import step_url

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png() -> bytes:
    """A real image: the upload is re-encoded without its metadata, so it must be one."""
    picture = io.BytesIO()
    Image.new("RGB", (4, 3), "navy").save(picture, format="PNG")
    return picture.getvalue()


PNG = png()


def upload(client, report, name="minutes.pdf", content=PDF, *, title="Signed minutes", **fields):
    url = step_url(report, "annexes")
    version = MonitoringReport.objects.get(pk=report.pk).step_versions.get("annexes", 0)
    return client.post(
        url,
        {
            "annex_action": "upload",
            "version": version,
            "annex-new-file": SimpleUploadedFile(name, content),
            "annex-new-title": title,
            "annex-new-description": fields.get("description", ""),
            "annex-new-visibility": fields.get("visibility", Annex.Visibility.PUBLIC),
        },
        **({"headers": fields["headers"]} if "headers" in fields else {}),
    )


def change(client, report, annex, action, version=None, **words):
    if version is None:
        version = MonitoringReport.objects.get(pk=report.pk).step_versions.get("annexes", 0)
    data = {"annex_action": action, "annex": annex.pk, "version": version}
    prefix = f"annex-{annex.pk}"
    data |= {f"{prefix}-{name}": value for name, value in words.items()}
    return client.post(step_url(report, "annexes"), data)


def titles(report):
    return list(report.annexes.values_list("title", flat=True))


def test_the_step_comes_before_the_review(coordinator_client, report):
    page = coordinator_client.get(step_url(report, "annexes")).content.decode()
    assert "Add a file" in page
    assert page.index('data-step-slug="annexes"') < page.index('data-step-slug="review"')


def test_an_upload_is_stored_at_once_with_its_words(coordinator_client, report, coordinator):
    response = upload(
        coordinator_client,
        report,
        description="Of the meeting in Bilbao",
        visibility=Annex.Visibility.CONFIDENTIAL,
    )
    assert response.status_code == 302
    annex = report.annexes.get()
    assert (annex.title, annex.description, annex.visibility) == (
        "Signed minutes",
        "Of the meeting in Bilbao",
        "confidential",
    )
    assert (annex.display_name, annex.kind, annex.size, annex.uploaded_by) == (
        "minutes.pdf",
        "pdf",
        len(PDF),
        coordinator,
    )
    # Stored under a generated key, not under its name.
    assert list(stored_keys()) == [annex.file_key]
    assert "minutes" not in annex.file_key
    page = coordinator_client.get(step_url(report, "annexes")).content.decode()
    assert "Signed minutes" in page and "minutes.pdf" in page


def test_with_javascript_an_upload_is_answered_in_json(coordinator_client, report):
    response = upload(coordinator_client, report, headers={"X-Requested-With": "XMLHttpRequest"})
    assert response.status_code == 200
    assert response.json()["redirect"].startswith(step_url(report, "annexes"))
    refused = upload(
        coordinator_client,
        report,
        "virus.pdf",
        b"MZ\x90\x00",
        headers={"X-Requested-With": "XMLHttpRequest"},
    )
    assert refused.status_code == 400
    assert "virus.pdf" in refused.json()["error"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.pdf", b"MZ\x90\x00\x03 an executable renamed"),
        ("empty.pdf", b""),
    ],
    ids=["wrong type", "empty"],
)
def test_a_refused_file_is_named_stores_nothing_and_keeps_the_words(
    coordinator_client, report, name, content
):
    response = upload(coordinator_client, report, name, content, description="Kept words")
    assert response.status_code == 400
    page = response.content.decode()
    assert name in page
    assert "Kept words" in page and "Signed minutes" in page
    assert not report.annexes.exists()
    assert list(stored_keys()) == []


def test_a_file_over_the_size_limit_is_refused(coordinator_client, report, settings):
    settings.ANNEX_MAX_FILE_BYTES = 100
    response = upload(coordinator_client, report, "big.pdf", PDF + b"x" * 200)
    assert response.status_code == 400
    assert "big.pdf" in response.content.decode()
    assert not report.annexes.exists()


def test_the_report_limit_counts_the_files_already_there(coordinator_client, report, settings):
    settings.ANNEX_MAX_REPORT_BYTES = len(PDF) + 10
    assert upload(coordinator_client, report).status_code == 302
    response = upload(coordinator_client, report, "second.pdf")
    assert response.status_code == 400
    assert "second.pdf" in response.content.decode()
    assert report.annexes.count() == 1
    assert len(list(stored_keys())) == 1


def test_an_eleventh_file_is_refused(coordinator_client, report, settings):
    settings.ANNEX_MAX_FILES = 2
    upload(coordinator_client, report, title="One")
    upload(coordinator_client, report, title="Two")
    response = upload(coordinator_client, report, "three.pdf", title="Three")
    assert response.status_code == 400
    assert "three.pdf" in response.content.decode()
    assert titles(report) == ["One", "Two"]
    assert len(list(stored_keys())) == 2


def test_an_upload_to_a_submitted_report_is_refused(coordinator_client, report):
    report.state = MonitoringReport.State.SUBMITTED
    report.save(update_fields=["state"])
    response = upload(coordinator_client, report)
    assert response.status_code == 409
    assert not report.annexes.exists()
    assert list(stored_keys()) == []


def test_an_upload_after_the_session_ended_keeps_the_words_not_the_file(
    client, coordinator, report
):
    client.force_login(coordinator)
    form_key = client.get(step_url(report, "annexes")).context["form_key"]
    client.logout()
    response = client.post(
        step_url(report, "annexes"),
        {
            "annex_action": "upload",
            "version": 0,
            "form_key": form_key,
            "annex-new-file": SimpleUploadedFile("agenda.pdf", PDF),
            "annex-new-title": "Agenda of the kick-off",
        },
    )
    assert response.status_code == 302 and "login" in response["Location"]
    assert not report.annexes.exists()
    client.force_login(coordinator)
    page = client.get(step_url(report, "annexes")).content.decode()
    assert "Agenda of the kick-off" in page
    assert "cannot be kept through a sign-in" in page


def test_a_forged_annex_of_another_report_is_404(
    coordinator_client, report, other_partnership, period
):
    other = MonitoringReport.start(other_partnership, period)
    foreign = Annex.objects.create(
        report=other,
        position=1,
        title="Theirs",
        file_key="k1",
        display_name="x.pdf",
        kind="pdf",
        size=1,
        sha256="0" * 64,
    )
    for action in ["edit", "remove", "up", "replace"]:
        response = change(coordinator_client, report, foreign, action, title="Mine now")
        assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.title == "Theirs"


def test_words_are_changed_moved_and_removed(
    coordinator_client, report, django_capture_on_commit_callbacks
):
    upload(coordinator_client, report, title="One")
    upload(coordinator_client, report, "b.png", PNG, title="Two")
    one, two = report.annexes.all()
    response = change(
        coordinator_client,
        report,
        one,
        "edit",
        title="First",
        description="",
        visibility="confidential",
    )
    assert response.status_code == 302
    one.refresh_from_db()
    assert (one.title, one.visibility) == ("First", "confidential")
    assert change(coordinator_client, report, two, "up").status_code == 302
    assert titles(report) == ["Two", "First"]
    key = one.file_key
    with django_capture_on_commit_callbacks(execute=True):
        assert change(coordinator_client, report, one, "remove").status_code == 302
    assert titles(report) == ["Two"]
    assert key not in list(stored_keys())


def test_a_file_is_replaced_and_the_old_one_deleted(
    coordinator_client, report, django_capture_on_commit_callbacks
):
    upload(coordinator_client, report)
    annex = report.annexes.get()
    old_key = annex.file_key
    version = MonitoringReport.objects.get(pk=report.pk).step_versions["annexes"]
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            step_url(report, "annexes"),
            {
                "annex_action": "replace",
                "annex": annex.pk,
                "version": version,
                f"annex-{annex.pk}-file-file": SimpleUploadedFile("poster.png", PNG),
            },
        )
    assert response.status_code == 302
    annex.refresh_from_db()
    assert (annex.display_name, annex.kind, annex.title) == ("poster.png", "png", "Signed minutes")
    assert list(stored_keys()) == [annex.file_key] and annex.file_key != old_key


def test_a_change_from_an_older_page_does_not_overwrite_a_colleagues(coordinator_client, report):
    upload(coordinator_client, report)
    annex = report.annexes.get()
    seen = MonitoringReport.objects.get(pk=report.pk).step_versions["annexes"]
    change(coordinator_client, report, annex, "edit", title="The colleague's", visibility="public")
    response = change(
        coordinator_client, report, annex, "edit", version=seen, title="Mine", visibility="public"
    )
    assert response.status_code == 409
    annex.refresh_from_db()
    assert annex.title == "The colleague's"
    # What was typed is still on the page.
    assert 'value="Mine"' in response.content.decode()


def test_every_reference_on_the_page_exists_with_files_and_a_refusal(coordinator_client, report):
    from tests.test_accessibility import missing_references

    upload(coordinator_client, report, title="One")
    upload(coordinator_client, report, "b.png", PNG, title="Two")
    refused = upload(coordinator_client, report, "setup.pdf", b"MZ", title="Three")
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "invalid-feedback" in page
    assert missing_references(page) == []
    annex = report.annexes.first()
    refused = change(coordinator_client, report, annex, "edit", title="", visibility="public")
    assert refused.status_code == 400
    assert missing_references(refused.content.decode()) == []


def test_each_change_of_the_annexes_is_in_the_reports_history(
    coordinator_client, report, coordinator, reviewer
):
    upload(coordinator_client, report, title="Agenda")
    annex = report.annexes.get()
    change(
        coordinator_client,
        report,
        annex,
        "edit",
        title="Signed agenda",
        description="",
        visibility="confidential",
    )
    change(coordinator_client, report, annex, "remove")
    response = coordinator_client.get(step_url(report, "annexes"))  # nothing saved: not recorded
    assert response.status_code == 200

    reviewer_client = Client()
    reviewer_client.force_login(reviewer)
    history = reviewer_client.get(
        reverse(
            "reports:review_history",
            kwargs={"slug": report.partnership.slug, "period": report.period.slug},
        )
    )
    removed, edited, uploaded = [
        entry for entry in history.context["entries"] if entry.what == "Annexes changed"
    ]
    assert all(entry.who == coordinator for entry in (removed, edited, uploaded))
    assert {(c.label, c.old, c.new) for c in uploaded.changes} >= {
        ("“Agenda”: title", "", "Agenda"),
        ("“Agenda”: visibility", "", "Public"),
    }
    assert any(
        c.label == "“Agenda”: file" and c.new.startswith("minutes.pdf (SHA-256 ")
        for c in uploaded.changes
    )
    assert {(c.label, c.old, c.new) for c in edited.changes} == {
        ("“Signed agenda”: title", "Agenda", "Signed agenda"),
        ("“Signed agenda”: visibility", "Public", "Confidential"),
    }
    assert (uploaded.confidential, edited.confidential, removed.confidential) == (
        False,
        True,
        True,
    )
    assert ("“Signed agenda”: title", "Signed agenda", "") in {
        (c.label, c.old, c.new) for c in removed.changes
    }
    assert "Signed agenda" in history.content.decode()
