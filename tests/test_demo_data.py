"""`manage.py load_demo`: faithful to the seed report, repeatable, never loaded by accident.

The July–December 2020 Cybersecurity report is compared with the seed file itself
(tests/data/seeds/004_*.txt), parsed here, so the test fails when either the demo data or
the seed drifts. Nothing is taken from the demo package for comparison.
"""

import datetime
import re
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test.utils import override_settings

from accounts.models import User
from regions.models import Region
from reports.demo.specs import progress_fields
from reports.models import (
    Contact,
    Event,
    MonitoringReport,
    NewsArticle,
    Partnership,
    RegionRole,
    ReportingPeriod,
    ReportTransition,
)
from reports.models.self_assessment import SelfAssessment
from reports.sdgs import Agreement

# The seed documents, kept with the tests (tests/data/README.md).
SEEDS = Path(__file__).parent / "data" / "seeds"
PASSWORD = "demo-password-2026"


def seed(number):
    (path,) = SEEDS.glob(f"{number:03d}_*.txt")
    return path.read_text(encoding="utf-8")


# --- reading the seed report ------------------------------------------------------------------


def plain(line):
    """A line without Markdown emphasis, escapes and heading marks: for finding labels."""
    return re.sub(r"[#*\\]", "", line).strip()


def unmark(lines):
    """The answer as typed: Markdown escapes, hard line breaks and <autolinks> taken off."""
    text = "\n".join(line.rstrip() for line in lines).strip()
    text = text.replace("\\*", "*")
    return re.sub(r"<(https?://[^>]+)>", r"\1", text)


# Section I labels, as the form words them.
SECTION_I = {
    "executive_summary": (
        "Please provide the executive summary and the objectives of your partnership"
    ),
    RegionRole.LEAD: "Please provide the list of leading regions",
    RegionRole.PARTICIPATING: "Please provide the list of participating regions.",
    RegionRole.INTERESTED: (
        "Please provide the list of interested regions or other entities (other than national "
        "/regional authorities)"
    ),
    "working_areas": "Please provide an overview of the working areas of your partnership",
    Event.Kind.PAST: (
        "Please provide information regarding past meetings, workshops and dissemination "
        "activities (six months prior to filling out the survey)"
    ),
    Event.Kind.PLANNED: (
        "Please provide information regarding planned future meetings, workshops and "
        "dissemination activities"
    ),
}

# Section II: the model's labels must be the form's, so they find the answers in the seed.

SDG_QUESTION = (
    "Please indicate to which Sustainable Development Goals and to what extent your thematic "
    "Partnership contributes?"
)

# The report's own texts in section II.
PROGRESS_FIELDS = progress_fields()


