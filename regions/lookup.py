"""Turning what a coordinator types into a NUTS unit, and searching units to pick from.

The form asks for "Name of the region in English (Country abbreviation), NUTS code", e.g.
"Lapland (FI), FI1D7". People also write just a name, in English or in the national
language, with or without accents, with a stray comma, "Brittany Region", "Puglia (IT)",
a country ("Estonia"), or a misspelling ("North Rhine Westaflavia"). A line is matched when
exactly one unit fits:

- certainly, when the code or the name is written as NUTS or the country writes it: the
  link is made at once;
- leniently (accents, hyphens, "Region", a misspelling): the unit is suggested, and the
  coordinator confirms it or keeps the text as written.

Names are compared folded: case, accents, punctuation and hyphens aside. A name several
units share along one branch (Estonia is EE, EE0 and EE00) means the deepest of them at
NUTS level 2 or above, the level of regional policy. Fuzzy matching uses rapidfuzz (edit
distance in C++, a few milliseconds over all units).
"""

import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db.models import QuerySet
from rapidfuzz import fuzz, process

from regions.countries import COUNTRIES
from regions.models import Country, Region

# A NUTS code at the end of the line, after a comma or a space: "Lapland (FI), FI1D7".
TRAILING_CODE = re.compile(r"(?:^|[\s,])([A-Z]{2}[0-9A-Z]{0,3})\s*$")
# A country code in brackets: "Puglia (IT)".
COUNTRY_CODE = re.compile(r"\s*\(([A-Za-z]{2})\)\s*")
# Words around a name that say what it is, not which: "Brittany Region", "Region of Murcia".
GENERIC_WORDS = re.compile(
    r"^(?:(?:the )?(?:region|province|county) of )|(?: (?:region|regione|province|county))$"
)
# Letters NFKD does not take apart.
LATIN = str.maketrans({"ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ı": "i"})
# How alike a misspelling must be, out of 100, and how far ahead of the next unit.
FUZZY_CUTOFF = 85
FUZZY_LEAD = 5
SEARCH_LIMIT = 20


@dataclass(frozen=True)
class Match:
    region: Region | None = None
    # Found as written (a code, a name as NUTS or the country writes it), not by leniency.
    certain: bool = False
    # Without a region: the country the text names ("Slovakia DIHs", "Ljubljana (SI)").
    country: Country | None = None


def fold(text: str) -> str:
    """ "Castilla y León" and "castilla-y-leon" alike: no case, accents or punctuation."""
    decomposed = unicodedata.normalize("NFKD", text.casefold()).translate(LATIN)
    letters = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[\W_]+", " ", letters).split())


def units() -> QuerySet[Region]:
    """NUTS units a partnership can name: Extra-Regio units are statistical leftovers."""
    return (
        Region.objects.nuts().exclude(name_en__startswith="Extra-Regio").select_related("country")
    )


class Index:
    """Every unit by code and by folded name, and every country by its names."""

    def __init__(self):
        self.units = list(units().order_by("nuts_level", "nuts_code", "-nuts_version"))
        self.by_code: dict[str, Region] = {}
        self.by_name: dict[str, list[Region]] = {}
        for unit in self.units:
            self.by_code.setdefault(_code(unit), unit)
            for name in {unit.name_en, unit.name_national} - {""}:
                self.by_name.setdefault(fold(name), []).append(unit)
        self.countries = {country.code: country for country in Country.objects.all()}
        self.country_names = {
            fold(name): data.code
            for data in COUNTRIES
            for name in (data.name, *data.national_names)
        }

    def named(self, name: str, country: str | None) -> list[Region]:
        return [
            unit
            for unit in self.by_name.get(name, [])
            if country is None or unit.country.code == country
        ]


# The index, under the number of regions it was built from.
_built: dict[int, Index] = {}
# Within `one_index`: the index its first match took (none yet: an empty list).
_taken: ContextVar[list[Index] | None] = ContextVar("taken_index", default=None)


def current_index() -> Index:
    """The index, built once per process (about 60 ms) and again after regions change: saved
    ones clear it (regions/apps.py), and a bulk load changes their number (a query, once per
    match, or once within `one_index`)."""
    taken = _taken.get()
    if taken:
        return taken[0]
    count = Region.objects.count()
    index = _built.get(count)
    if index is None:
        index = Index()
        _built.clear()
        _built[count] = index
    if taken is not None:
        taken.append(index)
    return index


@contextmanager
def one_index() -> Iterator[None]:
    """Every match within reads the index the first one took: a list of regions saved costs
    one look at the regions, not one per entry."""
    token = _taken.set([])
    try:
        yield
    finally:
        _taken.reset(token)


def forget_index(**_kwargs) -> None:
    _built.clear()


