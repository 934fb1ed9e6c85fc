"""Sign-in with EU Login, the European Commission's CAS server.

django-cas-ng speaks the protocol (login and logout addresses, ticket validation with CAS 3
attributes); this module decides who the person is here. A ticket is matched to an account by
its EU Login user id, or on a first sign-in by e-mail address; a person nobody knows gets a
new account with no role. EU Login says who someone is, never what they may do: no role, staff
or superuser flag is ever taken from it.
"""

from typing import Any
from xml.etree.ElementTree import ParseError

import requests
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_cas_ng.backends import CASBackend
from django_cas_ng.utils import get_cas_client

from accounts.models import User


class SignInRefused(Exception):
    """EU Login's answer is not enough to sign someone in; the message tells them why."""


def is_enabled() -> bool:
    """EU Login is offered when its server is configured (CAS_SERVER_URL)."""
    return bool(settings.CAS_SERVER_URL)


def signed_in_with_eu_login(request: HttpRequest) -> bool:
    """Whether this session was opened through EU Login (Django remembers the backend)."""
    return request.session.get(BACKEND_SESSION_KEY) == EU_LOGIN_BACKEND


class EULoginBackend(CASBackend):
    """Authenticates a CAS service ticket against EU Login and finds or creates the account.

    Every refusal raises SignInRefused, with a message for the person, before anything is
    written: a forged, expired or replayed ticket creates nothing.
    """

    def authenticate(  # type: ignore[override]
        self, request: HttpRequest, ticket: str, service: str
    ) -> User:
        uid, attributes = validate(request, ticket, service)
        require_assurance(attributes)
        try:
            with transaction.atomic():
                user = find_or_create_account(uid, attributes)
        except IntegrityError:
            # A first sign-in of the same person a moment earlier (a second tab, a double
            # click) made the account between our lookup and our insert: it is theirs.
            with transaction.atomic():
                user = find_or_create_account(uid, attributes)
        if not self.user_can_authenticate(user):
            raise SignInRefused(_("Your account here is disabled. Contact the site administrator."))
        return user


EU_LOGIN_BACKEND = f"{EULoginBackend.__module__}.{EULoginBackend.__qualname__}"


def validate(request: HttpRequest, ticket: str, service: str) -> tuple[str, dict[str, Any]]:
    """Asks EU Login whether `ticket` was issued for `service`: (user id, attributes)."""
    client = get_cas_client(service_url=service, request=request)
    try:
        uid, attributes, _pgtiou = client.verify_ticket(ticket)
    except (requests.RequestException, ParseError) as error:
        raise SignInRefused(
            _("EU Login could not be reached to confirm your sign-in. Please try again later.")
        ) from error
    if not uid:
        # EU Login answers the same for a forged ticket, an expired one and one used before.
        raise SignInRefused(
            _(
                "EU Login did not confirm this sign-in: the link has expired or was already "
                "used. Please sign in again."
            )
        )
    return uid, attributes or {}


def require_assurance(attributes: dict[str, Any]) -> None:
    """Refuses a sign-in below the accepted assurance level (EU_LOGIN_MIN_ASSURANCE)."""
    level = assurance_level(attributes.get("assuranceLevel"))
    if level < settings.EU_LOGIN_MIN_ASSURANCE:
        raise SignInRefused(
            _(
                "Your EU Login account does not have the assurance level this site requires. "
                "Contact the site administrator."
            )
        )


def assurance_level(value: object) -> int:
    """The level as a number: EU Login sends numbers ("10"); names ("LOW") are read too.
    A ticket without one counts as no assurance."""
    text = str(value or "").strip().upper()
    if text.isdigit():
        return int(text)
    return settings.EU_LOGIN_ASSURANCE_LEVELS.get(text, 0)


def find_or_create_account(uid: str, attributes: dict[str, Any]) -> User:
    """The account of EU Login user `uid`: the one linked to it, else the one unlinked account
    with its e-mail address (which is then linked), else a new one with no role."""
    email = single(attributes.get("email"))
    user = User.objects.select_for_update().filter(eu_login_id=uid).first()
    if user is None:
        user = account_to_link(email)
    if user is None:
        user = User(username=free_username(uid), role=User.Role.NONE)
        user.set_unusable_password()
    user.eu_login_id = uid
    # EU Login is the source of the person's name and address, kept current at each sign-in.
    user.email = email or user.email
    user.first_name = single(attributes.get("firstName")) or user.first_name
    user.last_name = single(attributes.get("lastName")) or user.last_name
    user.eu_login_domain = single(attributes.get("domain"))
    user.save()
    return user


def account_to_link(email: str) -> User | None:
    """The one account with `email` (in any case), if it is not linked to EU Login yet."""
    if not email:
        return None
    matches = list(User.objects.select_for_update().filter(email__iexact=email)[:2])
    if len(matches) > 1 or (matches and matches[0].eu_login_id):
        # Two accounts with one address, or an account already linked to another EU Login
        # identity: a person must decide which is whose.
        raise SignInRefused(
            _(
                "Your e-mail address matches more than one account here, so we cannot tell "
                "which one is yours. Contact the site administrator."
            )
        )
    return matches[0] if matches else None


def free_username(uid: str) -> str:
    """The EU Login user id as username, unless a local account already has that name."""
    username = uid
    suffix = 1
    while User.objects.filter(username=username).exists():
        suffix += 1
        username = f"{uid}-{suffix}"
    return username


def single(value: object) -> str:
    """An attribute as one string: CAS sends a repeated attribute as a list."""
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value or "").strip()
