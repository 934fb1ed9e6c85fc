"""Our own pages for refused requests, in the page's language, in development too.

- A 404 raised by a view (a page that does not exist for this person, such as the review
  pages for a coordinator) shows the product's 404 page even with DEBUG on, where Django would
  show its debug page. Addresses that match no URL still get the debug page in development.
- A form refused for its CSRF token (cookies cleared, a sign-out or a new sign-in in another
  tab) never shows Django's debug page. A wizard step's form is kept and offered again on its
  step once its owner is signed in, as after an expired session (reports/wizard/pending.py).
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found

from reports.wizard import pending


class NotFoundPage:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        return None


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """settings.CSRF_FAILURE_VIEW."""
    view = _view_name(request) if request.method == "POST" else None
    if view == "reports:wizard_autosave":
        return JsonResponse(
            {
                "error": _(
                    "Not saved: your sign-in has changed (signed out, or cookies cleared). "
                    "Your text is still here: press Save to keep it."
                ),
                "signed_out": True,
            },
            status=403,
        )
    if view == "reports:wizard_step" and (kept := _keep_step_form(request)) is not None:
        return kept
    return render(request, "403_csrf.html", status=403)


def _keep_step_form(request: HttpRequest) -> HttpResponse | None:
    """Where to go once a step's form is kept for its owner (or found too large to keep);
    None when it is not theirs to keep: then it is refused like any other form."""
    owner = pending.form_key_owner(request)
    signed_in = request.user.pk if request.user.is_authenticated else None
    if owner is None or signed_in not in (None, owner):
        return None
    kept = pending.keep(request, owner)
    if kept is pending.Kept.NOT_KEPT:
        return None
    if kept is pending.Kept.TOO_LARGE:
        messages.warning(request, pending.TOO_LARGE_MESSAGE)
    elif signed_in is None:
        messages.warning(
            request,
            _(
                "Your session ended before your changes could be saved. Log in again "
                "and they will be offered to you on the same page."
            ),
        )
    if signed_in is not None:
        # Signed in again since the page was loaded: its token is stale, the user is not.
        return redirect(request.path)
    return redirect_to_login(request.path)


def _view_name(request: HttpRequest) -> str | None:
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return None
