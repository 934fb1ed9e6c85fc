"""Section III, the confidential self-assessment.

Only the partnership's coordinators, reviewers and administrators ever read it. It is kept
out of MonitoringReport so that public views, which never import this module's models,
cannot load it by accident.
"""

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from reports.models.monitoring import TABLE_CELL, MonitoringReport, TableRow
from reports.models.partnerships import LONG_TEXT
from reports.sdgs import Agreement


class ProgressRating(models.TextChoices):
    VERY_GOOD = "very_good", _("Very good")
    GOOD = "good", _("Good")
    SATISFACTORY = "satisfactory", _("Satisfactory")
    INSUFFICIENT = "insufficient", _("Insufficient")
    POOR = "poor", _("Poor")


class MethodologyPhase(models.TextChoices):
    LEARN = "learn", _("Learn (scoping)")
    CONNECT = "connect", _("Connect (mapping & matchmaking)")
    DEMONSTRATE = "demonstrate", _("Demonstrate (pilots, business cases)")
    COMMERCIALISE = "commercialise", _("Commercialise")
    SCALE_UP = "scale_up", _("Scale-up")


class Output(models.TextChoices):
    SCOPING_NOTE = "scoping_note", _("Scoping note")
    MAPPING = "mapping", _("Mapping of competences")
    MATCHMAKING = "matchmaking", _("Matchmaking results")
    ACTION_PLAN = "action_plan", _("Joint action plan/roadmap")
    GOVERNANCE = "governance", _("Governance agreement (MoU/ToR)")
    BUSINESS_CASES = "business_cases", _("Business cases/pilot projects")
    INVESTMENT_READY = "investment_ready", _("Investment projects ready for funding")


class GovernanceStatement(models.TextChoices):
    ROLES_DEFINED = "roles_defined", _("The roles of lead and partner regions are clearly defined")
    PARTNERS_ACTIVE = "partners_active", _("Partner regions contribute actively")
    DECISIONS_EFFECTIVE = "decisions_effective", _("Decision-making is effective")
    LEAD_RESOURCES = "lead_resources", _("The lead region(s) commit sufficient staff and resources")
    COMMUNICATION = "communication", _("Internal communication is effective")
    INDUSTRY = "industry", _("Industry/cluster involvement is adequate")
    POLITICAL_COMMITMENT = (
        "political_commitment",
        _("The political commitment of partner regions is confirmed"),
    )


class Change(models.TextChoices):
    NEW_LEAD = "new_lead", _("New lead/co-lead")
    REGIONS_JOINED = "regions_joined", _("Regions joined")
    REGIONS_LEFT = "regions_left", _("Regions left")
    MERGER = "merger", _("Merger with another partnership")
    RESCOPING = "rescoping", _("Re-scoping of theme")
    NONE = "none", _("None")


class Obstacle(models.TextChoices):
    MANAGEMENT_FUNDING = "management_funding", _("Lack of funding for partnership management")
    STAFF = "staff", _("Limited staff capacity")
    PARTNER_ENGAGEMENT = "partner_engagement", _("Low engagement of partner regions")
    BUSINESS = "business", _("Low business involvement")
    PRIORITIES = "priorities", _("Misaligned S3 priorities")
    COMBINING_FUNDS = (
        "combining_funds",
        _("Difficulty combining funds (ERDF, Horizon, Interreg, I3…)"),
    )
    ADMINISTRATIVE = "administrative", _("Legal/administrative barriers")
    COVID = "covid", _("COVID-19 restrictions")


class SupportTool(models.TextChoices):
    FACILITATION = "facilitation", _("JRC/EC facilitation")
    EXPERTS = "experts", _("Expert support (scoping/mapping)")
    TAF = "taf", _("TAF")
    RECONFIRM = "reconfirm", _("ReConfirm")
    PILOT_ACTION = "pilot_action", _("DG REGIO pilot action")
    PLATFORM_EVENTS = "platform_events", _("Thematic platform events")
    WEB_PAGE = "web_page", _("S3 Platform web page")


class Usefulness(models.TextChoices):
    VERY_USEFUL = "very_useful", _("Very useful")
    USEFUL = "useful", _("Useful")
    NOT_USEFUL = "not_useful", _("Not useful")
    NOT_USED = "not_used", _("Not used")


class SupportNeed(models.TextChoices):
    FACILITATION = "facilitation", _("JRC/EC facilitation")
    EXPERTS = "experts", _("Expert support (scoping/mapping)")
    TAF = "taf", _("TAF")
    PLATFORM_EVENTS = "platform_events", _("Thematic platform events")
    MATCHMAKING = "matchmaking", _("Matchmaking with other partnerships")
    FINANCE_ADVICE = "finance_advice", _("Access to finance advice")
    VISIBILITY = "visibility", _("Visibility/communication")


