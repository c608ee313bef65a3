"""Production settings: PostgreSQL + Redis, HTTPS only; secrets only from the environment."""

from django.core.exceptions import ImproperlyConfigured

from . import env
from .base import *  # noqa: F403

if not env.SECRET_KEY:
    raise ImproperlyConfigured("GUANXI_SECRET_KEY must be set in production")
SECRET_KEY = env.SECRET_KEY
DEBUG = False
SECURE_SSL_REDIRECT = env.env_bool("GUANXI_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