class SeedReport:
    """The filled-in form of seed 004, read into plain values."""

    def __init__(self, text):
        self.lines = text.splitlines()
        labels = {
            **SECTION_I,
            **{
                name: str(MonitoringReport._meta.get_field(name).verbose_name)
                for name in PROGRESS_FIELDS
            },
            # The SDG block's heading and intro end Section II's last answer.
            "sdg_intro": "Your Partnership and the UN 2030 Sustainable Development Goals (SDGs)",
            "sdgs": SDG_QUESTION,
        }
        starts = {key: self.index_of(label) for key, label in labels.items()}
        order = sorted(starts, key=starts.get)
        # An answer runs from its label to the next label, headings and rules left out.
        self.blocks = {
            key: [
                line
                for line in self.lines[starts[key] + 1 : starts[following] if following else None]
                if not line.startswith(("#", "---"))
            ]
            for key, following in zip(order, [*order[1:], None], strict=True)
        }

    def index_of(self, label):
        matches = [i for i, line in enumerate(self.lines) if plain(line) == label]
        assert len(matches) == 1, f"{label!r} is not exactly once in the seed"
        return matches[0]

    def header(self, label):
        """The answer on the line after a header question (or on its own line)."""
        index = next(i for i, line in enumerate(self.lines) if plain(line).startswith(label))
        inline = re.search(r"<(https?://[^>]+)>", self.lines[index])
        if inline:
            return inline.group(1)
        return next(line.strip() for line in self.lines[index + 1 :] if line.strip())

    def text(self, key):
        return unmark(self.blocks[key])

    def region_names(self, role):
        """One entry per line; the italic help text under the participating regions skipped."""
        names, in_help = [], False
        for line in self.blocks[role]:
            stripped = line.strip()
            if stripped.startswith("*") and not stripped.startswith("**"):
                in_help = True
            if not in_help and stripped:
                names.append(stripped)
            if in_help and stripped.endswith("*"):
                in_help = False
        return names

    def table(self, key):
        """The filled rows of a numbered table, as lists of cells."""
        rows = []
        for line in self.blocks[key]:
            if re.match(r"^\d+\t", line):
                cells = [cell.strip() for cell in line.split("\t")[1:]]
                if any(cells):
                    rows.append(cells)
        return rows

    def sdg_ratings(self):
        """{goal: rating label} for the goals with a checked radio button."""
        header = next(line for line in self.blocks["sdgs"] if line.startswith("\t"))
        options = header.split("\t")[1:]
        ratings = {}
        for line in self.blocks["sdgs"]:
            goal = re.match(r"^Goal (\d+)\.", line)
            if goal:
                cells = line.split("\t")[1:]
                checked = [options[i] for i, cell in enumerate(cells) if "checked" in cell]
                assert len(checked) <= 1
                if checked:
                    ratings[int(goal.group(1))] = checked[0]
        return ratings


def seed_date(text):
    """The seed's free-text date as (date, detail): "8/12/2020" is 8 December 2020;
    "Friday 30th October (9:30-10:30 am)" names no year, so it is kept as written."""
    numeric = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if numeric:
        day, month, year = map(int, numeric.groups())
        return datetime.date(year, month, day), ""
    return None, text


