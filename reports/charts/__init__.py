"""Charts of the public platform pages, drawn on the server as SVG (see reports/charts/base.py):

- heat_map(rows, columns, values): SDG goals × partnerships, each cell a rating;
- trend(series, periods): small multiples, a value per series and period;
- europe_map(counts): a map of Europe by country.

Each returns a Chart; templates/reports/charts/chart.html draws it with its legend, its note
and its data as a table (`{% include "reports/charts/chart.html" with chart=… csv_url=… %}`).
"""

from reports.charts.base import Chart, ChartTable, Label, Series
from reports.charts.europe_map import europe_map
from reports.charts.heat_map import heat_map
from reports.charts.trend import trend

__all__ = ["Chart", "ChartTable", "Label", "Series", "europe_map", "heat_map", "trend"]
