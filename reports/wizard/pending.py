"""What a coordinator sent that could not be saved because their sign-in had ended: a session
that expired, cookies cleared, a sign-out in another tab. It is kept in the (new) session,
under the step's path, and offered on that step once its owner is signed in again.

Whose it is comes from the form itself: every step form carries a signed key naming its user
and its path. A form posted from another site carries none (it cannot be forged), so nothing
a stranger sends is ever offered to a coordinator as their own text.
"""

from django.core import signing
from django.http import HttpRequest, QueryDict

PENDING_POSTS = "wizard_pending_posts"
FORM_KEY_SALT = "reports.wizard.form-key"
# A page left open over a holiday still gets its text kept.
FORM_KEY_MAX_AGE = 60 * 60 * 24 * 30


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


def keep(request: HttpRequest, owner: int | None) -> None:
    pending = request.session.get(PENDING_POSTS, {})
    pending[request.path] = {
        "owner": owner,
        "fields": {key: request.POST.getlist(key) for key in request.POST},
    }
    request.session[PENDING_POSTS] = pending


def pop(request: HttpRequest) -> QueryDict | None:
    """The form kept for this path, once, if it is the signed-in user's."""
    pending = request.session.get(PENDING_POSTS, {})
    entry = pending.pop(request.path, None)
    if entry is None:
        return None
    request.session[PENDING_POSTS] = pending
    if entry["owner"] not in (None, request.user.pk):
        return None
    data = QueryDict(mutable=True)
    for key, values in entry["fields"].items():
        data.setlist(key, values)
    return data
