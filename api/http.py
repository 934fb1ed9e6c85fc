"""What every answer under /api/ gets besides its body (settings.MIDDLEWARE):

- a 200 to GET or HEAD: a strong `ETag` (a digest of the body, so it changes exactly when
  the answer does), `Cache-Control: public, max-age=MAX_AGE`, and 304 Not Modified to a
  reader who has it already (`If-None-Match`, or `If-Modified-Since` where the answer has a
  `Last-Modified`: the reports, api/resources.py);
- HEAD answered as GET, without the body;
- a write method: 405 with a JSON `detail` and `Allow`;
- English: data outputs are in English, whatever a page's language.

A signed-in reader's answers are then made private by s3partnership.security, as any page.
"""

import hashlib
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import parse_http_date_safe, quote_etag
from django.views.decorators.csrf import csrf_exempt

PREFIX = "/api/"
# Published data changes when a report is published or withdrawn: a proxy may keep an answer
# this long, then revalidates it with the ETag.
MAX_AGE = 300
READ_METHODS = ("GET", "HEAD")


class ApiResponses:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        head = request.method == "HEAD"
        if head:
            request.method = "GET"  # django-ninja routes GET only
        with translation.override("en"):
            response = self.get_response(request)
        if head:
            request.method = "HEAD"
        if response.status_code == 405:
            return read_only(request)
        if response.status_code == 200 and isinstance(response, HttpResponse):
            response = conditional(request, response)
            if head:
                length = len(response.content)
                response.content = b""
                response["Content-Length"] = str(length)
        return response


def conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    not_modified = get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=response
    )
    return not_modified or response


def read_only(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(
        {"detail": f"{request.method} is not allowed: the API is read-only (GET and HEAD)."},
        status=405,
    )
    response["Allow"] = ", ".join(READ_METHODS)
    return response


@csrf_exempt  # a POST gets its 404 too, not a CSRF refusal
def not_found(request: HttpRequest, rest: str = "") -> HttpResponseBase:
    """Any address under /api/ that is none of the API's: JSON, as the API's own 404s. One
    that is, but for its final slash, is redirected there (read methods) or named."""
    other = request.path[:-1] if request.path.endswith("/") else request.path + "/"
    if _is_api_address(other):
        if request.method in READ_METHODS:
            query = request.META.get("QUERY_STRING", "")
            return redirect(f"{other}?{query}" if query else other, permanent=True)
        detail = f"No such address in the API: {request.path}. Did you mean {other}?"
    else:
        docs = reverse("api-v1:openapi-view")
        detail = f"No such address in the API: {request.path}. Its addresses are listed at {docs}."
    return JsonResponse({"detail": detail}, status=404)


def _is_api_address(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.func is not not_found
