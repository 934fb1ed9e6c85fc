"""Write the demo data to the database; `manage.py load_demo` runs `DemoLoader().run()`.

Every row is found by its natural key and only written when it is missing or differs, so a
second run changes nothing, and a run after the tables in this package were edited brings the
database in line with them, deleting the rows the tables no longer hold. Report states are
the exception: a report's transitions are recorded once, when it is created, and left alone
afterwards, so the workflow can be tried on the demo without the next run undoing it.
"""

import datetime
import json
from collections import Counter
from itertools import chain
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import models
from django.utils import timezone

from accounts.models import User
from regions.models import Country, Region
from reports.models import (
    Contact,
    Event,
    MonitoringReport,
    NewsArticle,
    NewsTranslation,
    Organisation,
    Partnership,
    PartnershipDocument,
    PartnershipRegion,
    ProjectUnderDevelopment,
    RelatedProject,
    ReportingPeriod,
    ReportRegion,
    ReportTransition,
    SDGRating,
    ThematicPlatform,
    WorkingArea,
)
from reports.models.self_assessment import Milestone, PipelineProject, SelfAssessment

from . import accounts, cybersecurity, news, partnerships
from .specs import NON_NUTS_ENTITIES, State, progress_fields, sdg_ratings

# Reporting starts with January–June 2018, the earliest period any partnership page lists,
# and runs to the half-year that is open today, so there is always a report to start (or to
# the last period a demo report is for, should the clock say otherwise).
FIRST_PERIOD = (2018, 1)
# Open for reporting: the current half-year, and January-June 2021, the period that follows
# the seed's report, so that the Cybersecurity coordinator can see a report pre-filled
# from July-December 2020.
OPEN_PERIODS = {(2021, 1)}

# The steps a report takes from draft to its demo state.
PATHS = {
    State.DRAFT: [],
    State.SUBMITTED: [State.SUBMITTED],
    State.RETURNED: [State.SUBMITTED, State.RETURNED],
    State.ACCEPTED: [State.SUBMITTED, State.ACCEPTED],
    State.PUBLISHED: [State.SUBMITTED, State.ACCEPTED, State.PUBLISHED],
}

# When each step happened, counted from the period's deadline: submitted a few days before
# it, reviewed within two weeks after. The July–December 2020 report thus moves in early
# 2021, as its planned events suggest (seed 004).
STEP_TIMES = {
    State.SUBMITTED: (datetime.timedelta(days=-3), datetime.time(16, 20)),
    State.RETURNED: (datetime.timedelta(days=9), datetime.time(11, 5)),
    State.ACCEPTED: (datetime.timedelta(days=9), datetime.time(11, 5)),
    State.PUBLISHED: (datetime.timedelta(days=14), datetime.time(9, 30)),
}


# What `upsert` leaves to the database (see there).
DATABASE_CHECKS = {"validate_unique": False, "validate_constraints": False}


class ReferenceDataMissing(Exception):
    """Countries or NUTS units the demo refers to are not in the database."""


def all_partnerships():
    return [cybersecurity.PARTNERSHIP, *partnerships.PARTNERSHIPS]


def all_reports():
    return [*cybersecurity.reports(), *partnerships.REPORTS]


def half_years(first, last):
    year, half = first
    while (year, half) <= last:
        yield year, half
        year, half = (year, 2) if half == 1 else (year + 1, 1)


def current_half_year():
    today = timezone.localdate()
    return today.year, 1 if today.month <= 6 else 2


def json_plain(value):
    """`value` as a JSONField reads it back: choices become plain strings, tuples lists.

    Comparing with what the database returns then tells real changes from spelling ones.
    """
    return json.loads(json.dumps(value))


def few(items, what, shown=5):
    """E.g. "7 NUTS units (BE2, BE3, DEA, ES21, ES41 and 2 more)": enough to recognise the
    problem without a page of codes."""
    listed = ", ".join(items[:shown])
    more = f" and {len(items) - shown} more" if len(items) > shown else ""
    return f"{len(items)} {what} ({listed}{more})"