class Continuation(models.TextChoices):
    AS_IS = "as_is", _("Yes, as is")
    WITH_CHANGES = "with_changes", _("Yes, with changes (re-scoping, merger, new leadership)")
    UNDECIDED = "undecided", _("Undecided")
    CLOSE = "close", _("No, the partnership will close")


def validate_choice_list(values: list[str], choices: type[models.TextChoices], field: str) -> None:
    unknown = sorted(set(values) - set(choices.values))
    if unknown:
        raise ValidationError(
            {field: _("Unknown answers: %(values)s.") % {"values": ", ".join(unknown)}}
        )


def validate_matrix(
    answers: object, rows: type[models.TextChoices], scale: type[models.TextChoices], field: str
) -> None:
    """A matrix answer is {row: option}, one option per row, every key a known row."""
    if not isinstance(answers, dict):
        raise ValidationError({field: _("Give one answer per statement.")})
    unknown_rows = set(answers) - set(rows.values)
    unknown_options = {value for value in answers.values() if value not in scale.values}
    if unknown_rows or unknown_options:
        raise ValidationError({field: _("Answer each statement with one of the options offered.")})


# What makes a self-assessment flag problems (the reviewers' period synthesis): any one of
# these answers.
POOR_PROGRESS = {ProgressRating.INSUFFICIENT, ProgressRating.POOR}
DOUBTFUL_CONTINUATION = {Continuation.UNDECIDED, Continuation.CLOSE}
DISAGREEMENT = {Agreement.DISAGREE, Agreement.STRONGLY_DISAGREE}
# Naming this many of the listed obstacles is a flag too: one or two is what most
# partnerships name in an ordinary half-year.
MANY_OBSTACLES = 3


class SelfAssessment(models.Model):
    """III. Self-assessment: one per report, confidential."""

    # OneToOneField: its unique index is the "one self-assessment per report" constraint.
    report = models.OneToOneField(
        MonitoringReport, on_delete=models.CASCADE, related_name="self_assessment"
    )
    progress_rating = models.CharField(
        _(
            "Overall, how do you rate the progress of the partnership in this period against its "
            "objectives and action plan?"
        ),
        max_length=20,
        choices=ProgressRating.choices,
        blank=True,
    )
    progress_justification = models.TextField(
        _("Please justify your rating with reference to the objectives and planned activities"),
        max_length=LONG_TEXT,
        blank=True,
    )
    methodology_phase = models.CharField(
        _("In which phase of the thematic S3 methodology is the partnership now?"),
        max_length=20,
        choices=MethodologyPhase.choices,
        blank=True,
    )
    outputs = models.JSONField(
        _("Which outputs does the partnership have so far?"), default=list, blank=True
    )
    outputs_other = models.CharField(_("Other outputs"), max_length=TABLE_CELL, blank=True)
    governance = models.JSONField(
        _("Governance and functioning — rate each statement"), default=dict, blank=True
    )
    changes = models.JSONField(
        _("Changes in the partnership during the period"), default=list, blank=True
    )
    changes_detail = models.TextField(_("Details of the changes"), max_length=LONG_TEXT, blank=True)
    obstacles = models.JSONField(
        _("Main obstacles encountered in the period"), default=list, blank=True
    )
    obstacles_detail = models.TextField(
        _("Other obstacles or details"), max_length=LONG_TEXT, blank=True
    )
    support_usefulness = models.JSONField(
        _("EU support used in this period and its usefulness"), default=dict, blank=True
    )
    support_needed = models.JSONField(
        _("What support do you need from the European Commission / JRC in the next period?"),
        default=list,
        blank=True,
    )
    support_needed_detail = models.TextField(
        _("Other support needed"), max_length=LONG_TEXT, blank=True
    )
    risks = models.TextField(
        _("Main risks for the continuation of the partnership and mitigation measures"),
        max_length=LONG_TEXT,
        blank=True,
    )
    continuation = models.CharField(
        _("Does the partnership intend to continue in the next term?"),
        max_length=20,
        choices=Continuation.choices,
        blank=True,
    )
    further_comments = models.TextField(
        _("Further confidential comments to the Commission"), max_length=LONG_TEXT, blank=True
    )

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")

    def __str__(self) -> str:
        return str(_("Self-assessment of %(report)s") % {"report": self.report})

    # The answers `problems` reads, for a query that loads only them.
    PROBLEM_FIELDS = ("report_id", "progress_rating", "continuation", "governance", "obstacles")

    def problems(self) -> list[str]:
        """Why the self-assessment flags problems, in words; [] when it does not."""
        reasons = []
        if self.progress_rating in POOR_PROGRESS:
            reasons.append(
                _("progress rated “%(rating)s”") % {"rating": self.get_progress_rating_display()}
            )
        if self.continuation in DOUBTFUL_CONTINUATION:
            reasons.append(
                _("continuation: “%(answer)s”") % {"answer": self.get_continuation_display()}
            )
        disagreed = [
            key for key, answer in (self.governance or {}).items() if answer in DISAGREEMENT
        ]
        if disagreed:
            reasons.append(
                _("disagrees with %(count)d governance statement(s)") % {"count": len(disagreed)}
            )
        if len(self.obstacles or []) >= MANY_OBSTACLES:
            reasons.append(_("names %(count)d obstacles") % {"count": len(self.obstacles)})
        return [str(reason) for reason in reasons]

    def clean(self) -> None:
        validate_choice_list(self.outputs, Output, "outputs")
        validate_choice_list(self.changes, Change, "changes")
        validate_choice_list(self.obstacles, Obstacle, "obstacles")
        validate_choice_list(self.support_needed, SupportNeed, "support_needed")
        validate_matrix(self.governance, GovernanceStatement, Agreement, "governance")
        validate_matrix(self.support_usefulness, SupportTool, Usefulness, "support_usefulness")


