"""Requests carrying characters no person types are refused at the door, with a 400.

PostgreSQL cannot store or even compare a text with a NUL byte ("A string literal cannot
contain NUL characters"): a NUL in a search or a field was an HTTP 500 there, though not on
SQLite. Rather than guard every query and every field, this middleware answers 400 for:

- a query string holding a NUL or another control character (but tab, line feed and carriage
  return): no link or search box of ours makes one;
- a form (any non-file field, name or value) holding a NUL: no clipboard holds one.

Other control characters in a form pass: both databases store them, and Word puts some in
copied text (a vertical tab for each Shift+Enter), which must not cost a coordinator a save.
"""

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _

# C0 controls and DEL, but tab, line feed and carriage return.
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
NUL = "\x00"


class RefuseControlCharacters:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any(CONTROL_CHARACTER.search(text) for text in _texts(request.GET)) or (
            request.method == "POST" and any(NUL in text for text in _texts(request.POST))
        ):
            return refused(request)
        return self.get_response(request)


def _texts(data: QueryDict) -> list[str]:
    """Every name and value of a query string or a form."""
    return [text for name, values in data.lists() for text in (name, *values)]


def refused(request: HttpRequest) -> HttpResponse:
    message = _(
        "The address or the form held a control character (such as a NUL byte) that no "
        "page of ours sends and that cannot be stored. Nothing was changed."
    )
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=400)  # as the API's other refusals
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"error": message}, status=400)
    return render(request, "400.html", {"message": message}, status=400)
