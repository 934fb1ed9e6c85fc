"""The SDG ratings of a report as a bar chart: SVG built on the server, no JavaScript.

The chart is an image to assistive technology (role="img" with a title and a description
that reads out every rating); the same data goes into a table next to it.
"""

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from reports.sdgs import GOAL_SHORT_TITLES, Agreement

# How far each answer reaches on the chart: agreement as a length, "not applicable" none.
SCORES = {
    Agreement.STRONGLY_AGREE: 5,
    Agreement.AGREE: 4,
    Agreement.NEUTRAL: 3,
    Agreement.DISAGREE: 2,
    Agreement.STRONGLY_DISAGREE: 1,
    Agreement.NOT_APPLICABLE: 0,
}
# Bars in one dark blue: white page, contrast above 3:1 for graphics (WCAG 1.4.11).
BAR_COLOUR = "#0b5394"
TEXT_COLOUR = "#212529"

WIDTH = 720
LABEL_WIDTH = 330
BAR_SPACE = 270
ROW_HEIGHT = 28
BAR_HEIGHT = 18
TOP = 30


@dataclass
class Rating:
    goal: int
    title: str  # "9. Industry, innovation and infrastructure"
    answer: str  # "Strongly agree"
    score: int


def ratings(rated):
    """[Rating] in goal order, from {goal number: Agreement value}."""
    return [
        Rating(
            goal,
            f"{goal}. {GOAL_SHORT_TITLES[goal]}",
            str(Agreement(value).label),
            SCORES[Agreement(value)],
        )
        for goal, value in sorted(rated.items())
    ]


def chart(rows, chart_id="sdg-chart"):
    """The SVG for [Rating]; '' when nothing was rated."""
    if not rows:
        return ""
    height = TOP + ROW_HEIGHT * len(rows) + 10
    step = BAR_SPACE / max(SCORES.values())
    scale = [
        (Agreement.STRONGLY_DISAGREE, 1),
        (Agreement.NEUTRAL, 3),
        (Agreement.STRONGLY_AGREE, 5),
    ]
    axis = format_html_join(
        "",
        '<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="#adb5bd" stroke-dasharray="2 3"/>'
        '<text x="{0}" y="{3}" text-anchor="middle" font-size="11" fill="{4}">{5}</text>',
        (
            (LABEL_WIDTH + step * score, TOP - 6, height - 10, TOP - 12, TEXT_COLOUR, label)
            for label, score in ((Agreement(value).label, score) for value, score in scale)
        ),
    )
    bars = format_html_join(
        "",
        '<g><text x="{0}" y="{1}" text-anchor="end" font-size="13" fill="{2}">{3}</text>'
        '<rect x="{4}" y="{5}" width="{6}" height="{7}" rx="2" fill="{8}"/>'
        '<text x="{9}" y="{1}" font-size="12" fill="{2}">{10}</text></g>',
        (
            (
                LABEL_WIDTH - 8,
                TOP + ROW_HEIGHT * index + BAR_HEIGHT - 4,
                TEXT_COLOUR,
                _shorten(row.title),
                LABEL_WIDTH,
                TOP + ROW_HEIGHT * index,
                step * row.score,
                BAR_HEIGHT,
                BAR_COLOUR,
                LABEL_WIDTH + step * row.score + 6,
                row.answer,
            )
            for index, row in enumerate(rows)
        ),
    )
    description = "; ".join(f"{row.title}: {row.answer}" for row in rows)
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="sdg-chart" role="img" '
        'viewBox="0 0 {0} {1}" width="100%" aria-labelledby="{2}-title {2}-desc">'
        '<title id="{2}-title">{3}</title><desc id="{2}-desc">{4}</desc>{5}{6}</svg>',
        WIDTH,
        height,
        chart_id,
        _("Contribution to the Sustainable Development Goals"),
        description,
        axis,
        bars,
    )


def _shorten(title, length=44):
    """Long goal titles end in "…" on the chart; the table and the description keep them whole."""
    return title if len(title) <= length else title[: length - 1].rstrip() + "…"
