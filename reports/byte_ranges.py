"""HTTP range requests (RFC 9110, section 14) for a file served by a view: Django's
FileResponse streams a file but answers every request with all of it.

One range of bytes is served (206 Partial Content), which is what PDF viewers and resumed
downloads ask for. A request for several ranges, a malformed Range header or another unit
gets the whole file (200), as the RFC allows; a range that starts past the end gets 416.
If-Range is honoured: a Range sent with a validator of an older file gets the whole file.
"""

import re
from dataclasses import dataclass
from typing import IO, Any

from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import parse_http_date_safe

# "bytes=first-last", "bytes=first-" or "bytes=-suffix", blanks allowed around the range
# (RFC 9110's list syntax); units are case-insensitive.
ONE_RANGE = re.compile(r"^bytes=[ \t]*(\d*)-(\d*)[ \t]*$", re.IGNORECASE)


@dataclass(frozen=True)
class ByteRange:
    """Bytes start to stop (excluded) of a file of `size` bytes."""

    start: int
    stop: int
    size: int

    @property
    def length(self) -> int:
        return self.stop - self.start

    @property
    def content_range(self) -> str:
        return f"bytes {self.start}-{self.stop - 1}/{self.size}"


class Unsatisfiable(Exception):
    """The range asked for starts past the end of the file: 416, whose Content-Range this is."""

    def __init__(self, size: int) -> None:
        super().__init__(f"bytes */{size}")
        self.content_range = f"bytes */{size}"


def requested_range(
    request: HttpRequest, size: int, etag: str, last_modified: int
) -> ByteRange | None:
    """The one range of a `size`-byte file that a GET asks for; None for the whole file.
    `etag` (quoted) and `last_modified` (seconds) are the file's validators, for If-Range.
    Raises Unsatisfiable for a range that starts at or past the end."""
    header = request.headers.get("Range")
    if request.method != "GET" or header is None:
        return None
    if_range = request.headers.get("If-Range")
    if if_range is not None and not _still_matches(if_range, etag, last_modified):
        return None
    return parse_range(header, size)


def parse_range(header: str, size: int) -> ByteRange | None:
    """The range a Range header names, clipped to the file; None for a header to ignore."""
    match = ONE_RANGE.match(header.strip())
    if match is None:
        return None  # several ranges, another unit or not a range: the whole file
    first, last = match.groups()
    if not first:
        if not last:
            return None
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise Unsatisfiable(size)
        return ByteRange(max(size - suffix, 0), size, size)
    start = int(first)
    if last and int(last) < start:
        return None  # invalid: the RFC has the header ignored
    if start >= size:
        raise Unsatisfiable(size)
    stop = min(int(last) + 1, size) if last else size
    return ByteRange(start, stop, size)


def _still_matches(if_range: str, etag: str, last_modified: int) -> bool:
    """Whether If-Range names the file being served: its entity tag (strong comparison, so
    never a weak tag) or exactly its modification date."""
    if if_range.startswith(('"', "W/")):
        return if_range == etag
    return parse_http_date_safe(if_range) == last_modified


class FileSlice:
    """`length` bytes of an open file from where it stands, read as a file: what
    FileResponse streams for a range. It has no fileno, so a server's sendfile() cannot
    send the rest of the file along with it."""

    def __init__(self, file: IO[bytes], length: int) -> None:
        self.file = file
        self.remaining = length

    def read(self, size: int = -1) -> bytes:
        if size < 0 or size > self.remaining:
            size = self.remaining
        data = self.file.read(size)
        self.remaining -= len(data)
        return data

    def close(self) -> None:
        self.file.close()


def file_response(
    request: HttpRequest,
    file: Any,
    *,
    size: int,
    etag: str,
    last_modified: int,
    content_type: str,
    filename: str,
    as_attachment: bool = False,
) -> HttpResponseBase:
    """All of the open `file` (`size` bytes), or the one range of it the request asks for
    (206), or 416 for a range past its end. `etag` (quoted) and `last_modified` (seconds)
    are the file's validators, for If-Range."""
    try:
        byte_range = requested_range(request, size, etag, last_modified)
    except Unsatisfiable as unsatisfiable:
        file.close()
        refused = HttpResponse(status=416)
        refused["Content-Range"] = unsatisfiable.content_range
        return refused
    if byte_range is None:
        whole = FileResponse(
            file, content_type=content_type, filename=filename, as_attachment=as_attachment
        )
        whole["Content-Length"] = size
        return whole
    file.seek(byte_range.start)
    part = FileResponse(
        FileSlice(file, byte_range.length),
        status=206,
        content_type=content_type,
        filename=filename,
        as_attachment=as_attachment,
    )
    part["Content-Length"] = byte_range.length
    part["Content-Range"] = byte_range.content_range
    return part
