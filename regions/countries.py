"""The countries the platform knows, by their EU code (Greece is EL, not ISO's GR), with
their ISO 3166-1 alpha-3 code (GRC)."""

from typing import NamedTuple

from django.utils.translation import gettext_noop


class CountryData(NamedTuple):
    code: str
    # ISO 3166-1 alpha-3, which the EU's country authority list uses in its URIs
    # (http://publications.europa.eu/resource/authority/country/GRC): the DCAT-AP catalogue.
    iso3: str
    # English, as stored; marked for translation so that a page can show it in its language.
    name: str
    accession_year: int | None
    exit_year: int | None = None
    # How the country names itself, for reading region lists (regions/lookup.py).
    national_names: tuple[str, ...] = ()


COUNTRIES = (
    CountryData(
        "BE", "BEL", gettext_noop("Belgium"), 1958, national_names=("België", "Belgique", "Belgien")
    ),
    CountryData("DE", "DEU", gettext_noop("Germany"), 1958, national_names=("Deutschland",)),
    CountryData("FR", "FRA", gettext_noop("France"), 1958),
    CountryData("IT", "ITA", gettext_noop("Italy"), 1958, national_names=("Italia",)),
    CountryData(
        "LU", "LUX", gettext_noop("Luxembourg"), 1958, national_names=("Lëtzebuerg", "Luxemburg")
    ),
    CountryData(
        "NL",
        "NLD",
        gettext_noop("Netherlands"),
        1958,
        national_names=("Nederland", "The Netherlands", "Holland"),
    ),
    CountryData("DK", "DNK", gettext_noop("Denmark"), 1973, national_names=("Danmark",)),
    CountryData("IE", "IRL", gettext_noop("Ireland"), 1973, national_names=("Éire",)),
    # Still counted: reports name UK regions and the form asks about "EU28".
    CountryData(
        "UK",
        "GBR",
        gettext_noop("United Kingdom"),
        1973,
        exit_year=2020,
        national_names=("UK", "Great Britain"),
    ),
    CountryData("EL", "GRC", gettext_noop("Greece"), 1981, national_names=("Ελλάδα", "Hellas")),
    CountryData("ES", "ESP", gettext_noop("Spain"), 1986, national_names=("España",)),
    CountryData("PT", "PRT", gettext_noop("Portugal"), 1986),
    CountryData("AT", "AUT", gettext_noop("Austria"), 1995, national_names=("Österreich",)),
    CountryData("FI", "FIN", gettext_noop("Finland"), 1995, national_names=("Suomi",)),
    CountryData("SE", "SWE", gettext_noop("Sweden"), 1995, national_names=("Sverige",)),
    CountryData("CY", "CYP", gettext_noop("Cyprus"), 2004, national_names=("Κύπρος",)),
    CountryData(
        "CZ", "CZE", gettext_noop("Czechia"), 2004, national_names=("Česko", "Czech Republic")
    ),
    CountryData("EE", "EST", gettext_noop("Estonia"), 2004, national_names=("Eesti",)),
    CountryData("HU", "HUN", gettext_noop("Hungary"), 2004, national_names=("Magyarország",)),
    CountryData("LV", "LVA", gettext_noop("Latvia"), 2004, national_names=("Latvija",)),
    CountryData("LT", "LTU", gettext_noop("Lithuania"), 2004, national_names=("Lietuva",)),
    CountryData("MT", "MLT", gettext_noop("Malta"), 2004),
    CountryData("PL", "POL", gettext_noop("Poland"), 2004, national_names=("Polska",)),
    CountryData("SK", "SVK", gettext_noop("Slovakia"), 2004, national_names=("Slovensko",)),
    CountryData("SI", "SVN", gettext_noop("Slovenia"), 2004, national_names=("Slovenija",)),
    CountryData("BG", "BGR", gettext_noop("Bulgaria"), 2007, national_names=("България",)),
    CountryData("RO", "ROU", gettext_noop("Romania"), 2007, national_names=("România",)),
    CountryData("HR", "HRV", gettext_noop("Croatia"), 2013, national_names=("Hrvatska",)),
    # EEA/EFTA members take part in partnerships; their regions are entered by hand
    # because NUTS does not cover them.
    CountryData(
        "CH",
        "CHE",
        gettext_noop("Switzerland"),
        None,
        national_names=("Schweiz", "Suisse", "Svizzera"),
    ),
    CountryData("IS", "ISL", gettext_noop("Iceland"), None, national_names=("Ísland",)),
    CountryData("NO", "NOR", gettext_noop("Norway"), None, national_names=("Norge",)),
)


# "EL" → "GRC".
ISO3_BY_CODE = {country.code: country.iso3 for country in COUNTRIES}

# The language a country names its regions in (Region.name_national), for the name's `lang`
# attribute; none for a country that names them in several (Belgium, Luxembourg, Switzerland…).
REGION_NAME_LANGUAGES = {
    "AT": "de",
    "BG": "bg",
    "CY": "el",
    "CZ": "cs",
    "DE": "de",
    "DK": "da",
    "EE": "et",
    "EL": "el",
    "ES": "es",
    "FI": "fi",
    "FR": "fr",
    "HR": "hr",
    "HU": "hu",
    "IE": "en",
    "IS": "is",
    "IT": "it",
    "LT": "lt",
    "LV": "lv",
    "MT": "mt",
    "NL": "nl",
    "NO": "no",
    "PL": "pl",
    "PT": "pt",
    "RO": "ro",
    "SE": "sv",
    "SI": "sl",
    "SK": "sk",
}
