"""The platform pages' charts (reports/charts/): SVG that parses, an image with a title and a
description, every value written or titled, WCAG contrast computed from the colours drawn,
the table holding the same data, the map's countries by the project's codes, and a readable
"no data" chart when there is nothing to draw."""

import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from regions.countries import COUNTRIES
from reports.charts import Label, Series, europe_map, heat_map, trend
from reports.charts.base import OUTLINE_COLOUR, PAGE_COLOUR, contrast
from reports.charts.europe_map import CLASS_SHADES as SHADES
from reports.charts.europe_map import GEOMETRY, classes, geometry
from reports.sdg_chart import SCORES
from reports.sdgs import GOAL_SHORT_TITLES, Agreement

SVG = "{http://www.w3.org/2000/svg}"
GOALS = [Label(goal, f"{goal}. {title}") for goal, title in GOAL_SHORT_TITLES.items()]
PARTNERSHIPS = [
    Label("hydrogen", "Hydrogen Valleys", short="H2 Valleys"),
    Label("textiles", "Textile Ecosystem Partnership"),
    Label("water", "Smart Water & Agrifood <Partnership>"),
]


def parsed(svg: str) -> ET.Element:
    return ET.fromstring(str(svg))


def assert_is_a_titled_image(root: ET.Element):
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert "viewBox" in root.attrib
    title, description = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text and description is not None and description.text
    assert root.get("aria-labelledby") == f"{title.get('id')} {description.get('id')}"
    return title.text, description.text


def element_title(element: ET.Element) -> str:
    title = element.find(f"{SVG}title")
    return title.text if title is not None and title.text else ""


@pytest.fixture
def ratings():
    """Every score once or more, one goal of one partnership not rated."""
    scores = list(SCORES.values())
    values = {
        (goal.key, partnership.key): scores[(goal.key + column) % len(scores)]
        for goal in GOALS
        for column, partnership in enumerate(PARTNERSHIPS)
    }
    values[(3, "textiles")] = None
    del values[(4, "water")]
    return values


class TestHeatMap:
    def test_every_cell_names_goal_partnership_and_rating(self, ratings):
        chart = heat_map(GOALS, PARTNERSHIPS, ratings)
        root = parsed(chart.panels[0])
        assert_is_a_titled_image(root)
        titles = {element_title(group) for group in root.iter(f"{SVG}g")}
        by_score = {score: str(agreement.label) for agreement, score in SCORES.items()}
        for goal in GOALS:
            for partnership in PARTNERSHIPS:
                score = ratings.get((goal.key, partnership.key))
                rating = by_score[score] if score is not None else "Not rated"
                assert f"{goal.text} — {partnership.text}: {rating}" in titles

    def test_each_rating_is_marked_by_a_symbol_as_well_as_a_shade(self, ratings):
        chart = heat_map(GOALS, PARTNERSHIPS, ratings)
        cells = self.cells(chart)
        marks = {
            title.rsplit(": ", 1)[1]: (rect.get("fill"), text.text) for title, rect, text in cells
        }
        assert marks["Strongly agree"][1] == "++"
        assert marks["Agree"][1] == "+"
        assert marks["Neutral"][1] == "0"
        assert marks["Disagree"][1] == "−"
        assert marks["Strongly disagree"][1] == "−−"
        assert marks["Not applicable"][1] == "n/a"
        assert marks["Not rated"][1] is None
        shades = {fill for fill, _mark in marks.values()}
        assert len(shades) == len(marks), "each rating has a shade of its own"
        assert [key.symbol for key in chart.legend[:6]] == ["++", "+", "0", "−", "−−", "n/a"]

    def test_cells_and_their_marks_meet_wcag_contrast(self, ratings):
        for _title, rect, text in self.cells(heat_map(GOALS, PARTNERSHIPS, ratings)):
            fill = rect.get("fill")
            # The cell stands out from the page by its shade, or (no rating) by its outline.
            edge = fill if rect.get("stroke-width") == "0" else rect.get("stroke")
            assert contrast(edge, PAGE_COLOUR) >= 3, fill
            if text.text:
                assert contrast(text.get("fill"), fill) >= 4.5, fill

    def test_the_table_holds_the_same_ratings_in_words(self, ratings):
        chart = heat_map(GOALS, PARTNERSHIPS, ratings)
        assert chart.table.header == ["Goal", *(partnership.text for partnership in PARTNERSHIPS)]
        drawn = {title for title, _rect, _text in self.cells(chart)}
        in_table = {
            f"{row[0]} — {partnership}: {cell}"
            for row in chart.table.rows
            for partnership, cell in zip(chart.table.header[1:], row[1:], strict=True)
        }
        assert in_table == drawn
        assert len(chart.table.rows) == 17

    def test_names_are_escaped_and_whole_in_titles(self, ratings):
        chart = heat_map(GOALS, PARTNERSHIPS, ratings)
        root = parsed(chart.panels[0])  # would not parse with a raw "<" or "&"
        heads = [text for text in root.iter(f"{SVG}text") if element_title(text)]
        assert "Smart Water & Agrifood <Partnership>" in {element_title(head) for head in heads}
        # The short name where space is tight: after the title, the text shown.
        assert "H2 Valleys" in {head.find(f"{SVG}title").tail for head in heads}

    def test_no_partnership_gives_a_chart_that_says_so(self):
        chart = heat_map(GOALS, [], {})
        title, description = assert_is_a_titled_image(parsed(chart.panels[0]))
        assert description == "No data for this chart yet."
        assert chart.empty and chart.table.rows == []

    @staticmethod
    def cells(chart):
        """(title, rect, text) of every cell."""
        root = parsed(chart.panels[0])
        return [
            (element_title(group), group.find(f"{SVG}rect"), group.find(f"{SVG}text"))
            for group in root.iter(f"{SVG}g")
            if group.find(f"{SVG}rect") is not None
        ]


