"""Typed readers for environment variables.

Each helper returns a default when the variable is unset and raises ImproperlyConfigured,
naming the variable, when it is set to something it cannot mean: a server must not start
on a guess (`DEBUG=maybe` is neither on nor off).
"""

import os

import dj_database_url
from botocore.config import Config
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_str(name, default=""):
    """The variable's text; unset and empty both mean the default."""
    return os.environ.get(name) or default


def env_bool(name, default):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a yes/no value; use one of "
        f"{', '.join(sorted(TRUE_WORDS | FALSE_WORDS))}."
    )


def env_int(name, default):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def env_choice(name, default, choices):
    """One of `choices` (compared without regard to case, returned as `choices` spell it)."""
    raw = env_str(name, default).strip()
    for choice in choices:
        if raw.lower() == choice.lower():
            return choice
    raise ImproperlyConfigured(f"{name}={raw!r} is not one of {', '.join(choices)}.")


def env_list(name, default):
    """A comma-separated list; blanks around the commas are ignored."""
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


SUPPORTED_DATABASE_ENGINES = {
    "django.db.backends.postgresql",
    "django.db.backends.sqlite3",
}


def env_database(name, default):
    """DATABASES["default"] from a URL such as postgres://user@host:5432/db."""
    url = os.environ.get(name) or default
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except Exception as error:  # dj-database-url raises ValueError and friends
        raise ImproperlyConfigured(f"{name}={url!r} is not a database URL: {error}") from None
    if config.get("ENGINE") not in SUPPORTED_DATABASE_ENGINES:
        raise ImproperlyConfigured(
            f"{name}={url!r}: only postgres:// and sqlite:// URLs are supported."
        )
    if config["ENGINE"] == "django.db.backends.postgresql" and not config.get("NAME"):
        raise ImproperlyConfigured(f"{name}={url!r} names no database (postgres://host/NAME).")
    return config


# How a bucket is named in requests: "virtual" (bucket.host, Amazon's), "path" (host/bucket,
# what many self-hosted servers such as MinIO expect), or "auto", boto3's choice.
S3_ADDRESSING_STYLES = {"auto", "path", "virtual"}
# The longest a signed URL may live: S3's signature version 4 refuses more than seven days.
MAX_SIGNED_URL_SECONDS = 7 * 24 * 3600
S3_CONNECT_TIMEOUT_SECONDS = 5
S3_READ_TIMEOUT_SECONDS = 20


def env_s3_storage(default_signed_url_seconds, prefix_variable="S3_PREFIX", default_prefix=""):
    """A STORAGES entry for S3-compatible object storage from the S3_* variables, or None
    when S3_BUCKET is unset. Credentials left unset come from boto3's own chain (an
    instance role, ~/.aws); S3_ENDPOINT_URL names a server other than Amazon's. The files go
    under the folder the variable `prefix_variable` names (`default_prefix` when unset)."""
    bucket = env_str("S3_BUCKET")
    if not bucket:
        return None
    signed_url_seconds = env_int("S3_SIGNED_URL_SECONDS", default_signed_url_seconds)
    if not 0 < signed_url_seconds <= MAX_SIGNED_URL_SECONDS:
        raise ImproperlyConfigured(
            f"S3_SIGNED_URL_SECONDS={signed_url_seconds} must be between 1 and "
            f"{MAX_SIGNED_URL_SECONDS} (seven days)."
        )
    addressing_style = env_str("S3_ADDRESSING_STYLE", "auto")
    if addressing_style not in S3_ADDRESSING_STYLES:
        raise ImproperlyConfigured(
            f"S3_ADDRESSING_STYLE={addressing_style!r} is not one of "
            f"{', '.join(sorted(S3_ADDRESSING_STYLES))}."
        )
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "location": env_str(prefix_variable, default_prefix).strip("/"),
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY") or None,
            # Objects are private: the bucket's own policy decides, no ACL makes one public.
            "default_acl": None,
            # Every URL is signed and short-lived, and read only after the app has checked
            # who may see the file.
            "querystring_auth": True,
            "querystring_expire": signed_url_seconds,
            # A key names one file for good; saving under a taken key is refused
            # (reports/annex_storage.py), never a silent replacement.
            "file_overwrite": False,
            # An object store that does not answer is given up on in seconds, not boto3's
            # minute per attempt: the request says the file is temporarily unavailable
            # (s3partnership/storage_outages.py) while the reader still waits.
            "client_config": Config(
                s3={"addressing_style": addressing_style},
                # Version 4 signatures: every AWS region and S3-compatible server takes them.
                signature_version="s3v4",
                connect_timeout=S3_CONNECT_TIMEOUT_SECONDS,
                read_timeout=S3_READ_TIMEOUT_SECONDS,
                retries={"mode": "standard", "max_attempts": 3},
            ),
        },
    }
