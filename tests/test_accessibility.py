"""What assistive technology reads from the pages' markup: every label, description and
error an element points to (for, aria-describedby, aria-labelledby, …) exists on the page, on
every step of the wizard as shown and with every answer refused; and the site's icon is
served.

What needs a browser (contrast, focus rings, the region suggestions, layout at phone widths)
is checked in tests/e2e/test_accessibility_e2e.py.
"""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from reports import workflow
from reports.wizard.steps import STEPS
from tests.wizard_helpers import fill_mandatory_answers, page_values, post_step, step_url

# Attributes whose value is the id (or, space-separated, the ids) of another element.
REFERENCES = (
    "for",
    "form",
    "list",
    "headers",
    "aria-describedby",
    "aria-labelledby",
    "aria-controls",
    "aria-activedescendant",
    "aria-errormessage",
    "aria-owns",
)


class References(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = set()
        self.references = []  # (tag, attribute, id)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            elif name in REFERENCES and value:
                self.references.extend((tag, name, target) for target in value.split())


def missing_references(html: str) -> list[tuple[str, str, str]]:
    """The (tag, attribute, id) of every reference to an id the page does not have."""
    parser = References()
    parser.feed(html)
    return [reference for reference in parser.references if reference[2] not in parser.ids]


def elements_by_id(html: str, *ids: str) -> bool:
    parser = References()
    parser.feed(html)
    return set(ids) <= parser.ids


# What the form carries for its own bookkeeping, not answers: left as they are.
BOOKKEEPING = ("version", "form_key", "save_token", "csrfmiddlewaretoken")
FORMSET_BOOKKEEPING = ("-TOTAL_FORMS", "-INITIAL_FORMS", "-MIN_NUM_FORMS", "-MAX_NUM_FORMS")
ROW_BOOKKEEPING = ("-row_id", "-DELETE")


def is_answer(name: str) -> bool:
    return name not in BOOKKEEPING and not name.endswith(FORMSET_BOOKKEEPING + ROW_BOOKKEEPING)


def refuse_everything(client, report, step):
    """Post the step with an answer no field accepts in every field, table cells included:
    over every length limit, not a date, not an address, not a choice."""
    nonsense = "x" * 10_001
    values = page_values(client, report, step.slug)
    return post_step(
        client, report, step.slug, {name: nonsense for name in values if is_answer(name)}
    )


# The steps that ask questions (the annexes' refusals: tests/test_annexes_wizard.py).
FORM_STEPS = [step for step in STEPS if not step.is_review and step.page.questions]


@pytest.mark.parametrize("step", STEPS, ids=lambda step: step.slug)
def test_every_reference_on_a_step_as_shown_exists(coordinator_client, report, step):
    page = coordinator_client.get(step_url(report, step.slug)).content.decode()
    assert missing_references(page) == []


@pytest.mark.parametrize("step", FORM_STEPS, ids=lambda step: step.slug)
def test_every_reference_on_a_step_with_every_answer_refused_exists(
    coordinator_client, report, step
):
    response = refuse_everything(coordinator_client, report, step)
    assert response.status_code == 400
    page = response.content.decode()
    assert "invalid-feedback" in page
    assert missing_references(page) == []


def test_a_table_cells_error_is_what_the_cell_is_described_by(coordinator_client, report):
    response = post_step(
        coordinator_client,
        report,
        "past-events",
        {"past-events-0-title": "Kick-off", "past-events-0-date": "yesterday"},
    )
    page = response.content.decode()
    assert 'id="id_past-events-0-date_error"' in page
    date_error = page.split('id="id_past-events-0-date_error"', 1)[1].split("</div></div>")[0]
    assert "“yesterday” is not a date" in date_error
    assert missing_references(page) == []


def test_a_region_entrys_error_is_what_the_entry_is_described_by(coordinator_client, report):
    response = post_step(coordinator_client, report, "regions", {"lead-0-entry": "x" * 201})
    page = response.content.decode()
    entry = page.split('id="id_lead-0-entry"', 1)[1].split(">", 1)[0]
    assert "id_lead-0-entry_error" in entry
    assert 'aria-invalid="true"' in entry
    assert elements_by_id(page, "id_lead-0-entry_error")
    assert missing_references(page) == []


def test_every_reference_on_the_review_pages_exists(client, reviewer, coordinator, report):
    workflow.submit(fill_mandatory_answers(report), coordinator)
    client.force_login(reviewer)
    for url in (
        reverse("reports:review_dashboard"),
        reverse(
            "reports:review_report",
            kwargs={"slug": report.partnership.slug, "period": report.period.slug},
        ),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert missing_references(response.content.decode()) == [], url


# The site's icon.


def test_the_icon_is_served_where_browsers_ask_for_it_whatever_the_page_links(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "max-age=2592000" in response["Cache-Control"]
    icon = b"".join(response.streaming_content)
    assert icon.startswith(b"<svg") and b"#004494" in icon


def test_every_page_links_the_icon_once(client, db):
    page = client.get(reverse("reports:home")).content.decode()
    assert page.count('rel="icon"') == 1
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
