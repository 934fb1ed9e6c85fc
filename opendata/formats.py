"""How the open data tables are written: CSV, XLSX and JSON Lines, one table per file, and
the bundles of a partnership or a period (all five tables: a ZIP of CSVs, a ZIP of JSON Lines
files, one workbook with a sheet per table).

- CSV: UTF-8 without a byte order mark, RFC 4180 (fields quoted where needed, CRLF line
  ends), a header row. Texts are written exactly as published, even one starting with "=":
  the CSV is for programs, which must read back what was written; spreadsheet users have the
  XLSX, where every text is a text cell and never a formula.
- XLSX: one sheet per table, the header bold and frozen; texts as text cells (openpyxl would
  store "=…" as a formula), without the control characters XML cannot hold.
- JSON Lines: one JSON object per line, keys as the CSV's header, UTF-8.

The same rows make the same bytes (ZIP members and the workbook are dated by the caller, not
by the clock), so a file made again from unchanged data keeps its ETag.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter

from opendata.tables import Sheet

ZIP_MEDIA_TYPE = "application/zip"
# The earliest date a ZIP member can have.
EPOCH = datetime.datetime(1980, 1, 1)


@dataclass(frozen=True)
class Format:
    key: str
    label: str  # as the /data/ page names it
    extension: str
    content_type: str  # as served
    # For the catalogue: the IANA media type (None where IANA registers none: JSON Lines)
    # and the code in the EU's file type authority list.
    iana_media_type: str | None
    file_type: str
    write: Callable[[Sheet, datetime.datetime], bytes]  # (sheet, the date of its data)

    def bundle(self, sheets: Sequence[Sheet], dated: datetime.datetime) -> bytes:
        """All of `sheets` in one file: a workbook of sheets, or a ZIP of files."""
        if self.key == "xlsx":
            return workbook(sheets, dated)
        return zip_of(
            {f"{sheet.name}{self.extension}": self.write(sheet, dated) for sheet in sheets}, dated
        )

    @property
    def bundle_extension(self) -> str:
        return self.extension if self.key == "xlsx" else f"{self.extension}.zip"

    @property
    def bundle_label(self) -> str:
        return self.label if self.key == "xlsx" else f"{self.label} (ZIP)"

    @property
    def bundle_content_type(self) -> str:
        return self.content_type if self.key == "xlsx" else ZIP_MEDIA_TYPE


def write_csv(sheet: Sheet, _dated: datetime.datetime) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)  # the "excel" dialect: RFC 4180's quoting and CRLF
    writer.writerow(sheet.columns)
    writer.writerows(["" if value is None else value for value in row] for row in sheet.rows)
    return out.getvalue().encode()


def write_jsonl(sheet: Sheet, _dated: datetime.datetime) -> bytes:
    return "".join(
        json.dumps(dict(zip(sheet.columns, row, strict=True)), ensure_ascii=False)
        # Legal in JSON, but line ends to many readers (Python's splitlines among them).
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
        + "\n"
        for row in sheet.rows
    ).encode()


def write_xlsx(sheet: Sheet, dated: datetime.datetime) -> bytes:
    return workbook([sheet], dated)


def workbook(sheets: Sequence[Sheet], dated: datetime.datetime) -> bytes:
    book = Workbook(write_only=True)
    # The document's own dates, which openpyxl would take from the clock.
    book.properties.created = book.properties.modified = _naive_utc(dated)
    bold = Font(bold=True)
    for sheet in sheets:
        page = book.create_sheet(sheet.name)
        page.freeze_panes = "A2"
        header = [WriteOnlyCell(page, value=name) for name in sheet.columns]
        for cell in header:
            cell.font = bold
        page.append(header)
        for row in sheet.rows:
            page.append([_cell_value(page, value) for value in row])
    out = io.BytesIO()
    with DatedZipFile(out, "w", zipfile.ZIP_DEFLATED, dated=dated) as archive:
        # What Workbook.save does, less the clock: the archive is ours, and it dates members.
        ExcelWriter(book, archive).write_data()
    return out.getvalue()


def _cell_value(page: Any, value: str | int | None) -> Any:
    """What to append for `value`: itself, as openpyxl stores it, but for a text it would
    store as a formula (one starting with "=") or refuse (control characters XML cannot
    hold). A plain value costs a tenth of a cell object, which large sheets feel."""
    if not isinstance(value, str):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not text.startswith("="):
        return text
    cell = WriteOnlyCell(page, value=text)
    cell.data_type = "s"  # text, even "=HYPERLINK(…)": never a formula
    return cell


def zip_of(members: dict[str, bytes], dated: datetime.datetime) -> bytes:
    out = io.BytesIO()
    with DatedZipFile(out, "w", zipfile.ZIP_DEFLATED, dated=dated) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


class DatedZipFile(zipfile.ZipFile):
    """A ZIP whose every member is dated `dated`, whatever the clock or a file's mtime says,
    so that the same members make the same bytes."""

    def __init__(self, *args: Any, dated: datetime.datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # ZIP dates start in 1980 and have no time zone: UTC, to the even second.
        self.date_time = max(_naive_utc(dated), EPOCH).timetuple()[:6]

    def writestr(
        self,
        zinfo_or_arcname: str | zipfile.ZipInfo,
        data: Any,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        name = (
            zinfo_or_arcname.filename
            if isinstance(zinfo_or_arcname, zipfile.ZipInfo)
            else zinfo_or_arcname
        )
        member = zipfile.ZipInfo(name, date_time=self.date_time)
        member.compress_type = self.compression
        member.external_attr = 0o644 << 16  # a plain file, readable by all
        super().writestr(member, data, compress_type, compresslevel)

    def write(self, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any) -> None:
        """openpyxl's write-only sheets are written to temporary files, added by name."""
        with open(filename, "rb") as file:
            self.writestr(str(arcname or filename), file.read())


def _naive_utc(moment: datetime.datetime) -> datetime.datetime:
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(datetime.UTC).replace(tzinfo=None)


FORMATS = {
    format.key: format
    for format in (
        Format(
            "csv",
            "CSV",
            ".csv",
            "text/csv; charset=utf-8; header=present",
            iana_media_type="text/csv",
            file_type="CSV",
            write=write_csv,
        ),
        Format(
            "xlsx",
            "XLSX",
            ".xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            iana_media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            file_type="XLSX",
            write=write_xlsx,
        ),
        Format(
            "jsonl",
            "JSON Lines",
            ".jsonl",
            "application/jsonl",
            iana_media_type=None,
            file_type="JSON",
            write=write_jsonl,
        ),
    )
}
