"""Which uploaded files a report may carry as annexes, and the bytes we store for them.

`inspect_upload(name, content, max_bytes=...)` accepts a file or raises `AnnexRefused`, whose
`message` names the file and the reason in the reader's language. The rules:

- **The content decides the type**, never the name or the browser's MIME type. `filetype`
  reads the magic bytes (PDF, PNG, JPEG, and names what we refuse: a Windows program, an old
  `.doc`, a GIF...). A ZIP is only a container: the archive's central directory decides
  whether it is an Office Open XML document (its `[Content_Types].xml` declares the main
  part, and that part is in the archive) or an OpenDocument file (its first member is
  `mimetype`, naming the type); any other ZIP is refused. Only the central directory and
  those two small members are read, so a ZIP bomb is never inflated. Office documents with
  macros (`.docm` and the like, or a `vbaProject.bin` part) are refused.
- **CSV and plain text** have no magic: a file without magic bytes is accepted as text when
  it decodes as UTF-8 (a byte-order mark is allowed), holds no NUL, and does not start with
  markup (`<`: HTML, SVG, XML) or a `#!` script line. Other encodings (Windows-1251 or -1252,
  Latin-1) are refused with a hint to save as UTF-8: every byte string decodes as Latin-1, so
  accepting it would let any binary through as "text", and a Cyrillic CSV read as
  Windows-1252 would show as gibberish. The name's extension only tells CSV from text.
- **Images are re-encoded** with Pillow so that nothing but the pixels is stored: EXIF
  (GPS, camera, dates), XMP, comments and PNG text chunks are dropped; the EXIF orientation
  is applied first, so the picture does not turn. The colour profile is kept (it is colour,
  not metadata). Animated PNGs are refused rather than cut to their first frame.
- **Size:** empty files and files over `max_bytes` are refused. `size` and `sha256` are of
  the stored bytes, which for an image are the re-encoded ones.
- **Names** are kept for display only (files are stored under `storage_key()`), and
  `display_name` refuses a name longer than 255 characters, with a path separator (`/`,
  `\\`), starting with a dot (`.`, `..`, hidden files), or holding control or invisible
  formatting characters (NUL, line breaks, bidirectional overrides that disguise an
  extension). A dot-dot inside a name ("Minutes..final.pdf") is harmless once there is no
  separator, and is kept.
"""

from __future__ import annotations

import hashlib
import io
import unicodedata
import uuid
import warnings
import xml.etree.ElementTree as ElementTree
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING

import filetype
from django.template.defaultfilters import filesizeformat
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MAX_NAME_LENGTH = 255
# How much of a refused name a message shows.
SHOWN_NAME_LENGTH = 60
# Larger images would take hundreds of megabytes to re-encode; a 48-megapixel phone photo passes.
MAX_IMAGE_PIXELS = 50_000_000
JPEG_QUALITY = 95
# What Pillow calls the accepted image kinds; MPO is the JPEG that phones write with extra
# pictures appended.
IMAGE_FORMATS = {"png": {"PNG"}, "jpeg": {"JPEG", "MPO"}}
# [Content_Types].xml is a few kilobytes; anything larger is not an honest Office document.
MAX_CONTENT_TYPES_BYTES = 1_000_000
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")
# Unicode categories refused in names: controls (NUL, line breaks), invisible formatting
# (bidirectional overrides, zero-width characters), surrogates, line and paragraph separators.
REFUSED_NAME_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}


@dataclass(frozen=True)
class FileKind:
    """One accepted type. `media_type` is the Content-Type to serve it with."""

    code: str
    label: StrOrPromise  # lazy: ACCEPTED is built at import, and read in the reader's language
    media_type: str
    extension: str
    inline: bool  # served inline (PDF, images) rather than as an attachment


def _kind(
    code: str, label: StrOrPromise, media_type: str, *, inline: bool = False, extension: str = ""
) -> FileKind:
    return FileKind(code, label, media_type, extension or f".{code}", inline)


