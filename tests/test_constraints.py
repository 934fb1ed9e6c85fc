"""The invariants the product relies on: refused in code with a clear message, and by the
database as the last line when code is bypassed."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from regions.models import Country, Region
from reports.models import (
    Event,
    MonitoringReport,
    ReportingPeriod,
    SDGRating,
    WorkingArea,
)
from reports.models.self_assessment import SelfAssessment
from reports.sdgs import Agreement


def refused_by_database():
    """Expect an IntegrityError without breaking the test's surrounding transaction."""

    class Refused:
        def __enter__(self):
            self.raises = pytest.raises(IntegrityError)
            self.raises.__enter__()
            self.atomic = transaction.atomic()
            self.atomic.__enter__()

        def __exit__(self, *exc):
            self.atomic.__exit__(*exc)
            return self.raises.__exit__(*exc)

    return Refused()


def messages(error):
    return " ".join(error.value.messages)


# One report per partnership and period.


def test_second_report_for_same_partnership_and_period_is_refused_with_a_message(report):
    second = MonitoringReport(partnership=report.partnership, period=report.period)
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "Cybersecurity already has a report for July - December 2020." in messages(error)


def test_second_report_for_same_partnership_and_period_is_refused_by_the_database(report):
    with refused_by_database():
        MonitoringReport.objects.create(partnership=report.partnership, period=report.period)


def test_same_partnership_may_report_on_another_period(report):
    next_period = ReportingPeriod.objects.create(
        year=2021, half=1, deadline=datetime.date(2021, 7, 31)
    )
    MonitoringReport.start(report.partnership, next_period)
    assert report.partnership.reports.count() == 2


def test_start_copies_the_header_from_the_partnership(report, partnership):
    assert report.start_date == datetime.date(2018, 2, 1)
    assert report.web_page == "https://s3platform.jrc.ec.europa.eu/cybersecurity"
    assert report.state == MonitoringReport.State.DRAFT


# SDG ratings: goals 1-17, the six-point scale, one rating per goal.


def test_second_rating_for_a_goal_is_refused_with_a_message(report):
    SDGRating.objects.create(report=report, goal=3, rating=Agreement.AGREE)
    with pytest.raises(ValidationError) as error:
        SDGRating(report=report, goal=3, rating=Agreement.NEUTRAL).full_clean()
    assert "already exists" in messages(error)


def test_second_rating_for_a_goal_is_refused_by_the_database(report):
    SDGRating.objects.create(report=report, goal=3, rating=Agreement.AGREE)
    with refused_by_database():
        SDGRating.objects.create(report=report, goal=3, rating=Agreement.NEUTRAL)


def test_goal_18_is_refused(report):
    with pytest.raises(ValidationError) as error:
        SDGRating(report=report, goal=18, rating=Agreement.AGREE).full_clean()
    assert "18 is not a valid choice" in messages(error)
    with refused_by_database():
        SDGRating.objects.create(report=report, goal=18, rating=Agreement.AGREE)


def test_rating_outside_the_scale_is_refused(report):
    with pytest.raises(ValidationError) as error:
        SDGRating(report=report, goal=1, rating="somewhat").full_clean()
    assert "'somewhat' is not a valid choice" in messages(error)
    with refused_by_database():
        SDGRating.objects.create(report=report, goal=1, rating="somewhat")


# Tables: rows 1 to 10.


def add_working_areas(report, count):
    for position in range(1, count + 1):
        WorkingArea.objects.create(
            report=report, position=position, working_area=f"Area {position}"
        )


def test_an_eleventh_working_area_is_refused_with_a_message(report):
    add_working_areas(report, 10)
    with pytest.raises(ValidationError) as error:
        WorkingArea(report=report, position=11, working_area="One too many").full_clean()
    text = messages(error)
    assert "less than or equal to 10" in text
    assert "A table has at most 10 rows." in text


def test_an_eleventh_working_area_is_refused_by_the_database(report):
    add_working_areas(report, 10)
    with refused_by_database():
        WorkingArea.objects.create(report=report, position=11, working_area="One too many")


def test_row_zero_is_refused_by_the_database(report):
    with refused_by_database():
        WorkingArea.objects.create(report=report, position=0, working_area="Row zero")


def test_two_rows_in_the_same_position_are_refused(report):
    add_working_areas(report, 1)
    with refused_by_database():
        WorkingArea.objects.create(report=report, position=1, working_area="Same row")


