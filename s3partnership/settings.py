"""Settings for S3 Partnership Monitor, read from environment variables.

The defaults run a fresh clone in development on SQLite. Production sets at least
SECRET_KEY, DEBUG=false, ALLOWED_HOSTS and DATABASE_URL (see README.md).
"""

import ipaddress
import logging
import tempfile
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from s3partnership.env import (
    env_bool,
    env_choice,
    env_database,
    env_int,
    env_list,
    env_s3_storage,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEVELOPMENT_SECRET_KEY = "development-only-secret-key-never-use-in-production"
SECRET_KEY = env_str("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
DEBUG = env_bool("DEBUG", True)
if not DEBUG and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Django's own widget templates, for the form renderer below.
    "django.forms",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "accounts",
    "regions",
    "reports",
    "opendata",
    "django_guid",
]

MIDDLEWARE = [
    # Before anything that may log, so that every log line of a request carries its id
    # (LOGGING below).
    "django_guid.middleware.guid_middleware",
    # Outside all the rest, so that the time it measures is the whole request's.
    "s3partnership.metrics.count_requests",
    # Then first, so that every answer under /api/ carries the CORS headers, errors included
    # (CORS_URLS_REGEX below), and a browser's preflight is answered before anything else.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "s3partnership.security.permissions_policy",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "s3partnership.i18n.LanguageFromPathMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A NUL byte or another control character in a query string, or a NUL in a form, is a 400
    # before any view (PostgreSQL refuses NUL); after authentication, so that the page says
    # who is signed in.
    "s3partnership.control_characters.RefuseControlCharacters",
    "s3partnership.session_expiry.SessionExpiryMiddleware",
    "s3partnership.security.no_store_when_signed_in",
    # The API's caching headers and 304s (api/http.py); inside the one above, which has the
    # last word for signed-in readers.
    "api.http.ApiResponses",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "s3partnership.errors.NotFoundPage",
    # A file storage that cannot be reached: 503 "temporarily unavailable", not a 500.
    "s3partnership.storage_outages.StorageOutagePage",
    # Who changes an account or a partnership's coordinators in the admin (audit/).
    "audit.middleware.RecordActor",
    # Last, as django-axes asks: it turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]
# Our page, never Django's, when a form's CSRF token is missing or stale (s3partnership/errors.py).
CSRF_FAILURE_VIEW = "s3partnership.errors.csrf_failure"

ROOT_URLCONF = "s3partnership.urls"
WSGI_APPLICATION = "s3partnership.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "s3partnership.i18n.language_links",
                # `reviewing_body`: REVIEWING_BODY below.
                "s3partnership.reviewing_body.context",
            ],
        },
    },
]

# SQLite by default, as a file in the project, so that a fresh clone runs with nothing else
# installed. WAL lets readers work while a coordinator saves; synchronous=FULL makes a commit
# the user saw survive a power cut; IMMEDIATE transactions take the write lock up front, so a
# save waits for another instead of failing halfway with "database is locked".
DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# URL names, not paths: they are reversed in the language of the page (s3partnership.i18n).
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "reports:home"
LOGOUT_REDIRECT_URL = "reports:home"

# --- Sign-in with EU Login (CAS) ---------------------------------------------------------
# EU Login is offered when CAS_SERVER_URL is set (e.g. https://ecas.ec.europa.eu/cas/); unset,
# everyone signs in with a local password, as in development and the demo. Once it is set,
# local passwords are for administrators only (break-glass). django-cas-ng speaks the
# protocol; accounts/eu_login.py decides whose account a ticket opens (README, "Sign-in with
# EU Login").
CAS_SERVER_URL = env_str("CAS_SERVER_URL")
# CAS 3: the validation answer carries the attributes (email, firstName, lastName, domain,
# assuranceLevel).
CAS_VERSION = "3"
# The login view sends people back to `next`, or home; never to the page they came from.
CAS_REDIRECT_URL = LOGIN_REDIRECT_URL
CAS_IGNORE_REFERER = True
# Signing out here signs out of EU Login too.
CAS_LOGOUT_COMPLETELY = True
# Our pages say what happened; django-cas-ng's messages name the EU Login user id.
CAS_LOGIN_MSG = None
CAS_LOGGED_MSG = None
# EU Login's assurance levels, as the numbers its tickets carry in `assuranceLevel`.
EU_LOGIN_ASSURANCE_LEVELS = {"NO_ASSURANCE": 0, "LOW": 10, "MEDIUM": 20, "HIGH": 30, "TOP": 40}
# The lowest level accepted. LOW lets in external, self-registered users, as most
# coordinators of the regions are.
_eu_login_min_assurance = env_str("EU_LOGIN_MIN_ASSURANCE", "LOW").strip().upper()
if _eu_login_min_assurance not in EU_LOGIN_ASSURANCE_LEVELS:
    raise ImproperlyConfigured(
        f"EU_LOGIN_MIN_ASSURANCE={_eu_login_min_assurance!r} is not one of "
        f"{', '.join(EU_LOGIN_ASSURANCE_LEVELS)}."
    )
