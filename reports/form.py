"""The monitoring report's form, declared once, as seed 004 has it.

Its sections (the header, I. Management report, II. Progress report and the confidential
III. Self-assessment), the pages the wizard shows them on, and every question: the field it
is stored in, its label (the model field's verbose name, the seed's wording, unless given
here), the heading its answer has where the report is read (a statement where the label is
a question), help text, whether it is mandatory, and its kind. Each section says whether the public
may read it.

This module is data. Everything that asks for, shows, checks, freezes, compares or remarks on
a report's answers is a projection of it: the wizard's steps and forms (reports/wizard), the
missing answers and progress, the report's body on the public page, the preview, the review
pages and the PDF (reports/body.py), frozen versions and their diffs (reports/versions.py),
the anchors of reviewers' remarks (reports/anchors.py), the reminders' progress figure and
the admin. Adding a question is one entry here, its model field and a migration.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from reports.models import (
    Annex,
    Event,
    MonitoringReport,
    RegionRole,
    SDGRating,
    WorkingArea,
)
from reports.models.monitoring import TableRow
from reports.models.self_assessment import (
    Change,
    GovernanceStatement,
    Milestone,
    Obstacle,
    Output,
    PipelineProject,
    SelfAssessment,
    SupportNeed,
    SupportTool,
    Usefulness,
)
from reports.sdgs import GOAL_CHOICES, Agreement

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def model_field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    """The field `name` of `model`. The form's questions and columns name fields of their
    models, never the other side of a relation (which `get_field` could also return)."""
    found = model._meta.get_field(name)
    assert isinstance(found, models.Field), f"{model.__name__}.{name} is not a field"
    return found


# --- The kinds of question --------------------------------------------------------------------


@dataclass(eq=False)
class Question:
    """A question answered in a field of its section's model."""

    name: str
    label: StrOrPromise | None = None  # None: the model field's verbose name
    # What the public page and the PDF head its answer with: a statement ("Leading regions")
    # where the form asks a question ("Please provide the list of leading regions"), which
    # stays in the wizard and on the reviewers' page. Empty: the label is one already.
    heading: StrOrPromise = ""
    help_text: StrOrPromise = ""
    # True, or a rule saying when the question must be answered.
    mandatory: bool | Callable[[MonitoringReport], bool] = False
    # Said beside the question when the rule makes it mandatory.
    mandatory_note: StrOrPromise = ""
    # Copied from the previous period's report when a report is started (reports/carry_over.py).
    carry_over: bool = False
    section: Section = field(init=False, repr=False)

    kind: ClassVar[str] = ""

    @property
    def model(self) -> type[models.Model]:
        return self.section.model

    @property
    def public(self) -> bool:
        return self.section.public

    @property
    def anchor(self) -> str:
        """What a reviewer's remark on it is anchored to (ReviewComment.anchor)."""
        return self.section.anchor_prefix + self.name

    @property
    def key(self) -> str:
        """Its name among all the form's answers: in frozen versions and in the review pages."""
        return self.anchor

    @property
    def prefix(self) -> str:
        """The prefix of its fields in a page's form (a table's, a matrix's, a region list's)."""
        return self.name.replace("_", "-")

    @property
    def text(self) -> StrOrPromise:
        """Its label, as the form words it."""
        if self.label is not None:
            return self.label
        return model_field(self.model, self.name).verbose_name

    @property
    def statement(self) -> StrOrPromise:
        """Its heading where the report is read rather than written."""
        return self.heading or self.text

    def required_for(self, report: MonitoringReport) -> bool:
        return self.mandatory(report) if callable(self.mandatory) else self.mandatory


@dataclass(eq=False)
class Text(Question):
    """Text: one line or many, as its model field is a CharField or a TextField."""

    kind: ClassVar[str] = "text"


@dataclass(eq=False)
class Date(Question):
    kind: ClassVar[str] = "date"


@dataclass(eq=False)
class Url(Question):
    kind: ClassVar[str] = "url"


@dataclass(eq=False)
class Choice(Question):
    """One of the options its model field's choices offer."""

    kind: ClassVar[str] = "choice"


@dataclass(eq=False)
class Choices(Question):
    """Any of `options`, kept as a list of their values (a JSONField)."""

    options: type[models.TextChoices] = models.TextChoices
    kind: ClassVar[str] = "choices"


