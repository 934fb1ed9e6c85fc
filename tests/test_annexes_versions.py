"""Annexes in the versions a submission freezes: their list (title, visibility, checksum,
size), what a diff says of them, and their files kept while a version refers to them;
`manage.py annex_orphans` finds the files nothing refers to."""

import hashlib
from io import StringIO

from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from reports import annex_storage, versions, workflow
from reports.models import ReportVersion
from reports.views.annexes import delete_unless_frozen
from tests.wizard_helpers import TINY_PDF, attach, fill_mandatory_answers, step_url


def freeze(report, number=1):
    return ReportVersion.objects.create(
        report=report, number=number, submitted_at=timezone.now(), content=versions.snapshot(report)
    )


def test_a_version_freezes_the_annex_list(report):
    attach(report, "k1", "Mapping", visibility="public")
    attach(report, "k2", "Minutes", visibility="confidential")
    frozen = versions.snapshot(report)["annexes"]
    assert [(a["title"], a["visibility"], a["size"], a["key"]) for a in frozen] == [
        ("Mapping", "public", 15, "k1"),
        ("Minutes", "confidential", 15, "k2"),
    ]
    assert frozen[0]["sha256"] == hashlib.sha256(TINY_PDF).hexdigest()


def test_a_diff_tells_annexes_added_removed_and_replaced(report):
    kept = attach(report, "k1", "Mapping")
    gone = attach(report, "k2", "Agenda")
    before = versions.snapshot(report)
    gone.delete()
    attach(report, "k3", "Poster")
    kept.sha256 = "0" * 64
    kept.save()
    changes = versions.diff(before, versions.snapshot(report)).changes
    (change,) = [change for change in changes if change.label == "Annexes"]
    assert change.removed == ["Agenda (k2.pdf, public)"]
    assert change.added == [
        "Poster (k3.pdf, public)",
        "Mapping (k1.pdf, public), its file replaced",
    ]


def test_a_file_a_version_refers_to_is_kept_when_its_annex_goes(
    report, django_capture_on_commit_callbacks
):
    frozen_annex = attach(report, "frozen", "Mapping")
    freeze(report)
    draft_annex = attach(report, "draft-only", "Agenda")
    with django_capture_on_commit_callbacks(execute=True):
        for annex in (frozen_annex, draft_annex):
            annex.delete()
            delete_unless_frozen(report, annex.file_key)
    assert list(annex_storage.stored_keys()) == ["frozen"]


def test_the_orphans_are_the_files_nothing_refers_to(report):
    attach(report, "held", "Mapping")
    frozen = attach(report, "in-a-version", "Agenda")
    freeze(report)
    frozen.delete()
    annex_storage.save_annex_file("orphan", b"left behind")
    out = StringIO()
    call_command("annex_orphans", stdout=out)
    assert out.getvalue().splitlines() == ["orphan", "1 orphaned annex files found."]
    call_command("annex_orphans", "--delete", stdout=StringIO())
    assert sorted(annex_storage.stored_keys()) == ["held", "in-a-version"]


def test_a_reviewer_remarks_on_an_annex_and_the_coordinator_reads_it_beside_it(
    report, coordinator, reviewer
):
    annex = attach(report, "k1", "Signed minutes", visibility="confidential")
    fill_mandatory_answers(report)
    workflow.submit(report, coordinator)
    client = Client()
    client.force_login(reviewer)
    review_url = f"/review/{report.partnership.slug}/{report.period.slug}/"
    page = client.get(review_url, {"remark": annex.anchor}).content.decode()
    assert f'value="{annex.anchor}"' in page  # the remark form under the annex
    response = client.post(
        review_url + "remarks/",
        {"anchor": annex.anchor, "text": "Please sign the minutes.", "inline": "1"},
    )
    assert response.status_code == 302
    workflow.return_for_changes(report, reviewer, "See the remarks.")
    coordinator_browser = Client()
    coordinator_browser.force_login(coordinator)
    page = coordinator_browser.get(step_url(report, "annexes")).content.decode()
    assert "Please sign the minutes." in page
    assert page.index("Please sign the minutes.") > page.index("Signed minutes")
