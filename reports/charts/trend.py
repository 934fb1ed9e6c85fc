"""A value per series and period as small multiples: one little bar chart per series (per
goal: how many partnerships say they contribute to it), all on the same scale, each bar with
its figure written on it. One small chart per goal stays readable on a phone, where one
chart of 17 lines would not."""

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from reports.charts.base import (
    OUTLINE_COLOUR,
    TEXT_COLOUR,
    Chart,
    ChartTable,
    Label,
    Series,
    fmt,
    no_data,
    shorten,
    svg,
)
from reports.sdg_chart import BAR_COLOUR

WIDTH = 260
HEIGHT = 150
TITLE_SPACE = 26
AXIS_SPACE = 22
VALUE_SPACE = 16  # above the tallest bar, for its figure
SIDE = 8
TITLE_LENGTH = 30


def trend(
    series: list[Series],
    periods: list[Label],
    chart_id: str = "sdg-trend",
    title: str = "",
) -> Chart:
    """Small multiples: a panel per `series` (e.g. a goal), a bar per period of `periods`
    (Series.values, aligned with them: a count, or None where there is no data, drawn as
    "–"). Every panel has the same scale, its own title and description, and each bar its
    figure as text; the table gives the series × periods."""
    title = title or _("Partnerships contributing to each goal, period by period")
    table = ChartTable(
        title,
        [_("Goal"), *(period.text for period in periods)],
        [[item.label.text, *(_figure(value) for value in item.values)] for item in series]
        if periods
        else [],
    )
    if not series or not periods:
        return no_data(chart_id, "trend", title, table)
    highest = max((value for item in series for value in item.values if value), default=0)
    panels = [
        _panel(f"{chart_id}-{index}", item, periods, highest) for index, item in enumerate(series)
    ]
    return Chart(
        chart_id,
        "trend",
        title,
        panels,
        table,
        note=_(
            "Each bar counts the partnerships that agree or strongly agree that they "
            "contribute to the goal, in their reports of the period. All panels share one "
            "scale; – marks a period without data."
        ),
    )


def _figure(value: int | None) -> str:
    return "–" if value is None else str(value)


def _panel(panel_id: str, item: Series, periods: list[Label], highest: int):
    slot = (WIDTH - 2 * SIDE) / len(periods)
    bar_width = min(slot * 0.7, 36)
    base = HEIGHT - AXIS_SPACE
    reach = base - TITLE_SPACE - VALUE_SPACE
    bars = format_html_join(
        "",
        '<rect x="{0}" y="{1}" width="{2}" height="{3}" fill="{4}"/>'
        '<text x="{5}" y="{6}" text-anchor="middle" font-size="12" fill="{7}">{8}</text>'
        '<text x="{5}" y="{9}" text-anchor="middle" font-size="10" fill="{7}">{10}</text>',
        (
            (
                fmt(SIDE + slot * index + (slot - bar_width) / 2),
                fmt(base - _length(value, highest, reach)),
                fmt(bar_width),
                fmt(_length(value, highest, reach)),
                BAR_COLOUR,
                fmt(SIDE + slot * index + slot / 2),
                fmt(base - _length(value, highest, reach) - 4),
                TEXT_COLOUR,
                _figure(value),
                fmt(base + 14),
                period.brief if len(periods) <= 6 or index % 2 == 0 else "",
            )
            for index, (period, value) in enumerate(zip(periods, item.values, strict=True))
        ),
    )
    body = format_html(
        '<text x="{0}" y="17" font-size="13" font-weight="bold" fill="{1}">{2}</text>'
        '<line x1="{0}" y1="{3}" x2="{4}" y2="{3}" stroke="{5}"/>{6}',
        SIDE,
        TEXT_COLOUR,
        shorten(item.label.brief, TITLE_LENGTH),
        fmt(base),
        WIDTH - SIDE,
        OUTLINE_COLOUR,
        bars,
    )
    description = "; ".join(
        f"{period.text}: {_figure(value)}"
        for period, value in zip(periods, item.values, strict=True)
    )
    return svg(panel_id, WIDTH, HEIGHT, item.label.text, description, body)


def _length(value: int | None, highest: int, reach: float) -> float:
    return 0 if not value or not highest else reach * value / highest