@dataclass(eq=False)
class Given(Question):
    """Shown, not typed: what the report is about (its period, its partnership)."""

    value: Callable[[MonitoringReport], str] = str
    kind: ClassVar[str] = "given"


@dataclass(eq=False)
class Matrix(Question):
    """One answer on `scale` for each of `rows`: a JSONField {row: answer} of its section's
    model, or, with `stored_in`, rows of that model (a foreign key to the report, `row` and
    `answer` naming its two fields). Mandatory means every row is answered."""

    rows: Sequence[tuple[Any, StrOrPromise]] = ()
    scale: type[models.TextChoices] = models.TextChoices
    # The headings of its two columns where it is shown as a table of answers.
    row_heading: StrOrPromise = _("Statement")
    answer_heading: StrOrPromise = _("Answer")
    stored_in: type[models.Model] | None = None
    row_field: str = ""
    answer_field: str = ""
    kind: ClassVar[str] = "matrix"

    @property
    def anchor(self) -> str:
        return self.section.anchor_prefix + self.name if self.stored_in is None else self.name


@dataclass(eq=False)
class RegionList(Question):
    """The regions of one role, as the coordinator lists them (ReportRegion rows)."""

    role: str = ""
    kind: ClassVar[str] = "regions"

    @property
    def anchor(self) -> str:
        return f"regions:{self.role}"


# How a column naming regions involves them (reports/involvement.py reads it).
LEADS, TAKES_PART = "leads", "takes_part"


@dataclass(eq=False)
class Column:
    """A column of a table: a field of the table's model. `detail`: a second field shown with
    it, in the same cell (an event's date and "9:30-10:30 am"). `names_regions`: the column
    lists regions, as free text, that LEADS or TAKES_PART in the row."""

    name: str
    detail: str = ""
    names_regions: str = ""
    table: Table = field(init=False, repr=False)

    @property
    def text(self) -> StrOrPromise:
        return model_field(self.table.rows_model, self.name).verbose_name

    @property
    def fields(self) -> tuple[str, ...]:
        return (self.name, self.detail) if self.detail else (self.name,)


@dataclass(eq=False)
class Table(Question):
    """Numbered rows of `rows_model` (at most MAX_TABLE_ROWS), those whose `filters` match.
    A row's first column names it; `row_name` is what a remark on it is about."""

    # Required, but after the defaults: every table names the model of its rows.
    rows_model: type[TableRow] = field(kw_only=True)
    columns: Sequence[Column] = ()
    filters: dict[str, Any] = field(default_factory=dict)
    row_name: StrOrPromise = ""
    kind: ClassVar[str] = "table"

    def __post_init__(self) -> None:
        for column in self.columns:
            column.table = self

    @property
    def anchor(self) -> str:
        return self.name

    @property
    def title_column(self) -> Column:
        return self.columns[0]

    @property
    def cells(self) -> list[str]:
        return [name for column in self.columns for name in column.fields]


# The kinds of question answered in one field of their section's model.
FIELD_KINDS = ("text", "date", "url", "choice", "choices")


def in_own_field(question: Question) -> bool:
    """Whether the answer is one field of the section's model (a matrix may be one, as JSON)."""
    return question.kind in FIELD_KINDS or (
        isinstance(question, Matrix) and question.stored_in is None
    )


# --- Pages and sections -----------------------------------------------------------------------


@dataclass(eq=False)
class Group:
    """Questions under a heading of their own within a page."""

    title: StrOrPromise
    questions: Sequence[Question]


@dataclass(eq=False)
class Page:
    """A page of the wizard, and a part of the report as it is shown.

    `heading`: the part's heading in the report (Section II's headings); `intro`: what the page
    says before its questions; `intro_template`: a template to include there instead."""

    slug: str
    title: StrOrPromise
    items: Sequence[Question | Group]
    heading: StrOrPromise = ""
    intro: StrOrPromise = ""
    intro_template: str = ""
    section: Section = field(init=False, repr=False)

    @property
    def groups(self) -> list[Group]:
        """Its questions in groups: questions outside any group make untitled ones."""
        groups: list[Group] = []
        loose: list[Question] = []
        for item in self.items:
            if isinstance(item, Group):
                if loose:
                    groups.append(Group("", loose))
                    loose = []
                groups.append(item)
            else:
                loose.append(item)
        if loose:
            groups.append(Group("", loose))
        for group in groups:
            for question in group.questions:
                # Set here rather than once: a question added to a page later belongs too.
                question.section = self.section
        return groups

    @property
    def questions(self) -> list[Question]:
        return [question for group in self.groups for question in group.questions]


