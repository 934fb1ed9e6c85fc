"""The shapes the demo data tables are written in; `reports.demo.load` turns them into rows."""

import datetime
from dataclasses import dataclass, field

from reports.models import Event, MonitoringReport, RegionRole
from reports.models.self_assessment import PipelineProject
from reports.sdgs import Agreement

State = MonitoringReport.State


@dataclass(frozen=True)
class Listed:
    """A region as a list names it.

    `region` is a NUTS code, or the name of one of the entities in `NON_NUTS_ENTITIES`;
    `name` keeps what the coordinator wrote (empty: the region's own English name).
    """

    region: str
    name: str = ""


@dataclass(frozen=True)
class NonNutsEntity:
    """A territory NUTS does not list, filed under the NUTS unit it lies in."""

    name: str
    country: str
    within: str


# Saint-Quentin-en-Yvelines is an agglomeration, not a NUTS unit: it lies in Yvelines.
SAINT_QUENTIN = NonNutsEntity("Saint-Quentin-en-Yvelines", country="FR", within="FR103")
NON_NUTS_ENTITIES = {entity.name: entity for entity in [SAINT_QUENTIN]}


@dataclass(frozen=True)
class OrganisationEntry:
    name: str
    country: str | None  # None: an EU-level body, listed under "Other"
    kind: str


@dataclass(frozen=True)
class ProjectLink:
    name: str
    url: str = ""
    description: str = ""


@dataclass(frozen=True)
class ContactEntry:
    kind: str
    name: str
    email: str
    organisation: str


@dataclass(frozen=True)
class DocumentLink:
    kind: str
    title: str
    url: str


@dataclass(frozen=True)
class PartnershipSpec:
    platform: str
    short_name: str
    full_name: str
    slug: str
    start_date: datetime.date
    regions: dict[RegionRole, list[Listed]]
    acronym: str = ""
    web_page: str = ""
    context: str = ""
    description: str = ""
    mission: str = ""
    objectives: str = ""
    main_activities: str = ""
    shared_specialisation_areas: str = ""
    organisations: list[OrganisationEntry] = field(default_factory=list)
    related_projects: list[ProjectLink] = field(default_factory=list)
    projects_under_development: list[str] = field(default_factory=list)
    documents: list[DocumentLink] = field(default_factory=list)
    contacts: list[ContactEntry] = field(default_factory=list)

    @property
    def year_established(self):
        return self.start_date.year


@dataclass(frozen=True)
class WorkingAreaRow:
    working_area: str
    region_in_charge: str = ""
    involved_regions: str = ""
    other_actors: str = ""


@dataclass(frozen=True)
class EventRow:
    title: str
    date: datetime.date | None
    date_detail: str = ""
    place: str = ""
    other_information: str = ""


@dataclass(frozen=True)
class PipelineRow:
    name: str
    status: PipelineProject.Status
    funding_source: str = ""
    amount_eur: int | None = None
    regions_involved: str = ""


@dataclass(frozen=True)
class MilestoneRow:
    milestone: str
    target_date: datetime.date | None = None
    responsible_region: str = ""


@dataclass(frozen=True)
class SelfAssessmentSpec:
    """III. Self-assessment; every field is optional, as in the model."""

    progress_rating: str = ""
    progress_justification: str = ""
    methodology_phase: str = ""
    outputs: list[str] = field(default_factory=list)
    outputs_other: str = ""
    governance: dict[str, str] = field(default_factory=dict)
    changes: list[str] = field(default_factory=list)
    changes_detail: str = ""
    obstacles: list[str] = field(default_factory=list)
    obstacles_detail: str = ""
    support_usefulness: dict[str, str] = field(default_factory=dict)
    support_needed: list[str] = field(default_factory=list)
    support_needed_detail: str = ""
    risks: str = ""
    continuation: str = ""
    further_comments: str = ""
    pipeline: list[PipelineRow] = field(default_factory=list)
    milestones: list[MilestoneRow] = field(default_factory=list)


@dataclass(frozen=True)
class ReportSpec:
    partnership: str  # short name
    year: int
    half: int
    state: State
    executive_summary: str = ""
    # None: the regions as the partnership record lists them, as a carried-over draft has.
    regions: dict[RegionRole, list[Listed]] | None = None
    progress: dict[str, str] = field(default_factory=dict)  # keys: progress_fields()
    working_areas: list[WorkingAreaRow] = field(default_factory=list)
    past_events: list[EventRow] = field(default_factory=list)
    planned_events: list[EventRow] = field(default_factory=list)
    sdgs: str = ""  # see `sdg_ratings`
    self_assessment: SelfAssessmentSpec | None = None
    review_comment: str = ""  # the reviewer's comment when the report was returned

    def __post_init__(self):
        unknown = set(self.progress) - set(progress_fields())
        if unknown:
            raise ValueError(f"{self.partnership} {self.year}/{self.half}: unknown {unknown}")

    @property
    def events(self):
        yield from ((Event.Kind.PAST, row) for row in self.past_events)
        yield from ((Event.Kind.PLANNED, row) for row in self.planned_events)


SDG_CODES = {
    "SA": Agreement.STRONGLY_AGREE,
    "A": Agreement.AGREE,
    "N": Agreement.NEUTRAL,
    "D": Agreement.DISAGREE,
    "SD": Agreement.STRONGLY_DISAGREE,
    "NA": Agreement.NOT_APPLICABLE,
}


def sdg_ratings(row):
    """{goal: rating} from the SDG matrix written as one row of 17 answers.

    "SA A N D SD NA" are the six options left to right, "-" a goal left unanswered; e.g.
    "N A SA - ..." rates goal 1 Neutral, goal 2 Agree, goal 3 Strongly agree and skips 4.
    Seventeen columns side by side read like the form's matrix and make changes between
    periods easy to see.
    """
    if not row:
        return {}
    answers = row.split()
    if len(answers) != 17:
        raise ValueError(f"An SDG row has 17 answers, not {len(answers)}: {row!r}")
    return {goal: SDG_CODES[code] for goal, code in enumerate(answers, start=1) if code != "-"}


def progress_fields() -> list[str]:
    """The report's own fields in section II, the texts a report spec gives."""
    # Imported here: the form's declaration imports the models, which load this package's
    # data only through manage.py load_demo.
    from reports.form import FORM, Text

    return [
        question.name
        for question in FORM.section("progress").questions
        if isinstance(question, Text)
    ]