EU_LOGIN_MIN_ASSURANCE = EU_LOGIN_ASSURANCE_LEVELS[_eu_login_min_assurance]
INSTALLED_APPS += ["django_cas_ng"]  # the ticket of each session, for single logout
# --- End of sign-in with EU Login ----------------------------------------------------------

LANGUAGE_CODE = "en"
# The 24 official languages of the EU, each in its own name as the EU's sites write it, in
# the EU's protocol order (Interinstitutional Style Guide 7.2.1: by the language's own name).
# The language menu and the admin's choices show these names.
LANGUAGES = [
    ("bg", "български"),
    ("es", "español"),
    ("cs", "čeština"),
    ("da", "dansk"),
    ("de", "Deutsch"),
    ("et", "eesti"),
    ("el", "ελληνικά"),
    ("en", "English"),
    ("fr", "français"),
    ("ga", "Gaeilge"),
    ("hr", "hrvatski"),
    ("it", "italiano"),
    ("lv", "latviešu"),
    ("lt", "lietuvių"),
    ("hu", "magyar"),
    ("mt", "Malti"),
    ("nl", "Nederlands"),
    ("pl", "polski"),
    ("pt", "português"),
    ("ro", "română"),
    ("sk", "slovenčina"),
    ("sl", "slovenščina"),
    ("fi", "suomi"),
    ("sv", "svenska"),
]
# Django knows no Maltese: no entry here (get_language_info), no formats and no catalogue
# of its own strings. s3partnership/formats/mt and locale_django/mt give them.
LANG_INFO["mt"] = {"bidi": False, "code": "mt", "name": "Maltese", "name_local": "Malti"}
# Ours first: a string of Django's (a month, a form error) found in both is taken from ours.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_django"]
FORMAT_MODULE_PATH = ["s3partnership.formats"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Brussels")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Development and tests serve static files from the app folders; production serves the
# collected STATIC_ROOT (collectstatic) through WhiteNoise.
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))

# --- Storage of files (README, "Files (annexes) and object storage") ----------------------
# "default" and "staticfiles" are Django's own defaults, written out because STORAGES is set
# as a whole; nothing of ours is kept in "default". Every file the app keeps goes to the
# filesystem under MEDIA_ROOT, or, when S3_BUCKET is set, to the bucket, so that app servers
# on several machines share them (docs/scaling.md). A storage that cannot be reached makes
# the request a 503 "temporarily unavailable" (s3partnership/storage_outages.py).
# Annexes, public and confidential alike, never have a public URL: the app checks who may
# read one on every request, then streams it from MEDIA_ROOT/annexes, or redirects to a
# signed URL of the object storage that lives S3_SIGNED_URL_SECONDS (reports/annex_storage.py).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Published reports' PDFs, one per language (reports/pdf.py): MEDIA_ROOT/reports/pdf, or
    # reports/pdf/ in the bucket under S3_PDF_PREFIX. Public, and served through the app with
    # their ETag and byte ranges, like the open data files.
    "pdfs": env_s3_storage(default_signed_url_seconds=60, prefix_variable="S3_PDF_PREFIX")
    or {"BACKEND": "reports.annex_storage.PrivateFileSystemStorage", "OPTIONS": {"folder": ""}},
    "annexes": env_s3_storage(default_signed_url_seconds=60)
    or {"BACKEND": "reports.annex_storage.PrivateFileSystemStorage"},
    # The open data files and the DCAT-AP catalogue (opendata/, README "Open data and API"),
    # made when a report is published or withdrawn. Public, but served through the app like
    # the annexes (with its ETag and Last-Modified): MEDIA_ROOT/opendata, or the bucket's
    # S3_OPEN_DATA_PREFIX folder when S3_BUCKET is set.
    "opendata": env_s3_storage(
        default_signed_url_seconds=60,
        prefix_variable="S3_OPEN_DATA_PREFIX",
        default_prefix="open-data",
    )
    or {
        "BACKEND": "reports.annex_storage.PrivateFileSystemStorage",
        "OPTIONS": {"folder": "opendata"},
    },
}
# --- End of storage of files ---------------------------------------------------------------

