"""The coordinator's side of the reviewers' remarks.

A returned report shows each remark the reviewers sent beside the field or row it is about,
on that field's step; the coordinator marks it addressed, with an optional reply. The review
step sums them up ("3 remarks, 1 addressed") with links to their steps; once the report is
resubmitted they stay there to read. Remarks the reviewers are still writing are not shown,
the reviewers' own note never is, and nothing of this reaches the public pages.
"""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from reports import workflow
from reports.models import (
    Event,
    MonitoringReport,
    RegionRole,
    ReportRegion,
    ReviewComment,
    ReviewNote,
    WorkingArea,
)
from reports.wizard.remarks import anchor_step, remarks_for
from reports.wizard.steps import STEPS
from tests.wizard_helpers import (
    fill_mandatory_answers,
    messages_of,
    post_step,
    step_url,
    submit_url,
)

State = MonitoringReport.State
SUMMARY_REMARK = "Say what changed since the last period, not what the partnership is."
ROW_REMARK = "Who in the region is in charge? Name the agency."
COVERING = "Thank you. Please see the two remarks, then submit again."
INTERNAL = "INTERNAL: the coordinator seems overwhelmed; consider conditions."


@pytest.fixture
def submitted(report, coordinator):
    """The report, complete, with a working area and two events, submitted."""
    fill_mandatory_answers(report)
    WorkingArea.objects.create(report=report, position=1, working_area="Secure supply chains")
    WorkingArea.objects.create(report=report, position=2, working_area="Skills")
    for kind in (Event.Kind.PAST, Event.Kind.PLANNED):
        Event.objects.create(
            report=report, kind=kind, position=1, title=f"{kind} forum", date=datetime.date.today()
        )
    workflow.submit(report, coordinator)
    return report


def remark(report, reviewer, anchor, text):
    return workflow.add_comment(report, reviewer, anchor, text)


@pytest.fixture
def returned(submitted, reviewer):
    """The report returned with a remark on the executive summary and one on a working area."""
    area = submitted.working_areas.get(position=1)
    remark(submitted, reviewer, "executive_summary", SUMMARY_REMARK)
    remark(submitted, reviewer, f"working_areas:{area.pk}", ROW_REMARK)
    ReviewNote.objects.create(report=submitted, internal_note=INTERNAL, recommendation="conditions")
    workflow.return_for_changes(submitted, reviewer, COVERING)
    return submitted


def address_url(report, remark):
    return reverse(
        "reports:address_remark",
        kwargs={"slug": report.partnership.slug, "period": report.period.slug, "pk": remark.pk},
    )


def page(client, report, step):
    response = client.get(step_url(report, step))
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def position(html, text):
    assert text in html, text
    return html.index(text)


# Where remarks are shown.


def test_a_remark_is_shown_beside_its_field_on_that_fields_step(coordinator_client, returned):
    summary = page(coordinator_client, returned, "summary")
    the_remark = ReviewComment.objects.get(anchor="executive_summary")
    # Just above the field it is about, with who wrote it and when.
    assert (
        position(summary, "<h2")
        < position(summary, f'id="remark-{the_remark.pk}"')
        < position(summary, SUMMARY_REMARK)
        < position(summary, 'name="executive_summary"')
    )
    assert "reviewer" in summary[position(summary, SUMMARY_REMARK) :]
    assert "Mark as addressed" in summary
    for other in ("header", "regions", "past-events", "innovative-results", "self-assessment"):
        assert SUMMARY_REMARK not in page(coordinator_client, returned, other)


def test_a_remark_on_a_table_row_follows_that_row(coordinator_client, returned):
    html = page(coordinator_client, returned, "working-areas")
    assert (
        position(html, "Secure supply chains")
        < position(html, ROW_REMARK)
        < position(html, 'name="working-areas-1-working_area"')
    )
    assert "Working area, row 1" in html


