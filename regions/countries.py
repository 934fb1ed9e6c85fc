"""The countries the platform knows, by their EU code (Greece is EL, not ISO's GR), with
their ISO 3166-1 alpha-3 code (GRC)."""

from typing import NamedTuple


class CountryData(NamedTuple):
    code: str
    # ISO 3166-1 alpha-3, which the EU's country authority list uses in its URIs
    # (http://publications.europa.eu/resource/authority/country/GRC): the DCAT-AP catalogue.
    iso3: str
    name: str
    accession_year: int | None
    exit_year: int | None = None
    # How the country names itself, for reading region lists (regions/lookup.py).
    national_names: tuple[str, ...] = ()


COUNTRIES = (
    CountryData("BE", "BEL", "Belgium", 1958, national_names=("België", "Belgique", "Belgien")),
    CountryData("DE", "DEU", "Germany", 1958, national_names=("Deutschland",)),
    CountryData("FR", "FRA", "France", 1958),
    CountryData("IT", "ITA", "Italy", 1958, national_names=("Italia",)),
    CountryData("LU", "LUX", "Luxembourg", 1958, national_names=("Lëtzebuerg", "Luxemburg")),
    CountryData(
        "NL", "NLD", "Netherlands", 1958, national_names=("Nederland", "The Netherlands", "Holland")
    ),
    CountryData("DK", "DNK", "Denmark", 1973, national_names=("Danmark",)),
    CountryData("IE", "IRL", "Ireland", 1973, national_names=("Éire",)),
    # Still counted: reports name UK regions and the form asks about "EU28".
    CountryData(
        "UK", "GBR", "United Kingdom", 1973, exit_year=2020, national_names=("UK", "Great Britain")
    ),
    CountryData("EL", "GRC", "Greece", 1981, national_names=("Ελλάδα", "Hellas")),
    CountryData("ES", "ESP", "Spain", 1986, national_names=("España",)),
    CountryData("PT", "PRT", "Portugal", 1986),
    CountryData("AT", "AUT", "Austria", 1995, national_names=("Österreich",)),
    CountryData("FI", "FIN", "Finland", 1995, national_names=("Suomi",)),
    CountryData("SE", "SWE", "Sweden", 1995, national_names=("Sverige",)),
    CountryData("CY", "CYP", "Cyprus", 2004, national_names=("Κύπρος",)),
    CountryData("CZ", "CZE", "Czechia", 2004, national_names=("Česko", "Czech Republic")),
    CountryData("EE", "EST", "Estonia", 2004, national_names=("Eesti",)),
    CountryData("HU", "HUN", "Hungary", 2004, national_names=("Magyarország",)),
    CountryData("LV", "LVA", "Latvia", 2004, national_names=("Latvija",)),
    CountryData("LT", "LTU", "Lithuania", 2004, national_names=("Lietuva",)),
    CountryData("MT", "MLT", "Malta", 2004),
    CountryData("PL", "POL", "Poland", 2004, national_names=("Polska",)),
    CountryData("SK", "SVK", "Slovakia", 2004, national_names=("Slovensko",)),
    CountryData("SI", "SVN", "Slovenia", 2004, national_names=("Slovenija",)),
    CountryData("BG", "BGR", "Bulgaria", 2007, national_names=("България",)),
    CountryData("RO", "ROU", "Romania", 2007, national_names=("România",)),
    CountryData("HR", "HRV", "Croatia", 2013, national_names=("Hrvatska",)),
    # EEA/EFTA members take part in partnerships; their regions are entered by hand
    # because NUTS does not cover them.
    CountryData("CH", "CHE", "Switzerland", None, national_names=("Schweiz", "Suisse", "Svizzera")),
    CountryData("IS", "ISL", "Iceland", None, national_names=("Ísland",)),
    CountryData("NO", "NOR", "Norway", None, national_names=("Norge",)),
)


# "EL" → "GRC".
ISO3_BY_CODE = {country.code: country.iso3 for country in COUNTRIES}
