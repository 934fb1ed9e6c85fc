"""`manage.py generate_bench_data`: the benchmark's large data set (reports/demo/generated.py),
kept small here (3 partnerships × 2 periods)."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from reports.models import MonitoringReport, Partnership, ReportingPeriod, ReportTransition
from reports.models.self_assessment import SelfAssessment

State = MonitoringReport.State
SMALL = ["--partnerships", "3", "--periods", "2"]


def generate(*options):
    call_command("generate_bench_data", *SMALL, *options, stdout=StringIO())


def generated_reports():
    return MonitoringReport.objects.filter(partnership__slug__startswith="bench-")


@pytest.fixture
def real_partnership(platform):
    return Partnership.objects.create(
        platform=platform, short_name="Real", full_name="A real partnership", slug="real"
    )


def test_it_makes_a_report_per_partnership_and_period_each_with_its_parts(platform):
    generate()
    assert Partnership.objects.filter(slug__startswith="bench-").count() == 3
    reports = generated_reports()
    assert reports.count() == 6
    assert ReportingPeriod.objects.count() == 2
    for report in reports:
        assert report.partnership.coordinators.filter(username__startswith="bench-").exists()
        assert report.regions.filter(role="lead").exists()
        assert report.working_areas.exists()
        assert report.events.filter(kind="past").exists()
        assert report.sdg_ratings.exists()
        assert SelfAssessment.objects.get(report=report).risks.startswith("CONFIDENTIAL")


def test_a_generated_report_has_the_transitions_that_led_to_its_state(platform):
    generate("--partnerships", "40")
    published = generated_reports().filter(state=State.PUBLISHED).first()
    assert published is not None
    assert list(published.transitions.values_list("from_state", "to_state")) == [
        (State.DRAFT, State.SUBMITTED),
        (State.SUBMITTED, State.ACCEPTED),
        (State.ACCEPTED, State.PUBLISHED),
    ]
    assert not ReportTransition.objects.filter(report__state=State.DRAFT).exists()
    assert set(generated_reports().values_list("state", flat=True)) == set(State.values)


def test_running_it_again_replaces_the_generated_set(platform):
    generate()
    generate()
    assert generated_reports().count() == 6
    assert Partnership.objects.count() == 3
    assert User.objects.filter(username__startswith="bench-").count() == 4  # and a reviewer


def test_it_leaves_the_demo_data_alone(report):
    generate()
    assert MonitoringReport.objects.filter(pk=report.pk).exists()
    assert generated_reports().count() == 6


def test_it_refuses_a_database_holding_a_partnership_that_is_neither_demo_nor_generated(
    real_partnership,
):
    with pytest.raises(CommandError, match="partnership real.*--force"):
        generate()
    assert not generated_reports().exists()


def test_it_refuses_a_report_the_demo_data_does_not_have(partnership):
    period = ReportingPeriod.objects.create(year=2015, half=1, deadline=datetime.date(2015, 7, 31))
    MonitoringReport.start(partnership, period)
    with pytest.raises(CommandError, match="report cybersecurity 2015-h1"):
        generate()


def test_force_generates_beside_real_data(real_partnership):
    generate("--force")
    assert generated_reports().count() == 6
    assert Partnership.objects.filter(slug="real").exists()


def test_it_needs_a_thematic_platform(db):
    with pytest.raises(CommandError, match="load_demo"):
        generate()
