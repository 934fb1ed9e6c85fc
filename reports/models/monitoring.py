from __future__ import annotations

import calendar
import datetime
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING, ClassVar, Self, TypeAlias

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regions import lookup
from regions.models import Country
from reports.models.partnerships import LONG_TEXT, Partnership, RegionEntry, web_address_field
from reports.sdgs import GOAL_CHOICES, Agreement

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from accounts.models import AnyUser, User

# The form's tables have ten numbered rows.
MAX_TABLE_ROWS = 10
TABLE_CELL = 1_000


class ReportingPeriodQuerySet(models.QuerySet["ReportingPeriod"]):
    def open(self) -> Self:
        return self.filter(is_open=True)


class ReportingPeriod(models.Model):
    """A half-year the partnerships report on: January-June or July-December."""

    class Half(models.IntegerChoices):
        FIRST = 1, _("January - June")
        SECOND = 2, _("July - December")

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2014), MaxValueValidator(2100)]
    )
    half = models.PositiveSmallIntegerField(_("half-year"), choices=Half.choices)
    deadline = models.DateField(
        _("deadline"), help_text=_("Usually the last day of the month after the period ends.")
    )
    is_open = models.BooleanField(
        _("open for reporting"),
        default=False,
        help_text=_("Coordinators can start and edit reports only for open periods."),
    )

    objects = ReportingPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-half"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.UniqueConstraint(fields=["year", "half"], name="reportingperiod_once"),
            models.CheckConstraint(
                condition=models.Q(half__in=[1, 2]), name="reportingperiod_half_1_or_2"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """As the form writes it: "July - December 2020"."""
        return f"{self.get_half_display()} {self.year}"

    @property
    def listing_label(self) -> StrOrPromise:
        """As the partnership page lists it: "from July to December 2020"."""
        first, last = (_("January"), _("June")) if self.half == 1 else (_("July"), _("December"))
        return _("from %(first)s to %(last)s %(year)s") % {
            "first": first,
            "last": last,
            "year": self.year,
        }

    @property
    def slug(self) -> str:
        return f"{self.year}-h{self.half}"

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def end(self) -> datetime.date:
        month = 6 if self.half == 1 else 12
        return datetime.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @classmethod
    def default_deadline(cls, year: int, half: int) -> datetime.date:
        """The last day of the month after the period: 31 July or 31 January."""
        return datetime.date(year, 7, 31) if half == 1 else datetime.date(year + 1, 1, 31)


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    ACCEPTED = "accepted", _("Accepted")
    PUBLISHED = "published", _("Published")

    @property
    def next_states(self) -> set[State]:
        return ALLOWED_TRANSITIONS[self]


class MonitoringReportQuerySet(models.QuerySet["MonitoringReport"]):
    """Who sees what, decided here once: every view, the sitemap, the search, the PDF and
    the exports start from one of these."""

    def published(self) -> Self:
        """What the public reads: published reports of partnerships still active."""
        return self.filter(state=State.PUBLISHED, partnership__is_active=True)

    def written_by(self, user: AnyUser) -> Self:
        """The reports `user` writes, whatever their state (Partnership's `coordinated_by`)."""
        return self.filter(partnership__in=Partnership.objects.coordinated_by(user))

    def visible_to(self, user: AnyUser) -> Self:
        """The reports `user` may read in full, the confidential self-assessment included:
        every one for JRC reviewers and administrators, their own for coordinators."""
        if user.is_authenticated and (user.is_reviewer or user.is_administrator):
            return self.all()
        return self.written_by(user)

    def editable_by(self, user: AnyUser) -> Self:
        """The reports `user` may change now: their own, while with the coordinators (a
        draft, or returned for changes). The period need not be open: a period must be open
        for a report to be started, but a report started stays with its coordinators until
        they submit it, so that a late draft or a returned report can always be finished."""
        return self.written_by(user).filter(state__in=MonitoringReport.EDITABLE_STATES)


class MonitoringReport(models.Model):
    """The six-monthly report: header, I. Management report and II. Progress report.

    The confidential self-assessment lives in its own model (SelfAssessment) so that code
    serving the public never loads it.
    """

    # A type alias, so that `MonitoringReport.State` is a type too. Not a `type` statement:
    # that would be no class at runtime, and `MonitoringReport.State.DRAFT` needs one.
    State: TypeAlias = State  # noqa: UP040
    # The coordinators edit a report only while it is with them.
    EDITABLE_STATES = (State.DRAFT, State.RETURNED)

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="reports", verbose_name=_("partnership")
    )
    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("reporting period"),
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    last_saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last saved by"),
    )
    # Optimistic locking, one counter per wizard step: a save made from a page that was
    # loaded before someone else saved the same step is refused instead of overwriting.
    # Per step, so that two co-editors working on different steps never collide.
    step_versions = models.JSONField(_("step versions"), default=dict, blank=True)
    last_step = models.CharField(_("last step edited"), max_length=40, blank=True)
    # Text fields copied from the previous period and not yet edited or confirmed.
    carried_over_fields = models.JSONField(_("carried over"), default=list, blank=True)

    # Header. Copied from the partnership when the report is started, so a later change to
    # the partnership record does not rewrite what was reported.
    start_date = models.DateField(_("Start date of your partnership"), null=True, blank=True)
    web_page = web_address_field(_("Partnership's webpage"), blank=True)

    # I. Management report. The region lists (leading, participating, interested) are
    # ReportRegion rows; working areas and events are rows of their own tables.
    executive_summary = models.TextField(
        _("Please provide the executive summary and the objectives of your partnership"),
        max_length=LONG_TEXT,
        blank=True,
    )

    # II. Progress report.
    innovative_results = models.TextField(
        _(
            "Please describe innovative results and achievements that could be attributed to the "
            "partnership (specific examples of results vs. objectives)"
        ),
        max_length=LONG_TEXT,
        blank=True,
    )
    socio_economic_impacts = models.TextField(
        _(
            "Tangible short- and medium-term socio-economic impacts achieved or expected "
            "(specific examples)"
        ),
        max_length=LONG_TEXT,
        blank=True,
    )
    inter_partnership_results = models.TextField(
        _(
            "Additional results obtained from working with other partnerships under the thematic "
            "S3 Platforms (specific examples)"
        ),
        max_length=LONG_TEXT,
        blank=True,
    )
    business_involvement = models.TextField(
        _(
            "Evaluation of the involvement of relevant business sector (clusters, SMEs, business "
            "associations, chambers of commerce, Digital Innovation Hubs (DIHs), etcetera) in the "
            "Partnership activities (specific examples)"
        ),
        max_length=LONG_TEXT,
        blank=True,
    )
    cooperation_sufficiency = models.TextField(
        _(
            "Evaluation of whether the level of inter-regional cooperation is sufficient to "
            "potentially provide practical and relevant socio-economic impacts (specific examples)"
        ),
        max_length=LONG_TEXT,
        blank=True,
    )
    eu13_involvement = models.TextField(
        _(
            "Involvement of regions from EU13 Member States in the Partnership, in particular with "
            "respect to scoping, mapping and/or matchmaking. In addition, justification should be "
            "provided if no EU13 regions are involved"
        ),
        max_length=LONG_TEXT,
        blank=True,
    )
    non_eu_involvement = models.TextField(
        _(
            "Involvement of regions/countries from outside of EU28 Countries. (Number of "
            "participants from non-EU countries (specify their contribution)"
        ),
        max_length=LONG_TEXT,
        blank=True,
    )
    outreach = models.TextField(
        _(
            "Advancement and promotion of the Partnership through publications and other "
            "communication/outreach activities (number of outreach activities that resulted from "
            "the partnership)"
        ),
        max_length=LONG_TEXT,
        blank=True,
    )
    other_platform_activities = models.TextField(
        _(
            "Activities and projects with partnerships working under other S3 Thematic Platforms "
            "(AgriFood, Energy and Industrial Modernisation)"
        ),
        max_length=LONG_TEXT,
        blank=True,
    )

    objects = MonitoringReportQuerySet.as_manager()

    class Meta:
        ordering = ["partnership__short_name", "-period__year", "-period__half"]
        verbose_name = _("monitoring report")
        verbose_name_plural = _("monitoring reports")
        constraints = [
            # The form is filled once per partnership and half-year; a second report would
            # split the coordinators' work and leave reviewers to guess which one counts.
            models.UniqueConstraint(
                fields=["partnership", "period"], name="one_report_per_partnership_and_period"
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=State.values),
                name="monitoringreport_state_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partnership} – {self.period}"

    @classmethod
    def start(cls, partnership: Partnership, period: ReportingPeriod) -> Self:
        """A new draft with the header copied from the partnership record."""
        report = cls(
            partnership=partnership,
            period=period,
            start_date=partnership.start_date,
            web_page=partnership.web_page,
        )
        report.full_clean()
        report.save()
        return report

    def validate_constraints(self, exclude: Collection[str] | None = None) -> None:
        # Say "already has a report" in words a coordinator understands, before the
        # database's unique constraint would answer with an IntegrityError.
        if (
            self.partnership_id
            and self.period_id
            and MonitoringReport.objects.filter(
                partnership_id=self.partnership_id, period_id=self.period_id
            )
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError(
                _("%(partnership)s already has a report for %(period)s.")
                % {"partnership": self.partnership, "period": self.period}
            )
        super().validate_constraints(exclude=exclude)

    @property
    def is_editable(self) -> bool:
        """With its coordinators (a draft, or returned): who may edit it is `editable_by`."""
        return self.state in self.EDITABLE_STATES

    def involves_eu13(self) -> bool:
        """Whether a region named in the report lies in an EU13 Member State."""
        return any(entry.lies_in_eu13 for entry in self.read_regions())

    def read_regions(self) -> Iterable[ReportRegion]:
        """Its regions with the units and countries they name: as prefetched with the report
        (reports/answers.py, so that a page reads them once), or read now."""
        if "regions" in getattr(self, "_prefetched_objects_cache", {}):
            return self.regions.all()
        return self.regions.select_related("region__country", "named_country")

    def move_to(self, state: State, user: User | None, comment: str = "") -> ReportTransition:
        """Change the state and record the transition; refuse what the workflow does not allow."""
        with transaction.atomic():
            current = MonitoringReport.objects.select_for_update().get(pk=self.pk).state
            if state not in State(current).next_states:
                raise ValidationError(
                    _("A report that is “%(current)s” cannot become “%(next)s”.")
                    % {"current": State(current).label, "next": State(state).label}
                )
            self.state = state
            self.save(update_fields=["state", "updated_at"])
            return self.transitions.create(
                from_state=current, to_state=state, user=user, comment=comment
            )


class StepRevision(models.Model):
    """A wizard step's answers as one save left them (reports/merge.py): the base against
    which a save from an older page is merged, so that only what its sender changed is
    applied. Kept while the report is with its coordinators; deleted when it is submitted."""

    report = models.ForeignKey(
        MonitoringReport, on_delete=models.CASCADE, related_name="step_revisions"
    )
    step = models.CharField(_("step"), max_length=40)
    version = models.PositiveIntegerField(_("version"))
    # {answer key: value}, as reports.wizard.steps.Bound.state gives it.
    answers = models.JSONField(_("answers"))
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    saved_at = models.DateTimeField(_("saved"), default=timezone.now)
    # The browser's name for the save that made this revision: its page finds it here and
    # knows the text it kept in the browser's storage is safe on the server.
    client_token = models.CharField(_("browser's save token"), max_length=64, blank=True)

    class Meta:
        ordering = ["report", "step", "version"]
        verbose_name = _("step revision")
        verbose_name_plural = _("step revisions")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "step", "version"], name="steprevision_version_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} – {self.step} v{self.version}"


# Which states a report may move to from each state. Withdrawing a published report sends
# it back to the coordinators ("returned"), who resubmit it.
ALLOWED_TRANSITIONS = {
    State.DRAFT: {State.SUBMITTED},
    State.SUBMITTED: {State.RETURNED, State.ACCEPTED},
    State.RETURNED: {State.SUBMITTED},
    State.ACCEPTED: {State.PUBLISHED, State.RETURNED},
    State.PUBLISHED: {State.RETURNED},
}


class ReportTransition(models.Model):
    """One change of a report's state: the review history and notifications read these."""

    report = models.ForeignKey(
        MonitoringReport, on_delete=models.CASCADE, related_name="transitions"
    )
    from_state = models.CharField(_("from"), max_length=20, choices=State.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=State.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    comment = models.TextField(_("comment"), max_length=LONG_TEXT, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_state=models.F("to_state")),
                name="transition_changes_state",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_from_state_display()} → {self.get_to_state_display()}"


class CarriedOver(models.Model):
    """A row copied from the previous period, until the coordinator edits or confirms it."""

    carried_over = models.BooleanField(_("carried over"), default=False)

    class Meta:
        abstract = True


class ReportRegion(RegionEntry, CarriedOver):  # noqa: DJ008 (RegionEntry.__str__)
    """Leading, participating and interested regions as reported (I2-I4).

    What the coordinator wrote stays as written (`name`); the NUTS unit it was matched to
    (regions/lookup.py) is linked at once when the text names it without doubt, suggested
    when it was found leniently, until the coordinator confirms or declines it.
    """

    class Match(models.TextChoices):
        LINKED = "linked", _("Linked to a NUTS unit")
        SUGGESTED = "suggested", _("A NUTS unit suggested, not confirmed")
        DECLINED = "declined", _("Kept as written: the suggestion was declined")
        UNMATCHED = "unmatched", _("Kept as written: no NUTS unit matches")

    report = models.ForeignKey(MonitoringReport, on_delete=models.CASCADE, related_name="regions")
    match = models.CharField(
        _("NUTS match"), max_length=10, choices=Match.choices, default=Match.UNMATCHED
    )
    # Without a unit: the country the text names ("Slovakia DIHs", "Ljubljana (SI)"), which
    # is enough to tell EU13 involvement.
    named_country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country named"),
    )

    class Meta(RegionEntry.Meta):
        verbose_name = _("reported region")
        verbose_name_plural = _("reported regions")
        constraints = [
            *RegionEntry.Meta.constraints,
            models.UniqueConstraint(
                fields=["report", "role", "position"], name="reportregion_position_once"
            ),
            # A unit is linked or suggested; an entry kept as written has none.
            models.CheckConstraint(
                condition=models.Q(match__in=["linked", "suggested"], region__isnull=False)
                | models.Q(match__in=["declined", "unmatched"], region__isnull=True),
                name="reportregion_match_has_region",
                violation_error_message=_(
                    "An entry with a region is “linked” or “suggested”; one kept as written "
                    "(“declined” or “unmatched”) has no region."
                ),
            ),
        ]

    @property
    def is_linked(self) -> bool:
        return self.match == self.Match.LINKED

    @property
    def lies_in_eu13(self) -> bool:
        """In an EU13 Member State: the unit it was matched to, or the country its text names."""
        countries = [self.region.country if self.region else None, self.named_country]
        return any(country is not None and country.is_eu13 for country in countries)

    @property
    def written(self) -> str:
        """The entry as the coordinator wrote it (older entries made from a unit: its label)."""
        return self.name or str(self.region)

    def link(self, found: lookup.Match) -> None:
        """Take the unit its text was matched to: linked when certain, else suggested."""
        self.region = found.region
        self.named_country = None if found.region else found.country
        if found.region is None:
            self.match = self.Match.UNMATCHED
        else:
            self.match = self.Match.LINKED if found.certain else self.Match.SUGGESTED

    def answer_suggestion(self, confirmed: bool) -> None:
        """The coordinator's answer to the suggested unit: take it, or keep the text alone."""
        if self.match != self.Match.SUGGESTED:
            return
        if confirmed:
            self.match = self.Match.LINKED
            return
        self.region = None
        self.named_country = lookup.country_named(self.written)
        self.match = self.Match.DECLINED


