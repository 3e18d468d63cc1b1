"""Settings shared by every environment, driven by environment variables.

dev, test and production only override what differs; see .env.example for the
variables and their defaults.
"""

import ipaddress
import os
import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item]


def env_days(name: str, default: int, *, minimum: int, rule: str) -> int:
    """A whole number of days from the environment, refused at start-up when
    it is not a number or breaks ``rule`` (said in the message)."""
    raw = os.environ.get(name, "").strip() or str(default)
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or value < minimum:
        raise ImproperlyConfigured(
            f"{name} must be a whole number of days, {rule}; got {raw!r}."
        )
    return value


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal",
    "cases",
    "search",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail_modeladmin",
    "modelcluster",
    "taggit",
    "django_filters",
    "simple_history",
    "ninja",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Django's own form templates for FORM_RENDERER below.
    "django.forms",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # The security headers first, so that every answer passes them on its way
    # out, whoever made it: page-cache hits, WhiteNoise's static files,
    # redirects, error pages, files and the API (tests/security/
    # test_headers_everywhere.py). They need nothing a later middleware sets.
    # XFrameOptionsMiddleware inside the CSP one, so that CSP sees its answer.
    "config.middleware.ContentSecurityPolicyMiddleware",
    "config.middleware.PermissionsPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Everything after it (rate limits, lockout, access log) sees the client.
    "config.proxy.ProxiedClientAddressMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.page_cache.PageCacheMiddleware",
    # The admin's session cookie for /admin/ only, a visitor's for the rest.
    "portal.accounts.sessions.SplitSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Query strings, forms and JSON bodies in NFC and without invisible
    # characters before any view reads them (core/text.py); after the CSRF
    # check, which reads the form first.
    "config.text_input.TextInputMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.accounts.middleware.SessionExpiryMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "portal.accounts.middleware.TwoFactorMiddleware",
    # After the second factor: a password set by an administrator, or too old,
    # is changed before anything else in the admin.
    "portal.accounts.middleware.PasswordChangeMiddleware",
    # Then the first admin page after signing in: the role's 我的待办.
    "portal.accounts.landing.LandingMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "portal.middleware.ScriptConversionMiddleware",
    # Malformed admin requests answered with a message, not a 500.
    "portal.admin_input.AdminBadInputMiddleware",
    # Last, as axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Reverse proxies (addresses or networks) whose X-Forwarded-For names the client
# (config/proxy.py). Empty: REMOTE_ADDR is the client, as with `make run`.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as _error:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES: {_proxy!r} is not an address or network."
        ) from _error

# Public rate limits (config/ratelimit.py, cases/ratelimit.py), "count/period"
# with s, m, h or d: per client address, the complaint form and API together,
# the progress page and API together, and the public page search; per case
# number, wrong phone digits before the number is locked for the same period,
# whichever addresses they came from.
COMPLAINT_RATE = os.environ.get("COMPLAINT_RATE", "5/h")
API_PROGRESS_RATE = os.environ.get("API_PROGRESS_RATE", "20/m")
PROGRESS_NUMBER_RATE = os.environ.get("PROGRESS_NUMBER_RATE", "10/h")
SEARCH_RATE = os.environ.get("SEARCH_RATE", "60/m")
for _name in (
    "COMPLAINT_RATE",
    "API_PROGRESS_RATE",
    "PROGRESS_NUMBER_RATE",
    "SEARCH_RATE",
):
    if not re.fullmatch(r"[1-9]\d*/\d*[smhd]", globals()[_name].strip()):
        raise ImproperlyConfigured(
            f"{_name} must look like 5/h or 10/15m, not {globals()[_name]!r}."
        )

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

# Form widgets render through TEMPLATES, so templates/wagtailadmin/widgets/
# overrides Wagtail's date and time pickers (portal/admin_init.py).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.reading_aids",
            ],
        },
    },
]

