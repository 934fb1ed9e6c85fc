from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path

from accounts.views import EULoginView, SignInView, profile, sign_out
from opendata.views import data_file
from reports.sitemaps import SITEMAPS
from reports.views.favicon import favicon
from reports.views.pdf import report_pdf
from reports.views.public import robots_txt
from s3partnership import health, metrics, session_expiry

# 500.html styles itself inline, allowed by the Content-Security-Policy's nonce.
handler500 = "s3partnership.security.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    # An index of one sitemap per kind of page: in 24 languages one would outgrow a file.
    path(
        "sitemap.xml",
        sitemaps.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemaps.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("robots.txt", robots_txt, name="robots_txt"),
    # For load balancers and orchestrators, in no language (s3partnership/health.py).
    path("health/", health.alive, name="health_alive"),
    path("health/ready/", health.Ready.as_view(), name="health_ready"),
    # For Prometheus, operators only (s3partnership/metrics.py).
    path("metrics", metrics.metrics, name="metrics"),
    path("favicon.ico", favicon, name="favicon"),
    # The open data API (api/): data, in English, at one address per resource.
    path("", include("api.urls")),
    # The open data files and the DCAT-AP catalogue (opendata/): data, in English, at one
    # address each; the page listing them is in every language, below.
    path("data/<path:path>", data_file, name="open_data_file"),
]
# Every page for people, in English at /… and in each other language at /<code>/…
# (s3partnership.i18n).
urlpatterns += i18n_patterns(
    # Signing in and out only: EU Login users reset their password there, and local accounts
    # (administrators' break-glass) are reset by another administrator. No self-service reset
    # means no mail of working links to an address that may no longer be the user's.
    # Sign-in offers EU Login first when configured; sign-out ends EU Login's session too
    # after an EU Login sign-in.
    path("accounts/login/", SignInView.as_view(), name="login"),
    path("accounts/logout/", sign_out, name="logout"),
    path("accounts/eu-login/", EULoginView.as_view(), name="eu_login"),
    path("accounts/profile/", profile, name="profile"),
    path("accounts/session/", session_expiry.session_status, name="session_status"),
    path("accounts/session/extend/", session_expiry.stay_signed_in, name="stay_signed_in"),
    path("", include("reports.urls")),
    path("", include("opendata.urls")),
    # The PDF in the language of the page that links it (reports.pdf): one address each.
    path("partnerships/<slug:slug>/reports/<slug:period>.pdf", report_pdf, name="report_pdf"),
    prefix_default_language=False,
)
