"""The countries the platform knows, by their EU code (domain.md §5.4)."""

from typing import NamedTuple


class CountryData(NamedTuple):
    code: str
    name: str
    accession_year: int | None
    exit_year: int | None = None


COUNTRIES = (
    CountryData("BE", "Belgium", 1958),
    CountryData("DE", "Germany", 1958),
    CountryData("FR", "France", 1958),
    CountryData("IT", "Italy", 1958),
    CountryData("LU", "Luxembourg", 1958),
    CountryData("NL", "Netherlands", 1958),
    CountryData("DK", "Denmark", 1973),
    CountryData("IE", "Ireland", 1973),
    # Still counted: reports name UK regions and the form asks about "EU28".
    CountryData("UK", "United Kingdom", 1973, exit_year=2020),
    CountryData("EL", "Greece", 1981),
    CountryData("ES", "Spain", 1986),
    CountryData("PT", "Portugal", 1986),
    CountryData("AT", "Austria", 1995),
    CountryData("FI", "Finland", 1995),
    CountryData("SE", "Sweden", 1995),
    CountryData("CY", "Cyprus", 2004),
    CountryData("CZ", "Czechia", 2004),
    CountryData("EE", "Estonia", 2004),
    CountryData("HU", "Hungary", 2004),
    CountryData("LV", "Latvia", 2004),
    CountryData("LT", "Lithuania", 2004),
    CountryData("MT", "Malta", 2004),
    CountryData("PL", "Poland", 2004),
    CountryData("SK", "Slovakia", 2004),
    CountryData("SI", "Slovenia", 2004),
    CountryData("BG", "Bulgaria", 2007),
    CountryData("RO", "Romania", 2007),
    CountryData("HR", "Croatia", 2013),
    # EEA/EFTA members take part in partnerships; their regions are entered by hand
    # because NUTS does not cover them.
    CountryData("CH", "Switzerland", None),
    CountryData("IS", "Iceland", None),
    CountryData("NO", "Norway", None),
)
