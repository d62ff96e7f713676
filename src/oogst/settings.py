"""Django settings for Oogst, read from the environment.

DEBUG is off unless DEBUG=true; then (production) the app refuses to start with the
development secret key.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("OOGST_VAR_DIR", Path.cwd() / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)  # the SQLite file, caches and uploads live here

INSECURE_SECRET_KEY = "dev-insecure-oogst-secret-key-change-me"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# Off unless asked for: a production start is the default, development says DEBUG=true
# (`make demo`, `make serve` and `make test` do).
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", INSECURE_SECRET_KEY)
if not DEBUG and (SECRET_KEY == INSECURE_SECRET_KEY or len(SECRET_KEY) < 32):
    raise ImproperlyConfigured(
        "DEBUG is off but SECRET_KEY is the development default or too short: "
        "set SECRET_KEY to a long random value (python3 -c 'import secrets; "
        "print(secrets.token_urlsafe(50))'), or DEBUG=true on a development machine."
    )

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "oogst.accounts",
    "oogst.directory",
    "oogst.codebook",
    "oogst.programme",
    "oogst.participants",
    "oogst.harvest",
    "oogst.safeguards",
    "oogst.dashboard",
    "oogst.demo",
    "oogst.tasks",
    "oogst.analyses",
    "oogst.public",
    "oogst.api",
    "oogst.backups",
    "oogst.insights",
    "oogst.products",
    "oogst.selection",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The app serves its own static files (compressed, cached for good by hashed name).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "oogst.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "oogst.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "oogst.urls"
WSGI_APPLICATION = "oogst.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'oogst.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the embedded task runner write while pages read.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
# Development (and the tests) serve static files from the apps' folders as they change.
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = DEBUG
if not DEBUG:
    # `oogst collectstatic` first: file names carry their content hash (cached for a year).
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
MEDIA_ROOT = VAR_DIR / "media"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    # HTTPS only: plain HTTP is redirected, and browsers remember to use HTTPS (HSTS). Behind a
    # TLS-terminating proxy of our own (OOGST_TRUSTED_PROXIES) its X-Forwarded-Proto says
    # whether the visitor came over HTTPS. The health check answers over plain HTTP too.
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^gezond/$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if int(os.environ.get("OOGST_TRUSTED_PROXIES", "0")) > 0:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Preloading HSTS means submitting the domain to the browsers' list: the operator's choice
# (SECURE_HSTS_PRELOAD=true), not a warning on every deploy check.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "oogst"}
    )
}

# Rate limits of the public site, "number/seconds" per client address and per session.
# How many reverse proxies of our own stand in front of the app (the rate limit then reads
# the visitor's address from X-Forwarded-For); 0 means REMOTE_ADDR is the visitor.
OOGST_TRUSTED_PROXIES = int(os.environ.get("OOGST_TRUSTED_PROXIES", "0"))
OOGST_PUBLIC_SUBMIT_LIMIT = tuple(
    int(part) for part in os.environ.get("OOGST_PUBLIC_SUBMIT_LIMIT", "5/600").split("/")
)
OOGST_PUBLIC_LOOKUP_LIMIT = tuple(
    int(part) for part in os.environ.get("OOGST_PUBLIC_LOOKUP_LIMIT", "30/600").split("/")
)
OOGST_PUBLIC_WITHDRAW_LIMIT = tuple(
    int(part) for part in os.environ.get("OOGST_PUBLIC_WITHDRAW_LIMIT", "5/900").split("/")
)
# Wrong passwords per account and per address, "number/seconds" (oogst.accounts.forms).
OOGST_LOGIN_ACCOUNT_LIMIT = tuple(
    int(part) for part in os.environ.get("OOGST_LOGIN_ACCOUNT_LIMIT", "5/900").split("/")
)
OOGST_LOGIN_ADDRESS_LIMIT = tuple(
    int(part) for part in os.environ.get("OOGST_LOGIN_ADDRESS_LIMIT", "30/900").split("/")
)
OOGST_PUBLIC_SIGNUP_LIMIT = tuple(
    int(part) for part in os.environ.get("OOGST_PUBLIC_SIGNUP_LIMIT", "5/600").split("/")
)

# E-mail (sign-up confirmations, invitations, reminders): printed on the console unless
# EMAIL_HOST names an SMTP server. OOGST_SITE_URL is where links in e-mail sent by background
# jobs point (a request's own address is used when there is one).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Oogst <noreply@localhost>")
OOGST_SITE_URL = os.environ.get("OOGST_SITE_URL", "http://127.0.0.1:8000")

# The analysis's embedding cache (keyed by text hash and embedder); empty: VAR_DIR / "cache".
OOGST_CACHE_DIR = os.environ.get("OOGST_CACHE_DIR", "")
# Background work: the embedded runner (a thread in the web process) by default, RQ on
# Redis when OOGST_BROKER_URL is set (e.g. redis://127.0.0.1:6379/0).
OOGST_BROKER_URL = os.environ.get("OOGST_BROKER_URL", "")
# The RQ queue's name: installations (or tests) that share one Redis database keep apart.
OOGST_TASK_QUEUE = os.environ.get("OOGST_TASK_QUEUE", "oogst")

# LOG_FORMAT=json: one JSON object per line (oogst.logs), for a log collector.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "oogst.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            **({"formatter": "json"} if os.environ.get("LOG_FORMAT") == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