PERIODS = [Label(1, "2024 H1", short="24 H1"), Label(2, "2024 H2"), Label(3, "2025 H1")]


class TestTrend:
    def series(self):
        return [
            Series(GOALS[0], [3, 5, None]),
            Series(GOALS[8], [0, 7, 12]),
        ]

    def test_a_panel_per_series_each_a_titled_image_with_every_figure(self):
        chart = trend(self.series(), PERIODS)
        assert len(chart.panels) == 2
        for panel, item in zip(chart.panels, self.series(), strict=True):
            root = parsed(panel)
            title, description = assert_is_a_titled_image(root)
            assert title == item.label.text
            written = [text.text for text in root.iter(f"{SVG}text")]
            for period, value in zip(PERIODS, item.values, strict=True):
                figure = "–" if value is None else str(value)
                assert f"{period.text}: {figure}" in description
                assert figure in written
            assert "24 H1" in written

    def test_all_panels_share_one_scale(self):
        chart = trend(self.series(), PERIODS)
        heights = [
            [float(rect.get("height")) for rect in parsed(panel).iter(f"{SVG}rect")]
            for panel in chart.panels
        ]
        # 5 of the first series against 12, the highest of all: the same units.
        assert heights[0][1] / heights[1][2] == pytest.approx(5 / 12, abs=0.01)  # rounded to 0.1

    def test_bars_meet_the_graphics_contrast(self):
        for panel in trend(self.series(), PERIODS).panels:
            for rect in parsed(panel).iter(f"{SVG}rect"):
                assert contrast(rect.get("fill"), PAGE_COLOUR) >= 3
            for text in parsed(panel).iter(f"{SVG}text"):
                assert contrast(text.get("fill"), PAGE_COLOUR) >= 4.5

    def test_the_table_holds_the_same_figures(self):
        chart = trend(self.series(), PERIODS)
        assert chart.table.header == ["Goal", "2024 H1", "2024 H2", "2025 H1"]
        assert chart.table.rows == [
            [GOALS[0].text, "3", "5", "–"],
            [GOALS[8].text, "0", "7", "12"],
        ]

    def test_no_period_gives_a_chart_that_says_so(self):
        chart = trend([], [])
        assert_is_a_titled_image(parsed(chart.panels[0]))
        assert "No data for this chart yet." in chart.panels[0]
        assert chart.empty


