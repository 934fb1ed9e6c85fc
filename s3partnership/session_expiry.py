"""A session ends after SESSION_IDLE_TIMEOUT_SECONDS without activity, and at the latest
SESSION_LIFETIME_SECONDS after signing in, however active (settings, "Security and sessions").

Signed-in pages warn SESSION_WARNING_SECONDS before the earlier of the two
(templates/includes/session_warning.html, static/js/session.js); "Stay signed in" is activity,
so it extends the idle window, never the lifetime.

Activity is every request the person makes, except those a page makes by itself only to learn
something (views marked `@passive`): wizard.js's reachability ping and session.js's own check.
Typing that autosaves is activity: it is work. When a session ends, what was being typed is
not lost: the wizard keeps a step's post through the new sign-in (reports/wizard/pending.py).
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

SIGNED_IN_AT = "signed_in_at"
LAST_ACTIVITY = "last_activity"
# Recording activity writes the session to the database; once a minute is precise enough for
# timeouts counted in minutes, and spares a write per request.
ACTIVITY_RESOLUTION_SECONDS = 60


def passive[V: Callable[..., Any]](view: V) -> V:
    """Mark a view whose requests do not count as the person's activity."""
    view.passive = True  # type: ignore[attr-defined]
    return view


@dataclass(frozen=True)
class Deadlines:
    """When a session ends, in seconds from now: for want of activity, and at the latest."""

    idle_seconds: int
    lifetime_seconds: int
    warning_seconds: int = 0

    @classmethod
    def of(cls, session: SessionBase, now: float) -> "Deadlines":
        idle_ends = session[LAST_ACTIVITY] + settings.SESSION_IDLE_TIMEOUT_SECONDS
        ends = session[SIGNED_IN_AT] + settings.SESSION_LIFETIME_SECONDS
        return cls(
            idle_seconds=max(0, int(idle_ends - now)),
            lifetime_seconds=max(0, int(ends - now)),
            warning_seconds=settings.SESSION_WARNING_SECONDS,
        )

    @property
    def over(self) -> bool:
        return not (self.idle_seconds and self.lifetime_seconds)


def start_clock(session: SessionBase, now: float) -> None:
    session[SIGNED_IN_AT] = session[LAST_ACTIVITY] = now
    # The session's row and cookie expire with the lifetime too (SESSION_COOKIE_AGE counts from
    # every save, which activity would keep pushing back).
    session.set_expiry(datetime.fromtimestamp(now + settings.SESSION_LIFETIME_SECONDS, UTC))


def _start_clock_on_sign_in(sender: Any, request: HttpRequest, **kwargs: Any) -> None:
    start_clock(request.session, time.time())


# Every sign-in (the login form, the admin's, EU Login) goes through django.contrib.auth.login.
user_logged_in.connect(_start_clock_on_sign_in, dispatch_uid="session_expiry.start_clock")


class SessionExpiryMiddleware:
    """Ends a signed-in session that is over, before its view runs; otherwise records the
    request as activity, and tells the page when the session will end
    (`request.session_deadlines`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> None:
        # No session cookie, nobody signed in: the session is not even loaded.
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return
        if not request.user.is_authenticated:
            return
        session, now = request.session, time.time()
        if LAST_ACTIVITY not in session:
            # Signed in before this middleware was installed: the clock starts now.
            start_clock(session, now)
        if Deadlines.of(session, now).over:
            _end(request)
            return
        if not getattr(view, "passive", False):
            _record_activity(session, now)
        request.session_deadlines = Deadlines.of(session, now)  # type: ignore[attr-defined]


def _record_activity(session: SessionBase, now: float) -> None:
    if now - session[LAST_ACTIVITY] >= ACTIVITY_RESOLUTION_SECONDS:
        session[LAST_ACTIVITY] = now


def _end(request: HttpRequest) -> None:
    idle = Deadlines.of(request.session, time.time()).idle_seconds == 0
    logout(request)
    # A form sent after the end says itself what became of it (reports.views.wizard.signed_in).
    if request.method == "GET":
        messages.info(
            request,
            _("You were signed out after a period without activity. Log in again to continue.")
            if idle
            else _("Your session reached its maximum length. Log in again to continue."),
        )


def _status(request: HttpRequest) -> JsonResponse:
    deadlines = getattr(request, "session_deadlines", None)
    if not request.user.is_authenticated or deadlines is None:
        return JsonResponse({"signed_in": False}, status=401)
    return JsonResponse(
        {
            "signed_in": True,
            "idle_seconds": deadlines.idle_seconds,
            "lifetime_seconds": deadlines.lifetime_seconds,
        }
    )


@never_cache
@passive
@require_GET
def session_status(request: HttpRequest) -> JsonResponse:
    """When the session ends, for session.js to check before it warns: activity in another tab
    or an autosave may have moved the end since the page was loaded."""
    return _status(request)


@never_cache
@require_POST
def stay_signed_in(request: HttpRequest) -> JsonResponse:
    """The warning's "Stay signed in": the idle window starts again now, to the second."""
    if request.user.is_authenticated:
        now = time.time()
        request.session[LAST_ACTIVITY] = now
        request.session_deadlines = Deadlines.of(request.session, now)  # type: ignore[attr-defined]
    return _status(request)