def test_every_field_and_row_a_remark_can_be_about_shows_it_on_its_step(
    coordinator_client, submitted, reviewer
):
    for role in RegionRole.values:
        ReportRegion.objects.get_or_create(
            report=submitted, role=role, position=1, defaults={"name": f"{role} region"}
        )
    texts = {}
    for number, anchor in enumerate(workflow.anchors(submitted)):
        texts[anchor] = f"Remark number {number:03} about {anchor}."
        remark(submitted, reviewer, anchor, texts[anchor])
    workflow.return_for_changes(submitted, reviewer, COVERING)

    pages = {step.slug: page(coordinator_client, submitted, step.slug) for step in STEPS[:-1]}
    for anchor, text in texts.items():
        step = anchor_step(anchor)
        assert step is not None, anchor
        assert pages[step.slug].count(text) == 1, (anchor, step.slug)
        assert all(text not in html for slug, html in pages.items() if slug != step.slug)
    by_anchor = remarks_for(submitted)
    assert set(by_anchor) == set(texts)
    assert all(remark.placed for group in by_anchor.values() for remark in group)


def test_remarks_the_reviewers_are_still_writing_are_not_shown(
    coordinator_client, report, coordinator, reviewer
):
    fill_mandatory_answers(report)
    workflow.submit(report, coordinator)
    draft = remark(report, reviewer, "executive_summary", "Not sent yet.")
    assert "Not sent yet." not in page(coordinator_client, report, "review")
    assert coordinator_client.post(address_url(report, draft)).status_code == 404

    workflow.return_for_changes(report, reviewer, COVERING)
    workflow.submit(report, coordinator)
    later = remark(report, reviewer, "executive_summary", "Second round, not sent yet.")
    html = page(coordinator_client, report, "review")
    assert "Not sent yet." in html
    assert "Second round, not sent yet." not in html
    assert coordinator_client.post(address_url(report, later)).status_code == 404
    later.refresh_from_db()
    assert later.addressed_at is None


def test_a_remark_on_a_row_removed_since_is_shown_at_the_top_of_its_step(
    coordinator_client, returned
):
    returned.working_areas.get(position=1).delete()
    html = page(coordinator_client, returned, "working-areas")
    assert position(html, ROW_REMARK) < position(html, "<table")
    assert "Working areas, a row removed since: Secure supply chains" in html


def test_the_list_of_steps_counts_the_open_remarks(coordinator_client, returned):
    html = page(coordinator_client, returned, "header")
    assert html.count("1 open remark") == 4  # two steps, in the sidebar and the folded list
    assert "The reviewers left" not in html


def test_a_step_with_remarks_says_so_at_the_top(coordinator_client, returned):
    html = page(coordinator_client, returned, "summary")
    assert "The reviewers left a remark on this page" in html
    assert "It is still open." in html


def test_saving_a_step_with_remarks_on_it_still_saves_the_step(coordinator_client, returned):
    response = post_step(
        coordinator_client, returned, "summary", {"executive_summary": "What changed: a lot."}
    )
    assert response.status_code == 302
    returned.refresh_from_db()
    assert returned.executive_summary == "What changed: a lot."
    assert ReviewComment.objects.filter(addressed_at__isnull=False).count() == 0


# Marking a remark addressed.


def test_marking_a_remark_addressed_stores_who_when_and_the_reply(
    coordinator_client, coordinator, returned
):
    the_remark = ReviewComment.objects.get(anchor="executive_summary")
    response = coordinator_client.post(
        address_url(returned, the_remark), {"reply": "  Rewritten: it now says what changed.  "}
    )
    assert response.status_code == 302
    assert response["Location"] == step_url(returned, "summary") + f"#remark-{the_remark.pk}"
    the_remark.refresh_from_db()
    assert the_remark.addressed_by == coordinator
    assert the_remark.addressed_at is not None
    assert the_remark.reply == "Rewritten: it now says what changed."

    followed = coordinator_client.get(response["Location"])
    assert "Remark marked as addressed." in messages_of(followed)
    html = followed.content.decode()
    assert "Reviewer's remark, addressed" in html
    assert "Rewritten: it now says what changed." in html
    assert f'id="remark-{the_remark.pk}-form"' not in html