if not os.environ.get("DATABASE_URL"):
    # The embedded default: a SQLite file under the ignored var/ folder.
    VAR_DIR.mkdir(parents=True, exist_ok=True)

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # `make run` serves each request in its own thread: an autosave and a chooser
    # search overlapped and one failed with "database is locked". Every
    # transaction takes the write lock when it starts (IMMEDIATE), so a second
    # writer waits for the first instead of failing when it upgrades a read; a
    # wait lasts up to SQLITE_TIMEOUT seconds; WAL lets reads go on meanwhile.
    # Reads go through a memory map of the file (up to SQLITE_MMAP_MB, SQLite's
    # ceiling is 2 GiB) instead of a read() per page, beside a page cache of
    # SQLITE_CACHE_MB per connection instead of SQLite's 2 MB: an archive search
    # visits thousands of pages of the FTS5 index and of the document table.
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "transaction_mode": "IMMEDIATE",
        "timeout": int(os.environ.get("SQLITE_TIMEOUT", "20")),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        f"PRAGMA mmap_size={int(os.environ.get('SQLITE_MMAP_MB', '2047')) << 20}; "
        f"PRAGMA cache_size=-{int(os.environ.get('SQLITE_CACHE_MB', '64')) << 10};",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        # Django's MinimumLengthValidator with its message in Chinese.
        "NAME": "portal.accounts.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "portal.accounts.passwords.CharacterClassesValidator"},
    {"NAME": "portal.accounts.passwords.PasswordHistoryValidator"},
]

