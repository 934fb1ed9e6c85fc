"""A map of Europe by country, shaded by a count (the partnerships its regions are in).

The outlines are regions/geometry/europe.json, made once from Natural Earth by
regions/geometry/build.py: nothing is fetched when a page is drawn.
"""

import json
import math
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

import regions
from regions.countries import COUNTRIES
from reports.charts.base import (
    OUTLINE_COLOUR,
    PAGE_COLOUR,
    TEXT_COLOUR,
    Chart,
    ChartTable,
    Key,
    join,
    no_data,
    svg,
)

GEOMETRY = Path(regions.__file__).parent / "geometry" / "europe.json"
CREDIT = "Natural Earth, via world-atlas"
# Light to dark blue, each 3:1 against the page and the sea: the count is also written on
# the country, in its <title> and in the table.
CLASS_SHADES = ["#5b93d3", "#3f6fb5", "#1f4b8f", "#0a2a57"]
SEA = "#ffffff"
# Countries outside the data: drawn as setting only, no outline, no title.
BACKGROUND = "#e9ecef"
NAMES = {country.code: country.name for country in COUNTRIES}


def country_name(code: str) -> str:
    """The country's name in the active language (regions/countries.py marks them)."""
    return _(NAMES[code])


@cache
def geometry() -> dict[str, Any]:
    """{"viewBox", "countries": {code: path d}, "labels": {code: [x, y]}, "background"}."""
    return json.loads(GEOMETRY.read_text())


def classes(highest: int) -> list[tuple[int, int]]:
    """The legend's classes, (lowest, highest) each: one per value up to 4, else 4 classes
    of equal width from 1 to `highest`."""
    if highest <= len(CLASS_SHADES):
        return [(value, value) for value in range(1, highest + 1)]
    step = math.ceil(highest / len(CLASS_SHADES))
    return [(start, min(start + step - 1, highest)) for start in range(1, highest + 1, step)]


def europe_map(counts: dict[str, int], chart_id: str = "europe-map", title: str = "") -> Chart:
    """The map: `counts` {country code: partnerships} by the project's codes
    (regions/countries.py: EL for Greece, UK). Countries of the project missing from
    `counts` or at 0 are drawn white with an outline; each country has a <title> with its
    name and count, its count written on it, and a row in the table (most first); the
    legend gives the classes. Other countries are background."""
    title = title or _("Partnerships by country")
    shapes = geometry()
    counted = {code: counts.get(code, 0) for code in shapes["countries"]}
    table = ChartTable(
        title,
        [_("Country"), _("Partnerships")],
        [
            [country_name(code), str(count)]
            for code, count in sorted(
                counted.items(), key=lambda item: (-item[1], country_name(item[0]))
            )
        ]
        if any(counted.values())
        else [],
    )
    if not table.rows:
        return no_data(chart_id, "europe-map", title, table)
    bands = classes(max(counted.values()))
    _x, _y, width, height = shapes["viewBox"]
    body = format_html(
        '<rect width="{0}" height="{1}" fill="{2}"/><path d="{3}" fill="{4}"/>{5}{6}',
        width,
        height,
        SEA,
        shapes["background"],
        BACKGROUND,
        join(_country(code, count, bands) for code, count in counted.items()),
        join(_figure(code, count) for code, count in counted.items()),
    )
    description = _("Partnerships by country: %(list)s.") % {
        "list": "; ".join(f"{name}: {count}" for name, count in table.rows)
    }
    return Chart(
        chart_id,
        "europe-map",
        title,
        [svg(chart_id, width, height, title, description, body)],
        table,
        note=_(
            "The number of partnerships whose regions in the country take part, in each "
            "partnership's latest published report. Map data: %(credit)s."
        )
        % {"credit": CREDIT},
        legend=legend(bands),
    )


def legend(bands: list[tuple[int, int]]) -> list[Key]:
    return [
        Key(PAGE_COLOUR, _("None"), outline=OUTLINE_COLOUR),
        *(
            Key(CLASS_SHADES[index], f"{low}" if low == high else f"{low}–{high}")
            for index, (low, high) in enumerate(bands)
        ),
        Key(BACKGROUND, _("Not covered by the platform")),
    ]


def shade(count: int, bands: list[tuple[int, int]]) -> str:
    """The fill of a count: its class's shade, white for none."""
    for index, (low, high) in enumerate(bands):
        if low <= count <= high:
            return CLASS_SHADES[index]
    return PAGE_COLOUR


def _country(code: str, count: int, bands: list[tuple[int, int]]):
    fill = shade(count, bands)
    return format_html(
        '<path d="{0}" fill="{1}" stroke="{2}" stroke-width="{3}" stroke-linejoin="round">'
        "<title>{4}</title></path>",
        geometry()["countries"][code],
        fill,
        OUTLINE_COLOUR if fill == PAGE_COLOUR else PAGE_COLOUR,
        0.8,
        ngettext("%(country)s: %(count)s partnership", "%(country)s: %(count)s partnerships", count)
        % {"country": country_name(code), "count": count},
    )


def _figure(code: str, count: int):
    """The count on the country, dark on a white halo: readable on any shade."""
    x, y = geometry()["labels"][code]
    return format_html(
        '<text x="{0}" y="{1}" text-anchor="middle" font-size="22" font-weight="bold" '
        'fill="{2}" stroke="{3}" stroke-width="4" paint-order="stroke" aria-hidden="true">'
        "{4}</text>",
        x,
        y + 7,
        TEXT_COLOUR,
        PAGE_COLOUR,
        count,
    )
