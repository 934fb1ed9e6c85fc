"""What a coordinator sent that could not be saved because their sign-in had ended: a session
that expired, cookies cleared, a sign-out in another tab. It is kept in the (new) session,
under the step's path, and offered on that step once its owner is signed in again.

Whose it is comes from the form itself: every step form carries a signed key naming its user
and its path. A form posted from another site carries none (it cannot be forged), so nothing
a stranger sends is ever offered to a coordinator as their own text.

Keeping a form is the one thing that gives a visitor who is not signed in a session, so it is
bounded: only a form with its owner's key, for a step of a report that owner may still edit,
of at most settings.KEPT_FORM_MAX_BYTES, and the last KEPT_FORMS_PER_SESSION of them. Anything
else sent to the workspace without a sign-in stores nothing.
"""

import enum

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpRequest, QueryDict
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from reports.access import get_report
from reports.models import MonitoringReport
from reports.wizard.steps import get_step

PENDING_POSTS = "wizard_pending_posts"
FORM_KEY_SALT = "reports.wizard.form-key"
# A page left open over a holiday still gets its text kept.
FORM_KEY_MAX_AGE = 60 * 60 * 24 * 30
# Tabs of one browser whose sign-in ended together; older forms give way to newer ones.
KEPT_FORMS_PER_SESSION = 3


class Kept(enum.Enum):
    """What became of a form sent without a valid sign-in."""

    KEPT = "kept"
    # From its owner, for a step they may edit, but larger than a session should hold.
    TOO_LARGE = "too large"
    # Not a step of a report its owner may edit (an invented address, a report submitted
    # meanwhile, a partnership they no longer coordinate).
    NOT_KEPT = "not kept"


# What the person is told when their form was too large to keep: where their text still is.
TOO_LARGE_MESSAGE = _(
    "Your changes were not saved: your sign-in ended before they arrived, and they are too "
    "large to keep until you log in again. Go back in your browser: the page still has your "
    "text."
)


def form_key(user_pk: int, path: str) -> str:
    return signing.dumps([user_pk, path], salt=FORM_KEY_SALT)


def form_key_owner(request: HttpRequest) -> int | None:
    """The user whose page sent this form to this path, or None without a valid key."""
    try:
        user_pk, path = signing.loads(
            request.POST.get("form_key", ""), salt=FORM_KEY_SALT, max_age=FORM_KEY_MAX_AGE
        )
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return user_pk if path == request.path else None


def keep(request: HttpRequest, owner: int) -> Kept:
    """Keep the form posted to this step for `owner` (from `form_key_owner`), if it may be."""
    if not _is_editable_step(request, owner):
        return Kept.NOT_KEPT
    fields = {key: request.POST.getlist(key) for key in request.POST}
    if _size(fields) > settings.KEPT_FORM_MAX_BYTES:
        return Kept.TOO_LARGE
    pending = request.session.get(PENDING_POSTS, {})
    pending.pop(request.path, None)  # a newer form for the same step is the newest
    pending[request.path] = {"owner": owner, "fields": fields}
    while len(pending) > KEPT_FORMS_PER_SESSION:
        del pending[next(iter(pending))]  # dicts keep their order: the oldest first
    request.session[PENDING_POSTS] = pending
    return Kept.KEPT


def pop(request: HttpRequest) -> QueryDict | None:
    """The form kept for this path, once, if it is the signed-in user's."""
    pending = request.session.get(PENDING_POSTS, {})
    entry = pending.pop(request.path, None)
    if entry is None:
        return None
    request.session[PENDING_POSTS] = pending
    if entry["owner"] != request.user.pk:
        return None
    data = QueryDict(mutable=True)
    for key, values in entry["fields"].items():
        data.setlist(key, values)
    return data


def _is_editable_step(request: HttpRequest, owner: int) -> bool:
    """Whether the request is to a step (not the review) of a report `owner` may edit now."""
    match = request.resolver_match
    if match is None or match.view_name != "reports:wizard_step":
        return False
    step = get_step(match.kwargs["step"])
    user = User.objects.filter(pk=owner, is_active=True).first()
    if step is None or step.is_review or user is None:
        return False
    try:
        get_report(
            MonitoringReport.objects.editable_by(user), match.kwargs["slug"], match.kwargs["period"]
        )
    except Http404:
        return False
    return True


def _size(fields: dict[str, list[str]]) -> int:
    """Bytes of text in the form, as the session will hold them (before its own encoding)."""
    return sum(
        len(key.encode()) + sum(len(value.encode()) for value in values)
        for key, values in fields.items()
    )
