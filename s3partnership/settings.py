"""Settings for S3 Partnership Monitor, read from environment variables.

The defaults run a fresh clone in development on SQLite. Production sets at least
SECRET_KEY, DEBUG=false, ALLOWED_HOSTS and DATABASE_URL (see README.md).
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from s3partnership.env import env_bool, env_database, env_int, env_list, env_str

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
    "accounts",
    "regions",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "s3partnership.i18n.LanguageFromPathMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "s3partnership.errors.NotFoundPage",
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
# With django-axes (login throttling), "axes.backends.AxesStandaloneBackend" comes first.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "accounts.eu_login.EULoginBackend",
]
# --- End of sign-in with EU Login ----------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("bg", "Български")]
LOCALE_PATHS = [BASE_DIR / "locale"]
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

SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint reports every step of every rendering (and of its own start-up) at INFO.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}

# --- Bad input and reviewing body -------------------------------------------------------
# A step's form sent after the sign-in ended is kept in the session until its owner signs in
# again (reports/wizard/pending.py); a larger one is not kept, so that nobody can fill the
# session table by posting. The default holds a whole report's longest step many times over.
KEPT_FORM_MAX_BYTES = env_int("KEPT_FORM_MAX_BYTES", 1024 * 1024)
# A NUL byte or another control character in a query string, or a NUL in a form, is answered
# with a 400 before any view (s3partnership/control_characters.py): PostgreSQL refuses NUL.
# After authentication, so that the page says who is signed in; before every view.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "s3partnership.control_characters.RefuseControlCharacters",
)
# Who reviews the reports, as every page and mail names them ("JRC reviewers"): DG REGIO
# with the S3 Community of Practice has run the platforms since 2020.
REVIEWING_BODY = env_str("REVIEWING_BODY", "JRC")
# --- Audit and personal data -------------------------------------------------------------------
# The audit trail (audit/): django-auditlog's LogEntry rows, written by its signals for accounts
# and by the wizard's and the review page's save paths for reports (audit/record.py).
INSTALLED_APPS += ["auditlog", "audit"]
# After the authentication middleware: the actor is the user it finds.
MIDDLEWARE += ["audit.middleware.RecordActor"]
# The trail records who, not from where: an address is personal data we have no use for.
AUDITLOG_DISABLE_REMOTE_ADDR = True
# How long the deadline reminders sent (each with what it said) are kept, in days;
# `manage.py apply_retention` (run daily, with send_reminders) deletes older ones. No other
# mail is stored: the others are sent and forgotten.
MAIL_RETENTION_DAYS = env_int("MAIL_RETENTION_DAYS", 365)
if MAIL_RETENTION_DAYS < 1:
    # A reminder must outlive its day: its row is what stops a second run that day mailing again.
    raise ImproperlyConfigured("MAIL_RETENTION_DAYS must be 1 or more.")