# 工作人员账号安全 (portal/accounts/): lockout, 2FA, session expiry, password
# history. One block; the AXES_* and OTP_* settings below follow from it.
ACCOUNTS = {
    # Lock an account after 5 failures and an address after 20, for 30 minutes.
    "LOCKOUT_LIMITS": {
        "username": int(os.environ.get("LOCKOUT_PER_ACCOUNT", "5")),
        "ip_address": int(os.environ.get("LOCKOUT_PER_ADDRESS", "20")),
    },
    "LOCKOUT_MINUTES": int(os.environ.get("LOCKOUT_MINUTES", "30")),
    "IDLE_MINUTES": int(os.environ.get("SESSION_IDLE_MINUTES", "30")),
    "MAX_SESSION_HOURS": int(os.environ.get("SESSION_MAX_HOURS", "12")),
    "PASSWORD_HISTORY": 5,
    # TWO_FACTOR_ROLES: the case roles, as Role members (portal/accounts/conf.py).
    "HELPDESK": os.environ.get("ACCOUNTS_HELPDESK", "县民政局信息化管理员"),
    # 网络安全法第二十一条：网络日志留存不少于六个月. The access log and axes'
    # login attempts are kept this long (manage.py purge_access_log), never less.
    "ACCESS_LOG_RETENTION_DAYS": env_days(
        "ACCESS_LOG_RETENTION_DAYS",
        365,
        minimum=183,
        rule="at least 183 (six months: 网络安全法第二十一条)",
    ),
    # A password older than this must be changed at the next admin request; 0: never.
    "PASSWORD_MAX_AGE_DAYS": env_days(
        "PASSWORD_MAX_AGE_DAYS", 180, minimum=0, rule="0 (never) or more"
    ),
}
AUTHENTICATION_BACKENDS = [
    "portal.accounts.lockout.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Separately per account and per address (a list of single names means "or");
# the limits per parameter are ACCOUNTS["LOCKOUT_LIMITS"], applied by the
# handler, which reports how many limits are reached: one is enough to lock.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = 1
AXES_HANDLER = "portal.accounts.lockout.LockoutHandler"
AXES_COOLOFF_TIME = "portal.accounts.lockout.cool_off"
AXES_LOCKOUT_CALLABLE = "portal.accounts.lockout.lockout_response"
# The one reader of the client's address (X-Forwarded-For from TRUSTED_PROXIES only).
AXES_CLIENT_IP_CALLABLE = "config.proxy.client_ip"
# A try while locked neither counts nor extends the lock, so the time on the
# lockout page stays true.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Our access log (portal.AccessEvent) records logins; no second log, no
# Django-admin screens for axes.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
OTP_TOTP_ISSUER = os.environ.get("SITE_NAME", "社会救助一门受理服务平台")
OTP_TOTP_THROTTLE_FACTOR = 1
# The absolute limit on a session is ACCOUNTS["MAX_SESSION_HOURS"]; the cookie
# ("remember me" included) does not outlive it.
SESSION_COOKIE_AGE = int(timedelta(hours=ACCOUNTS["MAX_SESSION_HOURS"]).total_seconds())

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    # Safe stored names, no partial file on a full disk (portal/storage.py).
    "default": {"BACKEND": "portal.storage.MediaStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# 案件附件（扫描件、授权书）: kept OUTSIDE MEDIA_ROOT, served by no URL of its own,
# only through the permission check (cases/api/attachments.py, the case page).
PRIVATE_FILES_ROOT = Path(os.environ.get("PRIVATE_FILES_ROOT", VAR_DIR / "private"))
# The largest attachment accepted (bytes); larger answers 413. A proxy in front
# must allow at least this much body (docs/operations).
ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024))
# Virus scanning through clamd (INSTREAM over its unix socket) when set; an
# unreachable clamd refuses the upload (fail closed). docs/security.md.
CLAMD_SOCKET = os.environ.get("CLAMD_SOCKET", "").strip()
CLAMD_TIMEOUT = float(os.environ.get("CLAMD_TIMEOUT", "30"))

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "社会救助一门受理服务平台")
# The public address (scheme://host[:port]), when one is fixed (a proxy, a public
# name): QR codes, printed and e-mailed links carry it. Unset, a link made while
# answering a request carries that request's host and port (core/links.py), and
# one made without a request (commands, e-mail) the address `make run` serves
# (SERVED_AT, set by scripts/serve_with_worker.sh from HOST and PORT).
BASE_URL = os.environ.get("BASE_URL", "").strip().rstrip("/")
WAGTAILADMIN_BASE_URL = (
    BASE_URL or os.environ.get("SERVED_AT", "").strip() or "http://127.0.0.1:8000"
)
WAGTAIL_I18N_ENABLED = False
# 拼音网址: the editor's slug stays ASCII; an empty one (a Chinese title) is
# filled with the title's pinyin on save (portal/page_forms.py, portal/slugs.py).
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# Wagtail's sign-in form with autocomplete="username"/"current-password".
WAGTAILADMIN_USER_LOGIN_FORM = "portal.accounts.admin_ui.forms.LoginForm"
WAGTAIL_ENABLE_UPDATE_CHECK = False
# 全中文、不链外网: one time zone (the admin's account page then asks for none, and
# lists no English zone names); no banner linking Wagtail's site.
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "ofd", "txt", "jpg"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# The content must match the extension (portal/uploads.py).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "portal.uploads.DocumentForm"
# Documents are served by Django, through Wagtail's view and its hooks: one of
# ours serves a document to the public only once a published page links it
# (portal/documents.py). Never the storage's own URL.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# 政务内网：admin 不得从外网取头像。
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILEMBEDS_FINDERS = []

# 线上线下一致: printed copies carry a QR code to BASE_URL/verify/<code>/, and a
# stale copy is replaced within REPLACEMENT_DAYS working days of a new edition,
# counted on the shared working calendar (core.workdays).
OFFLINE_SYNC = {
    "REPLACEMENT_DAYS": int(os.environ.get("OFFLINE_REPLACEMENT_DAYS", "3")),
    "PDF_FONT_FAMILY": os.environ.get(
        "PDF_FONT_FAMILY", "Noto Sans CJK SC, Noto Serif CJK SC, WenQuanYi Micro Hei"
    ),
}

ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "").strip()
ELASTICSEARCH_INDEX_PREFIX = os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "portal")
SEARCH_BACKEND = os.environ.get(
    "SEARCH_BACKEND", "elasticsearch" if ELASTICSEARCH_URL else "database"
)
if SEARCH_BACKEND == "elasticsearch":
    if not ELASTICSEARCH_URL:
        raise ImproperlyConfigured(
            "SEARCH_BACKEND=elasticsearch needs ELASTICSEARCH_URL to be set."
        )
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            # Wagtail's, finding Chinese mid-word in the admin (portal.search_backends).
            "BACKEND": "portal.search_backends.Elasticsearch8SearchBackend",
            "URLS": [ELASTICSEARCH_URL],
            # One index per root model (pages, images, documents) under this prefix.
            "INDEX_PREFIX": ELASTICSEARCH_INDEX_PREFIX + "_",
            # An unreachable or packet-dropping server must cost a publish or a
            # search one short wait, not the client's default retries.
            "TIMEOUT": 5,
            "OPTIONS": {"max_retries": 0, "retry_on_timeout": False},
        }
    }
    # The archive (search/): cases, their history, referrals and complaints.
    ARCHIVE_SEARCH = {
        "BACKEND": "search.backends.elasticsearch",
        "URL": ELASTICSEARCH_URL,
        "INDEX_PREFIX": ELASTICSEARCH_INDEX_PREFIX,
        "TIMEOUT": 5,
    }
