"""The countries the platform knows, by their EU code (Greece is EL, not ISO's GR)."""

from typing import NamedTuple


class CountryData(NamedTuple):
    code: str
    name: str
    accession_year: int | None
    exit_year: int | None = None
    # How the country names itself, for reading region lists (regions/lookup.py).
    national_names: tuple[str, ...] = ()


COUNTRIES = (
    CountryData("BE", "Belgium", 1958, national_names=("België", "Belgique", "Belgien")),
    CountryData("DE", "Germany", 1958, national_names=("Deutschland",)),
    CountryData("FR", "France", 1958),
    CountryData("IT", "Italy", 1958, national_names=("Italia",)),
    CountryData("LU", "Luxembourg", 1958, national_names=("Lëtzebuerg", "Luxemburg")),
    CountryData(
        "NL", "Netherlands", 1958, national_names=("Nederland", "The Netherlands", "Holland")
    ),
    CountryData("DK", "Denmark", 1973, national_names=("Danmark",)),
    CountryData("IE", "Ireland", 1973, national_names=("Éire",)),
    # Still counted: reports name UK regions and the form asks about "EU28".
    CountryData(
        "UK", "United Kingdom", 1973, exit_year=2020, national_names=("UK", "Great Britain")
    ),
    CountryData("EL", "Greece", 1981, national_names=("Ελλάδα", "Hellas")),
    CountryData("ES", "Spain", 1986, national_names=("España",)),
    CountryData("PT", "Portugal", 1986),
    CountryData("AT", "Austria", 1995, national_names=("Österreich",)),
    CountryData("FI", "Finland", 1995, national_names=("Suomi",)),
    CountryData("SE", "Sweden", 1995, national_names=("Sverige",)),
    CountryData("CY", "Cyprus", 2004, national_names=("Κύπρος",)),
    CountryData("CZ", "Czechia", 2004, national_names=("Česko", "Czech Republic")),
    CountryData("EE", "Estonia", 2004, national_names=("Eesti",)),
    CountryData("HU", "Hungary", 2004, national_names=("Magyarország",)),
    CountryData("LV", "Latvia", 2004, national_names=("Latvija",)),
    CountryData("LT", "Lithuania", 2004, national_names=("Lietuva",)),
    CountryData("MT", "Malta", 2004),
    CountryData("PL", "Poland", 2004, national_names=("Polska",)),
    CountryData("SK", "Slovakia", 2004, national_names=("Slovensko",)),
    CountryData("SI", "Slovenia", 2004, national_names=("Slovenija",)),
    CountryData("BG", "Bulgaria", 2007, national_names=("България",)),
    CountryData("RO", "Romania", 2007, national_names=("România",)),
    CountryData("HR", "Croatia", 2013, national_names=("Hrvatska",)),
    # EEA/EFTA members take part in partnerships; their regions are entered by hand
    # because NUTS does not cover them.
    CountryData("CH", "Switzerland", None, national_names=("Schweiz", "Suisse", "Svizzera")),
    CountryData("IS", "Iceland", None, national_names=("Ísland",)),
    CountryData("NO", "Norway", None, national_names=("Norge",)),
)
