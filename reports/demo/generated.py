"""A large generated data set for the benchmark (`manage.py generate_bench_data`, bench/run.py).

Partnerships spread over the thematic platforms, each with a report for every one of the last
reporting periods: regions, working areas, events, SDG ratings, a confidential
self-assessment, the transitions of its state and a coordinator. Made with bulk_create, so
4,000 reports take seconds, not the minutes the demo loader's row-by-row checks would.

Everything made here is recognisable: partnership slugs and usernames start with `bench-`.
That is how a database holding only the demo data and generated data is told from one holding
real data, and how a second run finds the set it replaces. Reporting periods are shared
reference data: the missing ones are created, and kept.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import product
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import models, transaction

from accounts.models import User
from regions.models import Region
from reports.demo.load import (
    PATHS,
    STEP_TIMES,
    all_partnerships,
    all_reports,
    current_half_year,
    few,
    half_years,
)
from reports.demo.specs import progress_fields
from reports.models import (
    Event,
    MonitoringReport,
    Partnership,
    PartnershipRegion,
    ReportingPeriod,
    ReportRegion,
    ReportTransition,
    SDGRating,
    ThematicPlatform,
    WorkingArea,
)
from reports.models.self_assessment import (
    Continuation,
    GovernanceStatement,
    MethodologyPhase,
    Milestone,
    Obstacle,
    Output,
    PipelineProject,
    ProgressRating,
    SelfAssessment,
)
from reports.sdgs import Agreement

PREFIX = "bench-"
State = MonitoringReport.State
UNMATCHED = ReportRegion.Match.UNMATCHED
# The same data on every run, so that two benchmark runs measure the same thing.
SEED = 2026

# The state mix: the latest period is being written and reviewed; earlier ones are mostly
# published, with a few still in review or returned.
LATEST_STATES = {State.DRAFT: 50, State.SUBMITTED: 30, State.RETURNED: 10, State.ACCEPTED: 10}
EARLIER_STATES = {State.PUBLISHED: 88, State.ACCEPTED: 4, State.SUBMITTED: 4, State.RETURNED: 4}

THEMES = [
    "Hydrogen Valleys",
    "Smart Grids",
    "Blue Bioeconomy",
    "Circular Textiles",
    "Digital Agri-Food",
    "Medical Devices",
    "Sustainable Construction",
    "Space Applications",
    "Batteries",
    "Cultural Tourism",
    "Advanced Manufacturing",
    "Marine Renewables",
]
ACTIVITIES = [
    "mapped the competences of the partner regions",
    "ran a matchmaking event for cluster managers",
    "drafted a joint investment pipeline",
    "launched two pilot projects with local SMEs",
    "agreed a governance model with the lead regions",
    "published a scoping note on shared priorities",
    "held a workshop with Digital Innovation Hubs",
    "prepared an Interregional Innovation Investment proposal",
]
FINDINGS = [
    "Business involvement grew over the period.",
    "Three regions from EU13 Member States joined the working groups.",
    "The partners aligned their smart specialisation priorities.",
    "Demonstration sites are now open to companies from every partner region.",
    "Funding remains the main obstacle to scaling up the pilots.",
    "Cooperation with other thematic platforms produced a common roadmap.",
]
PLACES = ["Brussels", "Seville", "Rennes", "Tallinn", "Turin", "Online", "Ljubljana", "Porto"]


@dataclass(frozen=True)
class Size:
    partnerships: int = 200
    periods: int = 20

    @property
    def reports(self) -> int:
        return self.partnerships * self.periods


class Writer:
    """Sentences that read like a report, from a seeded generator."""

    # Texts made per theme and then drawn from: writing each of the 40,000 afresh would
    # take longer than storing them.
    POOL = 40

    def __init__(self, seed: int):
        self.random = random.Random(seed)
        self.pools: dict[str, list[str]] = {}

    def sentence(self, theme: str) -> str:
        if self.random.random() < 0.6:
            return f"The {theme} partnership {self.random.choice(ACTIVITIES)}."
        return self.random.choice(FINDINGS)

    def paragraph(self, theme: str) -> str:
        return " ".join(self.sentence(theme) for _ in range(self.random.randint(3, 6)))

    def text(self, theme: str) -> str:
        """A few paragraphs, as long as the answers in the seed reports."""
        if theme not in self.pools:
            self.pools[theme] = [
                "\n\n".join(self.paragraph(theme) for _ in range(self.random.randint(1, 3)))
                for _ in range(self.POOL)
            ]
        return self.random.choice(self.pools[theme])


class NoPlatforms(Exception):
    """There is no thematic platform to spread the partnerships over."""


def real_data() -> list[str]:
    """The partnerships and reports that are neither the demo data's nor generated, as
    "partnership chemicals" and "report cybersecurity 2015-h1"."""
    slugs = {spec.short_name: spec.slug for spec in all_partnerships()}
    demo_reports = {(slugs[spec.partnership], spec.year, spec.half) for spec in all_reports()}
    partnerships = Partnership.objects.exclude(slug__in=slugs.values()).exclude(
        slug__startswith=PREFIX
    )
    reports = MonitoringReport.objects.filter(partnership__slug__in=slugs.values()).values_list(
        "partnership__slug", "period__year", "period__half"
    )
    return [
        *(f"partnership {slug}" for slug in partnerships.values_list("slug", flat=True)),
        *(
            f"report {slug} {year}-h{half}"
            for slug, year, half in reports
            if (slug, year, half) not in demo_reports
        ),
    ]


def describe_real_data(found: list[str]) -> str:
    return few(found, "partnerships or reports that are neither the demo data's nor generated")


def remove_generated() -> None:
    # Reports first: a partnership's reports protect it, and transitions their users.
    MonitoringReport.objects.filter(partnership__slug__startswith=PREFIX).delete()
    Partnership.objects.filter(slug__startswith=PREFIX).delete()
    User.objects.filter(username__startswith=PREFIX).delete()


@transaction.atomic
def generate(size: Size) -> Counter[str]:
    """Replace the generated set with a new one of `size`; rows created, by model."""
    platforms = list(ThematicPlatform.objects.all())
    if not platforms:
        raise NoPlatforms(
            "There is no thematic platform to spread the partnerships over: load the demo "
            "data first (manage.py load_demo)."
        )
    remove_generated()
    return Generator(size, platforms).run()


class Generator:
    def __init__(self, size: Size, platforms: list[ThematicPlatform]):
        self.size = size
        self.platforms = platforms
        self.random = random.Random(SEED)
        self.writer = Writer(SEED)
        self.created: Counter[str] = Counter()
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.themes: dict[int, str] = {}  # by partnership id
        self.coordinator_of: dict[int, int] = {}  # user id by partnership id

    def run(self) -> Counter[str]:
        periods = self.periods()
        reviewer, coordinators = self.users()
        partnerships = self.partnerships(coordinators)
        regions = self.region_pool()
        lists = {partnership.pk: self.region_lists(regions) for partnership in partnerships}
        self.partnership_regions(partnerships, lists)
        reports = self.reports(partnerships, periods)
        self.report_regions(reports, periods, lists)
        self.tables(reports)
        self.self_assessments(reports)
        self.transitions(reports, reviewer)
        self.dates(periods)
        return self.created

    def bulk(self, model: type[models.Model], rows: list) -> list:
        created = model._default_manager.bulk_create(rows, batch_size=2_000)
        self.created[model._meta.label] += len(created)
        return created

    # --- reference data and people ---------------------------------------------------------

    def periods(self) -> list[ReportingPeriod]:
        """The last `periods` half-years up to the current one, oldest first."""
        last_year, _half = current_half_year()
        first_year = last_year - self.size.periods // 2
        wanted = list(half_years((first_year, 1), current_half_year()))[-self.size.periods :]
        existing = {
            (period.year, period.half): period
            for period in ReportingPeriod.objects.filter(year__gte=wanted[0][0])
        }
        missing = [
            ReportingPeriod(
                year=year, half=half, deadline=ReportingPeriod.default_deadline(year, half)
            )
            for year, half in wanted
            if (year, half) not in existing
        ]
        for period in self.bulk(ReportingPeriod, missing):
            existing[(period.year, period.half)] = period
        return [existing[key] for key in wanted]

    def users(self) -> tuple[User, list[User]]:
        # Nobody signs in as these: an unusable password, and no time spent hashing.
        unusable = make_password(None)
        reviewer, *coordinators = self.bulk(
            User,
            [User(username=f"{PREFIX}reviewer", role=User.Role.REVIEWER, password=unusable)]
            + [
                User(
                    username=f"{PREFIX}coordinator-{number:03}",
                    email=f"{PREFIX}coordinator-{number:03}@example.org",
                    role=User.Role.COORDINATOR,
                    password=unusable,
                )
                for number in range(1, self.size.partnerships + 1)
            ],
        )
        return reviewer, coordinators

    def partnerships(self, coordinators: list[User]) -> list[Partnership]:
        themes = [THEMES[number % len(THEMES)] for number in range(self.size.partnerships)]
        partnerships = self.bulk(
            Partnership,
            [
                Partnership(
                    platform=self.platforms[number % len(self.platforms)],
                    short_name=f"Bench {number:03} {theme}",
                    full_name=f"Generated partnership {number:03} on {theme}",
                    slug=f"{PREFIX}{number:03}",
                    web_page=f"https://example.org/{PREFIX}{number:03}",
                    start_date=datetime.date(2016, 1, 1),
                    year_established=2016,
                    description=self.writer.text(theme),
                )
                for number, theme in enumerate(themes, start=1)
            ],
        )
        self.themes = {p.pk: theme for p, theme in zip(partnerships, themes, strict=True)}
        self.coordinator_of = {
            p.pk: user.pk for p, user in zip(partnerships, coordinators, strict=True)
        }
        Through = Partnership.coordinators.through
        self.bulk(
            Through,
            [
                Through(partnership_id=partnership, user_id=user)
                for partnership, user in self.coordinator_of.items()
            ],
        )
        return partnerships

    def region_pool(self) -> list[Region | str]:
        """NUTS level-2 units when they are loaded, else names of regions nobody has."""
        units: list[Region | str] = list(
            Region.objects.nuts().filter(nuts_level=2).order_by("nuts_code", "-nuts_version")
        )
        return units or [f"Bench region {number}" for number in range(1, 301)]

    def region_lists(self, pool: list[Region | str]) -> dict[str, list[Region | str]]:
        """One or two leading regions and up to a dozen participating ones, all different."""
        picked = self.random.sample(pool, min(len(pool), 14))
        leads = self.random.randint(1, 2)
        return {
            "lead": picked[:leads],
            "participating": picked[leads : leads + self.random.randint(4, 12)],
        }

    def partnership_regions(self, partnerships: list[Partnership], lists: dict) -> None:
        self.bulk(
            PartnershipRegion,
            [
                PartnershipRegion(partnership=partnership, role=role, position=position, **entry)
                for partnership in partnerships
                for role, entries in lists[partnership.pk].items()
                for position, entry in enumerate(map(region_fields, entries), start=1)
            ],
        )

    # --- reports ---------------------------------------------------------------------------

    def reports(
        self, partnerships: list[Partnership], periods: list[ReportingPeriod]
    ) -> list[MonitoringReport]:
        latest = periods[-1]
        reports = []
        for partnership, period in product(partnerships, periods):
            theme = self.themes[partnership.pk]
            mix = LATEST_STATES if period == latest else EARLIER_STATES
            reports.append(
                MonitoringReport(
                    partnership=partnership,
                    period=period,
                    state=self.random.choices(list(mix), weights=list(mix.values()))[0],
                    start_date=partnership.start_date,
                    web_page=partnership.web_page,
                    executive_summary=self.writer.text(theme),
                    **{name: self.writer.text(theme) for name in progress_fields()},
                )
            )
        return self.bulk(MonitoringReport, reports)

    def report_regions(
        self, reports: list[MonitoringReport], periods: list[ReportingPeriod], lists: dict
    ) -> None:
        """The partnership's lists, participating regions joining over the periods."""
        order = {period.pk: index for index, period in enumerate(periods)}
        rows = []
        for report in reports:
            entries = lists[report.partnership_id]
            joined = 2 + order[report.period_id] * len(entries["participating"]) // len(periods)
            for role, listed in [
                ("lead", entries["lead"]),
                ("participating", entries["participating"][:joined]),
            ]:
                for position, entry in enumerate(map(region_fields, listed), start=1):
                    match = ReportRegion.Match.LINKED if entry["region"] else UNMATCHED
                    rows.append(
                        ReportRegion(
                            report=report, role=role, position=position, match=match, **entry
                        )
                    )
        self.bulk(ReportRegion, rows)

    def tables(self, reports: list[MonitoringReport]) -> None:
        areas, events, ratings = [], [], []
        for report in reports:
            areas += [
                WorkingArea(
                    report=report,
                    position=position,
                    working_area=f"Working area {position}: {self.random.choice(ACTIVITIES)}",
                    region_in_charge=self.random.choice(PLACES),
                    involved_regions=", ".join(self.random.sample(PLACES, 3)),
                )
                for position in range(1, self.random.randint(3, 6) + 1)
            ]
            events += list(self.events(report))
            goals = self.random.sample(range(1, 18), self.random.randint(6, 12))
            ratings += [
                SDGRating(report=report, goal=goal, rating=self.random.choice(Agreement.values))
                for goal in sorted(goals)
            ]
        self.bulk(WorkingArea, areas)
        self.bulk(Event, events)
        self.bulk(SDGRating, ratings)

    def events(self, report: MonitoringReport) -> Iterator[Event]:
        """Past events in the report's period, planned ones in the next half-year."""
        period = report.period
        for kind, count, start in [
            (Event.Kind.PAST, self.random.randint(2, 5), period.start),
            (Event.Kind.PLANNED, self.random.randint(1, 3), period.end + datetime.timedelta(1)),
        ]:
            for position in range(1, count + 1):
                yield Event(
                    report=report,
                    kind=kind,
                    position=position,
                    title=f"Workshop {position}: {self.random.choice(ACTIVITIES)}",
                    date=start + datetime.timedelta(days=self.random.randint(0, 175)),
                    place=self.random.choice(PLACES),
                )

    def self_assessments(self, reports: list[MonitoringReport]) -> None:
        assessments = self.bulk(
            SelfAssessment,
            [
                SelfAssessment(
                    report=report,
                    progress_rating=self.random.choice(ProgressRating.values),
                    progress_justification=f"CONFIDENTIAL (generated): {FINDINGS[4]}",
                    methodology_phase=self.random.choice(MethodologyPhase.values),
                    outputs=self.random.sample(Output.values, 3),
                    governance={
                        statement: self.random.choice(Agreement.values)
                        for statement in GovernanceStatement.values
                    },
                    obstacles=self.random.sample(Obstacle.values, 2),
                    risks="CONFIDENTIAL (generated): a lead region may leave next year.",
                    continuation=self.random.choice(Continuation.values),
                    further_comments="CONFIDENTIAL (generated): nothing to add.",
                )
                for report in reports
            ],
        )
        self.bulk(
            PipelineProject,
            [
                PipelineProject(
                    self_assessment=assessment,
                    position=1,
                    name="Generated pilot project",
                    status=self.random.choice(PipelineProject.Status.values),
                    amount_eur=self.random.randint(1, 50) * 100_000,
                )
                for assessment in assessments
            ],
        )
        self.bulk(
            Milestone,
            [
                Milestone(self_assessment=assessment, position=1, milestone="Pilot results")
                for assessment in assessments
            ],
        )

    def transitions(self, reports: list[MonitoringReport], reviewer: User) -> None:
        """Each report's way from draft to its state, as the demo dates them: the
        coordinator submits, the reviewer does the rest."""
        rows = []
        for report in reports:
            previous = State.DRAFT
            for state in PATHS[State(report.state)]:
                offset, time = STEP_TIMES[state]
                submitting = state == State.SUBMITTED
                rows.append(
                    ReportTransition(
                        report=report,
                        from_state=previous,
                        to_state=state,
                        user_id=(
                            self.coordinator_of[report.partnership_id]
                            if submitting
                            else reviewer.pk
                        ),
                        at=datetime.datetime.combine(
                            report.period.deadline + offset, time, tzinfo=self.tz
                        ),
                        comment="Please list the meetings held." if state == State.RETURNED else "",
                    )
                )
                previous = state
        self.bulk(ReportTransition, rows)

    def dates(self, periods: list[ReportingPeriod]) -> None:
        """Started the day after the period ended, as people do: bulk_create stamped now."""
        for period in periods:
            started = datetime.datetime.combine(
                period.end + datetime.timedelta(days=1), datetime.time(9), tzinfo=self.tz
            )
            MonitoringReport.objects.filter(
                partnership__slug__startswith=PREFIX, period=period
            ).update(created_at=started, updated_at=started + datetime.timedelta(days=30))


def region_fields(entry: Region | str) -> dict:
    """A region entry's fields: a NUTS unit, or a name no unit has."""
    if isinstance(entry, Region):
        return {"region": entry, "name": ""}
    return {"region": None, "name": entry}