ACCEPTED: dict[str, FileKind] = {
    kind.code: kind
    for kind in [
        _kind("pdf", gettext_lazy("PDF document"), "application/pdf", inline=True),
        _kind(
            "docx",
            gettext_lazy("Word document"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        _kind(
            "xlsx",
            gettext_lazy("Excel workbook"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        _kind(
            "pptx",
            gettext_lazy("PowerPoint presentation"),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        _kind("odt", gettext_lazy("OpenDocument text"), "application/vnd.oasis.opendocument.text"),
        _kind(
            "ods",
            gettext_lazy("OpenDocument spreadsheet"),
            "application/vnd.oasis.opendocument.spreadsheet",
        ),
        _kind(
            "odp",
            gettext_lazy("OpenDocument presentation"),
            "application/vnd.oasis.opendocument.presentation",
        ),
        _kind("png", gettext_lazy("PNG image"), "image/png", inline=True),
        _kind("jpeg", gettext_lazy("JPEG image"), "image/jpeg", inline=True, extension=".jpg"),
        # Text is accepted only as UTF-8 (see above), so the charset is known.
        _kind("csv", gettext_lazy("CSV table"), "text/csv; charset=utf-8"),
        _kind("txt", gettext_lazy("Plain text"), "text/plain; charset=utf-8"),
    ]
}

# The main part's content type in [Content_Types].xml, per Office Open XML kind.
OOXML_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "pptx",
}
OOXML_MACRO_PARTS = {
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
}
CONTENT_TYPES_NAMESPACE = "{http://schemas.openxmlformats.org/package/2006/content-types}"
# ODF's `mimetype` member, per OpenDocument kind.
ODF_MIMETYPES = {ACCEPTED[code].media_type: code for code in ("odt", "ods", "odp")}
# What `filetype` says of the kinds it recognises that we accept without further checks.
MAGIC_KINDS = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpeg"}
# Names for what people most often try to upload instead; anything else is named by the
# extension `filetype` gives it ("a file of type GIF").
REFUSED_TYPE_NAMES = {
    "application/x-msdownload": gettext_lazy("a Windows program"),
    "application/x-executable": gettext_lazy("a program"),
    "application/x-mach-binary": gettext_lazy("a program"),
    "application/zip": gettext_lazy("a ZIP archive"),
    # Re-encoded, an animated PNG would lose all frames but the first.
    "image/apng": gettext_lazy("an animated image"),
    **dict.fromkeys(
        ["application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint"],
        gettext_lazy("an old-format Office document (.doc, .xls, .ppt)"),
    ),
}
# Text starting like this is markup or a script, which a browser or a shell would run.
MARKUP_STARTS = {
    "<svg": gettext_lazy("an SVG image"),
    "<?xml": gettext_lazy("an XML file"),
    "<": gettext_lazy("a web page (HTML)"),
    "#!": gettext_lazy("a script"),
}


class AnnexRefused(Exception):
    """An upload we do not store. `message` names the file and the reason; `code` says
    which for the caller's choice of response: "bad_name", "empty", "too_large" (bytes or
    pixels), "type", "damaged" or "encoding"."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class AcceptedFile:
    kind: FileKind
    display_name: str  # the sanitised original name, for display only (never a path)
    content: bytes  # the bytes to store
    size: int
    sha256: str


def inspect_upload(name: str, content: bytes, *, max_bytes: int) -> AcceptedFile:
    """Accept an uploaded file or raise AnnexRefused (see the module's docstring)."""
    shown = display_name(name)
    if not content:
        raise _refused("empty", _("“%(name)s” is empty."), shown)
    if len(content) > max_bytes:
        raise _refused(
            "too_large",
            _("“%(name)s” is %(size)s; at most %(limit)s a file."),
            shown,
            size=filesizeformat(len(content)),
            limit=filesizeformat(max_bytes),
        )
    code = _detect_kind(shown, content)
    stored = _reencode_image(shown, content, code) if code in ("png", "jpeg") else content
    return AcceptedFile(
        kind=ACCEPTED[code],
        display_name=shown,
        content=stored,
        size=len(stored),
        sha256=hashlib.sha256(stored).hexdigest(),
    )


def display_name(name: str) -> str:
    """The name to show for an upload: NFC-normalised and trimmed, or AnnexRefused."""
    cleaned = unicodedata.normalize("NFC", name).strip()
    if not cleaned:
        raise AnnexRefused(_("A file has no name."), "bad_name")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise _refused(
            "bad_name",
            _("The name “%(name)s” is %(length)s characters long; at most %(limit)s."),
            cleaned,
            length=len(cleaned),
            limit=MAX_NAME_LENGTH,
        )
    if "/" in cleaned or "\\" in cleaned:
        raise _refused(
            "bad_name", _("The name “%(name)s” holds a folder separator (/ or \\)."), cleaned
        )
    if cleaned.startswith("."):
        raise _refused("bad_name", _("The name “%(name)s” starts with a dot."), cleaned)
    if any(unicodedata.category(char) in REFUSED_NAME_CATEGORIES for char in cleaned):
        raise _refused(
            "bad_name", _("The name “%(name)s” holds control or invisible characters."), cleaned
        )
    return cleaned


def storage_key() -> str:
    """A fresh key to store an annex under: random, so it says nothing of the file and
    cannot be guessed."""
    return f"annexes/{uuid.uuid4().hex}"


def accepted_labels() -> str:
    """The accepted kinds, for messages and help texts: "PDF document, Word document, …"."""
    return ", ".join(str(kind.label) for kind in ACCEPTED.values())


def _refused(code: str, message: str, name: str, **values: object) -> AnnexRefused:
    """A refusal whose message quotes the file's name shortened."""
    return AnnexRefused(message % {"name": _shortened(name), **values}, code)


def _shortened(name: str) -> str:
    """The name as a message may quote it: invisible characters shown as �, at most
    SHOWN_NAME_LENGTH characters, keeping the end, where the extension is."""
    visible = "".join(
        "\N{REPLACEMENT CHARACTER}"
        if unicodedata.category(char) in REFUSED_NAME_CATEGORIES
        else char
        for char in name
    )
    if len(visible) <= SHOWN_NAME_LENGTH:
        return visible
    tail = SHOWN_NAME_LENGTH // 3
    return f"{visible[: SHOWN_NAME_LENGTH - tail - 1]}…{visible[-tail:]}"


def _refused_type(name: str, what: object) -> AnnexRefused:
    return _refused(
        "type",
        _("“%(name)s” is %(what)s, which is not accepted. Accepted: %(accepted)s."),
        name,
        what=what,
        accepted=accepted_labels(),
    )


def _damaged(name: str, code: str) -> AnnexRefused:
    return _refused(
        "damaged",
        _("“%(name)s” cannot be read (%(kind)s); it may be damaged."),
        name,
        kind=ACCEPTED[code].label,
    )


def _detect_kind(name: str, content: bytes) -> str:
    """The code of the accepted kind the content is, or AnnexRefused."""
    if content.startswith(ZIP_SIGNATURES):
        return _zip_kind(name, content)
    guess = filetype.guess(content)
    if guess is None:
        return _text_kind(name, content)
    if guess.mime in MAGIC_KINDS:
        return MAGIC_KINDS[guess.mime]
    what = REFUSED_TYPE_NAMES.get(guess.mime) or format_lazy(
        gettext_lazy("a file of type {}"), guess.extension.upper()
    )
    raise _refused_type(name, what)


def _zip_kind(name: str, content: bytes) -> str:
    """An Office Open XML or OpenDocument kind, decided from the archive's central
    directory and its small type-naming members; never inflates anything else."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
            code = _odf_kind(archive, members) or _ooxml_kind(name, archive, members)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise _refused_type(name, gettext_lazy("a damaged ZIP archive")) from None
    if code is None:
        raise _refused_type(name, REFUSED_TYPE_NAMES["application/zip"])
    return code


def _odf_kind(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> str | None:
    """ODF's rule: the first member is `mimetype`, naming the document's type."""
    first = members[0] if members else None
    if first is None or first.filename != "mimetype" or first.file_size > 100:
        return None
    return ODF_MIMETYPES.get(archive.read(first).decode("ascii", "replace").strip())


def _ooxml_kind(name: str, archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> str | None:
    """OPC's rule: [Content_Types].xml declares the main part's type, and the part exists."""
    by_name = {member.filename: member for member in members}
    declaration = by_name.get("[Content_Types].xml")
    if declaration is None or declaration.file_size > MAX_CONTENT_TYPES_BYTES:
        return None
    parts = _declared_parts(archive.read(declaration))
    if any(content_type in OOXML_MACRO_PARTS for content_type in parts.values()) or any(
        member.endswith("vbaProject.bin") for member in by_name
    ):
        raise _refused_type(name, gettext_lazy("an Office document with macros"))
    for part, content_type in parts.items():
        code = OOXML_MAIN_PARTS.get(content_type)
        if code is not None:
            if part.lstrip("/") not in by_name:
                raise _damaged(name, code)
            return code
    return None


def _declared_parts(declaration: bytes) -> dict[str, str]:
    """Part name → content type from [Content_Types].xml's Override elements."""
    # No document type declarations: they are where entity-expansion attacks live, and an
    # honest [Content_Types].xml has none.
    if b"<!DOCTYPE" in declaration or b"<!ENTITY" in declaration:
        return {}
    try:
        root = ElementTree.fromstring(declaration)
    except ElementTree.ParseError:
        return {}
    return {
        override.get("PartName", ""): override.get("ContentType", "")
        for override in root.iter(f"{CONTENT_TYPES_NAMESPACE}Override")
    }


def _text_kind(name: str, content: bytes) -> str:
    """csv or txt for UTF-8 text that is neither markup nor a script (see the docstring)."""
    if b"\x00" in content:
        raise _refused_type(name, gettext_lazy("a file of a type we do not know"))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refused(
            "encoding",
            _(
                "“%(name)s” is text in an encoding other than UTF-8. Save it as UTF-8 "
                "(in Excel: “CSV UTF-8”) and upload it again."
            ),
            name,
        ) from None
    start = text.lstrip()[:5].lower()
    for prefix, what in MARKUP_STARTS.items():
        if start.startswith(prefix):
            raise _refused_type(name, what)
    return "csv" if name.lower().endswith(".csv") else "txt"


def _reencode_image(name: str, content: bytes, code: str) -> bytes:
    """The image's pixels, upright, in a fresh file of the same format: no metadata."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            if code == "png":
                # Checks every chunk's checksum: WeasyPrint switches Pillow to load truncated
                # images (for the whole process), which would store a cut PNG greyed out. A
                # cut JPEG, which has no checksums, is stored so, as any viewer shows it.
                Image.open(io.BytesIO(content)).verify()
            image = Image.open(io.BytesIO(content))
            _check_image(name, image, code)
            image.load()
            return _clean_image_bytes(image, code)
    except AnnexRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _image_too_large(name) from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise _damaged(name, code) from None


def _check_image(name: str, image: Image.Image, code: str) -> None:
    # (A phone's multi-picture JPEG, MPO, keeps its main picture, the first; the others
    # are previews or depth maps.)
    if image.format not in IMAGE_FORMATS[code]:
        raise _damaged(name, code)
    if image.width * image.height > MAX_IMAGE_PIXELS:
        raise _image_too_large(name)


def _image_too_large(name: str) -> AnnexRefused:
    return _refused(
        "too_large",
        _("“%(name)s” has more than %(limit)s million pixels."),
        name,
        limit=MAX_IMAGE_PIXELS // 1_000_000,
    )


def _clean_image_bytes(image: Image.Image, code: str) -> bytes:
    kept = {key: image.info[key] for key in ("icc_profile", "transparency") if key in image.info}
    upright = ImageOps.exif_transpose(image)
    # Pillow carries some metadata (a JPEG comment) from `info` into the saved file.
    upright.info = {}
    out = io.BytesIO()
    if code == "jpeg":
        upright.save(out, "JPEG", quality=JPEG_QUALITY, **kept)
    else:
        upright.save(out, "PNG", **kept)
    return out.getvalue()
