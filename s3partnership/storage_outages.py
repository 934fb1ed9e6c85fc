"""When the files' storage cannot be reached: a page that says so (503), not a server error.

The files the app keeps (PDFs, annexes, open data) live on a disk or in S3-compatible object
storage (settings, "Storage of files"), and either can be away for a while: a full or
unmounted disk, an object store that does not answer. A request that needed a file then
answers 503, "temporarily unavailable", with a Retry-After, and the log says why. Nothing is
lost or half-written by it: a file is stored before the row that names it, under a key of its
own, so a failed write changes nothing that was saved.

Object storage raises botocore's errors, which only it raises here; the disk raises OSError,
which many things do, so the disk's storage says which of them are its outages
(`translate_disk_errors`).
"""

import functools
import logging
from collections.abc import Callable

from botocore.exceptions import BotoCoreError, ClientError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# How long a reader is asked to wait before trying again.
RETRY_AFTER_SECONDS = 120


class StorageUnavailable(Exception):
    """The disk under the storage failed (not a missing file: that is FileNotFoundError)."""


def translate_disk_errors[**P, R](method: Callable[P, R]) -> Callable[P, R]:
    """A filesystem storage's method whose OSErrors, other than a file missing or already
    there (which callers handle), are the storage being unavailable."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except (FileNotFoundError, FileExistsError):
            raise
        except OSError as error:
            raise StorageUnavailable(str(error)) from error

    return wrapper


def is_storage_outage(error: BaseException) -> bool:
    return isinstance(error, (StorageUnavailable, BotoCoreError, ClientError))


class StorageOutagePage:
    """Middleware: a request that failed because a storage could not be reached answers 503:
    as JSON to the page's own requests (an annex upload, which then says so beside the file
    the person chose), as a page to everything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_storage_outage(exception):
            return None
        logger.error("Storage unavailable for %s %s: %r", request.method, request.path, exception)
        message = _(
            "The files are temporarily unavailable: their storage cannot be reached just now. "
            "Nothing that was saved is lost. Please try again in a few minutes."
        )
        response: HttpResponse
        if request.headers.get("X-Requested-With"):  # wizard.js, annexes.js
            response = JsonResponse({"error": message}, status=503)
        else:
            response = render(request, "503_storage.html", {"message": message}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
