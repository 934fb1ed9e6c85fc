"""`manage.py load_nuts` fills the country and region tables from Eurostat's NUTS files."""

import io
import shutil

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse
from openpyxl import Workbook

from regions import nuts
from regions.english_names import ENGLISH_NAMES
from regions.models import Country, Region

pytestmark = pytest.mark.django_db

# Regions that partnerships name most often (the seed 002 and 004 lists among them):
# NUTS code, version, English name, country, level, EU13.
SEED_REGIONS = [
    ("FRH0", 2021, "Brittany", "FR", 2, False),
    ("ES21", 2021, "Basque Country", "ES", 2, False),
    ("ES41", 2021, "Castile and León", "ES", 2, False),
    ("FI193", 2021, "Central Finland", "FI", 3, False),
    ("FI1D7", 2021, "Lapland", "FI", 3, False),
    ("FI194", 2021, "South Ostrobothnia", "FI", 3, False),
    ("EE00", 2021, "Estonia", "EE", 2, True),
    ("LU00", 2021, "Luxembourg", "LU", 2, False),
    ("DEA", 2021, "North Rhine-Westphalia", "DE", 1, False),
    ("DE1", 2021, "Baden-Württemberg", "DE", 1, False),
    ("DE94", 2021, "Weser-Ems", "DE", 2, False),
    ("ITI1", 2021, "Tuscany", "IT", 2, False),
    ("ITH5", 2021, "Emilia-Romagna", "IT", 2, False),
    ("ITC4", 2021, "Lombardy", "IT", 2, False),
    ("ITC1", 2021, "Piedmont", "IT", 2, False),
    ("ITC3", 2021, "Liguria", "IT", 2, False),
    ("ITF4", 2021, "Apulia", "IT", 2, False),
    ("ITF3", 2021, "Campania", "IT", 2, False),
    ("ITH3", 2021, "Veneto", "IT", 2, False),
    ("ITI3", 2021, "Marche", "IT", 2, False),
    ("BE3", 2021, "Wallonia", "BE", 1, False),
    ("BE2", 2021, "Flanders", "BE", 1, False),
    ("BE25", 2021, "West Flanders", "BE", 2, False),
    ("ES51", 2021, "Catalonia", "ES", 2, False),
    ("ES61", 2021, "Andalusia", "ES", 2, False),
    ("ES43", 2021, "Extremadura", "ES", 2, False),
    ("ES24", 2021, "Aragon", "ES", 2, False),
    ("ES11", 2021, "Galicia", "ES", 2, False),
    ("ES52", 2021, "Valencian Community", "ES", 2, False),
    ("FRK", 2021, "Auvergne-Rhône-Alpes", "FR", 1, False),
    ("FRD", 2021, "Normandy", "FR", 1, False),
    ("FRG", 2021, "Pays de la Loire", "FR", 1, False),
    ("FRY4", 2021, "La Réunion", "FR", 2, False),
    ("FR103", 2021, "Yvelines", "FR", 3, False),
    ("NL42", 2021, "Limburg", "NL", 2, False),
    ("NL22", 2021, "Gelderland", "NL", 2, False),
    ("NL41", 2021, "North Brabant", "NL", 2, False),
    ("NL32", 2021, "North Holland", "NL", 2, False),
    ("NL1", 2021, "Northern Netherlands", "NL", 1, False),
    ("SE123", 2021, "Östergötland", "SE", 3, False),
    ("SE232", 2021, "Västra Götaland", "SE", 3, False),
    ("SE224", 2021, "Skåne", "SE", 3, False),
    ("SE12", 2021, "East Middle Sweden", "SE", 2, False),
    ("DK04", 2021, "Central Jutland", "DK", 2, False),
    ("HU32", 2021, "Northern Great Plain", "HU", 2, True),
    ("HU", 2021, "Hungary", "HU", 0, True),
    ("PL21", 2021, "Lesser Poland", "PL", 2, True),
    ("PL71", 2021, "Łódź Province", "PL", 2, True),
    ("CZ052", 2021, "Hradec Králové Region", "CZ", 3, True),
    ("RO21", 2021, "North-East", "RO", 2, True),
    ("SI0", 2021, "Slovenia", "SI", 1, True),
    ("SK0", 2021, "Slovakia", "SK", 1, True),
    ("BG", 2021, "Bulgaria", "BG", 0, True),
    ("BG42", 2021, "South Central", "BG", 2, True),
    ("EL52", 2021, "Central Macedonia", "EL", 2, False),
    ("EL53", 2021, "Western Macedonia", "EL", 2, False),
    ("PT11", 2021, "North", "PT", 2, False),
    ("PT16", 2021, "Centre", "PT", 2, False),
    ("UKL", 2016, "Wales", "UK", 1, False),
    ("UKM", 2016, "Scotland", "UK", 1, False),
    ("UKN0", 2016, "Northern Ireland", "UK", 2, False),
]

