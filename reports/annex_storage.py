"""PLACEHOLDER for the annexes core branch: the real module (STORAGES "annexes", S3) comes
from its own branch at merge. Files under MEDIA_ROOT/annexes."""

from collections.abc import Iterator

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage


def _storage() -> FileSystemStorage:
    return FileSystemStorage(location=settings.MEDIA_ROOT / "annexes")


def save_annex_file(key: str, content: bytes) -> None:
    _storage().save(key, ContentFile(content))


def open_annex_file(key: str) -> File:
    return _storage().open(key, "rb")


def delete_annex_file(key: str) -> None:
    _storage().delete(key)


def signed_url(key: str, *, filename: str, media_type: str, inline: bool) -> str | None:
    return None


def stored_keys() -> Iterator[str]:
    storage = _storage()
    if storage.exists(""):
        yield from storage.listdir("")[1]
