"""Production profile: `DJANGO_SETTINGS_MODULE=config.production`.

Everything in config.settings, hardened: HTTPS only, secure cookies, HSTS, hashed static
file names for far-future caching. It refuses to start with the development secret key, and
without REDIS_URL (the cache the workers share).
"""

from config import env
from config.settings import *  # noqa: F403
from config.settings import DEV_SECRET_KEY, SECRET_KEY

if SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50:
    raise env.ConfigError("SECRET_KEY must be set to a random value of at least 50 characters in production")

# Several server workers share what pages keep in the cache, and the counters that tell them an
# entry is stale (a theme renamed, a practice saved): a per-process memory cache would serve one
# worker's stale copy for as long as the entry lives.
if not env.string("REDIS_URL", ""):
    raise env.ConfigError("REDIS_URL must be set in production: the workers share one cache")

DEBUG = False
SECURE_SSL_REDIRECT = env.boolean("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
# Uploaded files as config.settings decides (this disk, or S3 when S3_BUCKET is set).
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}  # noqa: F405
WHITENOISE_MAX_AGE = 365 * 24 * 3600