def test_a_remark_can_be_marked_addressed_without_a_reply(coordinator_client, returned):
    the_remark = ReviewComment.objects.get(anchor__startswith="working_areas:")
    response = coordinator_client.post(address_url(returned, the_remark))
    assert response["Location"].endswith(f"/working-areas/#remark-{the_remark.pk}")
    the_remark.refresh_from_db()
    assert the_remark.addressed_at is not None
    assert the_remark.reply == ""


def test_a_reply_over_the_limit_is_refused_with_a_message(coordinator_client, returned):
    the_remark = ReviewComment.objects.get(anchor="executive_summary")
    response = coordinator_client.post(
        address_url(returned, the_remark), {"reply": "x" * 5_001}, follow=True
    )
    assert messages_of(response) == [
        "The remark was not marked as addressed. "
        "At most 5000 characters are allowed; this has 5001."
    ]
    the_remark.refresh_from_db()
    assert (the_remark.addressed_at, the_remark.reply) == (None, "")


def test_a_remark_cannot_be_addressed_once_the_report_is_back_with_the_reviewers(
    coordinator_client, coordinator, returned
):
    workflow.submit(returned, coordinator)
    the_remark = ReviewComment.objects.get(anchor="executive_summary")
    response = coordinator_client.post(address_url(returned, the_remark), {"reply": "Late."})
    assert response["Location"] == step_url(returned, "review") + f"#remark-{the_remark.pk}"
    followed = coordinator_client.get(response["Location"])
    assert any("not with you" in message for message in messages_of(followed))
    the_remark.refresh_from_db()
    assert (the_remark.addressed_at, the_remark.reply) == (None, "")


def test_the_address_url_takes_posts_only(coordinator_client, returned):
    the_remark = ReviewComment.objects.get(anchor="executive_summary")
    assert coordinator_client.get(address_url(returned, the_remark)).status_code == 405


def test_a_remark_of_another_report_is_not_found_here(
    coordinator_client, returned, coordinator, reviewer, open_period
):
    """The remark's id alone does not do: it must belong to the report in the URL."""
    the_remark = ReviewComment.objects.get(anchor="executive_summary")
    other_period = type(open_period).objects.create(
        year=2021, half=1, deadline=datetime.date(2021, 7, 31)
    )
    other = MonitoringReport.start(returned.partnership, other_period)
    assert coordinator_client.post(address_url(other, the_remark)).status_code == 404


# Who may mark a remark addressed: the permission ladder.


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("other_coordinator", 404),
        ("reviewer", 404),  # reviewers read the replies; they do not address remarks
        ("coordinator", 302),
        ("administrator", 302),
    ],
)
def test_only_the_partnerships_coordinators_and_administrators_address_remarks(
    client, request, returned, who, status
):
    user = request.getfixturevalue(who)
    client.force_login(user)
    the_remark = ReviewComment.objects.get(anchor="executive_summary")
    response = client.post(address_url(returned, the_remark), {"reply": "Done."})
    assert response.status_code == status
    the_remark.refresh_from_db()
    if status == 302:
        assert (the_remark.addressed_by, the_remark.reply) == (user, "Done.")
    else:
        assert (the_remark.addressed_at, the_remark.reply) == (None, "")


def test_an_anonymous_visitor_is_asked_to_log_in_and_nothing_changes(client, returned):
    """As everywhere in the workspace (a session that expired while the page was open):
    the login page, then the page the remark was on, never this POST-only URL."""
    the_remark = ReviewComment.objects.get(anchor="executive_summary")
    page = step_url(returned, "management")
    response = client.post(
        address_url(returned, the_remark),
        {"reply": "Done."},
        HTTP_REFERER=f"http://testserver{page}",
    )
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={page}"
    the_remark.refresh_from_db()
    assert the_remark.addressed_at is None


# The review step: the covering message and the summary.


def test_the_review_step_shows_the_covering_message_and_counts_the_remarks(
    coordinator_client, returned, reviewer
):
    remark_ = ReviewComment.objects.get(anchor="executive_summary")
    workflow.address_comment(remark_, returned.partnership.coordinators.get(), "Done.")
    html = page(coordinator_client, returned, "review")
    assert "Returned for changes" in html
    assert COVERING in html
    assert "2 remarks, 1 addressed" in html
    row_remark = ReviewComment.objects.get(anchor__startswith="working_areas:")
    assert f'href="{step_url(returned, "summary")}#remark-{remark_.pk}"' in html
    assert f'href="{step_url(returned, "working-areas")}#remark-{row_remark.pk}"' in html
    # First thing on the page, and recalled where the report is submitted.
    assert position(html, COVERING) < position(html, "Every mandatory answer is there.")
    assert "One of the reviewers' remarks is not marked as addressed." in html


