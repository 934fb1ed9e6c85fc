"""Regions typed as text are matched to NUTS units (issue 9).

Seed 004 lists its regions as a coordinator types them: "Brittany Region", "Castilla y Leon",
"Estonia,", "North Rhine Westaflavia", "Puglia (IT)". Each is matched: linked at once when the
text names the unit as NUTS or its country writes it, suggested for the coordinator to confirm
when it was found leniently (accents, "Region", a misspelling), kept as written otherwise.
EU13 involvement is told from the units and the countries the texts name.
"""

import pytest
from django.urls import reverse

from regions import lookup
from tests.wizard_helpers import post_step, step_url

pytestmark = pytest.mark.django_db

# Seed 004's lists, as written: (text, the unit it means, linked at once?).
SEED_REGIONS = {
    "lead": [("Brittany Region", "FRH0", False)],
    "participating": [
        ("Castilla y Leon", "ES41", False),
        ("Luxembourg", "LU00", True),
        ("Estonia,", "EE00", True),
        ("Wallonia", "BE3", True),
        ("Tuscany", "ITI1", True),
        ("Central Finland", "FI193", True),
        ("Wales", "UKL", True),
        ("Basque Country", "ES21", True),
        ("North Rhine Westaflavia", "DEA", False),
    ],
    "interested": [
        ("Slovenia", "SI0", True),
        ("Slovakia", "SK0", True),
        ("Saint Quentin en Yvelins (FR)", None, False),
        ("Puglia (IT)", "ITF4", True),
        ("Liguria (IT)", "ITC3", True),
        ("Emilia Romagna (IT)", "ITH5", False),
    ],
}


def typed_lists(lists):
    return {
        f"{role}-{index}-entry": text
        for role, entries in lists.items()
        for index, (text, _code, _certain) in enumerate(entries)
    }


def entries(report):
    return {
        entry.name: (entry.match, entry.region.nuts_code if entry.region else None)
        for entry in report.regions.select_related("region")
    }


