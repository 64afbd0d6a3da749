"""Django settings for Biaozhun, driven only by environment variables.

There is one settings module for every environment: ``BIAOZHUN_ENV`` selects development (the
default), test or production, and every other knob is an environment variable documented in
docs/configuration.md. Production refuses to start without SECRET_KEY and ALLOWED_HOSTS.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config import env

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env.get_str("BIAOZHUN_VAR_DIR", str(BASE_DIR / "var")))

BIAOZHUN_ENV = env.get_choice("BIAOZHUN_ENV", "development", ("development", "test", "production"))
PRODUCTION = BIAOZHUN_ENV == "production"
DEBUG = env.get_bool("DEBUG", BIAOZHUN_ENV == "development")
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must not be on when BIAOZHUN_ENV=production.")

_DEV_SECRET = "insecure-development-key-never-use-in-production-0123456789abcdef"  # noqa: S105
SECRET_KEY = env.get_str("SECRET_KEY", None if PRODUCTION else _DEV_SECRET, required=PRODUCTION)
if PRODUCTION and (len(SECRET_KEY) < 50 or SECRET_KEY == _DEV_SECRET):
    raise ImproperlyConfigured("SECRET_KEY must be a random string of at least 50 characters in production.")

ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is required in production (comma-separated host names).")
CSRF_TRUSTED_ORIGINS = env.get_list("CSRF_TRUSTED_ORIGINS", [])

# Deployment identity: the site's name and the GB/T 2260 code of the region it serves. The region
# code drives local-standard prefixes (442000 -> DB4420) and regional defaults in later apps.
SITE_NAME = env.get_str("BIAOZHUN_SITE_NAME", "中山市标准化综合服务平台")
SITE_NAME_EN = env.get_str("BIAOZHUN_SITE_NAME_EN", "Zhongshan Standardization Service Platform")
REGION_CODE = env.get_region_code("BIAOZHUN_REGION_CODE", "442000")
SITE_URL = env.get_str("BIAOZHUN_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "biaozhun.core",
    "biaozhun.accounts",
    "biaozhun.reference",
    "biaozhun.standards",
    "biaozhun.checking",
    "biaozhun.declarations",
    "biaozhun.supervision",
    "biaozhun.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "biaozhun.core.middleware.AuditContextMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "biaozhun" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "biaozhun.core.context_processors.site",
            ],
        },
    },
]

# Database: SQLite (WAL) under var/ by default, PostgreSQL by URL.
DATABASE_URL = env.get_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'biaozhun.sqlite3'}")
try:
    _db = dj_database_url.parse(DATABASE_URL, conn_max_age=env.get_int("DB_CONN_MAX_AGE", 60, minimum=0))
except ValueError as exc:  # pragma: no cover - message is the point
    raise ImproperlyConfigured(
        f"DATABASE_URL is not a database URL dj-database-url understands: {exc}"
    ) from exc
if _db["ENGINE"] == "django.db.backends.sqlite3":
    if _db["NAME"] and _db["NAME"] != ":memory:":
        Path(_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)  # a fresh checkout has no var/ yet
    _db["CONN_MAX_AGE"] = 0
    _db["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
elif _db["ENGINE"] not in ("django.db.backends.postgresql",):
    raise ImproperlyConfigured("DATABASE_URL must point to SQLite or PostgreSQL.")
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "core:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Login rate limiting (django-axes): lock a username+address pair after repeated failures.
AXES_ENABLED = env.get_bool("BIAOZHUN_LOGIN_RATE_LIMIT", True)
AXES_FAILURE_LIMIT = env.get_int("BIAOZHUN_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env.get_int("BIAOZHUN_LOGIN_COOLOFF_MINUTES", 15, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env.get_int("BIAOZHUN_PROXY_COUNT", 0, minimum=0)

# Internationalisation: Chinese first, English available.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "biaozhun" / "locale"]
TIME_ZONE = env.get_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "biaozhun" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.get_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
BIAOZHUN_MAX_UPLOAD_MB = env.get_int("BIAOZHUN_MAX_UPLOAD_MB", 20, minimum=1, maximum=500)

# Standard texts given free to enterprises (checking, texts): the yearly target of the master plan
# (中山市《关于深入实施标准化战略的意见(2021-2025年)》, goal 4 and annex task 66: 每年免费为企业提供
# 标准文本不少于3000份) and the largest PDF an officer may upload as a text the city may share.
BIAOZHUN_FREE_TEXTS_TARGET = env.get_int("BIAOZHUN_FREE_TEXTS_TARGET", 3000, minimum=1)
BIAOZHUN_TEXT_FILE_MAX_MB = env.get_int("BIAOZHUN_TEXT_FILE_MAX_MB", 20, minimum=1, maximum=500)
# Largest enterprise-standard text (PDF or DOCX) an enterprise may attach to a self-declaration.
BIAOZHUN_DECLARATION_FILE_MAX_MB = env.get_int("BIAOZHUN_DECLARATION_FILE_MAX_MB", 20, minimum=1, maximum=500)
# Largest file a validity check (查新) accepts, in bytes: lists are small, a 10,000-row sheet is ~1 MB.
CHECK_UPLOAD_MAX_BYTES = env.get_int(
    "BIAOZHUN_CHECK_UPLOAD_MAX_BYTES", 10 * 1024 * 1024, minimum=1024, maximum=500 * 1024 * 1024
)

# Email: console in development and test, SMTP in production.
EMAIL_BACKEND = env.get_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env.get_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env.get_int("EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = env.get_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.get_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.get_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env.get_str("DEFAULT_FROM_EMAIL", "noreply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work: django-tasks with its database backend; `manage.py worker` runs the queue.
TASKS = {
    "default": {
        "BACKEND": env.get_str("BIAOZHUN_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
WORKER_HEARTBEAT_SECONDS = env.get_int("BIAOZHUN_WORKER_HEARTBEAT_SECONDS", 15, minimum=1)

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "biaozhun",
    }
}
if env.get_str("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env.get_str("REDIS_URL"),
    }

# Security: cookies, headers and HSTS. Production turns on everything `check --deploy` asks for.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.get_int("BIAOZHUN_SESSION_HOURS", 12, minimum=1) * 3600
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie; kept readable by default
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.get_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env.get_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.get_bool("SECURE_HSTS_PRELOAD", True)
    if env.get_bool("BIAOZHUN_BEHIND_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.get_str("LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools log every layout step and font subset at INFO.
    "loggers": {name: {"level": "WARNING"} for name in ("axes", "weasyprint", "fontTools")},
}

# Catalogue search (biaozhun/standards/search): the engine, and where the embedded one keeps its
# index. auto = PostgreSQL full text on PostgreSQL, the tantivy index directory beside SQLite.
SEARCH_BACKEND = env.get_choice("SEARCH_BACKEND", "auto", ("auto", "tantivy", "postgres"))
if SEARCH_BACKEND == "postgres" and _db["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("SEARCH_BACKEND=postgres needs DATABASE_URL to point to PostgreSQL.")
SEARCH_INDEX_DIR = Path(env.get_str("SEARCH_INDEX_DIR", str(VAR_DIR / "search")))

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_CLASS = "biaozhun.core.api_pagination.BoundedPageNumberPagination"
PAGINATE_BY = 25

if BIAOZHUN_ENV == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
