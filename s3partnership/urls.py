from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from reports.sitemaps import SITEMAPS
from reports.views.public import robots_txt

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("", include("reports.urls")),
]
