"""The site's URLs plus the bare view: the floor every page is measured against. Only the
benchmark's settings (bench/settings.py) use this URLconf."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from accounts.models import User
from s3partnership.urls import urlpatterns as site_urlpatterns


def bare(request: HttpRequest) -> HttpResponse:
    """One query, no template, through the same middleware as every page."""
    return HttpResponse(str(User.objects.count()))


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *site_urlpatterns]