def resolve(text: str, index: Index | None = None) -> Match:
    """The NUTS unit `text` names, if exactly one fits; else the country it names, if any."""
    index = index or current_index()
    text = text.strip().rstrip(",;.").strip()
    code = TRAILING_CODE.search(text)
    if code and code[1] in index.by_code:
        return Match(index.by_code[code[1]], certain=True)
    country = _country_code(text, index)
    name = fold(COUNTRY_CODE.sub(" ", text))
    if not name:
        return Match(country=country_named(text, index))
    if country is None and name in index.country_names:
        country = index.country_names[name]
        unit = _one(index.named(name, country)) or _country_unit(index, country)
        return Match(unit, certain=True) if unit else Match(country=index.countries.get(country))
    exact = _one(
        [unit for unit in index.named(name, country) if _written_as(unit, text, name)]
    ) or _one(index.named(name, country))
    if exact is not None:
        return Match(exact, certain=_written_as(exact, text, name))
    lenient = GENERIC_WORDS.sub("", name)
    found = _one(index.named(lenient, country)) or _fuzzy(lenient, country, index)
    if found is not None:
        return Match(found)
    return Match(country=country_named(text, index))


def country_named(text: str, index: Index | None = None) -> Country | None:
    """The country `text` names: by its code in brackets ("(SI)"), or by one country's name
    among its words ("Slovakia DIHs")."""
    index = index or current_index()
    code = _country_code(text, index) or _country_in(fold(COUNTRY_CODE.sub(" ", text)), index)
    return index.countries.get(code) if code is not None else None


def search(query: str, index: Index | None = None) -> list[Region]:
    """Units whose code starts with, or whose English or national name contains, `query`,
    accents and case aside: names that start with it first."""
    folded = fold(query)
    if len(folded) < 2:
        return []
    index = index or current_index()
    code = query.strip().upper()
    found = []
    for unit in index.units:
        names = [fold(unit.name_en), fold(unit.name_national)]
        if _code(unit).startswith(code) or any(folded in name for name in names):
            starts = _code(unit).startswith(code) or any(n.startswith(folded) for n in names)
            found.append((not starts, _level(unit), _code(unit), unit))
    return [unit for *_order, unit in sorted(found, key=lambda item: item[:3])][:SEARCH_LIMIT]


def _code(unit: Region) -> str:
    """The unit's NUTS code: the index holds NUTS units only (`units`), which have one."""
    assert unit.nuts_code is not None, unit
    return unit.nuts_code


def _level(unit: Region) -> int:
    """The unit's NUTS level (see `_code`)."""
    assert unit.nuts_level is not None, unit
    return unit.nuts_level


def _written_as(unit: Region, text: str, name: str) -> bool:
    """Whether the text gives the unit's name exactly as NUTS or its English name does (case
    aside), not only once folded."""
    written = COUNTRY_CODE.sub(" ", text).strip().casefold()
    return written in {unit.name_en.casefold(), unit.name_national.casefold()}


def _one(found: list[Region]) -> Region | None:
    """The unit a name means: the only one, or, along one branch (EE, EE0, EE00), the
    deepest at level 2 or above. None when the name is shared by units on different branches."""
    if not found:
        return None
    branch = sorted(set(found), key=_level)
    if any(
        not _code(deeper).startswith(_code(higher))
        for higher, deeper in zip(branch, branch[1:], strict=False)
    ):
        return None
    regional = [unit for unit in branch if _level(unit) <= 2]
    return regional[-1] if regional else branch[0]


def _country_unit(index: Index, country: str) -> Region | None:
    return index.by_code.get(country)


def _country_code(text: str, index: Index) -> str | None:
    match = COUNTRY_CODE.search(text)
    code = match[1].upper() if match else None
    return code if code in index.countries else None


def _country_in(name: str, index: Index) -> str | None:
    """The one country whose name is among the words of `name` ("slovakia dihs")."""
    found = {
        code
        for country_name, code in index.country_names.items()
        if re.search(rf"\b{re.escape(country_name)}\b", name)
    }
    return found.pop() if len(found) == 1 else None


def _fuzzy(name: str, country: str | None, index: Index) -> Region | None:
    """The unit whose name is close to `name` (a misspelling), if one clearly is."""
    if len(name) < 5:
        return None
    choices = {
        folded: units
        for folded, units in index.by_name.items()
        if country is None or any(unit.country.code == country for unit in units)
    }
    ranked = process.extract(
        name, list(choices), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=5
    )
    if not ranked:
        return None
    best_name, best_score, _position = ranked[0]
    best = _one(index.named(best_name, country))
    rivals = [
        other
        for other_name, score, _position in ranked[1:]
        if score > best_score - FUZZY_LEAD
        for other in [_one(index.named(other_name, country))]
        if other != best
    ]
    return best if best is not None and not rivals else None