# The NUTS unit each region name the coordinator typed in seed 004 stands for.
NUTS_OF_NAME = {
    "Brittany Region": "FRH0",
    "Castilla y Leon": "ES41",
    "Luxembourg": "LU00",
    "Estonia": "EE00",
    "Wallonia": "BE3",
    "Tuscany": "ITI1",
    "Central Finland": "FI193",
    "Wales": "UKL",
    "Basque Country": "ES21",
    "North Rhine Westaflavia": "DEA",
    "Slovenia": "SI0",
    "Slovakia": "SK0",
    "Puglia (IT)": "ITF4",
    "Liguria (IT)": "ITC3",
    "Emilia Romagna (IT)": "ITH5",
}


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="class")
def demo_data(django_db_setup, django_db_blocker):
    """NUTS units and demo data, loaded once for the class and rolled back after it, so no
    other test sees them. Tests run inside this transaction, each in its own savepoint."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_nuts", stdout=StringIO())
        with override_settings(DEBUG=True):
            call_command("load_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def report(demo_data, db):
    return MonitoringReport.objects.get(
        partnership__slug="cybersecurity", period__year=2020, period__half=2
    )


@pytest.fixture(scope="module")
def seed_report():
    return SeedReport(seed(4))


def row_counts():
    """Rows per table, many-to-many tables included, for every model of our apps."""
    models = [
        model
        for app in ("accounts", "regions", "reports")
        for model in apps.get_app_config(app).get_models(include_auto_created=True)
    ]
    return {model._meta.label: model.objects.count() for model in models}


def load_demo(**options):
    out = StringIO()
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=out, **options)
    return out.getvalue()


# --- the July–December 2020 report against the seed -----------------------------------------


@pytest.mark.usefixtures("demo_data", "db")
class TestSeedReport:
    def test_header(self, report, seed_report):
        assert report.period.label == seed_report.header("Reporting period")
        assert report.partnership.short_name == seed_report.header(
            "Please select the name of your partnership"
        )
        start = datetime.datetime.strptime(
            seed_report.header("Start date of your partnership"), "%d/%m/%Y"
        ).date()
        assert report.start_date == start == report.partnership.start_date
        assert report.web_page == seed_report.header("Partnership's webpage")

    def test_executive_summary(self, report, seed_report):
        assert report.executive_summary == seed_report.text("executive_summary")

    @pytest.mark.parametrize("field", PROGRESS_FIELDS)
    def test_progress_report(self, report, seed_report, field):
        assert getattr(report, field) == seed_report.text(field)

    @pytest.mark.parametrize("role", list(RegionRole))
    def test_regions_keep_the_names_as_written(self, report, seed_report, role):
        rows = report.regions.filter(role=role).order_by("position")
        # The one deliberate change: "Estonia," loses its stray trailing comma.
        expected = [name.rstrip(",") for name in seed_report.region_names(role)]
        assert [row.name for row in rows] == expected
        assert [row.position for row in rows] == list(range(1, len(expected) + 1))

    def test_regions_are_linked_to_their_nuts_units(self, report):
        rows = report.regions.select_related("region")
        linked = {row.name: row.region.nuts_code for row in rows if row.region.is_nuts}
        assert linked == NUTS_OF_NAME
        wales = report.regions.get(name="Wales").region
        assert wales.nuts_version == Region.NutsVersion.NUTS_2016

    def test_saint_quentin_is_a_non_nuts_entity_within_yvelines(self, report):
        entity = report.regions.get(role=RegionRole.INTERESTED, position=3).region
        assert entity.nuts_code is None
        assert entity.country.code == "FR"
        assert entity.parent.nuts_code == "FR103"

    def test_working_areas(self, report, seed_report):
        rows = [
            [row.working_area, row.region_in_charge, row.involved_regions, row.other_actors]
            for row in report.working_areas.order_by("position")
        ]
        assert rows == seed_report.table("working_areas")
        assert [row.position for row in report.working_areas.all()] == [1, 2, 3, 4]

    @pytest.mark.parametrize("kind", list(Event.Kind))
    def test_events(self, report, seed_report, kind):
        expected = []
        for title, date_text, place, other in seed_report.table(kind):
            date, detail = seed_date(date_text)
            expected.append([title, date, detail, place, other])
        rows = [
            [event.title, event.date, event.date_detail, event.place, event.other_information]
            for event in report.events.filter(kind=kind).order_by("position")
        ]
        assert rows == expected

    def test_sdg_ratings(self, report, seed_report):
        labels = {value: str(label) for value, label in Agreement.choices}
        ratings = {rating.goal: labels[rating.rating] for rating in report.sdg_ratings.all()}
        assert ratings == seed_report.sdg_ratings()
        assert len(ratings) == 14  # goals 15-17 were left unanswered

    def test_published_after_review_in_early_2021(self, report):
        reviewer = User.objects.get(username="reviewer")
        steps = [
            (step.from_state, step.to_state, step.user.username, step.at.date())
            for step in report.transitions.order_by("at")
        ]
        assert [(old, new) for old, new, _user, _at in steps] == [
            ("draft", "submitted"),
            ("submitted", "accepted"),
            ("accepted", "published"),
        ]
        assert [user for *_states, user, _at in steps[1:]] == [reviewer.username] * 2
        assert all(
            datetime.date(2021, 1, 1) <= at <= datetime.date(2021, 3, 31) for *_, at in steps
        )
        assert report.state == MonitoringReport.State.PUBLISHED


# --- the rest of the demo ---------------------------------------------------------------------


@pytest.mark.usefixtures("demo_data", "db")
class TestDemoData:
    def test_a_second_run_changes_nothing(self):
        before = row_counts()
        transitions = list(ReportTransition.objects.values_list("pk", "at"))
        output = load_demo()
        assert "0 rows created, 0 updated, 0 deleted" in output
        assert row_counts() == before
        assert list(ReportTransition.objects.values_list("pk", "at")) == transitions

    def test_a_run_puts_back_what_was_changed(self, report):
        report.executive_summary = "Changed by hand"
        report.save()
        report.working_areas.filter(position=4).delete()
        output = load_demo()
        # The working area is created again and the report's summary updated.
        assert "1 rows created, 1 updated, 0 deleted" in output
        report.refresh_from_db()
        assert report.executive_summary.startswith("Cybersecurity risks in Europe")
        assert report.working_areas.count() == 4

    def test_accounts_have_their_roles_and_partnerships(self):
        users = {user.username: user for user in User.objects.all()}
        assert {"coordinator", "coordinator2", "reviewer", "admin"} <= set(users)
        for user in (users[name] for name in ("coordinator", "coordinator2", "reviewer", "admin")):
            assert user.check_password(PASSWORD), user.username
        assert users["coordinator"].role == User.Role.COORDINATOR
        assert [p.slug for p in users["coordinator"].coordinated_partnerships.all()] == [
            "cybersecurity"
        ]
        assert users["reviewer"].role == User.Role.REVIEWER
        assert not users["reviewer"].coordinated_partnerships.exists()
        admin = users["admin"]
        assert admin.role == User.Role.ADMINISTRATOR
        assert admin.is_superuser and admin.is_staff

    def test_coordinator2_starts_from_a_partnership_without_reports(self):
        coordinator2 = User.objects.get(username="coordinator2")
        assert coordinator2.role == User.Role.COORDINATOR
        (partnership,) = coordinator2.coordinated_partnerships.all()
        assert partnership.slug != "cybersecurity"
        assert not partnership.reports.exists()
        # The header of a new report is filled from the partnership record.
        assert partnership.start_date and partnership.web_page
        assert partnership.regions.filter(role=RegionRole.LEAD).exists()

    def test_every_cybersecurity_report_has_a_fictitious_self_assessment(self):
        reports = MonitoringReport.objects.filter(partnership__slug="cybersecurity")
        assert [(r.period.year, r.period.half) for r in reports.order_by("period__year")] == [
            (2018, 2),
            (2019, 1),
            (2019, 2),
            (2020, 1),
            (2020, 2),
        ]
        assert all(report.state == MonitoringReport.State.PUBLISHED for report in reports)
        for report in reports:
            assessment = SelfAssessment.objects.get(report=report)
            assessment.full_clean()
            assert "Fictitious demo answer" in assessment.progress_justification
            assert "Fictitious demo answer" in assessment.further_comments
            assert assessment.progress_rating and assessment.methodology_phase
            assert assessment.milestones.exists() and assessment.pipeline_projects.exists()

    def test_the_earlier_reports_change_over_time(self):
        reports = list(
            MonitoringReport.objects.filter(partnership__slug="cybersecurity").order_by(
                "period__year", "period__half"
            )
        )
        participating = [
            report.regions.filter(role=RegionRole.PARTICIPATING).count() for report in reports
        ]
        working_areas = [report.working_areas.count() for report in reports]
        assert participating == sorted(participating) and participating[0] < participating[-1]
        assert working_areas == sorted(working_areas) and working_areas[0] < working_areas[-1]
        ratings = [dict(report.sdg_ratings.values_list("goal", "rating")) for report in reports]
        assert all(before != after for before, after in zip(ratings, ratings[1:], strict=False))

    def test_partnership_regions_and_platforms(self):
        assert Partnership.objects.count() >= 20
        assert set(Partnership.objects.values_list("platform__code", flat=True)) == {
            "AGRI",
            "ENER",
            "IND",
        }
        for partnership in Partnership.objects.all():
            assert partnership.regions.filter(role=RegionRole.LEAD).exists(), partnership
            assert partnership.regions.filter(role=RegionRole.PARTICIPATING).exists(), partnership

    def test_cybersecurity_partnership_as_on_its_pages(self):
        cyber = Partnership.objects.get(slug="cybersecurity")
        assert cyber.full_name == seed(2).splitlines()[0]
        assert (cyber.year_established, cyber.start_date) == (2018, datetime.date(2018, 2, 1))
        for text in (cyber.context, cyber.mission, cyber.main_activities):
            assert text and all(line in seed(2) for line in text.splitlines())
        # Seed 003's "•" list items are written with the "- " coordinators type.
        web_page = re.sub(r"^\s*• ", "- ", seed(3), flags=re.MULTILINE).replace("\xa0", " ")
        assert all(paragraph in web_page for paragraph in cyber.description.split("\n\n"))
        codes = {
            role: list(
                cyber.regions.filter(role=role)
                .order_by("position")
                .values_list("region__nuts_code", flat=True)
            )
            for role in RegionRole
        }
        assert codes[RegionRole.LEAD] == ["FRH0"]
        assert sorted(codes[RegionRole.PARTICIPATING]) == sorted(
            ["ES21", "ES41", "FI193", "EE00", "LU00", "DEA", "ITI1", "UKL", "BE3"]
        )
        assert codes[RegionRole.INTERESTED] == ["SI0", "SK0", None, "ITF4", "ITC3", "ITH5"]
        assert cyber.organisations.get(name="Slovakia DIHs").country.code == "SK"

    def test_no_real_person_from_the_seeds_is_a_contact_or_account(self):
        profile, web_page = seed(2), seed(3)
        contact_line = profile.split("\nContact\n")[1].splitlines()[0]  # "- Name, e-mail"
        name, email = (part.strip(" -") for part in contact_line.split(","))
        leads = web_page.split("Contact details of the leading region")[1].split("of JRC")[0]
        names = [name] + [line.split(" (")[0] for line in leads.splitlines() if " (" in line]
        people = [
            *Contact.objects.values_list("name", "email"),
            *User.objects.values_list("last_name", "email"),
        ]
        for person_name, person_email in people:
            # A reserved domain (RFC 2606): no demo mail can reach anybody.
            assert person_email.endswith(".example.org"), person_email
            assert person_email != email
            for real in names:
                assert real.split()[-1].lower() not in person_name.lower()

    def test_periods_run_from_2018_to_the_open_half_year(self):
        periods = ReportingPeriod.objects.order_by("year", "half")
        assert (periods.first().year, periods.first().half) == (2018, 1)
        assert (periods.last().year, periods.last().half) >= (2026, 2)
        for period in periods:
            assert period.deadline == ReportingPeriod.default_deadline(period.year, period.half)

    def test_every_workflow_state_has_an_example(self):
        states = set(MonitoringReport.objects.values_list("state", flat=True))
        assert states == set(MonitoringReport.State.values)
        draft = MonitoringReport.objects.get(state=MonitoringReport.State.DRAFT)
        assert (draft.period.year, draft.period.half) == (2026, 2)
        returned = MonitoringReport.objects.get(state=MonitoringReport.State.RETURNED)
        assert returned.transitions.get(to_state="returned").comment

    @pytest.mark.parametrize(("number", "language"), [(0, "en"), (1, "bg")])
    def test_news_article_as_in_the_seeds(self, number, language):
        article = NewsArticle.objects.get(partnership__slug="cybersecurity")
        translation = article.translations.get(language=language)
        paragraphs = [p.strip() for p in seed(number).replace("\xa0", " ").split("\n\n")]
        assert translation.title == paragraphs[0]
        # What belongs to the web page, not to the article, is left out.
        page_only = {paragraphs[0], "Share this article on social media", "Recent Posts"}
        if language == "en":
            page_only.add(paragraphs[1])  # the short heading repeated under the title
        text = [p for p in paragraphs if p and p not in page_only]
        assert [translation.lead, *translation.body.split("\n\n")] == text


# --- refusing to run --------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("load_demo", stdout=StringIO())
    assert not Partnership.objects.exists()


@pytest.mark.django_db
def test_force_runs_it_with_debug_off_but_it_still_needs_the_nuts_units(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="run manage.py load_nuts first"):
        call_command("load_demo", force=True, stdout=StringIO())
    assert not Partnership.objects.exists()