elif SEARCH_BACKEND == "database":
    WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "portal.search_backends.DatabaseSearchBackend"}
    }
    ARCHIVE_SEARCH = {"BACKEND": "search.backends.database"}
else:
    raise ImproperlyConfigured(
        f"SEARCH_BACKEND must be 'database' or 'elasticsearch', not {SEARCH_BACKEND!r}."
    )

# Background jobs (the archive index outbox, deadline recomputation, Wagtail's
# own) on django-tasks. "database": a job is a row in this database and
# `manage.py db_worker`, on this machine or any other, takes it (make run starts
# one beside the server). "immediate": the job runs in the process that queued
# it, once its transaction commits (the tests, so a search sees a save at once).
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}


def tasks_setting(name: str) -> dict:
    if name not in TASK_BACKENDS:
        raise ImproperlyConfigured(
            f"TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}, not {name!r}."
        )
    return {"default": {"BACKEND": TASK_BACKENDS[name]}}


TASKS = tasks_setting(os.environ.get("TASKS_BACKEND", "database"))
# A failed job is tried again after 30 s, 60 s, 120 s … (at most 15 minutes
# apart), ATTEMPTS times in all; each try is a row of its own, failed ones kept.
TASK_RETRIES = {"ATTEMPTS": 6, "BACKOFF_SECONDS": 30, "MAX_BACKOFF_SECONDS": 900}

LOGIN_URL = "wagtailadmin_login"


def _history_keys(raw: str) -> dict[str, str]:
    """HISTORY_HMAC_KEYS: ``id:secret[,id:secret…]``, the newest last."""
    keys = {}
    for item in raw.split(","):
        if not item.strip():
            continue
        key_id, sep, secret = item.strip().partition(":")
        if not sep or not key_id or len(key_id) > 16 or not secret:
            raise ImproperlyConfigured(
                "HISTORY_HMAC_KEYS must be id:secret pairs separated by commas, "
                "each id at most 16 characters."
            )
        keys[key_id] = secret
    return keys


# The history chain's HMAC keys: from the environment only, never the database
# (docs/security.md). dev and test fall back to a fixed key; production needs one.
HISTORY_KEYS = _history_keys(os.environ.get("HISTORY_HMAC_KEYS", ""))
HISTORY_KEY_ID = os.environ.get("HISTORY_HMAC_KEY_ID", "").strip()
if HISTORY_KEY_ID and HISTORY_KEY_ID not in HISTORY_KEYS:
    raise ImproperlyConfigured(f"HISTORY_HMAC_KEY_ID {HISTORY_KEY_ID!r} has no key.")
# How a history write waits for the chain: "row" locks the chain heads,
# "advisory" takes one PostgreSQL advisory lock (bench/history_chain.py compares).
HISTORY_CHAIN_LOCK = os.environ.get("HISTORY_CHAIN_LOCK", "row")
if HISTORY_CHAIN_LOCK not in {"row", "advisory"}:
    raise ImproperlyConfigured("HISTORY_CHAIN_LOCK must be 'row' or 'advisory'.")