@pytest.mark.usefixtures("nuts_loaded")
class TestRegionMatching:
    @pytest.mark.parametrize(
        ("text", "code", "certain"),
        [entry for entries in SEED_REGIONS.values() for entry in entries],
    )
    def test_every_region_of_seed_004_is_matched_as_written(self, text, code, certain):
        found = lookup.resolve(text)
        assert (found.region.nuts_code if found.region else None, found.certain) == (code, certain)

    @pytest.mark.parametrize(
        ("text", "code"),
        [
            ("castilla y león", "ES41"),  # case
            ("CASTILLA-Y-LEON", "ES41"),  # hyphens
            ("Malopolska", "PL21"),  # Małopolskie, misspelt
            ("North Rhine Westflavia", "DEA"),  # the seed's other misspelling
            ("Region of Murcia", "ES62"),
            ("Luxembourg (BE)", "BE34"),  # the Belgian province, by its country
            ("Eesti", "EE00"),  # the country's own name
            ("Deutschland", "DE"),
            ("Toscana", "ITI1"),
        ],
    )
    def test_names_are_matched_whatever_their_accents_case_and_spelling(self, text, code):
        assert lookup.resolve(text).region.nuts_code == code

    @pytest.mark.parametrize(
        "text",
        ["Saint Quentin en Yvelins (FR)", "ENISA", "Images & Reseaux", "Cyberservices", "xyz"],
    )
    def test_what_no_unit_fits_is_kept_as_written(self, text):
        assert lookup.resolve(text).region is None

    @pytest.mark.parametrize(
        ("text", "country"),
        [
            ("Slovakia DIHs", "SK"),
            ("Ljubljana (SI)", "SI"),
            ("Saint Quentin en Yvelins (FR)", "FR"),
        ],
    )
    def test_text_kept_as_written_still_tells_its_country(self, text, country):
        assert lookup.resolve(text).country.code == country

    @pytest.mark.parametrize(
        ("query", "first"),
        [
            ("Castilla y Leon", "Castile and León (ES), ES41"),
            ("Castil", "Castile and León (ES), ES41"),
            ("bretagne", "Brittany (FR), FRH"),
            ("Emilia Romagna", "Emilia-Romagna (IT), ITH5"),
            ("Malopolsk", "Lesser Poland (PL), PL21"),
        ],
    )
    def test_the_suggestions_while_typing_ignore_accents(self, coordinator_client, query, first):
        response = coordinator_client.get(reverse("reports:region_search"), {"q": query})
        assert response.json()["results"][0]["label"] == first

    def test_the_seeds_lists_typed_as_written_are_linked_suggested_or_kept(
        self, coordinator_client, report
    ):
        for role, listed in SEED_REGIONS.items():
            post_step(
                coordinator_client,
                report,
                "regions",
                {
                    f"{role}-TOTAL_FORMS": str(len(listed)),
                    **typed_lists({role: listed}),
                },
            )
        stored = entries(report)
        for text, code, certain in (entry for listed in SEED_REGIONS.values() for entry in listed):
            expected = "linked" if certain else "suggested" if code else "unmatched"
            assert stored[text.strip()] == (expected, code), text
        # Estonia, Slovenia and Slovakia: no justification of missing EU13 involvement is asked.
        assert report.involves_eu13()
        page = coordinator_client.get(step_url(report, "regions")).content.decode()
        assert page.count("Did you mean") == 4
        assert "Did you mean Castile and León (ES), ES41?" in page

    def test_the_coordinator_confirms_or_declines_a_suggestion(self, coordinator_client, report):
        post_step(
            coordinator_client,
            report,
            "regions",
            {"lead-0-entry": "Brittany Region", "participating-0-entry": "Emilia Romagna (IT)"},
        )
        assert entries(report) == {
            "Brittany Region": ("suggested", "FRH0"),
            "Emilia Romagna (IT)": ("suggested", "ITH5"),
        }
        steps = coordinator_client.get(step_url(report, "regions")).context["steps"]
        assert {step.slug: status for step, status, _url in steps}["regions"] == "to_confirm"
        post_step(
            coordinator_client,
            report,
            "regions",
            {"lead-0-match": "yes", "participating-0-match": "no"},
        )
        assert entries(report) == {
            "Brittany Region": ("linked", "FRH0"),
            "Emilia Romagna (IT)": ("declined", None),
        }
        steps = coordinator_client.get(step_url(report, "regions")).context["steps"]
        assert {step.slug: status for step, status, _url in steps}["regions"] == "complete"
        declined = report.regions.get(name="Emilia Romagna (IT)")
        assert declined.named_country.code == "IT"
        page = coordinator_client.get(step_url(report, "regions")).content.decode()
        assert "NUTS: Brittany (FR), FRH0" in page
        assert "Not a NUTS region: kept as written, in Italy" in page

    def test_the_reviewer_sees_which_regions_are_not_linked_and_the_public_does_not(
        self, coordinator_client, reviewer, client, report
    ):
        post_step(
            coordinator_client,
            report,
            "regions",
            {
                "lead-0-entry": "Brittany Region",
                "participating-0-entry": "Saint Quentin en Yvelins (FR)",
                "participating-1-entry": "Wallonia",
            },
        )
        review = coordinator_client.get(step_url(report, "review")).content.decode()
        assert "Suggested: Brittany (FR), FRH0, not confirmed" in review
        assert "Not matched to a NUTS region" in review
        preview = coordinator_client.get(
            reverse(
                "reports:preview",
                kwargs={"slug": report.partnership.slug, "period": report.period.slug},
            )
        ).content.decode()
        assert "not confirmed" not in preview and "Not matched" not in preview
        assert "(Wallonia, BE3)" in preview
        assert "Brittany Region" in preview and "(Brittany, FRH0)" not in preview

    def test_a_country_named_in_a_text_kept_as_written_counts_for_eu13(
        self, coordinator_client, report
    ):
        post_step(coordinator_client, report, "regions", {"interested-0-entry": "Slovakia DIHs"})
        assert entries(report) == {"Slovakia DIHs": ("unmatched", None)}
        assert report.involves_eu13()

    def test_without_an_eu13_region_the_eu13_question_is_mandatory(
        self, coordinator_client, report
    ):
        post_step(coordinator_client, report, "regions", {"lead-0-entry": "Brittany"})
        assert not report.involves_eu13()
        page = coordinator_client.get(step_url(report, "new-activities")).content.decode()
        assert "needs a justification" in page

    @pytest.mark.parametrize(
        ("typed", "message"),
        [
            ("L" * 1000, "A region&#x27;s name is at most 200 characters (this one has 1000)"),
            ("Lapland\x07", "The name contains invisible control characters"),
            ("Lap\x1bland", "The name contains invisible control characters"),
        ],
    )
    def test_a_region_text_too_long_or_with_control_characters_is_refused(
        self, coordinator_client, report, typed, message
    ):
        response = post_step(coordinator_client, report, "regions", {"lead-0-entry": typed})
        assert response.status_code == 400
        assert message in response.content.decode()
        assert not report.regions.exists()