EU13 = {"CY", "CZ", "EE", "HU", "LV", "LT", "MT", "PL", "SK", "SI", "BG", "RO", "HR"}


@pytest.fixture(scope="module", autouse=True)
def nuts_loaded(django_db_setup, django_db_blocker):
    """Load once for this module, then roll back: other modules expect empty region tables."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_nuts", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def load_nuts():
    out = io.StringIO()
    call_command("load_nuts", stdout=out)
    return out.getvalue()


def unit_counts(version, **filters):
    units = Region.objects.filter(nuts_version=version, **filters)
    return {level: units.filter(nuts_level=level).count() for level in range(4)}


def test_nuts_2021_has_the_official_number_of_units_at_each_level():
    assert unit_counts(2021) == {0: 27, 1: 119, 2: 269, 3: 1193}


def test_every_country_has_an_extra_regio_unit_at_levels_1_to_3_as_in_the_file():
    extra_regio = {1: "Z", 2: "ZZ", 3: "ZZZ"}
    loaded = {
        level: Region.objects.filter(
            nuts_version=2021, nuts_level=level, nuts_code__endswith=suffix
        ).count()
        for level, suffix in extra_regio.items()
    }
    in_file = {
        level: sum(
            1 for unit in nuts.read_nuts_2021() if unit.is_extra_regio and unit.level == level
        )
        for level in extra_regio
    }
    assert loaded == in_file == {1: 27, 2: 27, 3: 27}


def test_the_uk_is_loaded_from_nuts_2016_only():
    assert unit_counts(2016) == {0: 1, 1: 12, 2: 41, 3: 179}
    assert not Region.objects.filter(nuts_version=2016).exclude(country__code="UK").exists()
    assert not Region.objects.filter(nuts_version=2021, country__code="UK").exists()
    assert Region.objects.get_nuts("UKL").nuts_version == 2016


def test_northern_irelands_districts_get_their_official_codes():
    # The shipped file spells UKN0A-UKN0G as UKN10-UKN16.
    derry = Region.objects.get_nuts("UKN0A")
    assert derry.name_en == "Derry City and Strabane"
    assert derry.parent.nuts_code == "UKN0"
    assert not Region.objects.filter(nuts_code__startswith="UKN1").exists()


def test_countries_are_the_eu27_the_uk_and_efta_members():
    countries = {c.code: c for c in Country.objects.all()}
    assert len([c for c in countries.values() if c.accession_year and not c.exit_year]) == 27
    assert (countries["UK"].accession_year, countries["UK"].exit_year) == (1973, 2020)
    assert countries["EL"].name == "Greece"
    assert countries["NO"].accession_year is None
    assert set(Country.objects.eu13().values_list("code", flat=True)) == EU13


def test_eu13_follows_the_country():
    for code in ("EE00", "HU32", "SI0", "BG42"):
        assert Region.objects.get_nuts(code).is_eu13, code
    for code in ("FRH0", "UKL"):
        assert not Region.objects.get_nuts(code).is_eu13, code


def test_each_unit_sits_within_the_unit_one_level_up():
    central_finland = Region.objects.get_nuts("FI193")
    chain = [central_finland.nuts_code]
    unit = central_finland
    while unit.parent is not None:
        unit = unit.parent
        chain.append(unit.nuts_code)
    assert chain == ["FI193", "FI19", "FI1", "FI"]
    assert Region.objects.get_nuts("UKL").parent == Region.objects.get_nuts("UK")


def test_every_unit_but_the_countries_has_a_parent():
    assert set(Region.objects.filter(parent=None).values_list("nuts_level", flat=True)) == {0}


def test_the_seed_regions_exist_with_their_english_names():
    wrong = []
    for code, version, name_en, country, level, eu13 in SEED_REGIONS:
        region = Region.objects.filter(nuts_code=code, nuts_version=version).first()
        found = region and (
            region.name_en,
            region.country.code,
            region.nuts_level,
            region.is_eu13,
        )
        if found != (name_en, country, level, eu13):
            wrong.append((code, found))
    assert wrong == []


def test_national_labels_are_kept_beside_the_english_name():
    brittany = Region.objects.get_nuts("FRH0")
    assert (brittany.name_en, brittany.name_national) == ("Brittany", "Bretagne")
    assert Region.objects.get_nuts("EL52").name_national == "Κεντρική Μακεδονία"


def test_units_without_an_english_name_are_shown_by_their_label_in_latin_script():
    assert Region.objects.get_nuts("DE11").name_en == "Stuttgart"
    plovdiv = Region.objects.get_nuts("BG421")
    assert (plovdiv.name_en, plovdiv.name_national) == ("Plovdiv", "Пловдив")


def test_a_whole_country_is_shown_by_the_countrys_name():
    hungary = Region.objects.get_nuts("HU")
    assert (hungary.name_en, hungary.nuts_level) == ("Hungary", 0)


def test_every_english_name_is_for_a_loaded_unit():
    loaded = set(Region.objects.nuts().values_list("nuts_code", flat=True))
    assert set(ENGLISH_NAMES) - loaded == set()


def test_codes_are_those_of_nuts_2021_not_2024():
    assert Region.objects.get_nuts("FI193").nuts_version == 2021
    assert not Region.objects.filter(nuts_code="FI198").exists()


def test_running_it_again_changes_nothing():
    def snapshot():
        return (
            list(Country.objects.order_by("pk").values()),
            list(Region.objects.order_by("pk").values()),
        )

    before = snapshot()
    assert "0 created, 0 updated" in load_nuts()
    assert snapshot() == before


def test_running_it_again_repairs_edited_units():
    Region.objects.filter(nuts_code="FRH0").update(name_en="Bretagne", parent=None)
    assert "0 created, 1 updated" in load_nuts()
    brittany = Region.objects.get_nuts("FRH0")
    assert (brittany.name_en, brittany.parent.nuts_code) == ("Brittany", "FRH")


def test_it_reports_what_it_loaded():
    assert load_nuts().startswith(
        "Loaded 31 countries and 1841 NUTS units (1608 NUTS 2021, 233 UK NUTS 2016)"
    )


def test_a_missing_data_file_stops_it_with_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setattr(nuts, "data_dir", lambda: tmp_path)
    with pytest.raises(CommandError, match="NUTS2021-NUTS2024.xlsx"):
        load_nuts()


def write_workbook(path, header, *rows):
    workbook = Workbook()
    workbook.active.title = nuts.TRANSLITERATION_SHEET
    sheet = workbook.create_sheet(nuts.NUTS_2021_SHEET)
    for row in (header, *rows):
        sheet.append(row)
    workbook.save(path / nuts.NUTS_2021_FILE)


HEADER = ("#", "Country Code", "Code 2021", "Code 2024", "NUTS level 1 \n(italics)")
HEADER += ("NUTS level 2 \n(italics)", "NUTS level 3 \n(italics)", "Change", "NUTS level")


def test_a_workbook_without_an_expected_column_stops_it(monkeypatch, tmp_path):
    write_workbook(tmp_path, [name.replace("Code 2021", "Code") for name in HEADER])
    monkeypatch.setattr(nuts, "data_dir", lambda: tmp_path)
    with pytest.raises(CommandError, match="no column 'Code 2021'"):
        load_nuts()


def test_a_unit_whose_level_contradicts_its_code_stops_it(monkeypatch, tmp_path):
    write_workbook(
        tmp_path,
        HEADER,
        (1, "FR", "FR", "FR", None, None, None, "", 0),
        (2, "FR", "FRH", "FRH", None, "Bretagne", None, "", 2),
    )
    monkeypatch.setattr(nuts, "data_dir", lambda: tmp_path)
    with pytest.raises(CommandError, match="row 3: FRH is given level 2"):
        load_nuts()


def test_a_load_that_fails_half_way_leaves_the_tables_as_they_were(monkeypatch, tmp_path):
    shutil.copy(nuts.data_dir() / nuts.NUTS_2021_FILE, tmp_path)
    unknown_country = [
        {"Country code": "XX", "NUTS Code": "XX", "NUTS label": "", "NUTS level": 0},
        {"Country code": "XX", "NUTS Code": "XX1", "NUTS label": "Nowhere", "NUTS level": 1},
    ]
    (tmp_path / nuts.UK_NUTS_2016_FILE).write_text(yaml.safe_dump(unknown_country))
    Region.objects.filter(nuts_code="FRH0").update(name_en="Bretagne")
    monkeypatch.setattr(nuts, "data_dir", lambda: tmp_path)

    with pytest.raises(CommandError, match="XX is not a known country"):
        load_nuts()
    assert Region.objects.get_nuts("FRH0").name_en == "Bretagne"


def test_a_code_must_start_with_its_countrys_code():
    region = Region(name_en="Nowhere", country=Country.objects.get(code="FR"), nuts_code="XX99")
    region.nuts_version = 2021
    with pytest.raises(ValidationError, match="starts with its country's code"):
        region.clean()


def test_a_codes_length_must_match_its_level():
    france = Country.objects.get(code="FR")
    too_long = Region(name_en="Brittany", country=france, nuts_code="FRH0000", nuts_version=2021)
    with pytest.raises(ValidationError, match="up to three more"):
        too_long.clean()
    wrong_level = Region(
        name_en="Brittany", country=france, nuts_code="FRH0", nuts_level=3, nuts_version=2021
    )
    with pytest.raises(ValidationError, match="A level 3 code has 5 characters"):
        wrong_level.clean()


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def test_the_admin_finds_a_region_by_english_name_national_label_or_code(admin_client):
    changelist = reverse("admin:regions_region_changelist")
    for term in ("Brittany", "Bretagne", "FRH"):
        response = admin_client.get(changelist, {"q": term})
        assert "FRH0" in response.content.decode(), term


def test_the_region_pickers_search_the_loaded_units(admin_client):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "reports",
            "model_name": "partnershipregion",
            "field_name": "region",
            "term": "Central Finland",
        },
    )
    assert [result["text"] for result in response.json()["results"]] == [
        "Central Finland (FI), FI193"
    ]


def test_the_admin_refuses_a_code_of_another_country(admin_client):
    response = admin_client.post(
        reverse("admin:regions_region_add"),
        {
            "name_en": "Nowhere",
            "country": Country.objects.get(code="FR").pk,
            "nuts_code": "XX99",
            "nuts_version": 2021,
        },
    )
    assert response.status_code == 200
    assert "A NUTS code starts with its country&#x27;s code (FR)." in response.content.decode()
    assert not Region.objects.filter(name_en="Nowhere").exists()