@dataclass(eq=False)
class Section:
    key: str
    title: StrOrPromise
    public: bool
    model: type[models.Model]
    pages: Sequence[Page]
    # Put before the names of its own fields in remark anchors ("self_assessment:risks").
    anchor_prefix: str = ""
    # Short answers only (the header): shown as a list of facts rather than question by question.
    compact: bool = False

    def __post_init__(self) -> None:
        for page in self.pages:
            page.section = self

    @property
    def questions(self) -> list[Question]:
        return [question for page in self.pages for question in page.questions]


@dataclass(eq=False)
class AnnexList:
    """The files attached to the report (reports/models/annex.py), on a wizard page of their
    own before the review. Unlike a section's questions, each annex says who reads it: those
    of `public_visibility` are published with the report, the others are confidential."""

    slug: str
    title: StrOrPromise
    intro: StrOrPromise
    public_visibility: str
    # Put before an annex's id in the anchors of reviewers' remarks ("annex:12").
    anchor_prefix: str = "annex:"


@dataclass(eq=False)
class Form:
    title: StrOrPromise
    heading: StrOrPromise
    sections: Sequence[Section]
    annexes: AnnexList

    @property
    def pages(self) -> list[Page]:
        return [page for section in self.sections for page in section.pages]

    def questions(self, public_only: bool = False) -> Iterator[Question]:
        for section in self.sections:
            if section.public or not public_only:
                yield from section.questions

    def question(self, anchor: str) -> Question | None:
        """The question an anchor names: its own, or (a table's) one of its rows'."""
        for question in self.questions():
            if anchor == question.anchor or (
                isinstance(question, Table) and anchor.startswith(f"{question.anchor}:")
            ):
                return question
        return None

    def section(self, key: str) -> Section:
        return next(section for section in self.sections if section.key == key)

    def table(self, name: str) -> Table:
        return next(
            question
            for question in self.questions()
            if isinstance(question, Table) and question.name == name
        )

    def table_of(self, rows_model: type[TableRow]) -> Table:
        """The table whose rows are `rows_model`'s."""
        return next(
            question
            for question in self.questions()
            if isinstance(question, Table) and question.rows_model is rows_model
        )

    def page_of(self, question: Question) -> Page:
        return next(page for page in self.pages if question in page.questions)


# --- The monitoring report --------------------------------------------------------------------


def without_eu13_region(report: MonitoringReport) -> bool:
    """The seed's hint: a justification is due when no EU13 region is involved."""
    return not report.involves_eu13()


def event_table(
    name: str, kind: str, label: StrOrPromise, heading: StrOrPromise, row_name: StrOrPromise
) -> Table:
    return Table(
        name,
        label=label,
        heading=heading,
        rows_model=Event,
        filters={"kind": kind},
        row_name=row_name,
        columns=[
            Column("title"),
            Column("date", detail="date_detail"),
            Column("place"),
            Column("other_information"),
        ],
    )


