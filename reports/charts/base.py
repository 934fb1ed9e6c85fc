"""What every chart shares: its parts for the template, the SVG frame, the colours and the
contrast rule they are chosen by.

A chart is drawn the way the report's SDG chart is (reports/sdg_chart.py): SVG written on the
server, an image to assistive technology (role="img" labelled by its <title> and <desc>), real
text, a viewBox and width 100%, no JavaScript; the same data goes into a table next to it.
"""

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from reports.sdg_chart import TEXT_COLOUR

# The page's background: every colour that carries data keeps 3:1 against it (WCAG 1.4.11)
# and every text 4.5:1 against what is under it (WCAG 1.4.3).
PAGE_COLOUR = "#ffffff"
WHITE = "#ffffff"
# Outlines of what has no value (not rated, no partnership): 3:1 against the page.
OUTLINE_COLOUR = "#6c757d"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


@dataclass(frozen=True)
class Label:
    """A row, column, period or series of a chart: `key` to find its values, `text` in full
    (titles, tables) and `short` where space is tight (column heads, axes)."""

    key: Hashable
    text: str
    short: str = ""

    @property
    def brief(self) -> str:
        return self.short or self.text


@dataclass(frozen=True)
class Series:
    """One line of a trend: its label and a value per period (None: no data that period)."""

    label: Label
    values: list[int | None]


@dataclass(frozen=True)
class Key:
    """An entry of a chart's legend: a swatch (fill, outline, the symbol drawn on it) and
    what it means."""

    fill: str
    text: str
    symbol: str = ""
    outline: str = ""
    symbol_colour: str = TEXT_COLOUR
    dashed: bool = False


@dataclass(frozen=True)
class ChartTable:
    """The chart's data as a table (and as CSV): column heads, then rows whose first cell
    heads the row."""

    caption: str
    header: list[str]
    rows: list[list[str | int]]


@dataclass(frozen=True)
class Chart:
    """What templates/reports/charts/chart.html draws: one SVG or several (small
    multiples), a legend, a note under it and the table."""

    chart_id: str
    kind: str  # the CSS class: heat-map, trend, europe-map
    title: str
    panels: list[SafeString]
    table: ChartTable
    note: str = ""
    legend: list[Key] = field(default_factory=list)
    # Wider than a phone: the template lets it scroll sideways (and be reached by keyboard).
    scrolls: bool = False

    @property
    def empty(self) -> bool:
        return not self.table.rows


def svg(
    chart_id: str,
    width: float,
    height: float,
    title: str,
    description: str,
    body: SafeString | str,
    natural_size: bool = False,
) -> SafeString:
    """The <svg> frame every chart uses: an image with a title and a description, as wide as
    its container (its viewBox keeps the proportions) or, with `natural_size`, one unit a
    pixel where scaling up would only blow it up or down would make it unreadable (the
    stylesheet still narrows it to the screen where it should)."""
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" role="img" '
        'viewBox="0 0 {0} {1}" width="{2}"{3} aria-labelledby="{4}-title {4}-desc" '
        'font-family="{5}">'
        '<title id="{4}-title">{6}</title><desc id="{4}-desc">{7}</desc>{8}</svg>',
        fmt(width),
        fmt(height),
        fmt(width) if natural_size else "100%",
        format_html(' height="{}"', fmt(height)) if natural_size else "",
        chart_id,
        FONT,
        title,
        description,
        body,
    )


def no_data(chart_id: str, kind: str, title: str, table: ChartTable) -> Chart:
    """A chart saying, in words, that there is nothing to draw yet."""
    message = _("No data for this chart yet.")
    body = format_html(
        '<rect x="0.5" y="0.5" width="399" height="79" fill="{0}" stroke="{1}" '
        'stroke-dasharray="4 3"/>'
        '<text x="200" y="45" text-anchor="middle" font-size="15" fill="{2}">{3}</text>',
        PAGE_COLOUR,
        OUTLINE_COLOUR,
        TEXT_COLOUR,
        message,
    )
    return Chart(chart_id, kind, title, [svg(chart_id, 400, 80, title, message, body)], table=table)


def join(parts: Iterable[SafeString]) -> SafeString:
    """Pieces of SVG, each already escaped, as one."""
    return format_html_join("", "{}", ((part,) for part in parts))


def fmt(number: float) -> str:
    """A coordinate without needless decimals: 12.0 → "12", 12.25 → "12.2"."""
    return f"{number:.1f}".removesuffix(".0")


def relative_luminance(colour: str) -> float:
    """WCAG 2.1's relative luminance of "#rrggbb"."""
    channels = [int(colour[index : index + 2], 16) / 255 for index in (1, 3, 5)]
    red, green, blue = (
        value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4
        for value in channels
    )
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: str, second: str) -> float:
    """WCAG 2.1's contrast ratio of two colours, from 1 to 21."""
    lighter, darker = sorted(map(relative_luminance, (first, second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_colour_on(fill: str) -> str:
    """Dark text or white, whichever reads better on `fill`."""
    return max((TEXT_COLOUR, WHITE), key=lambda colour: contrast(colour, fill))


def shorten(text: str, length: int) -> str:
    """Long labels end in "…" on a chart; titles and the table keep them whole."""
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
