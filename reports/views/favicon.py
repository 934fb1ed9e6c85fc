"""The site's icon where browsers look for it whatever the page links: /favicon.ico."""

from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

ICON = "favicon.svg"


@require_safe
@cache_control(public=True, max_age=30 * 24 * 60 * 60)
def favicon(request: HttpRequest) -> FileResponse:
    """The SVG icon that templates/base.html links, under the old name: browsers read an icon
    by its content type, not by the address's extension."""
    path = finders.find(ICON)
    if not isinstance(path, str):  # a checkout without static/favicon.svg
        raise Http404("No icon.")
    return FileResponse(open(path, "rb"), content_type="image/svg+xml")