class DemoLoader:
    def __init__(self):
        # Rows by model label.
        self.created: Counter[str] = Counter()
        self.updated: Counter[str] = Counter()
        self.deleted: Counter[str] = Counter()
        self.regions = {}  # NUTS code or non-NUTS entity name -> Region
        self.countries = {}  # code -> Country
        self._password_hash = None

    def run(self):
        self.check_reference_data()
        self.load_non_nuts_entities()
        platforms = self.load_platforms()
        partnership_rows = {
            spec.short_name: self.load_partnership(spec, platforms) for spec in all_partnerships()
        }
        periods = self.load_periods()
        users = self.load_accounts(partnership_rows)
        for spec in all_reports():
            self.load_report(spec, partnership_rows, periods, users)
        self.load_news(partnership_rows[cybersecurity.PARTNERSHIP.short_name])

    # --- writing rows ---------------------------------------------------------------------

    def upsert(self, model, lookup, values, prepare=None):
        """The row `lookup` finds, created or brought in line with `values`.

        `prepare` is called on a new row before it is validated, for what cannot be given
        as a plain value (a password). Rows are validated like a form would (choices, URLs,
        lengths, the models' `clean`), so a mistake in the demo tables stops the command
        instead of landing in the database. Unique and check constraints are left to the
        database, which enforces them anyway; checking them here too tripled the run time.
        """
        values = {
            name: json_plain(value)
            if isinstance(model._meta.get_field(name), models.JSONField)
            else value
            for name, value in values.items()
        }
        row = model.objects.filter(**lookup).first()
        if row is None:
            row = model(**lookup, **values)
            if prepare:
                prepare(row)
            row.full_clean(**DATABASE_CHECKS)
            row.save()
            self.created[model._meta.label] += 1
            return row
        changed = [name for name, value in values.items() if self.differs(row, name, value)]
        if changed:
            for name in changed:
                setattr(row, name, values[name])
            row.full_clean(**DATABASE_CHECKS)
            row.save(update_fields=changed)
            self.updated[model._meta.label] += 1
        return row

    @staticmethod
    def differs(row, name, value):
        field = row._meta.get_field(name)
        if field.is_relation:
            return getattr(row, field.attname) != (value.pk if value is not None else None)
        return getattr(row, name) != value

    def prune(self, queryset, keep):
        """Delete the rows of `queryset` that the demo tables no longer hold."""
        stale = queryset.exclude(pk__in=[row.pk for row in keep])
        count = stale.count()
        if count:
            stale.delete()
            self.deleted[queryset.model._meta.label] += count

    def link(self, manager, rows):
        """Make the many-to-many `manager` hold exactly `rows`."""
        wanted = {row.pk for row in rows}
        present = set(manager.values_list("pk", flat=True))
        if wanted - present:
            manager.add(*(wanted - present))
            self.created[manager.through._meta.label] += len(wanted - present)
        if present - wanted:
            manager.remove(*(present - wanted))
            self.deleted[manager.through._meta.label] += len(present - wanted)

    # --- reference data -------------------------------------------------------------------

    def check_reference_data(self):
        """Resolve every region the demo names; say at once everything that is missing."""
        listed = chain(
            (spec.regions for spec in all_partnerships()),
            (spec.regions for spec in all_reports() if spec.regions),
        )
        keys = {
            entry.region for regions in listed for entries in regions.values() for entry in entries
        }
        codes = {key for key in keys if key not in NON_NUTS_ENTITIES}
        codes |= {entity.within for entity in NON_NUTS_ENTITIES.values()}
        # The newest version of each code, as Region.objects.get_nuts picks it.
        for region in Region.objects.filter(nuts_code__in=codes).order_by("nuts_version"):
            self.regions[region.nuts_code] = region
        missing_codes = sorted(codes - set(self.regions))

        country_codes = {entity.country for entity in NON_NUTS_ENTITIES.values()} | {
            organisation.country
            for spec in all_partnerships()
            for organisation in spec.organisations
            if organisation.country
        }
        self.countries = Country.objects.in_bulk(country_codes, field_name="code")
        missing_countries = sorted(country_codes - set(self.countries))

        problems = [
            few(missing, what)
            for missing, what in [(missing_countries, "countries"), (missing_codes, "NUTS units")]
            if missing
        ]
        if problems:
            raise ReferenceDataMissing(
                f"The database lacks {' and '.join(problems)}: run manage.py load_nuts first."
            )

    def load_non_nuts_entities(self):
        for entity in NON_NUTS_ENTITIES.values():
            self.regions[entity.name] = self.upsert(
                Region,
                {
                    "name_en": entity.name,
                    "country": self.countries[entity.country],
                    "nuts_code": None,
                },
                {"parent": self.regions[entity.within]},
            )

    def load_platforms(self):
        return {
            code: self.upsert(
                ThematicPlatform,
                {"code": code},
                {
                    "name": name,
                    "launch_year": launch_year,
                    "position": position,
                    "name_translations": partnerships.PLATFORM_NAMES[code],
                },
            )
            for position, (code, name, launch_year) in enumerate(partnerships.PLATFORMS, start=1)
        }

    def load_periods(self):
        last = max(current_half_year(), *((spec.year, spec.half) for spec in all_reports()))
        return {
            (year, half): self.upsert(
                ReportingPeriod,
                {"year": year, "half": half},
                {
                    "deadline": ReportingPeriod.default_deadline(year, half),
                    "is_open": (year, half) in OPEN_PERIODS | {current_half_year()},
                },
            )
            for year, half in half_years(FIRST_PERIOD, last)
        }

    # --- partnerships ---------------------------------------------------------------------

    def load_partnership(self, spec, platforms):
        partnership = self.upsert(
            Partnership,
            {"slug": spec.slug},
            {
                "platform": platforms[spec.platform],
                "short_name": spec.short_name,
                "full_name": spec.full_name,
                "acronym": spec.acronym,
                "web_page": spec.web_page,
                "start_date": spec.start_date,
                "year_established": spec.year_established,
                "context": spec.context,
                "description": spec.description,
                "mission": spec.mission,
                "objectives": spec.objectives,
                "main_activities": spec.main_activities,
                "shared_specialisation_areas": spec.shared_specialisation_areas,
            },
        )
        owner = {"partnership": partnership}
        self.prune(
            partnership.regions.all(),
            [
                self.upsert(
                    PartnershipRegion,
                    {**owner, "region": self.regions[entry.region]},
                    {"role": role, "position": position, "name": entry.name},
                )
                for role, entries in spec.regions.items()
                for position, entry in enumerate(entries, start=1)
            ],
        )
        self.link(
            partnership.organisations,
            [
                self.upsert(
                    Organisation,
                    {"name": entry.name, "country": self.countries.get(entry.country)},
                    {"kind": entry.kind},
                )
                for entry in spec.organisations
            ],
        )
        self.prune(
            partnership.related_projects.all(),
            [
                self.upsert(
                    RelatedProject,
                    {**owner, "name": project.name},
                    {"url": project.url, "description": project.description, "position": position},
                )
                for position, project in enumerate(spec.related_projects, start=1)
            ],
        )
        self.prune(
            partnership.projects_under_development.all(),
            [
                self.upsert(
                    ProjectUnderDevelopment, {**owner, "title": title}, {"position": position}
                )
                for position, title in enumerate(spec.projects_under_development, start=1)
            ],
        )
        self.prune(
            partnership.documents.all(),
            [
                self.upsert(
                    PartnershipDocument,
                    {**owner, "kind": document.kind, "title": document.title},
                    {"url": document.url, "position": position},
                )
                for position, document in enumerate(spec.documents, start=1)
            ],
        )
        self.prune(
            partnership.contacts.all(),
            [
                self.upsert(
                    Contact,
                    {**owner, "kind": contact.kind, "position": position},
                    {
                        "name": contact.name,
                        "email": contact.email,
                        "organisation": contact.organisation,
                    },
                )
                for position, contact in enumerate(spec.contacts, start=1)
            ],
        )
        return partnership

    # --- accounts -------------------------------------------------------------------------

    def load_accounts(self, partnership_rows):
        users = {}
        for account in accounts.ACCOUNTS:
            # The password is set when the account is created and never reset: resetting
            # it would change the row on every run and lock out whoever changed it.
            users[account.username] = user = self.upsert(
                User,
                {"username": account.username},
                {
                    "first_name": account.first_name,
                    "last_name": account.last_name,
                    "email": account.email,
                    "role": account.role,
                    "organisation": account.organisation,
                    "is_superuser": account.is_superuser,
                    "is_staff": account.role == User.Role.ADMINISTRATOR or account.is_superuser,
                },
                prepare=lambda user: setattr(user, "password", self.demo_password_hash()),
            )
            for short_name in account.partnerships:
                partnership = partnership_rows[short_name]
                if not partnership.coordinators.filter(pk=user.pk).exists():
                    partnership.coordinators.add(user)
                    self.created[Partnership.coordinators.through._meta.label] += 1
        return users

    def demo_password_hash(self):
        """The demo password, hashed once per run: hashing takes most of a second, and the
        accounts share a published password anyway, so one salt for all hides nothing."""
        if self._password_hash is None:
            self._password_hash = make_password(accounts.PASSWORD)
        return self._password_hash

    # --- reports --------------------------------------------------------------------------

    def load_report(self, spec, partnership_rows, periods, users):
        partnership = partnership_rows[spec.partnership]
        period = periods[(spec.year, spec.half)]
        is_new = not MonitoringReport.objects.filter(
            partnership=partnership, period=period
        ).exists()
        report = self.upsert(
            MonitoringReport,
            {"partnership": partnership, "period": period},
            {
                # The header as MonitoringReport.start copies it from the partnership.
                "start_date": partnership.start_date,
                "web_page": partnership.web_page,
                "executive_summary": spec.executive_summary,
                **{name: spec.progress.get(name, "") for name in progress_fields()},
            },
        )
        owner = {"report": report}

        regions = spec.regions or self.partnership_regions(spec.partnership)
        self.prune(
            report.regions.all(),
            [
                self.upsert(
                    ReportRegion,
                    {**owner, "role": role, "position": position},
                    {"region": self.regions[entry.region], "name": entry.name, "match": "linked"},
                )
                for role, entries in regions.items()
                for position, entry in enumerate(entries, start=1)
            ],
        )
        self.prune(
            report.working_areas.all(),
            [
                self.upsert(
                    WorkingArea,
                    {**owner, "position": position},
                    {
                        "working_area": row.working_area,
                        "region_in_charge": row.region_in_charge,
                        "involved_regions": row.involved_regions,
                        "other_actors": row.other_actors,
                    },
                )
                for position, row in enumerate(spec.working_areas, start=1)
            ],
        )
        positions: Counter[str] = Counter()  # by kind of event
        events = []
        for kind, row in spec.events:
            positions[kind] += 1
            events.append(
                self.upsert(
                    Event,
                    {**owner, "kind": kind, "position": positions[kind]},
                    {
                        "title": row.title,
                        "date": row.date,
                        "date_detail": row.date_detail,
                        "place": row.place,
                        "other_information": row.other_information,
                    },
                )
            )
        self.prune(report.events.all(), events)
        self.prune(
            report.sdg_ratings.all(),
            [
                self.upsert(SDGRating, {**owner, "goal": goal}, {"rating": rating})
                for goal, rating in sdg_ratings(spec.sdgs).items()
            ],
        )
        self.load_self_assessment(report, spec.self_assessment)
        if is_new:
            self.record_workflow(report, spec, users)

    def partnership_regions(self, short_name):
        """The partnership's own region lists, for reports that carry them over unchanged."""
        return next(spec.regions for spec in all_partnerships() if spec.short_name == short_name)

    def load_self_assessment(self, report, spec):
        if spec is None:
            self.prune(SelfAssessment.objects.filter(report=report), [])
            return
        assessment = self.upsert(
            SelfAssessment,
            {"report": report},
            {
                "progress_rating": spec.progress_rating,
                "progress_justification": spec.progress_justification,
                "methodology_phase": spec.methodology_phase,
                "outputs": spec.outputs,
                "outputs_other": spec.outputs_other,
                "governance": spec.governance,
                "changes": spec.changes,
                "changes_detail": spec.changes_detail,
                "obstacles": spec.obstacles,
                "obstacles_detail": spec.obstacles_detail,
                "support_usefulness": spec.support_usefulness,
                "support_needed": spec.support_needed,
                "support_needed_detail": spec.support_needed_detail,
                "risks": spec.risks,
                "continuation": spec.continuation,
                "further_comments": spec.further_comments,
            },
        )
        owner = {"self_assessment": assessment}
        self.prune(
            assessment.pipeline_projects.all(),
            [
                self.upsert(
                    PipelineProject,
                    {**owner, "position": position},
                    {
                        "name": row.name,
                        "status": row.status,
                        "funding_source": row.funding_source,
                        "amount_eur": row.amount_eur,
                        "regions_involved": row.regions_involved,
                    },
                )
                for position, row in enumerate(spec.pipeline, start=1)
            ],
        )
        self.prune(
            assessment.milestones.all(),
            [
                self.upsert(
                    Milestone,
                    {**owner, "position": position},
                    {
                        "milestone": row.milestone,
                        "target_date": row.target_date,
                        "responsible_region": row.responsible_region,
                    },
                )
                for position, row in enumerate(spec.milestones, start=1)
            ],
        )

    def record_workflow(self, report, spec, users):
        """Move a new report to its demo state, dated as if it had happened back then.

        The partnership's coordinator submits (nobody, for partnerships without a demo
        account: their reports came in before this system), the reviewer does the rest.
        """
        coordinator = report.partnership.coordinators.order_by("pk").first()
        reviewer = users["reviewer"]
        tz = ZoneInfo(settings.TIME_ZONE)
        deadline = report.period.deadline
        last_step_at = None
        for state in PATHS[spec.state]:
            by = coordinator if state == State.SUBMITTED else reviewer
            comment = spec.review_comment if state == State.RETURNED else ""
            transition = report.move_to(state, by, comment)
            offset, time = STEP_TIMES[state]
            last_step_at = datetime.datetime.combine(deadline + offset, time, tzinfo=tz)
            ReportTransition.objects.filter(pk=transition.pk).update(at=last_step_at)
            self.created[ReportTransition._meta.label] += 1

        # Started when the period ended (unless that is still ahead), last saved at the last
        # step; queryset updates, because the model sets both fields itself on save.
        started_at = datetime.datetime.combine(
            report.period.end + datetime.timedelta(days=1), datetime.time(9, 0), tzinfo=tz
        )
        dates = {}
        if started_at < timezone.now():
            dates["created_at"] = started_at
        if last_step_at:
            dates["updated_at"] = last_step_at
        if dates:
            MonitoringReport.objects.filter(pk=report.pk).update(**dates)

    # --- news -----------------------------------------------------------------------------

    def load_news(self, partnership):
        article = self.upsert(
            NewsArticle,
            {"slug": news.SLUG},
            {"partnership": partnership, "published_on": news.PUBLISHED_ON},
        )
        self.prune(
            article.translations.all(),
            [
                self.upsert(
                    NewsTranslation,
                    {"article": article, "language": language},
                    {"title": title, "lead": lead, "body": body},
                )
                for language, (title, lead, body) in news.TRANSLATIONS.items()
            ],
        )
