"""Where annexes' bytes are kept: the "annexes" entry of STORAGES (settings, "Storage of files").

Either the filesystem under MEDIA_ROOT/annexes, from which the app streams a file after checking
who may read it, or S3-compatible object storage, to which the app redirects with a URL signed
for a few seconds. Callers name files by keys they generate; this module never invents a name.
"""

from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from storages.backends.s3 import S3Storage

from s3partnership.storage_outages import translate_disk_errors

ALIAS = "annexes"


class PrivateFileSystemStorage(FileSystemStorage):
    """The filesystem under MEDIA_ROOT/<folder> (annexes by default), following MEDIA_ROOT
    when it changes (as in tests), with no URL at all: FileSystemStorage would give one under
    MEDIA_URL, and what is kept here (an annex, even a public one; an open data file) is read
    only through the app, which checks it first."""

    def __init__(self, folder: str = ALIAS, **options: Any) -> None:
        self.folder = folder
        super().__init__(**options)

    @cached_property
    def base_location(self) -> str:
        return str(Path(settings.MEDIA_ROOT) / self.folder)

    def url(self, name: str | None) -> str:
        raise ValueError(f"Files in {self.folder}/ have no URL; the app streams them.")

    # A disk that fails (full, unmounted, read-only) is the storage being unavailable.
    open = translate_disk_errors(FileSystemStorage.open)
    save = translate_disk_errors(FileSystemStorage.save)
    delete = translate_disk_errors(FileSystemStorage.delete)
    size = translate_disk_errors(FileSystemStorage.size)
    listdir = translate_disk_errors(FileSystemStorage.listdir)


def annex_storage() -> Storage:
    return storages[ALIAS]


def save_annex_file(key: str, content: bytes) -> None:
    """Stores `content` under exactly `key`; raises FileExistsError if the key is taken, so a
    file once stored (and perhaps frozen in a version) is never replaced."""
    storage = annex_storage()
    if storage.exists(key):
        raise FileExistsError(f"An annex is already stored under {key!r}.")
    # Both backends pick another name rather than overwrite, should another save take the key
    # between the check above and this line: undo that, and refuse as above.
    saved_as = storage.save(key, ContentFile(content))
    if saved_as != key:
        storage.delete(saved_as)
        raise FileExistsError(f"An annex is already stored under {key!r}.")


def open_annex_file(key: str) -> File:
    """The stored file, opened for reading in binary; FileNotFoundError if there is none.
    Read it in chunks (FileResponse does) rather than whole."""
    return annex_storage().open(key, "rb")


def delete_annex_file(key: str) -> None:
    """Removes the file; a key with no file is not an error, so deleting twice is harmless."""
    annex_storage().delete(key)


def signed_url(key: str, *, filename: str, media_type: str, inline: bool) -> str | None:
    """A short-lived signed URL when object storage is used, None on the filesystem (then the
    app streams the file). The object storage answers it with the headers the app would send:
    the file's type, its name, inline or attachment, and no caching on the way."""
    storage = annex_storage()
    if not isinstance(storage, S3Storage):
        return None
    return storage.url(
        key,
        parameters={
            "ResponseContentType": media_type,
            "ResponseContentDisposition": content_disposition_header(not inline, filename),
            "ResponseCacheControl": "private, no-store",
        },
    )


def stored_keys() -> Iterator[str]:
    """Every key in the annexes storage, in no particular order (for finding orphans)."""
    return _keys_under(annex_storage(), "")


def _keys_under(storage: Storage, folder: str) -> Iterator[str]:
    try:
        subfolders, files = storage.listdir(folder)
    except FileNotFoundError:  # nothing stored on the filesystem yet
        return
    for name in files:
        yield str(PurePosixPath(folder, name))
    for subfolder in subfolders:
        yield from _keys_under(storage, str(PurePosixPath(folder, subfolder)))
