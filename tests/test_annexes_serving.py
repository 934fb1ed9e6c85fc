"""Each annex's file, served to whoever may read it now, checked on every request: the
persona × state × visibility ladder, the headers that keep a file from acting as our page,
and a file whose bytes changed in storage, never served."""

import hashlib
import logging

import pytest
from django.test import Client

from reports import annex_storage, workflow
from reports.models import Annex, MonitoringReport
from tests.wizard_helpers import fill_mandatory_answers

State = MonitoringReport.State
PERSONAS = ["anonymous", "coordinator", "other_coordinator", "reviewer", "administrator"]
READERS_IN_FULL = {"coordinator", "reviewer", "administrator"}
# "withdrawn": published, then taken back by a reviewer.
STATES = ["draft", "submitted", "published", "withdrawn"]
PDF = b"%PDF-1.4\n%%EOF\n"
DOCX = b"PK\x03\x04 a word document"


def attach(report, key, content=PDF, *, kind="pdf", visibility="public", name="minutes.pdf"):
    annex_storage.save_annex_file(key, content)
    return Annex.objects.create(
        report=report,
        position=report.annexes.count() + 1,
        title=f"{visibility} annex",
        visibility=visibility,
        file_key=key,
        display_name=name,
        kind=kind,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )


@pytest.fixture
def clients(request, coordinator, other_coordinator, reviewer, administrator):
    browsers = {"anonymous": Client()}
    for persona in PERSONAS[1:]:
        browsers[persona] = Client()
        browsers[persona].force_login(request.getfixturevalue(persona))
    return browsers


def bring_to(report, state, coordinator, reviewer):
    fill_mandatory_answers(report)
    if state != "draft":
        workflow.submit(report, coordinator)
    if state in ("published", "withdrawn"):
        workflow.accept(report, reviewer)
        workflow.publish(report, reviewer)
    if state == "withdrawn":
        workflow.withdraw(report, reviewer, "A confidential figure was published.")
    report.refresh_from_db()


def expected(persona, state, visibility):
    if visibility == "public" and state == "published":
        return 200
    return 200 if persona in READERS_IN_FULL else 404


@pytest.mark.parametrize("state", STATES)
def test_every_persona_gets_what_the_rules_say_for_each_annex(
    report, coordinator, reviewer, clients, state
):
    public = attach(report, "key-public")
    confidential = attach(report, "key-confidential", visibility="confidential")
    bring_to(report, state, coordinator, reviewer)
    got, wanted = {}, {}
    for annex in (public, confidential):
        for persona in PERSONAS:
            got[annex.visibility, persona] = clients[persona].get(annex.get_absolute_url())
            wanted[annex.visibility, persona] = expected(persona, state, annex.visibility)
    assert {key: response.status_code for key, response in got.items()} == wanted
    for response in got.values():
        if response.status_code == 200:
            assert b"".join(response.streaming_content) == PDF


def test_an_annex_asked_under_another_report_is_404(
    report, other_partnership, period, coordinator, reviewer, clients
):
    other = MonitoringReport.start(other_partnership, period)
    theirs = attach(other, "key-theirs")
    url = theirs.get_absolute_url().replace(other_partnership.slug, report.partnership.slug)
    assert clients["coordinator"].get(url).status_code == 404


def test_a_pdf_is_shown_in_the_browser_a_document_downloaded_both_sandboxed(
    report, coordinator, reviewer, clients
):
    pdf = attach(report, "key-pdf")
    docx = attach(report, "key-docx", DOCX, kind="docx", name="agenda.docx")
    bring_to(report, "published", coordinator, reviewer)
    shown = clients["anonymous"].get(pdf.get_absolute_url())
    assert shown["Content-Type"] == "application/pdf"
    assert shown["Content-Disposition"].startswith("inline")
    downloaded = clients["anonymous"].get(docx.get_absolute_url())
    assert downloaded["Content-Disposition"].startswith("attachment")
    assert 'filename="agenda.docx"' in downloaded["Content-Disposition"]
    for response in (shown, downloaded):
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == "sandbox"
        assert "public" in response["Cache-Control"]


def test_a_confidential_annex_is_never_kept_in_a_cache(report, clients):
    annex = attach(report, "key-secret", visibility="confidential")
    response = clients["coordinator"].get(annex.get_absolute_url())
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_a_file_whose_bytes_changed_is_not_served_and_is_logged(report, clients, caplog):
    annex = attach(report, "key-changed")
    annex_storage.delete_annex_file("key-changed")
    annex_storage.save_annex_file("key-changed", PDF + b"tampered")
    with caplog.at_level(logging.ERROR, logger="reports.views.annexes"):
        response = clients["coordinator"].get(annex.get_absolute_url())
    assert response.status_code == 404
    assert f"Annex {annex.pk}" in caplog.text and "checksum" in caplog.text


def test_a_file_missing_from_storage_is_a_404_not_an_error(report, clients, caplog):
    annex = attach(report, "key-missing")
    annex_storage.delete_annex_file("key-missing")
    assert clients["coordinator"].get(annex.get_absolute_url()).status_code == 404
    assert "missing" in caplog.text


def test_the_reviewers_read_an_annex_as_it_was_submitted_after_it_was_replaced(
    report, coordinator, reviewer, clients
):
    annex = attach(report, "key-submitted", visibility="confidential")
    bring_to(report, "submitted", coordinator, reviewer)
    workflow.return_for_changes(report, reviewer, "Please sign the minutes.")
    annex_storage.save_annex_file("key-signed", PDF + b"% signed\n")
    annex.file_key, annex.sha256 = "key-signed", hashlib.sha256(PDF + b"% signed\n").hexdigest()
    annex.save()
    (frozen,) = report.versions.get().annexes()

    page = clients["reviewer"].get(f"/review/{report.partnership.slug}/{report.period.slug}/")
    assert frozen["url"] in page.content.decode()
    statuses = {persona: clients[persona].get(frozen["url"]) for persona in PERSONAS}
    assert {persona: response.status_code for persona, response in statuses.items()} == {
        "anonymous": 302,  # to sign in: the reviewers' pages ask for it first
        "coordinator": 404,
        "other_coordinator": 404,
        "reviewer": 200,
        "administrator": 200,
    }
    assert b"".join(statuses["reviewer"].streaming_content) == PDF
    assert "no-store" in statuses["reviewer"]["Cache-Control"]
    assert statuses["reviewer"]["Content-Security-Policy"] == "sandbox"
    unknown = frozen["url"].replace(f"/annexes/{annex.pk}/", f"/annexes/{annex.pk + 1}/")
    assert clients["reviewer"].get(unknown).status_code == 404


def test_a_submitted_file_whose_bytes_changed_is_not_served(
    report, coordinator, reviewer, clients, caplog
):
    attach(report, "key-frozen")
    bring_to(report, "submitted", coordinator, reviewer)
    (frozen,) = report.versions.get().annexes()
    annex_storage.delete_annex_file("key-frozen")
    annex_storage.save_annex_file("key-frozen", PDF + b"tampered")
    assert clients["reviewer"].get(frozen["url"]).status_code == 404
    assert "of submission 1" in caplog.text and "checksum" in caplog.text
