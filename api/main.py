"""The read-only JSON API, version 1, under /api/v1/ (README, "Open data and API").

django-ninja routes the requests, validates their query parameters against the schemas
(api/schemas.py) and writes the OpenAPI description from the same annotations, served at
/api/v1/openapi.json and readable at /api/v1/docs/. Every refusal is JSON with a `detail`;
a malformed or unknown query parameter is named (400). The caching headers, 304s and 405s
are api/http.py's; the rate limit api/throttle.py's.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from ninja import NinjaAPI, Schema
from ninja.errors import Throttled, ValidationError
from ninja.openapi.docs import Swagger
from ninja.operation import Operation

from api.errors import ApiError, BadRequest
from api.resources import router
from api.schemas import Error, QueryParameters
from api.throttle import ClientAddressThrottle

DESCRIPTION = """Everything the S3 Partnership Monitor publishes, as data: the thematic
platforms, the partnerships (their profile, regions and organisations), the reporting periods,
the published monitoring reports (every public answer of the form, its tables, SDG ratings,
regions and public annexes), the NUTS regions with the partnerships each is in, and the news.
Only what the public pages show; nothing confidential ever.

Read-only and anonymous. Lists are paged (`page`, `page_size`) in a stable order and take the
filters each lists; any other parameter is refused (400). Answers carry an `ETag` (reports
also `Last-Modified`): ask again with `If-None-Match` (or `If-Modified-Since`) for a 304.
Each client address may make a limited number of requests a minute; past it, 429 with
`Retry-After`. Reuse under CC BY 4.0, the Commission's reuse policy."""


class Docs(Swagger):
    """Swagger UI from the files django-ninja ships, in our page: no CDN, no inline script or
    style (the Content-Security-Policy allows neither), no call to Swagger's online validator.
    Without deep links: each operation's link sat inside its button, a control inside a
    control that keyboard and screen-reader users cannot reach (axe: nested-interactive)."""

    template = "api/docs.html"

    def __init__(self) -> None:
        super().__init__(
            settings={"validatorUrl": None, "defaultModelsExpandDepth": 0, "deepLinking": False}
        )


class Api(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        """The view's name ("list_reports"), not django-ninja's module-prefixed one: what
        clients generated from the description name their methods."""
        return operation.view_func.__name__


api = Api(
    title="S3 Partnership Monitor open data API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs=Docs(),
    docs_url="/docs/",
    # The description and its page are Django views of their own: read methods only, and no
    # CSRF check to answer a POST with 403 before its 405.
    docs_decorator=lambda view: csrf_exempt(require_safe(view)),
    throttle=[ClientAddressThrottle()],
)


def refuse_unknown_parameters(view: Callable[..., Any]) -> Callable[..., Any]:
    """A query parameter the operation does not take, or one given twice, is a 400 naming it,
    not silently ignored: `?partnrship=…` must not look like an unfiltered answer."""

    @wraps(view)
    def checked(request: HttpRequest, *args: Any, **values: Any) -> Any:
        accepted = {
            name
            for value in values.values()
            if isinstance(value, QueryParameters)
            for name in type(value).model_fields
        }
        for name, given in request.GET.lists():
            if name not in accepted:
                takes = ", ".join(sorted(accepted)) if accepted else "none"
                raise BadRequest(
                    f"Unknown query parameter {name!r}. This address takes: {takes}.", name
                )
            if len(given) > 1:
                raise BadRequest(f"The query parameter {name!r} is given more than once.", name)
        return view(request, *args, **values)

    return checked


api.add_decorator(refuse_unknown_parameters)


@api.exception_handler(ValidationError)
def malformed_parameter(request: HttpRequest, error: ValidationError) -> HttpResponse:
    """400 (not ninja's 422) naming the first parameter at fault and what is wrong with it."""
    first = error.errors[0]
    name = str(first["loc"][-1]) if first.get("loc") else None
    message = first.get("msg", "Invalid value")
    detail = f"Query parameter {name!r}: {message}." if name else f"{message}."
    return api.create_response(request, {"detail": detail, "parameter": name}, status=400)


@api.exception_handler(ApiError)
def refused(request: HttpRequest, error: ApiError) -> HttpResponse:
    body = {"detail": str(error), "parameter": error.parameter}
    return api.create_response(request, body, status=error.status_code)


@api.exception_handler(Throttled)
def too_many_requests(request: HttpRequest, error: Throttled) -> HttpResponse:
    """Retry-After is added by django-ninja, from the throttle's wait."""
    detail = (
        f"Too many requests from your address: at most {settings.API_RATE_LIMIT} in "
        f"{settings.API_RATE_WINDOW_SECONDS} seconds. Try again after the time in Retry-After."
    )
    return api.create_response(request, {"detail": detail}, status=429)


class Index(Schema):
    platforms: str
    partnerships: str
    periods: str
    reports: str
    regions: str
    news: str
    openapi: str
    docs: str


@api.get(
    "/",
    response={200: Index, 400: Error, 429: Error},
    url_name="index",
    tags=["index"],
    summary="The addresses of the resources and of this description",
)
def index(request: HttpRequest) -> dict[str, str]:
    names = ["platforms", "partnerships", "periods", "reports", "regions", "news"]
    links = {name: reverse(f"api-v1:{name}") for name in names}
    links |= {"openapi": reverse("api-v1:openapi-json"), "docs": reverse("api-v1:openapi-view")}
    return {name: request.build_absolute_uri(path) for name, path in links.items()}


api.add_router("", router)