# Security headers, sent in every environment so that dev and the tests see what
# production sends (production.py adds HTTPS: redirect, HSTS, Secure cookies).
# Content-Security-Policy (django-csp): nothing inline, nothing from elsewhere.
# Every script and stylesheet is a static file of ours, Wagtail's or ninja's;
# the few widgets Wagtail 8 still starts inline write JSON data blocks instead
# (portal/admin_init.py), started by static/js/admin_init.js, and two libraries
# of Wagtail's image screens are kept from inline handlers and blob: images by
# static/js/admin_vendor_csp.js (templates/wagtailimages/). data: images are for
# the SVG icons inside Wagtail's and Swagger UI's stylesheets (and the upload
# thumbnails).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The one relaxation, for /admin/ only (config.middleware): Wagtail's rich-text
# editor (Draftail) writes <style> elements for nested-list indents and the
# placeholders of empty blocks, computed per editor, so no hash can list them.
# style-src-elem allows <style> elements there; style="" attributes and every
# script stay forbidden, and no outside origin is added.
CONTENT_SECURITY_POLICY_ADMIN = {"style-src-elem": [SELF, UNSAFE_INLINE]}
# Powerful browser features no page here uses.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# The admin's session is sent to /admin/ only; the public site's few needs of a
# session (a page password once given, a private page's login) use a cookie of
# their own, never the admin's (portal/accounts/sessions.py).
SESSION_COOKIE_NAME = "portal_admin_session"
SESSION_COOKIE_PATH = "/admin/"
VISITOR_SESSION_COOKIE_NAME = "portal_visitor_session"
WAGTAIL_FRONTEND_LOGIN_URL = "wagtailcore_login"
# Lax, not Strict: a reviewer following a link from a notification e-mail into
# the admin must arrive logged in; POSTs from other sites carry no cookie either way.
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# No script reads the csrftoken cookie: Wagtail's admin takes the token from its
# wagtailConfig block, Swagger UI from a data attribute, our forms from the form.
CSRF_COOKIE_HTTPONLY = True

CACHES = {
    # Per process: conveniences only (Wagtail's site root paths, renditions).
    # Nothing that must hold across workers or servers is kept here.
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "portal",
    },
    # 页面缓存 (portal/page_cache.py): the rendered pages, a file cache per
    # machine. Which of them are current is decided by the content generation in
    # the shared cache, so a publish on any server reaches every server.
    # PAGE_CACHE_SECONDS=0 turns it off.
    "pages": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("PAGE_CACHE_DIR", str(VAR_DIR / "cache" / "pages")),
        "TIMEOUT": int(os.environ.get("PAGE_CACHE_SECONDS", "600")),
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    },
    # What every worker of every app server must agree on (config/cache.py): the
    # rate limits and the progress check's per-number lock (cases/ratelimit.py)
    # and the page cache's content generation. A table in the database, made by
    # `manage.py migrate` (portal migration 0005 runs createcachetable); culling
    # there drops only expired entries, so MAX_ENTRIES is when those are swept.
    "shared": {
        "BACKEND": "config.cache.SharedDatabaseCache",
        "LOCATION": os.environ.get("SHARED_CACHE_TABLE", "portal_shared_cache"),
        "TIMEOUT": 86400,
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # What `make run` shows an operator: the autoreloader's, the background
    # worker's and the request log's fixed English sentences in Chinese
    # (core/console.py); the access-log lines keep their standard format.
    "formatters": {"console": {"()": "core.console.ChineseConsoleFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "console"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own handlers for these (its default LOGGING) are dropped:
        # its console handler printed the django.* lines a second time, in
        # English, beside the root's; its runserver access log never reached
        # the console (no handler, not propagated). Both go to the root's now.
        "django": {"level": "INFO"},
        "django.server": {"level": "INFO", "propagate": True},
        "elasticsearch": {"level": "WARNING"},
        "elastic_transport": {"level": "WARNING"},
        # One line per background task is noise at this volume.
        "django_tasks": {"level": "WARNING"},
        # Failed logins are on the access log; axes' own lines only when wrong.
        "axes": {"level": "WARNING"},
        # The daily history anchor must reach the log whatever LOG_LEVEL says.
        "cases.history.anchor": {"level": "INFO"},
    },
}