FORM = Form(
    title=_("Thematic Smart Specialisation Platforms Monitoring Progress Report"),
    heading=_("Thematic Smart Specialisation Partnership Monitoring Progress Report"),
    sections=[
        Section(
            "header",
            _("Header"),
            public=True,
            model=MonitoringReport,
            compact=True,
            pages=[
                Page(
                    "header",
                    _("Header"),
                    intro_template="reports/wizard/intro/header.html",
                    items=[
                        Given(
                            "period",
                            label=_("Reporting period"),
                            mandatory=True,
                            value=lambda report: report.period.label,
                        ),
                        Given(
                            "partnership",
                            label=_("Please select the name of your partnership"),
                            heading=_("Partnership"),
                            mandatory=True,
                            value=lambda report: report.partnership.short_name,
                        ),
                        Date("start_date", heading=_("Start date"), mandatory=True),
                        Url("web_page", heading=_("Web page"), mandatory=True),
                    ],
                ),
            ],
        ),
        Section(
            "management",
            _("I. Management report"),
            public=True,
            model=MonitoringReport,
            pages=[
                Page(
                    "summary",
                    _("Executive summary and objectives"),
                    items=[
                        Text(
                            "executive_summary",
                            heading=_("Executive summary and objectives"),
                            mandatory=True,
                            carry_over=True,
                        )
                    ],
                ),
                Page(
                    "regions",
                    _("Regions"),
                    intro_template="reports/wizard/intro/regions.html",
                    items=[
                        RegionList(
                            "lead",
                            role=RegionRole.LEAD,
                            label=_("Please provide the list of leading regions"),
                            heading=_("Leading regions"),
                            mandatory=True,
                            carry_over=True,
                        ),
                        RegionList(
                            "participating",
                            role=RegionRole.PARTICIPATING,
                            label=_("Please provide the list of participating regions."),
                            heading=_("Participating regions"),
                            help_text=_(
                                'If possible, please follow this format: "Name of the region '
                                'in English (Country abbreviation), NUTS code". e.g.: Lapland '
                                "(FI), FI1D7"
                            ),
                            mandatory=True,
                            carry_over=True,
                        ),
                        RegionList(
                            "interested",
                            role=RegionRole.INTERESTED,
                            label=_(
                                "Please provide the list of interested regions or other "
                                "entities (other than national /regional authorities)"
                            ),
                            heading=_("Interested regions and other entities"),
                            carry_over=True,
                        ),
                    ],
                ),
                Page(
                    "working-areas",
                    _("Working areas"),
                    items=[
                        Table(
                            "working_areas",
                            label=_(
                                "Please provide an overview of the working areas of your "
                                "partnership"
                            ),
                            heading=_("Working areas"),
                            rows_model=WorkingArea,
                            row_name=_("Working area, row %(row)s"),
                            carry_over=True,
                            columns=[
                                Column("working_area"),
                                Column("region_in_charge", names_regions=LEADS),
                                Column("involved_regions", names_regions=TAKES_PART),
                                Column("other_actors"),
                            ],
                        )
                    ],
                ),
                Page(
                    "past-events",
                    _("Past events"),
                    items=[
                        event_table(
                            "past_events",
                            Event.Kind.PAST,
                            _(
                                "Please provide information regarding past meetings, workshops "
                                "and dissemination activities (six months prior to filling out "
                                "the survey)"
                            ),
                            _("Past meetings, workshops and dissemination activities"),
                            _("Past event, row %(row)s"),
                        )
                    ],
                ),
                Page(
                    "planned-events",
                    _("Planned events"),
                    items=[
                        event_table(
                            "planned_events",
                            Event.Kind.PLANNED,
                            _(
                                "Please provide information regarding planned future meetings, "
                                "workshops and dissemination activities"
                            ),
                            _("Planned meetings, workshops and dissemination activities"),
                            _("Planned event, row %(row)s"),
                        )
                    ],
                ),
            ],
        ),
        Section(
            "progress",
            _("II. Progress report"),
            public=True,
            model=MonitoringReport,
            pages=[
                Page(
                    "innovative-results",
                    _("Innovative results"),
                    heading=_("Innovative results"),
                    items=[
                        Text(
                            "innovative_results", heading=_("Innovative results and achievements")
                        ),
                        Text("socio_economic_impacts", heading=_("Socio-economic impacts")),
                    ],
                ),
                Page(
                    "collaborative-results",
                    _("Inter-regional and inter-partnership collaborative results"),
                    heading=_("Inter-regional and inter-partnership collaborative results"),
                    items=[
                        Text(
                            "inter_partnership_results",
                            heading=_("Results of working with other partnerships"),
                        ),
                        Text(
                            "business_involvement", heading=_("Involvement of the business sector")
                        ),
                        Text(
                            "cooperation_sufficiency",
                            heading=_("Level of inter-regional cooperation"),
                        ),
                    ],
                ),
                Page(
                    "new-activities",
                    _("New activities"),
                    heading=_("New activities"),
                    items=[
                        Text(
                            "eu13_involvement",
                            heading=_("Involvement of regions from EU13 Member States"),
                            mandatory=without_eu13_region,
                            mandatory_note=_(
                                "None of the regions in this report lies in an EU13 Member "
                                "State, so this question needs a justification."
                            ),
                        ),
                        Text(
                            "non_eu_involvement",
                            heading=_("Involvement of regions and countries outside the EU28"),
                        ),
                        Text("outreach", heading=_("Publications and outreach")),
                        Text(
                            "other_platform_activities",
                            heading=_(
                                "Activities with partnerships under other S3 Thematic Platforms"
                            ),
                        ),
                    ],
                ),
                Page(
                    "sdgs",
                    _("Sustainable Development Goals"),
                    heading=_(
                        "Your Partnership and the UN 2030 Sustainable Development Goals (SDGs)"
                    ),
                    intro=_(
                        "The EU has a strong position when it comes to sustainable development "
                        "and is also fully committed to be a frontrunner in implementing the UN's "
                        "2030 Agenda, together with its member countries and regions. Many "
                        "interregional partnerships under the thematic S3 Platforms contribute "
                        "strongly to the attainment of these 17 goals."
                    ),
                    items=[
                        Matrix(
                            "sdgs",
                            label=_(
                                "Please indicate to which Sustainable Development Goals and to "
                                "what extent your thematic Partnership contributes?"
                            ),
                            heading=_("Contribution to the Sustainable Development Goals"),
                            rows=GOAL_CHOICES,
                            scale=Agreement,
                            row_heading=_("Goal"),
                            answer_heading=_("Contribution"),
                            stored_in=SDGRating,
                            row_field="goal",
                            answer_field="rating",
                        )
                    ],
                ),
            ],
        ),
        Section(
            "self_assessment",
            _("III. Self-assessment"),
            public=False,
            model=SelfAssessment,
            anchor_prefix="self_assessment:",
            pages=[
                Page(
                    "self-assessment",
                    _("Self-assessment (confidential)"),
                    items=[
                        Group(
                            _("Progress in this period"),
                            [
                                Choice("progress_rating", mandatory=True),
                                Text("progress_justification", mandatory=True),
                                Choice("methodology_phase", mandatory=True),
                                Choices("outputs", options=Output),
                                Text("outputs_other"),
                            ],
                        ),
                        Group(
                            _("Governance and changes"),
                            [
                                Matrix(
                                    "governance",
                                    rows=GovernanceStatement.choices,
                                    scale=Agreement,
                                    mandatory=True,
                                ),
                                Choices("changes", options=Change),
                                Text("changes_detail"),
                            ],
                        ),
                        Group(
                            _("Obstacles and projects"),
                            [
                                Choices("obstacles", options=Obstacle),
                                Text("obstacles_detail"),
                                Table(
                                    "pipeline",
                                    label=_("Projects in the pipeline"),
                                    rows_model=PipelineProject,
                                    row_name=_("Project in the pipeline, row %(row)s"),
                                    columns=[
                                        Column("name"),
                                        Column("status"),
                                        Column("funding_source"),
                                        Column("amount_eur"),
                                        Column("regions_involved"),
                                    ],
                                ),
                            ],
                        ),
                        Group(
                            _("Support from the EU"),
                            [
                                Matrix(
                                    "support_usefulness",
                                    rows=SupportTool.choices,
                                    scale=Usefulness,
                                ),
                                Choices("support_needed", options=SupportNeed),
                                Text("support_needed_detail"),
                            ],
                        ),
                        Group(
                            _("The next period"),
                            [
                                Table(
                                    "milestones",
                                    label=_(
                                        "Priorities and milestones for the next reporting period"
                                    ),
                                    rows_model=Milestone,
                                    row_name=_("Milestone, row %(row)s"),
                                    columns=[
                                        Column("milestone"),
                                        Column("target_date"),
                                        Column("responsible_region"),
                                    ],
                                ),
                                Text("risks"),
                                Choice("continuation", mandatory=True),
                                Text("further_comments"),
                            ],
                        ),
                    ],
                ),
            ],
        ),
    ],
    annexes=AnnexList(
        "annexes",
        _("Annexes"),
        intro=_(
            "Attach the files that go with this report: the results of a mapping, an agenda, "
            "signed minutes, a poster. A public annex is published with the report; a "
            "confidential one is read only by your partnership's coordinators and the reviewers."
        ),
        public_visibility=Annex.Visibility.PUBLIC,
    ),
)