def test_after_resubmission_the_remarks_and_replies_stay_to_read(
    coordinator_client, coordinator, returned
):
    the_remark = ReviewComment.objects.get(anchor="executive_summary")
    coordinator_client.post(address_url(returned, the_remark), {"reply": "Rewritten."})
    response = coordinator_client.post(submit_url(returned))
    assert response.status_code == 302
    returned.refresh_from_db()
    assert returned.state == State.SUBMITTED

    html = page(coordinator_client, returned, "review")
    assert "The reviewers' remarks" in html
    assert "2 remarks, 1 addressed" in html
    assert SUMMARY_REMARK in html and ROW_REMARK in html and "Rewritten." in html
    assert "Mark as addressed" not in html
    assert 'name="reply"' not in html
    assert COVERING not in html  # the covering message belonged to the return
    # Where the report is now comes first, then the remarks.
    assert position(html, "the report is with the JRC reviewers") < position(html, SUMMARY_REMARK)


def test_a_report_never_returned_shows_no_remarks_section(coordinator_client, report):
    html = page(coordinator_client, report, "review")
    assert "remarks-title" not in html


# What coordinators never see, and what the public never sees.


def test_the_reviewers_note_and_recommendation_never_reach_the_coordinators(
    coordinator_client, returned
):
    for step in STEPS:
        html = page(coordinator_client, returned, step.slug)
        assert INTERNAL not in html
        assert "Continue with conditions" not in html
        assert "recommendation" not in html.lower()


def test_remarks_and_replies_never_appear_on_public_pages(
    coordinator_client, coordinator, reviewer, returned
):
    the_remark = ReviewComment.objects.get(anchor="executive_summary")
    coordinator_client.post(address_url(returned, the_remark), {"reply": "A reply of ours."})
    workflow.submit(returned, coordinator)
    workflow.accept(returned, reviewer)
    workflow.publish(returned, reviewer)

    visitor = Client()
    public = visitor.get(reverse("reports:partnership", kwargs={"slug": returned.partnership.slug}))
    assert public.status_code == 200
    html = public.content.decode()
    assert "July to December 2020" in html  # the published report is listed
    for secret in (SUMMARY_REMARK, ROW_REMARK, "A reply of ours.", COVERING, INTERNAL):
        assert secret not in html
    assert not re.search(r"remark", html, re.IGNORECASE)
    home = visitor.get(reverse("reports:home")).content.decode()
    assert SUMMARY_REMARK not in home


# Where a returned report opens, and its covering message on every step.


def test_a_returned_report_continues_on_the_step_of_its_first_open_remark(
    coordinator_client, returned, open_period
):
    page = coordinator_client.get(reverse("reports:workspace")).content.decode()
    assert f'href="{step_url(returned, "summary")}"' in page
    # Once that remark is addressed, the next open one leads.
    summary_remark = returned.review_comments.get(anchor="executive_summary")
    coordinator_client.post(address_url(returned, summary_remark))
    page = coordinator_client.get(reverse("reports:workspace")).content.decode()
    assert f'href="{step_url(returned, "working-areas")}"' in page


@pytest.mark.parametrize("step", ["header", "regions", "sdgs", "self-assessment"])
def test_the_covering_message_shows_on_every_step_while_the_report_is_returned(
    coordinator_client, returned, step
):
    page = coordinator_client.get(step_url(returned, step)).content.decode()
    assert "Returned for changes by" in page
    assert COVERING in page


def test_the_covering_message_goes_once_the_report_is_submitted_again(coordinator_client, returned):
    coordinator_client.post(submit_url(returned))
    returned.refresh_from_db()
    assert returned.state == State.SUBMITTED
    page = coordinator_client.get(step_url(returned, "review")).content.decode()
    assert COVERING not in page
