"""Django settings for Connective: every value comes from the environment (see .env.example).

The embedded default (no variables set) runs on SQLite with mail printed to the console and
background work done in-process, so a newcomer needs no server. Production sets
DJANGO_SETTINGS_MODULE=config.production on top of these.
"""

from __future__ import annotations

import socket
from pathlib import Path
from urllib.parse import urlsplit

from celery.schedules import crontab
from csp.constants import NONCE
from django.utils.translation import gettext_lazy as _

from config import env

BASE_DIR = Path(__file__).resolve().parent.parent
env.load_dotenv(BASE_DIR / ".env")

DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789abcdef"  # noqa: S105
DEBUG = env.boolean("DEBUG", False)
SECRET_KEY = env.string("SECRET_KEY", DEV_SECRET_KEY)
ALLOWED_HOSTS = env.string_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.string_list("CSRF_TRUSTED_ORIGINS", [])
# Where the site lives, for every absolute link (connective.core.links): by default the address
# `make run` serves, on its PORT.
SITE_URL = env.string(
    "SITE_URL", f"http://127.0.0.1:{env.integer('PORT', 8000, minimum=1, maximum=65535)}"
).rstrip("/")
SITE_ID = 1

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "drf_spectacular",
    "django_countries",
    "connective.core",
    "connective.spaces",
    "connective.notifications",
    "connective.inbound",
    "connective.accounts",
    "connective.members",
    "connective.networks",
    "connective.practices",
    "connective.consultations",
    "connective.discussions",
    "connective.newsletters",
    "connective.conversations",
    "connective.follows",
    "connective.search",
    "connective.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy (with a fresh nonce per response), Permissions-Policy, and
    # Cache-Control: private, no-store on anything personal: see connective/core/security.py.
    "connective.core.security.ContentSecurityPolicyMiddleware",
    "connective.core.security.HardeningHeadersMiddleware",
    # Pages are sent compressed (a fifth of their size on a metered phone). BREACH: Django masks
    # the CSRF token anew in every response and its GZipMiddleware pads each body at random
    # ("Heal the BREACH"), so a secret cannot be read from compressed sizes.
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "connective.accounts.middleware.MemberPreferencesMiddleware",
    "connective.members.middleware.ViewerMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "connective.accounts.middleware.RequiredStepsMiddleware",
]

ROOT_URLCONF = "config.urls"
# Widgets render through the project's templates, so that templates/django/forms/widgets/attrs.html
# can leave out `maxlength`: a browser cuts pasted text at it without a word; the form says the
# limit instead and keeps what was typed.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "connective.core.context_processors.site",
                "csp.context_processors.nonce",
            ],
        },
    },
]

