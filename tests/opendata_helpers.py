"""Reading the open data as a user would: every file listed, fetched from /data/, opened
(ZIPs unpacked, workbooks read cell by cell)."""

import csv
import io
import json
import zipfile

from openpyxl import load_workbook

from opendata import files
from opendata.models import OpenDataFile
from reports.models import MonitoringReport, ReportingPeriod, ReportRegion, SDGRating, WorkingArea

# Texts that break naive writers: a comma, quotes and a line break; a leading "=", which a
# spreadsheet would run as a formula.
TRICKY = 'Regions, clusters and "smart" specialisation\nacross borders'
FORMULA = '=HYPERLINK("http://example.org/x","click")'


def period(year, half):
    return ReportingPeriod.objects.get_or_create(
        year=year, half=half, defaults={"deadline": ReportingPeriod.default_deadline(year, half)}
    )[0]


def publish(report, user):
    for state in ("submitted", "accepted", "published"):
        report.move_to(state, user)


def fill(report, summary, region):
    """A summary, a formula-like text, a region linked to a NUTS unit and one written only, a
    table row and an SDG rating."""
    report.executive_summary = summary
    report.innovative_results = FORMULA
    report.save()
    ReportRegion.objects.create(
        report=report, role="lead", region=region, match="linked", name=region.name_en
    )
    ReportRegion.objects.create(
        report=report, role="participating", position=1, name="A cluster of Zürich"
    )
    WorkingArea.objects.create(
        report=report, position=1, working_area='Mapping, "first" pass', region_in_charge="Paris"
    )
    SDGRating.objects.create(report=report, goal=9, rating="agree")


def published_report(partnership, year, half, reviewer, *, summary, region):
    report = MonitoringReport.start(partnership, period(year, half))
    fill(report, summary, region)
    publish(report, reviewer)
    return report


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def fetch(client, path):
    response = client.get(f"/data/{path}")
    assert response.status_code == 200, (path, response.status_code)
    return body(response)


def members(path, content):
    """{name: bytes} of what a file holds: the members of a ZIP, or the file itself."""
    if path.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return {name: archive.read(name) for name in archive.namelist()}
    return {path: content}


def csv_rows(content):
    """The rows of a CSV file as dicts, read back as any RFC 4180 reader would."""
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"), newline="")))


def jsonl_rows(content):
    return [json.loads(line) for line in content.decode("utf-8").split("\n") if line]


def workbook_rows(content):
    """{sheet name: rows as dicts} of an XLSX file."""
    book = load_workbook(io.BytesIO(content))
    sheets = {}
    for sheet in book.worksheets:
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        sheets[sheet.title] = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    return sheets


def readable_text(path, content):
    """Everything a file says, as text: ZIP members decoded, workbook cells joined."""
    texts = []
    for name, member in members(path, content).items():
        if name.endswith(".xlsx"):
            for rows in workbook_rows(member).values():
                texts += [json.dumps(row, default=str, ensure_ascii=False) for row in rows]
        else:
            texts.append(member.decode("utf-8"))
    return "\n".join(texts)


def every_file(client):
    """{path: text} of every file the site serves under /data/, as fresh as a request sees
    them."""
    files.ensure_fresh()
    return {
        row.path: readable_text(row.path, fetch(client, row.path))
        for row in OpenDataFile.objects.all()
    }