# Where data portals' users write about the open data: the contact point of the DCAT-AP
# catalogue (/data/catalog.ttl), which data.europa.eu expects to have an e-mail address.
OPEN_DATA_CONTACT_EMAIL = env_str("OPEN_DATA_CONTACT_EMAIL")

# Widgets are rendered through TEMPLATES, so that ours live in templates/ with the rest.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Mail goes to the console until SMTP is configured: a development machine never mails
# real coordinators by accident.
if env_bool("SMTP_ENABLED", False):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("SMTP_HOST", "localhost"),
                "port": env_int("SMTP_PORT", 587),
                "username": env_str("SMTP_USER"),
                "password": env_str("SMTP_PASSWORD"),
                "use_tls": env_bool("SMTP_USE_TLS", True),
                "timeout": env_int("SMTP_TIMEOUT", 20),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "S3 Partnership Monitor <noreply@localhost>")

# --- Security and sessions (issue 12; README, "Security") ---------------------------------
# Production (DEBUG off) is served over HTTPS only: HSTS, the redirect from http://, Secure
# cookies. HTTPS_ONLY=false is for a server reached over plain HTTP, such as the benchmark's.
HTTPS_ONLY = env_bool("HTTPS_ONLY", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS_ONLY
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600) if HTTPS_ONLY else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Consent to the browsers' preload list; it takes effect only once the domain is submitted.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# Behind a reverse proxy that ends TLS, the header by which it says a request came over HTTPS
# (e.g. X-Forwarded-Proto, with the value "https"). Set it only if the proxy overwrites that
# header on every request: a client could otherwise claim HTTPS for plain HTTP.
if proxy_ssl_header := env_str("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + proxy_ssl_header.upper().replace("-", "_"), "https")
# Probes reach the app server itself, over plain HTTP: health and metrics answer there
# rather than redirect to an https:// address the probe cannot follow.
SECURE_REDIRECT_EXEMPT = [r"^health/", r"^metrics$"]
# How many reverse proxies append to X-Forwarded-For before a request reaches the app; the
# address sign-ins are throttled by is read from it (s3partnership.security.client_address).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS_ONLY
if HTTPS_ONLY:
    # Browsers take a __Host- cookie only from HTTPS, for the whole site, from this host
    # alone: no sibling subdomain or plain-HTTP page can plant or overwrite it.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: our own files only, no inline script or style. The one inline
# style, of the self-contained 500 page, comes in by the request's nonce
# (s3partnership.security.server_error). Bootstrap's CSS draws its icons from data: URLs.
# CSP_REPORT_ONLY=true sends the policy as Content-Security-Policy-Report-Only instead: the
# browser reports what it would block (console, and CSP_REPORT_URI if set) and blocks nothing.
# Signing out of an EU Login session posts our logout form, which redirects to EU Login's
# /logout; browsers hold a form's redirects to form-action too.
EU_LOGIN_ORIGIN = urlsplit(CAS_SERVER_URL)._replace(path="").geturl() if CAS_SERVER_URL else None
CONTENT_SECURITY_POLICY: dict[str, list[str]] = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF, EU_LOGIN_ORIGIN] if EU_LOGIN_ORIGIN else [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}
if csp_report_uri := env_str("CSP_REPORT_URI"):
    CONTENT_SECURITY_POLICY["report-uri"] = [csp_report_uri]
if env_bool("CSP_REPORT_ONLY", False):
    SECURE_CSP_REPORT_ONLY = CONTENT_SECURITY_POLICY
else:
    SECURE_CSP = CONTENT_SECURITY_POLICY

