"""PLACEHOLDER for the annexes core branch: the real module (content-based type detection,
refusals) comes from its own branch at merge. Only what the core's tests need."""

import hashlib
import secrets
from dataclasses import dataclass


@dataclass(frozen=True)
class FileKind:
    code: str
    label: str
    media_type: str
    extension: str
    inline: bool


ACCEPTED: dict[str, FileKind] = {
    "pdf": FileKind("pdf", "PDF", "application/pdf", "pdf", True),
    "docx": FileKind(
        "docx",
        "Word (DOCX)",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
        False,
    ),
    "png": FileKind("png", "PNG", "image/png", "png", True),
    "jpeg": FileKind("jpeg", "JPEG", "image/jpeg", "jpg", True),
}

MAGIC = {b"%PDF-": "pdf", b"PK\x03\x04": "docx", b"\x89PNG": "png", b"\xff\xd8\xff": "jpeg"}


class AnnexRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class AcceptedFile:
    kind: FileKind
    display_name: str
    content: bytes
    size: int
    sha256: str


def inspect_upload(name: str, content: bytes, *, max_bytes: int) -> AcceptedFile:
    if not content:
        raise AnnexRefused(f"{name} is empty.")
    if len(content) > max_bytes:
        raise AnnexRefused(f"{name} is too large.")
    if "/" in name or "\\" in name or ".." in name or "\x00" in name or len(name) > 255:
        raise AnnexRefused(f"{name[:80]} has a name that cannot be kept.")
    code = next((code for magic, code in MAGIC.items() if content.startswith(magic)), None)
    if code is None:
        raise AnnexRefused(f"{name} is not of a type accepted.")
    return AcceptedFile(
        ACCEPTED[code], name, content, len(content), hashlib.sha256(content).hexdigest()
    )


def storage_key() -> str:
    return secrets.token_urlsafe(24)
