"""Signing in and out: with EU Login when it is configured, or with a local password."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_cas_ng import views as cas_views

from accounts import eu_login
from accounts.forms import LocalSignInForm, ProfileForm


class SignInView(auth_views.LoginView):
    """The login page: "Sign in with EU Login" first when it is configured, then the local
    form (for administrators only, then)."""

    form_class = LocalSignInForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "eu_login": eu_login.is_enabled()}


class EULoginView(cas_views.LoginView):
    """Sends the person to EU Login, and takes them back with a ticket (django-cas-ng); a
    refused ticket returns them to the login page with the reason."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not eu_login.is_enabled():
            raise Http404("EU Login is not configured.")
        drop_unsafe_next(request)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            return super().get(request)
        except eu_login.SignInRefused as refusal:
            messages.error(request, str(refusal))
            next_page = request.GET.get("next")
            query = f"?{urlencode({'next': next_page})}" if next_page else ""
            return redirect(reverse("login") + query)


def drop_unsafe_next(request: HttpRequest) -> None:
    """django-cas-ng 5.1 redirects to `next` without checking it is ours: an address on
    another site is dropped here, as Django's own login view would ignore it."""
    next_page = request.GET.get("next")
    if next_page and not url_has_allowed_host_and_scheme(
        next_page, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        query = request.GET.copy()
        del query["next"]
        request.GET = QueryDict(query.urlencode())


@require_POST
def sign_out(request: HttpRequest) -> HttpResponseBase:
    """Ends our session; after an EU Login sign-in, EU Login's too (its logout page sends the
    person back to our home page)."""
    if eu_login.is_enabled() and eu_login.signed_in_with_eu_login(request):
        return cas_views.LogoutView.as_view()(request)
    return auth_views.LogoutView.as_view()(request)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own settings: the language of the mails they receive."""
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your settings are saved."))
        return redirect("profile")
    return render(request, "accounts/profile.html", {"form": form})
