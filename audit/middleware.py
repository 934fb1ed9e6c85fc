"""Who the signal-recorded changes (accounts, partnerships' coordinators) are made by."""

from collections.abc import Callable

from auditlog.context import set_actor
from django.http import HttpRequest, HttpResponse


class RecordActor:
    """Names the person signed in as the actor of the audit entries a request writes.

    django-auditlog's own middleware reads `request.user` on every request; this passes it
    unread (Django's lazy user), so that only a request that writes an entry reads it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with set_actor(request.user):
            return self.get_response(request)
