"""A NUL byte or another control character, in any query parameter or any field, is answered
with a 400 or taken as typed: never a 500, on SQLite as on PostgreSQL (issue 12: `/?q=a%00b`
was a 500 on PostgreSQL, "A string literal cannot contain NUL characters").

Run the file on both: `DATABASE_URL=postgres://… pytest tests/test_bad_input_control_characters.py`.
"""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from reports import workflow
from reports.models import MonitoringReport, ReviewComment, ReviewNote, WorkingArea
from tests.wizard_helpers import autosave_url, fill_mandatory_answers, page_values, step_url

NUL = "\x00"
# Start of heading, escape, delete: control characters that are not NUL.
OTHER_CONTROLS = ["\x01", "\x1b", "\x7f"]
CONTROLS = [NUL, *OTHER_CONTROLS]
REFUSED_PAGE = "The request could not be read"
REFUSED_PAGE_BG = "Заявката не можа да бъде прочетена"


def signed_in(user):
    # A 500 comes back as the browser would get it, not as an exception in the test.
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def report_kwargs(report):
    return {"slug": report.partnership.slug, "period": report.period.slug}


@pytest.fixture
def submitted(report, coordinator):
    fill_mandatory_answers(report)
    WorkingArea.objects.create(report=report, position=1, working_area="Skills")
    workflow.submit(report, coordinator)
    return report


@pytest.fixture
def returned(submitted, reviewer):
    workflow.add_comment(submitted, reviewer, "executive_summary", "Shorter, please.")
    workflow.return_for_changes(submitted, reviewer, "See the remark.")
    return submitted


# --- Query parameters: a 400, with our page (or JSON for the page's scripts) -----------------


def search_addresses(report):
    """(who asks, address, parameters) for every page that reads a query parameter."""
    review = reverse("reports:review_report", kwargs=report_kwargs(report))
    return [
        ("anonymous", reverse("reports:home"), ["q"]),
        ("anonymous", "/bg/", ["q"]),
        ("anonymous", reverse("reports:news_list"), ["page"]),
        ("anonymous", reverse("login"), ["next"]),
        ("coordinator", reverse("reports:region_search"), ["q"]),
        ("coordinator", reverse("reports:read_date"), ["q"]),
        ("coordinator", reverse("reports:workspace"), ["page"]),
        ("reviewer", reverse("reports:review_dashboard"), ["platform", "period", "state", "page"]),
        ("reviewer", reverse("reports:review_export_csv"), ["platform", "period", "state"]),
        ("reviewer", reverse("reports:review_export_xlsx"), ["platform", "period", "state"]),
        ("reviewer", review, ["compare", "remark"]),
    ]


@pytest.mark.parametrize("control", CONTROLS)
def test_a_control_character_in_any_query_parameter_is_a_400(
    report, coordinator, reviewer, control
):
    people = {"anonymous": None, "coordinator": coordinator, "reviewer": reviewer}
    for who, url, parameters in search_addresses(report):
        client = signed_in(people[who])
        for parameter in parameters:
            response = client.get(url, {parameter: f"br{control}x"})
            assert response.status_code == 400, (who, url, parameter)
            title = REFUSED_PAGE_BG if url.startswith("/bg/") else REFUSED_PAGE
            assert title in response.content.decode()