# The password is checked by Django's own backend, an EU Login ticket by ours; django-axes,
# first, refuses a password without a look while the account or the address is locked out.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "accounts.eu_login.EULoginBackend",
]
# LOGIN_FAILURE_LIMIT failed sign-ins within LOGIN_COOLOFF_MINUTES, for one account name
# (whether it exists or not) or from one address, lock that account name or address out for
# LOGIN_COOLOFF_MINUTES, counted again from each attempt made meanwhile. Attempts and lockouts
# are listed in the admin (Axes), where an administrator can also lift a lockout.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "s3partnership.security.locked_out"
AXES_CLIENT_IP_CALLABLE = "s3partnership.security.client_address"
# Not its banner at the start of every command; lockouts are still logged.
AXES_VERBOSE = False

# A signed-in session ends after SESSION_IDLE_MINUTES without activity and, however active,
# SESSION_LIFETIME_HOURS after signing in; pages warn SESSION_WARNING_MINUTES before
# (s3partnership.session_expiry).
SESSION_IDLE_TIMEOUT_SECONDS = env_int("SESSION_IDLE_MINUTES", 120) * 60
SESSION_LIFETIME_SECONDS = env_int("SESSION_LIFETIME_HOURS", 12) * 3600
SESSION_WARNING_SECONDS = env_int("SESSION_WARNING_MINUTES", 5) * 60
if not 0 < SESSION_WARNING_SECONDS < SESSION_IDLE_TIMEOUT_SECONDS <= SESSION_LIFETIME_SECONDS:
    raise ImproperlyConfigured(
        "Sessions need 0 < SESSION_WARNING_MINUTES < SESSION_IDLE_MINUTES "
        "<= SESSION_LIFETIME_HOURS × 60."
    )
# Anonymous sessions (a form kept through signing in) live no longer than signed-in ones.
SESSION_COOKIE_AGE = SESSION_LIFETIME_SECONDS

# --- Logs and metrics (README, "Running in production") --------------------------------------
# One JSON object a line on stderr (LOG_FORMAT=json, the production default), for a log
# collector to read without parsing prose; LOG_FORMAT=text is the same for people, the
# development default. Every line of a request carries its `request_id`: the X-Request-ID
# header a proxy sent (a UUID, anything else is replaced), or one made here; the response
# carries it back in the same header, and gunicorn's access log line too (gunicorn.conf.py).
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    "VALIDATE_GUID": True,
    "RETURN_HEADER": True,
    # Not its own Access-Control-Expose-Headers, which would replace the API's
    # (CORS_EXPOSE_HEADERS).
    "EXPOSE_HEADER": False,
}
LOG_FORMATS = {
    "json": {"()": "s3partnership.json_logs.JsonLines"},
    "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
}
LOG_FORMAT = env_choice("LOG_FORMAT", "text" if DEBUG else "json", LOG_FORMATS)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {
            "()": "django_guid.log_filters.CorrelationId",
            "correlation_id_field": "request_id",
        }
    },
    "formatters": {LOG_FORMAT: LOG_FORMATS[LOG_FORMAT]},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {
        "handlers": ["console"],
        "level": env_choice("LOG_LEVEL", "INFO", ["DEBUG", "INFO", "WARNING", "ERROR"]),
    },
    "loggers": {
        # Only through the root's handler: Django's default one would print its lines again
        # as plain text while DEBUG is on.
        "django": {"handlers": []},
        # WeasyPrint reports every step of every rendering (and of its own start-up) at INFO.
        "weasyprint.progress": {"level": "WARNING"},
        # django-guid says at DEBUG how it chose each id.
        "django_guid": {"level": "WARNING"},
    },
}
# Python's warnings (WhiteNoise's "No directory at: …/staticfiles/" before collectstatic) go
# through the same handler as a "py.warnings" record, so that every line on stderr is one
# JSON object, not a stray line of plain text among them.
logging.captureWarnings(True)
# --- Metrics (s3partnership/metrics.py) ---------------------------------------------------
# /metrics answers a request bearing METRICS_TOKEN (Authorization: Bearer …) or one made
# straight, not through a proxy, from an address in METRICS_ALLOWED_IPS; no one while both
# are unset.
METRICS_TOKEN = env_str("METRICS_TOKEN")
if METRICS_TOKEN and len(METRICS_TOKEN) < 32:
    raise ImproperlyConfigured("METRICS_TOKEN must be 32 characters or more (a random one).")
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS", [])
for _address in METRICS_ALLOWED_IPS:
    try:
        ipaddress.ip_address(_address)
    except ValueError:
        raise ImproperlyConfigured(
            f"METRICS_ALLOWED_IPS: {_address!r} is not an IP address."
        ) from None