def test_past_and_planned_events_count_separately(report):
    for kind in (Event.Kind.PAST, Event.Kind.PLANNED):
        for position in range(1, 11):
            Event.objects.create(
                report=report,
                kind=kind,
                position=position,
                title="Meeting",
                date=datetime.date(2020, 12, 8),
            )
    assert report.events.count() == 20
    with pytest.raises(ValidationError, match="at most 10 rows"):
        Event(
            report=report,
            kind=Event.Kind.PAST,
            position=10,
            title="x",
            date=datetime.date(2020, 12, 8),
        ).clean()


def test_an_event_needs_a_real_date(report):
    with pytest.raises(ValidationError) as error:
        Event(
            report=report, kind=Event.Kind.PAST, position=1, title="x", date="2020-02-30"
        ).full_clean()
    assert "invalid date" in messages(error)


# The confidential self-assessment: one per report.


def test_second_self_assessment_for_a_report_is_refused(report):
    SelfAssessment.objects.create(report=report)
    with refused_by_database():
        SelfAssessment.objects.create(report=report)


def test_self_assessment_refuses_unknown_answers(report):
    assessment = SelfAssessment(report=report, outputs=["scoping_note", "a-poem"])
    with pytest.raises(ValidationError, match="Unknown answers: a-poem"):
        assessment.full_clean()
    assessment = SelfAssessment(report=report, governance={"roles_defined": "maybe"})
    with pytest.raises(ValidationError, match="one of the options offered"):
        assessment.full_clean()


# Periods.


def test_a_period_exists_once(period):
    with refused_by_database():
        ReportingPeriod.objects.create(year=2020, half=2, deadline=datetime.date(2021, 1, 31))


def test_a_third_half_year_is_refused(db):
    with refused_by_database():
        ReportingPeriod.objects.create(year=2020, half=3, deadline=datetime.date(2021, 1, 31))


def test_period_labels_follow_the_form_and_the_listing(period):
    assert period.label == "July - December 2020"
    assert period.listing_label == "from July to December 2020"
    assert (period.start, period.end) == (datetime.date(2020, 7, 1), datetime.date(2020, 12, 31))
    assert ReportingPeriod.default_deadline(2020, 2) == datetime.date(2021, 1, 31)
    assert ReportingPeriod.default_deadline(2021, 1) == datetime.date(2021, 7, 31)


# Regions.


def test_a_nuts_code_from_another_country_is_refused(france):
    region = Region(name_en="Nowhere", country=france, nuts_code="XX99", nuts_version=2021)
    with pytest.raises(ValidationError, match="starts with its country's code"):
        region.full_clean()


def test_a_malformed_nuts_code_is_refused(france):
    region = Region(name_en="Nowhere", country=france, nuts_code="FR-1", nuts_version=2021)
    with pytest.raises(ValidationError, match="two capital letters"):
        region.full_clean()


def test_a_code_longer_than_its_level_is_refused_by_the_database(france):
    with refused_by_database():
        Region.objects.create(
            name_en="Brittany", country=france, nuts_code="FRH0", nuts_version=2021, nuts_level=1
        )


def test_the_same_code_and_version_exists_once(brittany):
    with refused_by_database():
        Region.objects.create(
            name_en="Bretagne",
            country=brittany.country,
            nuts_code="FRH0",
            nuts_version=2021,
            nuts_level=2,
        )


def test_a_non_nuts_entity_has_no_code(france, brittany):
    entity = Region.objects.create(name_en="Saint-Quentin-en-Yvelines", country=france)
    assert not entity.is_nuts
    assert str(entity) == "Saint-Quentin-en-Yvelines (FR)"
    with refused_by_database():
        Region.objects.create(name_en="Half a unit", country=france, nuts_version=2021)


def test_unknown_nuts_code_lookup_says_which_code(brittany):
    assert Region.objects.get_nuts("frh0") == brittany
    with pytest.raises(Region.DoesNotExist, match="'FRZ9' is not a known NUTS code"):
        Region.objects.get_nuts("FRZ9")


def test_eu13_follows_the_accession_year(db):
    estonia = Country.objects.create(code="EE", name="Estonia", accession_year=2004)
    belgium = Country.objects.create(code="BE", name="Belgium", accession_year=1958)
    norway = Country.objects.create(code="NO", name="Norway")
    united_kingdom = Country.objects.create(
        code="UK", name="United Kingdom", accession_year=1973, exit_year=2020
    )
    assert (estonia.is_eu13, belgium.is_eu13, norway.is_eu13) == (True, False, False)
    assert (united_kingdom.is_eu28, norway.is_eu28) == (True, False)
    assert list(Country.objects.eu13()) == [estonia]