def test_the_pages_scripts_are_answered_in_json(coordinator_client):
    response = coordinator_client.get(
        reverse("reports:region_search"), {"q": "br\x00"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 400
    assert "control character" in response.json()["error"]


def test_a_control_character_in_a_parameters_name_is_a_400(client, db):
    assert client.get("/?q%00=x").status_code == 400


def test_the_refusal_is_in_the_pages_language_and_stores_no_session(client, db):
    response = client.get("/bg/?q=a%00b")
    assert response.status_code == 400
    assert REFUSED_PAGE_BG in response.content.decode()
    assert "sessionid" not in response.cookies
    assert not Session.objects.exists()


@pytest.mark.parametrize("typed", ["Brno", "Castilla y León", "Île-de-France\t", ""])
def test_ordinary_searches_still_answer(client, db, typed):
    assert client.get(reverse("reports:home"), {"q": typed}).status_code == 200


# --- Forms: a NUL is a 400 and stores nothing; other control characters are kept as typed --


def wizard_posts(report):
    """(step, field) of every kind of answer the wizard parses: a text, a table's cell, a
    region list's entry, a date, and the form's own fields."""
    return [
        ("summary", "executive_summary"),
        ("working-areas", "working-areas-0-working_area"),
        ("regions", "lead-0-entry"),
        ("past-events", "past-events-0-date"),
        ("summary", "version"),
        ("summary", "action"),
        ("summary", "form_key"),
    ]


@pytest.mark.parametrize("control", CONTROLS)
def test_a_wizard_step_with_a_control_character_is_never_a_500(report, coordinator, control):
    client = signed_in(coordinator)
    for step, field in wizard_posts(report):
        form = page_values(client, report, step)
        typed = {**form, field: [f"Brno{control}"]}
        if field != "action":
            typed["action"] = ["save"]
        response = client.post(step_url(report, step), typed)
        expected = {400} if control == NUL else {200, 302, 400}
        assert response.status_code in expected, (step, field, response.status_code)
    if control == NUL:
        report.refresh_from_db()
        assert report.step_versions == {}


@pytest.mark.parametrize("control", OTHER_CONTROLS)
def test_other_control_characters_in_a_text_are_kept_as_typed(report, coordinator, control):
    """Word puts some in copied text; they are stored, and shown, as they came."""
    client = signed_in(coordinator)
    form = page_values(client, report, "summary")
    typed = f"Secure regions.{control}Together."
    response = client.post(
        step_url(report, "summary"), {**form, "executive_summary": [typed], "action": ["save"]}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.executive_summary == typed


@pytest.mark.parametrize("control", CONTROLS)
def test_an_autosave_with_a_control_character_is_never_a_500(report, coordinator, control):
    client = signed_in(coordinator)
    response = client.post(
        autosave_url(report, "summary"),
        {"version": "0", "executive_summary": f"Auto{control}saved"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == (400 if control == NUL else 200)
    report.refresh_from_db()
    assert (report.executive_summary == "") is (control == NUL)


@pytest.mark.parametrize("control", CONTROLS)
def test_a_reply_to_a_remark_with_a_control_character_is_never_a_500(
    returned, coordinator, control
):
    """The reply is read straight from the form, not through a Django form."""
    remark = ReviewComment.objects.get()
    url = reverse("reports:address_remark", kwargs={**report_kwargs(returned), "pk": remark.pk})
    response = signed_in(coordinator).post(url, {"reply": f"Done{control}"})
    assert response.status_code == (400 if control == NUL else 302)
    remark.refresh_from_db()
    assert remark.reply == ("" if control == NUL else f"Done{control}")


@pytest.mark.parametrize("control", CONTROLS)
def test_a_reviewers_forms_with_a_control_character_are_never_a_500(submitted, reviewer, control):
    client = signed_in(reviewer)
    kwargs = report_kwargs(submitted)
    posts = [
        ("reports:review_remark", {"anchor": "executive_summary", "text": f"Why{control}?"}),
        ("reports:review_remark", {"anchor": f"executive_summary{control}", "text": "Why?"}),
        ("reports:review_note", {"internal_note": f"Strong{control}", "recommendation": ""}),
        ("reports:review_decide", {"action": "return", "message": f"See{control}"}),
        ("reports:review_decide", {"action": f"accept{control}", "message": ""}),
    ]
    for name, data in posts:
        response = client.post(reverse(name, kwargs=kwargs), data)
        assert response.status_code < 500, (name, data, response.status_code)
        if control == NUL:
            assert response.status_code == 400
    if control == NUL:
        assert not ReviewComment.objects.exists()
        assert not ReviewNote.objects.exists()
        submitted.refresh_from_db()
        assert submitted.state == MonitoringReport.State.SUBMITTED


@pytest.mark.parametrize("control", CONTROLS)
@pytest.mark.parametrize("field", ["username", "password"])
def test_logging_in_with_a_control_character_is_never_a_500(coordinator, control, field):
    credentials = {"username": "coordinator", "password": "pw-coordinator", field: f"x{control}"}
    response = signed_in(None).post(reverse("login"), credentials)
    assert response.status_code == (400 if control == NUL else 200)


@pytest.mark.parametrize("control", CONTROLS)
def test_starting_a_report_with_a_control_character_is_never_a_500(
    partnership, coordinator, open_period, control
):
    url = reverse("reports:wizard_start", kwargs={"slug": partnership.slug, "period": "2020-h2"})
    response = signed_in(coordinator).post(url, {f"extra{control}": control})
    assert response.status_code == (400 if control == NUL else 302)


def test_a_published_report_with_control_characters_is_still_read_and_printed(
    submitted, reviewer, client
):
    """What was kept as typed reaches the public page and the PDF without breaking them."""
    submitted.executive_summary = "Secure\x01 regions\x1b together\x7f."
    submitted.save(update_fields=["executive_summary"])
    submitted.move_to(MonitoringReport.State.ACCEPTED, reviewer)
    submitted.move_to(MonitoringReport.State.PUBLISHED, reviewer)
    kwargs = report_kwargs(submitted)
    assert client.get(reverse("reports:public_report", kwargs=kwargs)).status_code == 200
    assert client.get(reverse("report_pdf", kwargs=kwargs)).status_code == 200
    assert signed_in(reviewer).get(reverse("reports:review_export_xlsx")).status_code == 200