class TestEuropeMap:
    COUNTS = {"DE": 12, "EL": 3, "BG": 7, "PL": 1, "UK": 2, "CY": 20}

    def test_every_country_of_the_project_is_drawn_by_its_code(self):
        assert set(geometry()["countries"]) == {country.code for country in COUNTRIES}
        assert set(geometry()["labels"]) == {country.code for country in COUNTRIES}
        eu = {country.code for country in COUNTRIES if country.accession_year}
        assert {"EL", "CY", "MT", "UK", "IS"} <= set(geometry()["countries"])
        assert all(geometry()["countries"][code].startswith("M") for code in eu)

    def test_the_shipped_geometry_is_small(self):
        assert GEOMETRY.stat().st_size < 200_000

    def test_each_country_carries_its_name_and_count(self):
        chart = europe_map(self.COUNTS)
        root = parsed(chart.panels[0])
        title, description = assert_is_a_titled_image(root)
        titles = {element_title(path) for path in root.iter(f"{SVG}path")}
        assert "Greece: 3 partnerships" in titles
        assert "Poland: 1 partnership" in titles
        assert "Malta: 0 partnerships" in titles
        assert "Greece: 3" in description
        figures = sorted(int(text.text) for text in root.iter(f"{SVG}text"))
        assert figures == sorted(self.COUNTS.get(country.code, 0) for country in COUNTRIES)

    def test_shades_by_class_none_neutral_and_the_rest_background(self):
        chart = europe_map(self.COUNTS)
        root = parsed(chart.panels[0])
        fills = {element_title(path).split(":")[0]: path for path in root.iter(f"{SVG}path")}
        malta = fills["Malta"]
        assert malta.get("fill") == PAGE_COLOUR and malta.get("stroke") == OUTLINE_COLOUR
        assert contrast(OUTLINE_COLOUR, PAGE_COLOUR) >= 3
        assert fills["Poland"].get("fill") == fills["United Kingdom"].get("fill") == SHADES[0]
        assert fills["Germany"].get("fill") == SHADES[2]
        assert fills["Cyprus"].get("fill") == SHADES[3]
        background = fills[""]  # the one untitled path: countries outside the platform
        assert background.get("fill") not in {
            path.get("fill") for path in fills.values() if path is not background
        }
        assert [key.text for key in chart.legend] == [
            "None",
            "1–5",
            "6–10",
            "11–15",
            "16–20",
            "Not covered by the platform",
        ]

    def test_shades_and_figures_meet_wcag_contrast(self):
        root = parsed(europe_map(self.COUNTS).panels[0])
        for path in root.iter(f"{SVG}path"):
            if element_title(path) and path.get("fill") != PAGE_COLOUR:
                assert contrast(path.get("fill"), PAGE_COLOUR) >= 3
        for text in root.iter(f"{SVG}text"):
            # Dark figures on a white halo.
            assert contrast(text.get("fill"), text.get("stroke")) >= 4.5

    def test_the_table_lists_every_country_most_first(self):
        chart = europe_map(self.COUNTS)
        assert chart.table.header == ["Country", "Partnerships"]
        assert chart.table.rows[:3] == [["Cyprus", "20"], ["Germany", "12"], ["Bulgaria", "7"]]
        assert len(chart.table.rows) == len(COUNTRIES)
        assert "Map data: Natural Earth, via world-atlas" in chart.note

    def test_no_partnership_anywhere_gives_a_chart_that_says_so(self):
        chart = europe_map({"DE": 0})
        assert_is_a_titled_image(parsed(chart.panels[0]))
        assert "No data for this chart yet." in chart.panels[0]
        assert chart.empty

    @pytest.mark.parametrize(
        ("highest", "expected"),
        [
            (1, [(1, 1)]),
            (4, [(1, 1), (2, 2), (3, 3), (4, 4)]),
            (5, [(1, 2), (3, 4), (5, 5)]),
            (42, [(1, 11), (12, 22), (23, 33), (34, 42)]),
        ],
    )
    def test_classes_cover_one_to_the_highest(self, highest, expected):
        assert classes(highest) == expected


class TestTemplate:
    def test_the_include_draws_chart_legend_note_table_and_csv_link(self, ratings):
        chart = heat_map(GOALS, PARTNERSHIPS, ratings)
        html = render_to_string("reports/charts/chart.html", {"chart": chart, "csv_url": "/x.csv"})
        assert html.count("<svg") == 1 + len(chart.legend)
        assert 'class="chart-scroll" tabindex="0" role="region"' in html
        assert "Strongly agree</li>" in html.replace("\n", "").replace("  ", "")
        assert chart.note in html.replace("&#x27;", "'")
        assert html.count("<tr>") == 1 + 17
        assert 'href="/x.csv"' in html

    def test_an_empty_chart_has_no_table_nor_legend(self):
        html = render_to_string("reports/charts/chart.html", {"chart": trend([], [])})
        assert "No data for this chart yet." in html
        assert "<table" not in html and "chart-legend" not in html

    def test_the_charts_speak_bulgarian(self, ratings):
        with translation.override("bg"):
            chart = heat_map(GOALS, PARTNERSHIPS, ratings)
            empty = europe_map({})
            countries = europe_map({"EL": 2})
        assert chart.title != "Contribution to the SDGs, by partnership"
        assert str(Agreement.AGREE.label) not in {key.text for key in chart.legend}
        assert "No data for this chart yet." not in empty.panels[0]
        assert countries.table.rows[0] == ["Гърция", "2"]
        assert "Гърция: 2 партньорства" in countries.panels[0]
