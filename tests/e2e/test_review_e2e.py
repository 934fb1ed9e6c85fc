"""The JRC review in a real browser (headless Chromium): remark, return, address, publish.

Issue 4, "Done when": the reviewer returns the demo coordinator's submitted report with a
remark on one field; the coordinator sees the remark beside that field, changes it, marks it
addressed and resubmits; the reviewer sees the diff and publishes; the report is then on the
public partnership page.

The Cybersecurity coordinator starts January–June 2021 in the browser (last period's report
is carried over); the answers the wizard tests already type in full are put in the database
here, so that the test is about the review. The submission and everything after it go
through the browser, as the coordinator and the reviewer use it. Mails are covered by
tests/test_notifications.py, not here.
"""

import re
from pathlib import Path

import pytest

from accounts.models import User
from reports import versions, workflow
from reports.answers import missing_answers
from reports.demo import cybersecurity
from reports.demo.accounts import PASSWORD
from reports.models import MonitoringReport, Partnership
from reports.models.self_assessment import SelfAssessment
from tests import test_annex_files as sample_files
from tests.e2e.helpers import click_and_wait

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture fails or skips these tests and says why
    expect = None

pytestmark = pytest.mark.e2e

State = MonitoringReport.State

PERIOD = "2021-h1"
PERIOD_LABEL = "January - June 2021"
PUBLIC_LISTING = "Monitoring report covering the period from January to June 2021"

# The field the reviewer remarks on, as submitted and as changed after the remark.
FIELD = "innovative_results"
STEP = "innovative-results"
FIRST_TEXT = "The federated cyber range was piloted in three regions during the period."
CHANGED_TEXT = (
    "The federated cyber range was piloted in Brittany, the Basque Country and Estonia "
    "during the period."
)
REMARK = "Which three regions? Name them, so that the results can be traced."
COVERING_MESSAGE = "Thank you for the report. One remark, on the innovative results."
REPLY = "The three pilot regions are now named."
ACCEPT_COMMENT = "Complete. Thank you."

ASSESSMENT = cybersecurity.SELF_ASSESSMENTS[(2020, 2)]


# --- moving around ----------------------------------------------------------------------------


