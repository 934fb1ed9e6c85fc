"""Goals × partnerships: each cell the partnership's rating of the goal, shaded and marked."""

from collections.abc import Hashable

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from reports.charts.base import (
    OUTLINE_COLOUR,
    PAGE_COLOUR,
    TEXT_COLOUR,
    Chart,
    ChartTable,
    Key,
    Label,
    fmt,
    join,
    no_data,
    shorten,
    svg,
    text_colour_on,
)
from reports.sdg_chart import BAR_COLOUR, SCORES
from reports.sdgs import Agreement

# Blue for agreeing, grey for neutral, orange for disagreeing, darker the stronger: every
# shade 3:1 against the page, and each cell also carries its symbol.
SHADES = {
    Agreement.STRONGLY_AGREE: BAR_COLOUR,
    Agreement.AGREE: "#5b93d3",
    Agreement.NEUTRAL: "#868e96",
    Agreement.DISAGREE: "#d4762c",
    Agreement.STRONGLY_DISAGREE: "#9c3d00",
    # Not applicable is not a degree of contribution: pale, outlined like "not rated".
    Agreement.NOT_APPLICABLE: "#f1f3f5",
}
RATED_BY_SCORE = {score: agreement for agreement, score in SCORES.items()}

LABEL_WIDTH = 260
CELL = 28
HEADER = 120
RIGHT = 90  # room for the last column's slanted head
ROW_LABEL_LENGTH = 33
COLUMN_LABEL_LENGTH = 18


def symbols() -> dict[Agreement | None, str]:
    """The mark on each cell, so the rating reads without colour (None: not rated)."""
    return {
        Agreement.STRONGLY_AGREE: "++",
        Agreement.AGREE: "+",
        Agreement.NEUTRAL: "0",
        Agreement.DISAGREE: "−",
        Agreement.STRONGLY_DISAGREE: "−−",
        Agreement.NOT_APPLICABLE: pgettext("SDG rating, in a chart cell", "n/a"),
        None: "",
    }


def heat_map(
    rows: list[Label],
    columns: list[Label],
    values: dict[tuple[Hashable, Hashable], int | None],
    chart_id: str = "sdg-heat-map",
    title: str = "",
) -> Chart:
    """The heat map of SDG ratings: `rows` the goals, `columns` the partnerships, `values`
    {(row key, column key): score}. A score is reports.sdg_chart.SCORES's (5 strongly agree
    … 1 strongly disagree, 0 not applicable); missing or None is "not rated". Each cell is
    shaded and marked with its symbol (legend: ++, +, 0, −, −−, n/a) and has a <title>
    naming goal, partnership and rating; the table gives every rating in words."""
    title = title or _("Contribution to the SDGs, by partnership")
    rated = {key: RATED_BY_SCORE[score] for key, score in values.items() if score is not None}
    table = ChartTable(
        title,
        [_("Goal"), *(column.text for column in columns)],
        [
            [row.text, *(_rating_text(rated.get((row.key, column.key))) for column in columns)]
            for row in rows
        ]
        if columns
        else [],
    )
    if not rows or not columns:
        return no_data(chart_id, "heat-map", title, table)
    width = LABEL_WIDTH + CELL * len(columns) + RIGHT
    height = HEADER + CELL * len(rows) + 4
    body = format_html(
        "{}{}",
        _column_heads(columns),
        join(_row(index, row, columns, rated) for index, row in enumerate(rows)),
    )
    keys = legend()
    description = _(
        "%(goals)s goals rated by %(partnerships)s partnerships. The marks: %(marks)s; an "
        "empty cell is not rated. The table gives every rating."
    ) % {
        "goals": len(rows),
        "partnerships": len(columns),
        "marks": ", ".join(f"{key.symbol} {key.text}" for key in keys if key.symbol),
    }
    return Chart(
        chart_id,
        "heat-map",
        title,
        [svg(chart_id, width, height, title, description, body, natural_size=True)],
        table,
        note=_(
            "Each partnership's own rating of its contribution to each goal, in its report "
            "of the period."
        ),
        legend=keys,
        scrolls=True,
    )


def legend() -> list[Key]:
    marks = symbols()
    keys = [
        Key(
            SHADES[agreement],
            str(agreement.label),
            marks[agreement],
            outline=OUTLINE_COLOUR if agreement == Agreement.NOT_APPLICABLE else "",
            symbol_colour=text_colour_on(SHADES[agreement]),
        )
        for agreement in Agreement
    ]
    return [*keys, Key(PAGE_COLOUR, _("Not rated"), outline=OUTLINE_COLOUR, dashed=True)]


def _rating_text(agreement: Agreement | None) -> str:
    return str(agreement.label) if agreement else _("Not rated")


def _column_heads(columns: list[Label]):
    return format_html_join(
        "",
        '<text x="{0}" y="{1}" transform="rotate(-50 {0} {1})" font-size="12" fill="{2}">'
        "<title>{3}</title>{4}</text>",
        (
            (
                fmt(LABEL_WIDTH + CELL * index + CELL / 2 + 4),
                HEADER - 6,
                TEXT_COLOUR,
                column.text,
                shorten(column.brief, COLUMN_LABEL_LENGTH),
            )
            for index, column in enumerate(columns)
        ),
    )


def _row(index: int, row: Label, columns: list[Label], rated: dict):
    top = HEADER + CELL * index
    cells = join(
        _cell(LABEL_WIDTH + CELL * number, top, row, column, rated.get((row.key, column.key)))
        for number, column in enumerate(columns)
    )
    return format_html(
        '<g><text x="{0}" y="{1}" text-anchor="end" font-size="12" fill="{2}">'
        "<title>{3}</title>{4}</text>{5}</g>",
        LABEL_WIDTH - 8,
        fmt(top + CELL / 2 + 4),
        TEXT_COLOUR,
        row.text,
        shorten(row.brief, ROW_LABEL_LENGTH),
        cells,
    )


def _cell(x: float, y: float, row: Label, column: Label, agreement: Agreement | None):
    fill = SHADES[agreement] if agreement else PAGE_COLOUR
    outlined = agreement in (None, Agreement.NOT_APPLICABLE)
    return format_html(
        '<g><title>{0}</title><rect x="{1}" y="{2}" width="{3}" height="{3}" fill="{4}" '
        'stroke="{5}" stroke-width="{6}" stroke-dasharray="{7}"/>'
        '<text x="{8}" y="{9}" text-anchor="middle" font-size="{10}" font-weight="bold" '
        'fill="{11}">{12}</text></g>',
        f"{row.text} — {column.text}: {_rating_text(agreement)}",
        fmt(x + 1),
        fmt(y + 1),
        CELL - 2,
        fill,
        OUTLINE_COLOUR if outlined else PAGE_COLOUR,
        1 if outlined else 0,
        "3 2" if agreement is None else "none",
        fmt(x + CELL / 2),
        fmt(y + CELL / 2 + 4),
        10 if agreement == Agreement.NOT_APPLICABLE else 12,
        text_colour_on(fill),
        symbols()[agreement],
    )