class PipelineProject(TableRow):
    """III8: projects in the pipeline."""

    class Status(models.TextChoices):
        IDEA = "idea", _("Idea")
        IN_PREPARATION = "in_preparation", _("In preparation")
        SUBMITTED = "submitted", _("Submitted")
        FUNDED = "funded", _("Funded")
        RUNNING = "running", _("Running")
        COMPLETED = "completed", _("Completed")

    class FundingSource(models.TextChoices):
        ERDF = "erdf", "ERDF"
        INTERREG = "interreg", "Interreg"
        HORIZON = "horizon", _("Horizon 2020/Europe")
        I3 = "i3", "I3"
        PILOT_ACTION = "pilot_action", _("DG REGIO pilot action")
        TAF = "taf", "TAF"
        NATIONAL = "national", _("National/regional")
        PRIVATE = "private", _("Private")
        OTHER = "other", _("Other")

    # The reviewers' period synthesis counts the pipeline by stage and by funding source:
    # {breakdown: (the field, its choices)}.
    BREAKDOWNS: ClassVar[dict[str, tuple[str, list[tuple[str, Any]]]]] = {
        "stage": ("status", Status.choices),
        "source": ("funding_source", FundingSource.choices),
    }

    owner_field = "self_assessment"
    self_assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="pipeline_projects"
    )
    name = models.CharField(_("Project name"), max_length=TABLE_CELL)
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices)
    funding_source = models.CharField(
        _("Funding source"), max_length=20, choices=FundingSource.choices, blank=True
    )
    amount_eur = models.PositiveBigIntegerField(_("Amount (EUR)"), null=True, blank=True)
    regions_involved = models.CharField(_("Regions involved"), max_length=TABLE_CELL, blank=True)

    class Meta(TableRow.Meta):
        verbose_name = _("project in the pipeline")
        verbose_name_plural = _("projects in the pipeline")
        constraints = [
            *TableRow.Meta.constraints,
            models.UniqueConstraint(
                fields=["self_assessment", "position"], name="pipelineproject_position_once"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def totals(cls, reports: QuerySet[Any]) -> list[dict[str, Any]]:
        """Projects and their amounts per stage, funding source and period, of the
        self-assessments of `reports` (a queryset of their primary keys)."""
        return list(
            cls.objects.filter(self_assessment__report__in=reports)
            .values("status", "funding_source", period=F("self_assessment__report__period_id"))
            .annotate(projects=Count("pk"), amount=Sum("amount_eur"))
            .order_by()
        )


class Milestone(TableRow):
    """III11: priorities and milestones for the next reporting period."""

    owner_field = "self_assessment"
    self_assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="milestones"
    )
    milestone = models.CharField(_("Milestone"), max_length=TABLE_CELL)
    target_date = models.DateField(_("Target date"), null=True, blank=True)
    responsible_region = models.CharField(
        _("Responsible region"), max_length=TABLE_CELL, blank=True
    )

    class Meta(TableRow.Meta):
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            *TableRow.Meta.constraints,
            models.UniqueConstraint(
                fields=["self_assessment", "position"], name="milestone_position_once"
            ),
        ]

    def __str__(self) -> str:
        return self.milestone