def log_in(page, username, path):
    """Open a page that needs a login, log in on the page it sends to, and land back on it."""
    page.goto(path)
    expect(page).to_have_url(re.compile(rf"/accounts/login/\?next={re.escape(path)}$"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(f"{re.escape(path)}$"))


def log_out(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()


def step_path(slug, step):
    return f"/workspace/{slug}/{PERIOD}/{step}/"


def jump(page, step):
    """Go to another step through the list of steps (which saves this one first)."""
    click_and_wait(
        page,
        page.locator(f"button[name='action'][value='goto:{step}']").filter(visible=True),
    )
    expect(page).to_have_url(re.compile(f"/{re.escape(step)}/(#.*)?$"))


def open_from_dashboard(page):
    """The reviewer's way to the report: the dashboard, filtered to the period."""
    page.goto("/review/")
    expect(page.get_by_role("heading", name="Review dashboard", level=1)).to_be_visible()
    page.get_by_label("Reporting period").select_option(PERIOD)
    click_and_wait(page, page.get_by_role("button", name="Show"))
    open_link = page.get_by_role(
        "link", name=f"Open the report of Cybersecurity for {PERIOD_LABEL}"
    )
    row = page.get_by_role("row").filter(has=open_link)
    expect(row).to_contain_text("Submitted")
    click_and_wait(page, open_link)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Cybersecurity – {PERIOD_LABEL}")


def state_badge(page):
    return page.locator(".review-meta .state-badge")


def message(page, text):
    """The message a page shows after an action (Django's messages framework)."""
    return page.get_by_text(text, exact=True)


def history(page):
    """[(from, to)] of the review page's state history, newest first as the page lists it."""
    items = page.locator("#history ol.state-history > li")
    return [
        tuple(items.nth(index).locator(".state-badge").all_inner_texts())
        for index in range(items.count())
    ]


# --- the report -------------------------------------------------------------------------------


def prepare_answers(report):
    """The answers the coordinator would type that carrying over does not give: section II
    and the self-assessment. The header, summary and regions come from July–December 2020."""
    progress = cybersecurity.REPORT_2020_H2.progress
    for name in progress:
        setattr(report, name, progress[name])
    setattr(report, FIELD, FIRST_TEXT)
    report.save()
    SelfAssessment.objects.create(
        report=report,
        progress_rating=ASSESSMENT.progress_rating,
        progress_justification=ASSESSMENT.progress_justification,
        methodology_phase=ASSESSMENT.methodology_phase,
        continuation=ASSESSMENT.continuation,
        governance=dict(ASSESSMENT.governance),
        support_usefulness=dict(ASSESSMENT.support_usefulness),
        outputs=list(ASSESSMENT.outputs),
        risks=ASSESSMENT.risks,
    )
    assert missing_answers(report) == []


def test_reviewer_returns_with_a_remark_coordinator_addresses_it_reviewer_publishes(
    page, demo_data, dialogs
):
    partnership = Partnership.objects.get(short_name="Cybersecurity")
    slug = partnership.slug
    coordinator = User.objects.get(username="coordinator").display_name
    reviewer = User.objects.get(username="reviewer").display_name

    # Nothing of January–June 2021 is public yet.
    page.goto(f"/partnerships/{slug}/")
    expect(page.get_by_role("region", name="Monitoring reports")).not_to_contain_text("2021")

    # --- The coordinator starts the report, and submits it once it is complete. ---
    log_in(page, "coordinator", "/workspace/")
    workspace = page.get_by_role("region", name=re.compile("^Cybersecurity"))
    period_row = workspace.get_by_role("row", name=re.compile(f"^{PERIOD_LABEL}"))
    expect(period_row).to_contain_text("Not started")
    click_and_wait(page, period_row.get_by_role("button", name=f"Start the report {PERIOD_LABEL}"))
    expect(page).to_have_url(re.compile(f"{step_path(slug, 'header')}$"))
    report = MonitoringReport.objects.get(
        partnership=partnership, period__year=2021, period__half=1
    )
    prepare_answers(report)

    jump(page, "review")
    expect(page.get_by_text("Every mandatory answer is there")).to_be_visible()
    expect(page.locator(".report-preview")).to_contain_text(FIRST_TEXT)
    click_and_wait(page, page.get_by_role("button", name="Submit the report"))
    expect(page).to_have_url(re.compile(f"{step_path(slug, 'review')}$"))
    expect(page.get_by_text(re.compile(r"^\s*Submitted\.\s"))).to_be_visible()
    report.refresh_from_db()
    assert report.state == State.SUBMITTED
    log_out(page)

    # --- The reviewer finds it on the dashboard and writes a remark beside the field. ---
    log_in(page, "reviewer", "/review/")
    open_from_dashboard(page)
    expect(state_badge(page)).to_have_text("Submitted")
    label = workflow.anchors(report)[FIELD]
    field_block = page.locator(f"#about-{FIELD}")
    expect(field_block).to_contain_text(FIRST_TEXT)
    # "Remark", and for screen readers which field (Chromium reads "Remark : <label>").
    remark_button = field_block.get_by_role(
        "link", name=re.compile(rf"^Remark\s*:\s*{re.escape(label)}$")
    )
    click_and_wait(page, remark_button)
    remark_form = field_block.locator("form.remark-form")
    remark_form.locator("[name='text']").fill(REMARK)
    click_and_wait(page, remark_form.get_by_role("button", name="Add the remark"))
    expect(
        message(page, re.compile(r"^Remark added to “Please describe innovative"))
    ).to_be_visible()
    remark = field_block.locator("article.remark")
    expect(remark).to_have_count(1)
    expect(remark).to_contain_text(REMARK)
    expect(remark).to_contain_text("Not addressed yet")
    expect(page.locator("#remarks")).to_contain_text("1 not yet addressed")

    # Returned, with a covering message.
    returning = page.locator("form.decision-return")
    expect(returning).to_contain_text("One remark not yet addressed goes with it.")
    returning.locator("[name='message']").fill(COVERING_MESSAGE)
    click_and_wait(page, returning.get_by_role("button", name="Return for changes"))
    expect(
        message(page, "Returned for changes. The coordinators have been told, with your message.")
    ).to_be_visible()
    expect(state_badge(page)).to_have_text("Returned for changes")
    expect(page.get_by_role("link", name=re.compile("^Remark"))).to_have_count(0)
    log_out(page)

    # --- The coordinator reads why, finds the remark beside its field and deals with it. ---
    log_in(page, "coordinator", "/workspace/")
    workspace = page.get_by_role("region", name=re.compile("^Cybersecurity"))
    period_row = workspace.get_by_role("row", name=re.compile(f"^{PERIOD_LABEL}"))
    expect(period_row).to_contain_text("Returned for changes")
    click_and_wait(page, period_row.get_by_role("link", name=f"Continue {PERIOD_LABEL}"))
    # "Continue" leads to the step of the first open remark, which says why the report is
    # back; the review step sums the remarks up.
    expect(page).to_have_url(re.compile(f"{step_path(slug, STEP)}$"))
    expect(page.locator(".returned-banner")).to_contain_text(COVERING_MESSAGE)
    jump(page, "review")
    steps = page.get_by_role("navigation", name="Steps of the report").first
    expect(steps.get_by_role("listitem").filter(has_text="Innovative results")).to_contain_text(
        "1 open remark"
    )
    returned = page.locator("section.review-remarks")
    expect(returned).to_contain_text(f"{reviewer} returned the report on")
    expect(returned.locator(".remarks-message")).to_have_text(COVERING_MESSAGE)
    expect(returned).to_contain_text("1 remark, 0 addressed")
    click_and_wait(page, returned.get_by_role("link", name=re.compile("^Please describe innov")))
    expect(page).to_have_url(re.compile(f"{step_path(slug, STEP)}#remark-\\d+$"))
    (comment,) = report.review_comments.all()
    on_page = page.locator(f"#remark-{comment.pk}")
    expect(on_page).to_contain_text(REMARK)
    expect(on_page).to_contain_text("Reviewer's remark")
    expect(page.locator(".remarks-banner")).to_contain_text("It is still open.")
    # Beside its field: the remark comes right before the field it is about, and only there.
    beside = on_page.evaluate(
        "remark => remark.nextElementSibling"
        f" && remark.nextElementSibling.querySelector(\"[name='{FIELD}']\") !== null"
    )
    assert beside, "the remark is not shown right before the field it is about"
    expect(page.locator("#step-form .remark")).to_have_count(1)

    # The answer changed and saved, then the remark marked addressed with a reply.
    text = page.locator(f"#step-form [name='{FIELD}']")
    expect(text).to_have_value(FIRST_TEXT)
    text.fill(CHANGED_TEXT)
    click_and_wait(page, page.locator("#step-form button[name='action'][value='save']"))
    # The browser keeps the "#remark-…" the page was opened with through the redirect.
    expect(page).to_have_url(re.compile(f"{step_path(slug, STEP)}(#remark-{comment.pk})?$"))
    expect(page.get_by_text(re.compile(r"^\s*Saved at \d\d:\d\d\.\s*$"))).to_be_visible()
    expect(text).to_have_value(CHANGED_TEXT)
    on_page.get_by_label("Reply to the reviewers (optional)").fill(REPLY)
    click_and_wait(page, on_page.get_by_role("button", name="Mark as addressed"))
    assert dialogs.seen == [], (
        f"leaving the page asked {dialogs.seen} (the reply is not the step's)"
    )
    expect(page).to_have_url(re.compile(f"{step_path(slug, STEP)}#remark-{comment.pk}$"))
    expect(message(page, "Remark marked as addressed.")).to_be_visible()
    expect(on_page).to_contain_text("Reviewer's remark, addressed")
    expect(on_page).to_contain_text(f"Marked as addressed by {coordinator} on")
    expect(on_page.locator(".remark-reply")).to_contain_text(REPLY)
    expect(on_page.get_by_role("button", name="Mark as addressed")).to_have_count(0)
    expect(page.locator(".remarks-banner")).to_contain_text("It is marked as addressed.")

    # Resubmitted.
    jump(page, "review")
    expect(page.locator("section.review-remarks")).to_contain_text("1 remark, 1 addressed")
    expect(page.locator(".remarks-open-note")).to_have_count(0)
    expect(page.locator(".report-preview")).to_contain_text(CHANGED_TEXT)
    click_and_wait(page, page.get_by_role("button", name="Submit the report"))
    expect(page.get_by_text(re.compile(r"^\s*Submitted\.\s"))).to_be_visible()
    report.refresh_from_db()
    assert report.state == State.SUBMITTED
    assert getattr(report, FIELD) == CHANGED_TEXT
    log_out(page)

    # --- The reviewer sees the remark addressed, the reply and what changed, and publishes. ---
    log_in(page, "reviewer", "/review/")
    open_from_dashboard(page)
    expect(page.locator(".review-meta")).to_contain_text("Submission 2")
    field_block = page.locator(f"#about-{FIELD}")
    expect(field_block).to_contain_text(CHANGED_TEXT)
    remark = field_block.locator("article.remark")
    expect(remark).to_contain_text(REMARK)
    expect(remark.locator(".remark-status")).to_have_text(re.compile("Addressed$"))
    expect(remark.locator(".remark-reply")).to_contain_text(f"Marked addressed by {coordinator}")
    expect(remark.locator(".remark-reply blockquote")).to_have_text(REPLY)
    expect(page.locator("#remarks")).to_contain_text("0 not yet addressed")

    # The change in that field, word by word, under the remark ...
    segments = versions.word_diff(FIRST_TEXT, CHANGED_TEXT)
    removed = [text.strip() for operation, text in segments if operation == "delete"]
    added = [text.strip() for operation, text in segments if operation == "insert"]
    assert removed == ["three regions"] and added == ["Brittany, the Basque Country and Estonia"]
    changes = remark.locator("details.remark-changes")
    expect(changes.locator("summary")).to_have_text("Changed between submission 1 and submission 2")

    def expect_word_diff(where):
        expect(where.locator(".diff del.diff-del")).to_have_text(
            [re.compile(rf"^\s*\[?(removed: )?{re.escape(text)}\]?\s*$") for text in removed]
        )
        expect(where.locator(".diff ins.diff-ins")).to_have_text(
            [re.compile(rf"^\s*\[?(added: )?{re.escape(text)}\]?\s*$") for text in added]
        )

    expect_word_diff(changes)
    # ... and in the comparison of the two submissions, which shows nothing else.
    click_and_wait(page, page.get_by_role("link", name="Changes since submission 1"))
    diff = page.locator("section.review-diff")
    expect(diff.get_by_role("heading", level=2)).to_have_text(
        "Changes from submission 1 to submission 2"
    )
    expect(diff.locator(".diff-item")).to_have_count(1)
    expect(diff.locator(".diff-label")).to_have_text(label)
    expect_word_diff(diff)
    click_and_wait(page, page.get_by_role("link", name="The report", exact=True))

    # Accepted, then published.
    accepting = page.locator("form.decision-accept")
    accepting.locator("[name='message']").fill(ACCEPT_COMMENT)
    click_and_wait(page, accepting.get_by_role("button", name="Accept the report"))
    expect(message(page, "Accepted. The coordinators have been told by e-mail.")).to_be_visible()
    expect(state_badge(page)).to_have_text("Accepted")
    click_and_wait(page, page.get_by_role("button", name="Publish sections I and II"))
    expect(
        message(page, "Published on the partnership's page. The coordinators have been told.")
    ).to_be_visible()
    expect(state_badge(page)).to_have_text("Published")
    expect(page.locator("#decision").get_by_role("button")).to_have_text(
        ["Withdraw from the public site"]
    )

    # The history lists every transition, newest first, with who and the messages.
    assert history(page) == [
        ("Accepted", "Published"),
        ("Submitted", "Accepted"),
        ("Returned for changes", "Submitted"),
        ("Submitted", "Returned for changes"),
        ("Draft", "Submitted"),
    ]
    items = page.locator("#history ol.state-history > li")
    for index, who in enumerate([reviewer, reviewer, coordinator, reviewer, coordinator]):
        expect(items.nth(index)).to_contain_text(who)
    expect(items.nth(1).locator(".state-history-comment")).to_have_text(ACCEPT_COMMENT)
    expect(items.nth(3).locator(".state-history-comment")).to_have_text(COVERING_MESSAGE)
    report.refresh_from_db()
    assert report.state == State.PUBLISHED
    assert list(report.transitions.values_list("from_state", "to_state")) == [
        (State.DRAFT, State.SUBMITTED),
        (State.SUBMITTED, State.RETURNED),
        (State.RETURNED, State.SUBMITTED),
        (State.SUBMITTED, State.ACCEPTED),
        (State.ACCEPTED, State.PUBLISHED),
    ]
    log_out(page)

    # --- Anyone now finds the report listed on the partnership's public page. ---
    page.goto(f"/partnerships/{slug}/")
    listed = page.get_by_role("region", name="Monitoring reports").get_by_role("listitem")
    expect(listed.first).to_have_text(PUBLIC_LISTING)  # the newest first
    # The self-assessment never is public.
    expect(page.locator("main")).not_to_contain_text(ASSESSMENT.risks)


def upload_annex(page, path, content, title, visibility):
    """Attach a file on the annexes' step, the way a coordinator does (with JavaScript: sent
    in the background with a progress bar, then the step is shown again with it listed)."""
    upload = page.locator("section.annex-upload")
    upload.locator("input[type='file']").set_input_files(
        files=[{"name": path.name, "mimeType": "application/octet-stream", "buffer": content}]
    )
    upload.get_by_label("Title").fill(title)
    upload.get_by_label(visibility).check()
    upload.get_by_role("button", name="Upload").click()
    expect(page.locator(".annex-list")).to_contain_text(title)


def test_a_public_and_a_confidential_annex_go_through_review_and_only_the_public_one_is_served(
    page, demo_data
):
    partnership = Partnership.objects.get(short_name="Cybersecurity")
    slug = partnership.slug
    public_pdf, confidential_docx = sample_files.pdf(), sample_files.docx()

    # The coordinator attaches an agenda for everyone and a signed minute for the reviewers.
    log_in(page, "coordinator", "/workspace/")
    workspace = page.get_by_role("region", name=re.compile("^Cybersecurity"))
    period_row = workspace.get_by_role("row", name=re.compile(f"^{PERIOD_LABEL}"))
    click_and_wait(page, period_row.get_by_role("button", name=f"Start the report {PERIOD_LABEL}"))
    report = MonitoringReport.objects.get(
        partnership=partnership, period__year=2021, period__half=1
    )
    prepare_answers(report)
    page.goto(step_path(slug, "annexes"))
    upload_annex(page, Path("agenda.pdf"), public_pdf, "Agenda of the meeting", "Public")
    upload_annex(page, Path("minute.docx"), confidential_docx, "Signed minute", "Confidential")
    jump(page, "review")
    click_and_wait(page, page.get_by_role("button", name="Submit the report"))
    expect(page.get_by_text(re.compile(r"^\s*Submitted\.\s"))).to_be_visible()
    log_out(page)

    # The reviewer accepts and publishes.
    log_in(page, "reviewer", f"/review/{slug}/{PERIOD}/")
    expect(page.locator("main")).to_contain_text("Signed minute")
    click_and_wait(page, page.get_by_role("button", name="Accept the report"))
    click_and_wait(page, page.get_by_role("button", name="Publish sections I and II"))
    expect(state_badge(page)).to_have_text("Published")
    log_out(page)

    # An anonymous visitor downloads the agenda; the minute is neither listed nor served.
    page.goto(f"/partnerships/{slug}/reports/{PERIOD}/")
    agenda = page.get_by_role("link", name="Agenda of the meeting")
    expect(agenda).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Signed minute")
    served = page.request.get(agenda.get_attribute("href"))
    assert served.status == 200 and served.body() == public_pdf
    assert served.headers["content-type"] == "application/pdf"
    minute = report.annexes.get(title="Signed minute")
    refused = page.request.get(minute.get_absolute_url())
    assert refused.status == 404
    assert confidential_docx not in refused.body()
