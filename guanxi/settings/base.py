"""Settings shared by every environment; environment-specific files import * from here."""

from __future__ import annotations

import dj_database_url
from django.utils.translation import gettext_lazy as _

from . import env

BASE_DIR = env.BASE_DIR
VAR_DIR = env.VAR_DIR
SECRET_KEY = env.SECRET_KEY or "dev-only-insecure-key-change-me"
DEBUG = False
ALLOWED_HOSTS = env.ALLOWED_HOSTS

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "guanxi.core",
    "guanxi.access",
    "guanxi.history",
    "guanxi.customization",
    "guanxi.web",
    "guanxi.automation",
    "guanxi.studio",
    "guanxi.customers",
    "guanxi.catalogue",
    "guanxi.pipeline",
    "guanxi.activities",
    "guanxi.billing",
    "guanxi.targets",
    "guanxi.expenses",
    "guanxi.territories",
    "guanxi.sales",
]

MIDDLEWARE = [
    "guanxi.web.middleware.TrustedProxyMiddleware",
    "guanxi.web.middleware.RequestSizeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "guanxi.web.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "guanxi.access.middleware.UserLanguageMiddleware",
    "guanxi.access.middleware.LoginPolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "guanxi.web.middleware.ActorMiddleware",
]

FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
FORMS_URLFIELD_ASSUME_HTTPS = True
ROOT_URLCONF = "guanxi.urls"
WSGI_APPLICATION = "guanxi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "guanxi" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "guanxi.web.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": dj_database_url.parse(env.DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; IMMEDIATE avoids "database is locked" on upgrade.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif "postgresql" in DATABASES["default"]["ENGINE"]:
    # PostgreSQL's JIT compiles the plans of large aggregates (dashboards, counts) for about half
    # a second each, more than it saves on a CRM's queries; a URL's own `options` still win.
    db_options = DATABASES["default"].setdefault("OPTIONS", {})
    if "jit" not in db_options.get("options", ""):
        db_options["options"] = f"{db_options.get('options', '')} -c jit=off".strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "access.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Behind a reverse proxy: its X-Forwarded-Proto says whether the client used HTTPS. The header is
# dropped from every peer that is not in GUANXI_TRUSTED_PROXIES (TrustedProxyMiddleware), so a
# client cannot claim HTTPS by sending it.
GUANXI_TRUSTED_PROXIES = env.TRUSTED_PROXIES
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env.CSRF_TRUSTED_ORIGINS
# Request bodies larger than this are refused with 413 (attachments have their own, larger limit).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/app/"
LOGOUT_REDIRECT_URL = "/login/"
SESSION_COOKIE_AGE = 12 * 3600

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", "简体中文"), ("zh-hant", "繁體中文")]
LOCALE_PATHS = [BASE_DIR / "guanxi" / "locale"]
TIME_ZONE = env.TIME_ZONE
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "guanxi" / "static"]
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
GUANXI_MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

GUANXI_PHONE_REGION = env.PHONE_REGION
GUANXI_RECYCLE_RETENTION_DAYS = env.RECYCLE_RETENTION_DAYS
# An order made from a deal's accepted quote closes the deal as won.
GUANXI_ORDER_WINS_DEAL = env.ORDER_WINS_DEAL
GUANXI_PAGE_SIZE = 50
# Totals across currencies (pipeline, forecast, targets) are in this currency.
GUANXI_COMPANY_CURRENCY = env.COMPANY_CURRENCY
# The seller on printed quotes, the tax rate a new line starts with (%), and how long a quote holds.
GUANXI_COMPANY_NAME = env.COMPANY_NAME
GUANXI_TAX_RATE = env.TAX_RATE
GUANXI_QUOTE_VALID_DAYS = 30
# Above this many rows a list shows "1,000+" instead of counting exactly (counting further costs
# more than the page itself on a large table).
GUANXI_COUNT_LIMIT = 1_000

if env.REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env.REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"guanxi": {"handlers": ["console"], "level": "INFO"}},
}
