from django.urls import path, re_path

from api.http import not_found
from api.main import api

urlpatterns = [
    path("api/v1/", api.urls),
    # After the API's own: every other address under /api/ answers JSON too.
    re_path(r"^api/(?P<rest>.*)$", not_found),
]