class TableRow(models.Model):
    """A numbered row (1-10) of one of the form's tables.

    Subclasses add the foreign key to the table's owner and name it in `owner_field`.
    """

    owner_field: ClassVar[str] = "report"
    position = models.PositiveSmallIntegerField(
        _("row"), validators=[MinValueValidator(1), MaxValueValidator(MAX_TABLE_ROWS)]
    )

    class Meta:
        abstract = True
        ordering = ["position"]
        constraints = [
            # The form has rows 1 to 10 and no more.
            models.CheckConstraint(
                condition=models.Q(position__gte=1, position__lte=MAX_TABLE_ROWS),
                name="%(class)s_position_1_to_10",
            ),
        ]

    def sibling_rows(self) -> models.QuerySet[Self]:
        owner_id = f"{self.owner_field}_id"
        # Not `objects`: Django gives it to each concrete table, not to this abstract base.
        return type(self)._default_manager.filter(**{owner_id: getattr(self, owner_id)})

    def clean(self) -> None:
        if (
            getattr(self, f"{self.owner_field}_id")
            and self.sibling_rows().exclude(pk=self.pk).count() >= MAX_TABLE_ROWS
        ):
            raise ValidationError(_("A table has at most %(max)s rows.") % {"max": MAX_TABLE_ROWS})


