"""The API's rate limit: API_RATE_LIMIT requests per client address in any
API_RATE_WINDOW_SECONDS (a sliding window); more are answered 429 with Retry-After.

The address is the one sign-ins are throttled by (`s3partnership.security.client_address`,
which honours TRUSTED_PROXY_COUNT), so that behind a proxy clients are not all one address,
and a client cannot pick another by writing X-Forwarded-For. The times of each address's
recent requests are kept in the "api-throttle" cache, files every worker process shares.
"""

import threading
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from s3partnership.security import client_address


class ClientAddressThrottle(BaseThrottle):
    def __init__(self) -> None:
        # One instance serves every request, in as many threads as the server runs: what a
        # refusal computed for `wait` is kept per thread.
        self._refused = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        limit, window = settings.API_RATE_LIMIT, settings.API_RATE_WINDOW_SECONDS
        cache = caches["api-throttle"]
        key = f"api-requests:{client_address(request)}"
        now = time.time()
        recent = [moment for moment in cache.get(key, []) if moment > now - window]
        if len(recent) >= limit:
            # Free again when the oldest request counted leaves the window.
            self._refused.wait = min(recent) + window - now
            return False
        cache.set(key, [*recent, now], window)
        return True

    def wait(self) -> float | None:
        return getattr(self._refused, "wait", None)