DATABASES = {
    "default": env.database_url("DATABASE_URL", "sqlite:///var/connective.sqlite3", base_dir=BASE_DIR)
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# django-allauth: email is the login; the sign-up form is the declaration of membership.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Connective] "
ACCOUNT_SIGNUP_FORM_CLASS = "connective.networks.forms.DeclarationForm"
ACCOUNT_ADAPTER = "connective.networks.adapters.AccountAdapter"
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Connective"
# Accept the code of the previous or next 30-second step: phone clocks drift, and a code typed on a
# slow connection often arrives just after its step ends. Used codes are still refused.
MFA_TOTP_TOLERANCE = 1

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("ar", _("Arabic")), ("pt", _("Portuguese"))]
LANGUAGE_COOKIE_NAME = "connective_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LOCALE_PATHS = [BASE_DIR / "locale"]
# Formats Django's locales leave out (config/formats/<language>/formats.py): each language
# shows a date one way, with or without its time.
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env.time_zone("TIME_ZONE", "UTC")

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.string("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files live outside the web root and are only ever served through a view that
# checks who asks: on this machine's disk (MEDIA_ROOT) by default, or, when S3_BUCKET is set, in
# an S3-compatible store every machine reads (a private bucket: no public or signed URL is ever
# handed out, the views stream the file).
MEDIA_ROOT = Path(env.string("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": env.file_storage(),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 3600

REDIS_URL = env.string("REDIS_URL", "")
CACHES: dict[str, dict[str, object]]
if REDIS_URL:
    # CACHE_KEY_PREFIX keeps apart two instances that share one Redis (a staging copy, a test).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.string("CACHE_KEY_PREFIX", ""),
        }
    }
else:
    # Sessions live here too (cached_db): room for a few thousand beside the page parts.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }

# Background work: Celery with Redis when CELERY_BROKER_URL is set; otherwise every task runs
# in-process at once, so the embedded default needs no server.
CELERY_TASK_ALWAYS_EAGER = not env.string("CELERY_BROKER_URL", "")
# In-process, the in-memory transport stands in so that nothing looks for a broker.
CELERY_BROKER_URL = env.string("CELERY_BROKER_URL", "") or "memory://"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_DEFAULT_QUEUE = "connective"
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {}
# Consultations: how many consultations an advisor takes at once, and after how many days an
# unanswered invitation is recalled to the advisor (once; it expires after 14 days).
CONSULTATION_ADVISOR_LIMIT = env.integer("CONSULTATION_ADVISOR_LIMIT", 3, minimum=1)
CONSULTATION_REMINDER_DAYS = env.integer("CONSULTATION_REMINDER_DAYS", 3, minimum=1)
# Where the matching index is stored once built (consultations.suggestions.snapshot): on a disk
# every web worker of this machine reads, as memory-mapped files.
MATCHING_SNAPSHOT_DIR = Path(env.string("MATCHING_SNAPSHOT_DIR", str(BASE_DIR / "var" / "matching")))
# Each machine builds its own snapshot, on the Celery queue of that name (its Procfile's
# `matching` worker serves it): by default, this machine's host name.
MATCHING_BUILD_QUEUE = env.string("MATCHING_BUILD_QUEUE", "") or f"matching-{socket.gethostname()}"
CELERY_BEAT_SCHEDULE["consultation-invitation-reminders"] = {
    "task": "connective.consultations.tasks.invitation_reminders_task",
    "schedule": 3600.0,
}

# Privacy and retention (the privacy notice states these periods; accounts.retention applies
# them). Accounts never verified are removed after RETENTION_UNVERIFIED_DAYS, declined
# declarations RETENTION_DECLINED_DAYS after the decision; members who have
# not signed in for RETENTION_INACTIVE_DAYS are warned by mail, then anonymised after
# RETENTION_GRACE_DAYS more unless they sign in; consent records of deleted accounts are kept
# CONSENT_RETENTION_DAYS (three years), then purged.
RETENTION_UNVERIFIED_DAYS = env.integer("RETENTION_UNVERIFIED_DAYS", 30, minimum=1)
RETENTION_DECLINED_DAYS = env.integer("RETENTION_DECLINED_DAYS", 90, minimum=1)
RETENTION_INACTIVE_DAYS = env.integer("RETENTION_INACTIVE_DAYS", 3 * 365, minimum=30)
RETENTION_GRACE_DAYS = env.integer("RETENTION_GRACE_DAYS", 30, minimum=7)
CONSENT_RETENTION_DAYS = env.integer("CONSENT_RETENTION_DAYS", 3 * 365, minimum=1)
# Notifications: the daily digest every morning (UTC), the weekly one on Monday mornings. A rerun
# within the same day or week sends nobody the same digest twice (notifications.digests).
CELERY_BEAT_SCHEDULE["notifications-daily-digest"] = {
    "task": "connective.notifications.tasks.send_digests_task",
    "schedule": crontab(hour=6, minute=0),
    "kwargs": {"frequency": "daily"},
}
CELERY_BEAT_SCHEDULE["notifications-weekly-digest"] = {
    "task": "connective.notifications.tasks.send_digests_task",
    "schedule": crontab(hour=6, minute=30, day_of_week=1),
    "kwargs": {"frequency": "weekly"},
}
CELERY_BEAT_SCHEDULE["accounts-retention"] = {
    "task": "connective.accounts.tasks.retention_task",
    "schedule": 24 * 3600.0,
}

# Newsletters still going out whose worker died go on where it stopped (connective.newsletters.sending).
CELERY_BEAT_SCHEDULE["newsletters-resume"] = {
    "task": "connective.newsletters.tasks.newsletters_resume_task",
    "schedule": 300.0,
}

_email = env.email_url("EMAIL_URL", "console://")
EMAIL_BACKEND = _email.backend
EMAIL_HOST = _email.host
EMAIL_PORT = _email.port
EMAIL_HOST_USER = _email.user
EMAIL_HOST_PASSWORD = _email.password
EMAIL_USE_TLS = _email.use_tls
EMAIL_USE_SSL = _email.use_ssl
EMAIL_TIMEOUT = _email.timeout
if _email.file_path:
    EMAIL_FILE_PATH = _email.file_path
# Replies by email (connective.inbound): members answer a notification at reply+<token>@ this
# domain, which the mail server hands to `manage.py mail_receiver`. Default: the site's host.
INBOUND_MAIL_DOMAIN = env.mail_domain("INBOUND_MAIL_DOMAIN", urlsplit(SITE_URL).hostname or "localhost")
# The largest message the receiver takes (SMTP SIZE); attachments are 10 MB each at most.
INBOUND_MAX_MESSAGE_BYTES = env.integer("INBOUND_MAX_MESSAGE_BYTES", 25 * 1024 * 1024, minimum=1024)
DEFAULT_FROM_EMAIL = env.string("DEFAULT_FROM_EMAIL", "Connective <noreply@connective.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
}
SPECTACULAR_SETTINGS = {"TITLE": "Connective API", "VERSION": "1"}

COUNTRIES_OVERRIDE = {"XK": _("Kosovo")}
COUNTRIES_FIRST_REPEAT = False

# Read from the cache (Redis in production, shared by the workers), written through to the
# database: a signed-in request no longer pays a session query.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Every cookie the site sets says SameSite (tests/test_hardening.py collects them all); the
# language cookie is only read by the server.
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# --- Hardening (connective/core/security.py, connective/core/ratelimit.py) ---
# Content-Security-Policy: nothing inline (no <script>, <style>, style="" or on…= in any template),
# scripts and styles from this site or carrying the response's nonce. Leaflet styles the map
# through the CSSOM, which CSP allows; when MAP_TILE_URL is set, its host (and Leaflet's blank
# data: tile) joins img-src (connective.core.security).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
# Django 5.2's admin has no inline script or style either (tests/browser/test_csp.py opens its
# index, a list and a form under this policy), so it needs no policy of its own.
# Every powerful browser feature off: no page of Connective uses any of them.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), fullscreen=(), "
    "geolocation=(), gyroscope=(), hid=(), magnetometer=(), microphone=(), midi=(), payment=(), "
    "picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), serial=(), usb=(), "
    "xr-spatial-tracking=()"
)
# Behind N reverse proxies of our own, the client's address is the N-th from the end of
# X-Forwarded-For; 0 (the server faces the Internet) ignores that header.
TRUSTED_PROXY_COUNT = env.integer("TRUSTED_PROXY_COUNT", 0, minimum=0, maximum=10)
# allauth's limits (sign-in, sign-up = the declaration, reset) count by the same address: its
# adapter asks connective.core.ratelimit.client_ip; this covers allauth's other uses.
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# How often one person (signed in) or one address (visitor) may do each thing: "N/period" with
# s, m, h, d ("30/10m"). Generous for a real person; counted in the shared cache.
RATE_LIMITS = {
    "search": env.rate("RATE_LIMIT_SEARCH", "60/m"),  # the library's and the directory's search
    "suggest": env.rate("RATE_LIMIT_SUGGEST", "120/m"),  # live suggestions while writing a request
    "invite": env.rate("RATE_LIMIT_INVITE", "30/h"),  # inviting advisors to a consultation
    "post": env.rate("RATE_LIMIT_POST", "30/10m"),  # messages, files, new requests and practices, drafts
    "message": env.rate("RATE_LIMIT_MESSAGE", "20/10m"),  # direct messages and questions under practices
    "unsubscribe": env.rate("RATE_LIMIT_UNSUBSCRIBE", "60/m"),  # the one-click unsubscribe link of a mail
    # mails explaining a refused reply by email, per member: enough to learn why, never a loop
    "inbound_bounce": env.rate("RATE_LIMIT_INBOUND_BOUNCE", "5/h"),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.string("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# Directory and list pages show this many rows a page.
PAGE_SIZE = 20

# The practice map draws Natural Earth country outlines shipped with the site; set a tile URL
# template (https://tiles.example.org/{z}/{x}/{y}.png) to draw map tiles from it instead.
MAP_TILE_URL = env.string("MAP_TILE_URL", "")
env.url_origin("MAP_TILE_URL")  # refuses at start-up what a Content-Security-Policy could not name