class WorkingArea(TableRow, CarriedOver):
    report = models.ForeignKey(
        MonitoringReport, on_delete=models.CASCADE, related_name="working_areas"
    )
    working_area = models.CharField(_("Working area"), max_length=TABLE_CELL)
    region_in_charge = models.CharField(_("Region in charge"), max_length=TABLE_CELL, blank=True)
    involved_regions = models.CharField(_("Involved regions"), max_length=TABLE_CELL, blank=True)
    other_actors = models.CharField(_("Other actors"), max_length=TABLE_CELL, blank=True)

    class Meta(TableRow.Meta):
        verbose_name = _("working area")
        verbose_name_plural = _("working areas")
        constraints = [
            *TableRow.Meta.constraints,
            models.UniqueConstraint(
                fields=["report", "position"], name="workingarea_position_once"
            ),
        ]

    def __str__(self) -> str:
        return self.working_area


class Event(TableRow, CarriedOver):
    """A meeting, workshop or dissemination activity: past (I6) or planned (I7)."""

    class Kind(models.TextChoices):
        PAST = "past", _("Past")
        PLANNED = "planned", _("Planned")

    report = models.ForeignKey(MonitoringReport, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("Event"), max_length=TABLE_CELL)
    # Empty when no exact date is known: the detail then holds the date as written ("Friday
    # 30th October (9:30-10:30 am)"), and the event counts as in its period (sort_date).
    date = models.DateField(_("Date"), null=True, blank=True)
    date_detail = models.CharField(
        _("Time or other date detail"),
        max_length=200,
        blank=True,
        help_text=_("e.g. 9:30-10:30 am; or the date as you know it, when it is not exact"),
    )
    place = models.CharField(_("Place"), max_length=TABLE_CELL, blank=True)
    other_information = models.CharField(
        _("Any other information"), max_length=TABLE_CELL, blank=True
    )

    class Meta(TableRow.Meta):
        ordering = ["kind", "position"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            *TableRow.Meta.constraints,
            models.UniqueConstraint(
                fields=["report", "kind", "position"], name="event_position_once_per_kind"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["past", "planned"]), name="event_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def sibling_rows(self) -> models.QuerySet[Self]:
        return super().sibling_rows().filter(kind=self.kind)

    @property
    def sort_date(self) -> datetime.date:
        """Its date; without one, the last day of the half-year it belongs to: the report's
        period for a past event, the period after it for a planned one."""
        if self.date:
            return self.date
        period = self.report.period
        if self.kind == self.Kind.PAST:
            return period.end
        if period.half == 1:
            return datetime.date(period.year, 12, 31)
        return datetime.date(period.year + 1, 6, 30)


class SDGRating(models.Model):
    """How far the partnership says it contributes to one Sustainable Development Goal."""

    report = models.ForeignKey(
        MonitoringReport, on_delete=models.CASCADE, related_name="sdg_ratings"
    )
    goal = models.PositiveSmallIntegerField(_("goal"), choices=GOAL_CHOICES)
    rating = models.CharField(_("rating"), max_length=20, choices=Agreement.choices)

    class Meta:
        ordering = ["goal"]
        verbose_name = _("SDG rating")
        verbose_name_plural = _("SDG ratings")
        constraints = [
            # The form's matrix allows one answer per goal.
            models.UniqueConstraint(
                fields=["report", "goal"], name="one_rating_per_goal_per_report"
            ),
            models.CheckConstraint(
                condition=models.Q(goal__gte=1, goal__lte=17), name="sdgrating_goal_1_to_17"
            ),
            models.CheckConstraint(
                condition=models.Q(rating__in=Agreement.values),
                name="sdgrating_rating_on_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_goal_display()}: {self.get_rating_display()}"