# --- End of logs and metrics -----------------------------------------------------------------

# --- Bad input and reviewing body -------------------------------------------------------
# A step's form sent after the sign-in ended is kept in the session until its owner signs in
# again (reports/wizard/pending.py); a larger one is not kept, so that nobody can fill the
# session table by posting. The default holds a whole report's longest step many times over.
KEPT_FORM_MAX_BYTES = env_int("KEPT_FORM_MAX_BYTES", 1024 * 1024)
# Who reviews the reports, as every page and mail names them ("JRC reviewers"): DG REGIO
# with the S3 Community of Practice has run the platforms since 2020.
REVIEWING_BODY = env_str("REVIEWING_BODY", "JRC")
# --- Audit and personal data -------------------------------------------------------------------
# The audit trail (audit/): django-auditlog's LogEntry rows, written by its signals for accounts
# and by the wizard's and the review page's save paths for reports (audit/record.py).
INSTALLED_APPS += ["auditlog", "audit"]
# The trail records who, not from where: an address is personal data we have no use for.
AUDITLOG_DISABLE_REMOTE_ADDR = True
# How long the deadline reminders sent (each with what it said) are kept, in days;
# `manage.py apply_retention` (run daily, with send_reminders) deletes older ones. No other
# mail is stored: the others are sent and forgotten.
MAIL_RETENTION_DAYS = env_int("MAIL_RETENTION_DAYS", 365)
if MAIL_RETENTION_DAYS < 1:
    # A reminder must outlive its day: its row is what stops a second run that day mailing again.
    raise ImproperlyConfigured("MAIL_RETENTION_DAYS must be 1 or more.")
# --- Annexes (issue 13) ------------------------------------------------------------------------
# Files attached to a report (reports/models/annex.py): how many a report holds, and how large
# each one and all of them together may be, in bytes.
ANNEX_MAX_FILES = env_int("ANNEX_MAX_FILES", 10)
ANNEX_MAX_FILE_BYTES = env_int("ANNEX_MAX_FILE_BYTES", 20 * 1024 * 1024)
ANNEX_MAX_REPORT_BYTES = env_int("ANNEX_MAX_REPORT_BYTES", 60 * 1024 * 1024)
# --- End of annexes ----------------------------------------------------------------------------
# --- Open data: the JSON API (issue 14; README, "Open data and API") -------------------------
# django-ninja serves it (api/), with its Swagger UI's files; django-cors-headers opens it to
# scripts on any site, for reading only.
INSTALLED_APPS += ["ninja", "corsheaders", "api"]
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
# A script revalidating what it holds sends these (a preflight asks first).
CORS_ALLOW_HEADERS = ["accept", "if-none-match", "if-modified-since"]
# Readable by scripts beside the headers browsers always expose.
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After"]
# Each client address may make API_RATE_LIMIT requests in any API_RATE_WINDOW_SECONDS; more
# are answered 429 with Retry-After (api/throttle.py). Counted in files under
# API_THROTTLE_DIR, which every worker process of the server shares.
API_RATE_LIMIT = env_int("API_RATE_LIMIT", 120)
API_RATE_WINDOW_SECONDS = env_int("API_RATE_WINDOW_SECONDS", 60)
if API_RATE_LIMIT < 1 or API_RATE_WINDOW_SECONDS < 1:
    raise ImproperlyConfigured("API_RATE_LIMIT and API_RATE_WINDOW_SECONDS must be 1 or more.")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "api-throttle": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env_str(
            "API_THROTTLE_DIR", str(Path(tempfile.gettempdir()) / "s3partnership-api-throttle")
        ),
        # One file per client address seen in the last window; past this many, a third of
        # them is dropped (those clients start counting afresh).
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    },
}
# --- End of open data ----------------------------------------------------------------------------
# --- Background tasks (issue 17; README, "Background tasks") ----------------------------------
# Work that must not hold up a request (the PDFs and stored pages of a publication in every
# language, the open data files, the workflow's mails) is queued in the database and run by
# `manage.py db_worker` (`make worker`); reports/tasks.py says what and how it is retried.
INSTALLED_APPS += ["django_tasks_db"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
