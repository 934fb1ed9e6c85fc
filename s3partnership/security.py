"""Response headers and sign-in throttling that Django does not provide by itself.

- `Permissions-Policy`: the site uses no camera, microphone, location or payment; saying so
  means a script injected despite the Content-Security-Policy cannot use them either.
- `Cache-Control: no-store` on every response to someone signed in: their pages name them and
  may show unpublished or confidential text, which must not stay in a shared computer's cache
  or a proxy after they sign out. Anonymous readers keep the conditional, cacheable public
  pages (reports.views.public.public_page).
- For django-axes (settings AXES_*): the address sign-ins are throttled by, behind proxies,
  and the lockout page, in the page's language and the same whether or not the account exists.
- The server error page, whose inline style the Content-Security-Policy lets in by nonce.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csp import get_nonce
from django.shortcuts import render
from django.template import loader
from django.utils.cache import patch_cache_control

Middleware = Callable[[HttpRequest], HttpResponse]

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)


def permissions_policy(get_response: Middleware) -> Middleware:
    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response

    return middleware


def no_store_when_signed_in(get_response: Middleware) -> Middleware:
    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        # Without a session cookie nobody is signed in: the session is not even loaded, so
        # files and public pages do not vary on it.
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response

    return middleware


def client_address(request: HttpRequest) -> str:
    """The browser's address, for throttling sign-ins by address (AXES_CLIENT_IP_CALLABLE).

    Behind TRUSTED_PROXY_COUNT reverse proxies it is the address the outermost proxy saw:
    each proxy appends the address it received from to X-Forwarded-For, so it is counted from
    the right. What a client wrote into the header itself stands further left and is ignored.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = request.headers.get("X-Forwarded-For", "").split(",")
        hops = [address.strip() for address in forwarded if address.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: what a sign-in refused for too many failures shows."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = render(
        request,
        "registration/locked_out.html",
        {"minutes": minutes},
        status=429,  # Too Many Requests
    )
    response["Retry-After"] = str(minutes * 60)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500. 500.html styles itself inline, since it must render when the static files
    are what failed; the Content-Security-Policy lets that style in by the request's nonce.
    Rendered without the request's context processors, which may be what failed."""
    html = loader.get_template("500.html").render({"csp_nonce": get_nonce(request)})
    return HttpResponse(html, status=500)
