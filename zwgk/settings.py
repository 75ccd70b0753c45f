"""The one settings module, driven by ZWGK_* environment variables (README: 配置 / Configuration).

Defaults are safe for production: DEBUG off, a secret key required, secure cookies.
`make demo` and the test suite switch DEBUG on explicitly.
"""

from __future__ import annotations

import secrets
import sys
from pathlib import Path
from typing import Any

from zwgk.config import (
    ConfigError,
    database_config,
    env_bool,
    env_int,
    env_list,
    env_path,
    env_str,
)
from zwgk.core.drivers import import_huey_without

BASE_DIR = Path(__file__).resolve().parent.parent
# Running under pytest: fast hashing, immediate tasks, no secure-cookie requirements.
TESTING = env_bool("ZWGK_TESTING", "pytest" in sys.modules)

DATA_DIR = env_path("ZWGK_DATA_DIR", BASE_DIR / "var")
DEBUG = env_bool("ZWGK_DEBUG", False)
if TESTING:
    DEBUG = False


def _secret_key() -> str:
    key = env_str("ZWGK_SECRET_KEY", "")
    if key:
        if not DEBUG and not TESTING and len(key) < 50:
            raise ConfigError(
                "ZWGK_SECRET_KEY",
                "生产环境的密钥至少需要 50 个字符",
                "the secret key must be at least 50 characters in production",
            )
        return key
    if TESTING:
        return "zwgk-test-secret-key-" + "x" * 40
    if DEBUG:
        # Demo / development: keep one generated key under the data directory so sessions survive restarts.
        key_file = DATA_DIR / "secret_key"
        if key_file.exists():
            return key_file.read_text().strip()
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(64)
        key_file.write_text(key)
        key_file.chmod(0o600)
        return key
    raise ConfigError(
        "ZWGK_SECRET_KEY",
        "生产环境（ZWGK_DEBUG 未开启）必须设置密钥，例如 python -c 'import secrets; print(secrets.token_urlsafe(64))'",
        "a secret key is required in production (ZWGK_DEBUG off); generate one with "
        "python -c 'import secrets; print(secrets.token_urlsafe(64))'",
    )


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ZWGK_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG or TESTING else [])
CSRF_TRUSTED_ORIGINS = env_list("ZWGK_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "huey.contrib.djhuey",
    "django.contrib.sitemaps",
    # zwgk domain apps; each owns its models, actions, views, urls, templates and tests.
    "zwgk.core",
    "zwgk.accounts",
    "zwgk.agencies",
    "zwgk.audit",
    "zwgk.workdays",
    "zwgk.documents",
    "zwgk.reports",
    "zwgk.secrecy",
    "zwgk.workplan",
    "zwgk.applications",
    "zwgk.search",
    "zwgk.qa",
    "zwgk.interaction",
    "zwgk.participation",
    "zwgk.decisions",
    "zwgk.policymatch",
    "zwgk.datasets",
    "zwgk.columns",  # issue 18 (b18)
    "zwgk.catalogues",  # issue 18 (b18)
    "zwgk.sitehealth",
    "zwgk.newmedia",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "zwgk.core.headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "zwgk.sitehealth.pageviews.PageViewMiddleware",
    "zwgk.core.middleware.InputHygieneMiddleware",
    "zwgk.core.degraded.LastGoodCopyMiddleware",
    "zwgk.core.middleware.RequestContextMiddleware",
    # Cache hits of anonymous public GETs are answered here, before the middleware below (zwgk.core.pagecache).
    "zwgk.core.pagecache.PublicCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "zwgk.core.middleware.RequestUserMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zwgk.urls"
WSGI_APPLICATION = "zwgk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zwgk.core.context_processors.site",
            ],
            "builtins": ["zwgk.core.templatetags.zwgk_ui"],
        },
    },
]

# Every form: aria-describedby naming help and error, field-specific messages (zwgk/core/forms.py).
FORM_RENDERER = "zwgk.core.forms.ZwgkFormRenderer"

if not TESTING:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": database_config(env_str("ZWGK_DATABASE_URL", f"sqlite:///{DATA_DIR / 'zwgk.sqlite3'}")),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("ZWGK_PASSWORD_MIN_LENGTH", 10, minimum=8)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# One-time password-reset links issued by the 公开办 (issue 13) stay valid this many hours.
PASSWORD_RESET_TIMEOUT = env_int("ZWGK_PASSWORD_RESET_HOURS", 24, minimum=1) * 3600
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:workspace"
LOGOUT_REDIRECT_URL = "core:home"

# Sessions: staff sessions expire after ZWGK_SESSION_AGE seconds (default 8 hours, one working day).
SESSION_COOKIE_AGE = env_int("ZWGK_SESSION_AGE", 8 * 3600, minimum=300)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("ZWGK_SESSION_EXPIRE_AT_BROWSER_CLOSE", True)
SESSION_COOKIE_HTTPONLY = True

# Login throttling (zwgk.accounts.throttle): per username+address after LOGIN_FAILURE_LIMIT failures, per
# address across usernames after LOGIN_ADDRESS_FAILURE_LIMIT, waiting LOGIN_BACKOFF_SECONDS doubled per further
# failure up to ZWGK_LOGIN_COOLOFF_MINUTES; failures are forgotten after LOGIN_FAILURE_WINDOW seconds.
LOGIN_FAILURE_LIMIT = env_int("ZWGK_LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("ZWGK_LOGIN_ADDRESS_FAILURE_LIMIT", 20, minimum=1)
LOGIN_BACKOFF_SECONDS = env_int("ZWGK_LOGIN_BACKOFF_SECONDS", 60, minimum=1)
LOGIN_BACKOFF_MAX_SECONDS = env_int("ZWGK_LOGIN_COOLOFF_MINUTES", 30, minimum=1) * 60
LOGIN_FAILURE_WINDOW = min(env_int("ZWGK_LOGIN_FAILURE_WINDOW", 86400, minimum=60), 7 * 86400)
# django-axes only records attempts (AccessAttempt / AccessLog for forensics); it locks nothing any more —
# its lock was per username, so a stranger's five wrong passwords locked the real user out.
AXES_LOCK_OUT_AT_FAILURE = False
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = LOGIN_BACKOFF_MAX_SECONDS / 3600  # hours
AXES_CLIENT_IP_CALLABLE = "zwgk.core.middleware.client_ip"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_ENABLED = env_bool("ZWGK_AXES_ENABLED", True)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# Uploaded files are never served by URL: every attachment goes through a view that checks access.
MEDIA_ROOT = env_path("ZWGK_MEDIA_DIR", DATA_DIR / "media")
MEDIA_URL = "/_protected_media/"
MAX_UPLOAD_MB = env_int("ZWGK_MAX_UPLOAD_MB", 50, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
STORAGES = {
    # FileSystemStorage that reads a staged upload before its transaction commits (zwgk.core.staging).
    "default": {"BACKEND": "zwgk.core.staging.StagedFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
# Tests build a new handler (and so a new WhiteNoise) for every test client: finding static files on request
# instead of listing every file up front saves 6 ms per client (issue 12). Production keeps the up-front list.
WHITENOISE_AUTOREFRESH = DEBUG or TESTING

REDIS_URL = env_str("ZWGK_REDIS_URL", "")
# LocMem is per process and per node: fine for the page cache (its key holds a database token), never for
# counters — rate limits and login throttling use zwgk.core.ratelimit (database or Redis). `pages` holds the
# last good copy of public pages for a storage outage (zwgk.core.degraded): files under the data directory,
# readable when the database is not.
DEGRADED_COPY_SECONDS = env_int("ZWGK_DEGRADED_COPY_SECONDS", 3600, minimum=60)
CACHES: dict[str, dict[str, Any]]
if REDIS_URL and not TESTING:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL},
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "zwgk-pages",
        },
    }
elif TESTING:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "zwgk.core.degraded.PageCopyCache",
            "LOCATION": str(DATA_DIR / "page-copies"),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }

# Background jobs: huey. SQLite storage next to the database on the embedded default,
# Redis when ZWGK_REDIS_URL is set; tests run tasks immediately.
HUEY: dict[str, object]
if REDIS_URL and not TESTING:
    HUEY = {
        # Periodic tasks enqueued once per minute across nodes (zwgk.core.scheduling).
        "huey_class": "zwgk.core.scheduling.OnceRedisHuey",
        "name": "zwgk",
        "url": REDIS_URL,
        "immediate": False,
        "consumer": {"workers": env_int("ZWGK_WORKERS", 2, minimum=1), "worker_type": "thread"},
    }
else:
    HUEY = {
        "huey_class": "zwgk.core.scheduling.OnceSqliteHuey",
        "name": "zwgk",
        "filename": str(DATA_DIR / "huey.sqlite3"),
        "immediate": TESTING or env_bool("ZWGK_TASKS_IMMEDIATE", False),
        "consumer": {"workers": env_int("ZWGK_WORKERS", 2, minimum=1), "worker_type": "thread"},
    }

# huey.storage would import redis and psycopg whenever installed; leave out the ones this configuration doesn't use.
import_huey_without(
    name
    for name, used in (
        ("redis", bool(REDIS_URL)),
        ("psycopg", "postgresql" in str(DATABASES["default"]["ENGINE"])),
    )
    if not used
)

# Mail: reminders and notices go through Django's mail settings.
EMAIL_BACKEND = env_str(
    "ZWGK_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
if TESTING:
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
EMAIL_HOST = env_str("ZWGK_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("ZWGK_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("ZWGK_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("ZWGK_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("ZWGK_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = env_str("ZWGK_EMAIL_FROM", "zwgk@localhost")

# Reverse proxies in front of the application (zwgk.core.middleware.client_ip): the client address is taken
# that many X-Forwarded-For entries from the right, never the client-written first entry. Default: 1 in
# production behind a proxy (ZWGK_BEHIND_PROXY, default on), 0 otherwise (REMOTE_ADDR).
BEHIND_PROXY = env_bool("ZWGK_BEHIND_PROXY", True) and not DEBUG and not TESTING
TRUSTED_PROXIES = env_int("ZWGK_TRUSTED_PROXIES", 1 if BEHIND_PROXY else 0, minimum=0)

# Production hardening; `zwgk check --deploy` passes with these when ZWGK_DEBUG is off.
if not DEBUG and not TESTING:
    SECURE_SSL_REDIRECT = env_bool("ZWGK_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("ZWGK_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("ZWGK_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("ZWGK_HSTS_PRELOAD", False)
    if BEHIND_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = [
    # axes does not lock (zwgk.accounts.throttle does, per username+address and per address).
    "axes.W006",
]
if not env_bool("ZWGK_HSTS_PRELOAD", False):
    SILENCED_SYSTEM_CHECKS.append("security.W021")

# secrecy (保密审查): attachments up to this size are screened inline when a record enters review; larger
# ones by a background task.
SCREENING_INLINE_KB = env_int("ZWGK_SCREENING_INLINE_KB", 256, minimum=0)

# The district this installation serves (shown in the site header and documents).
SITE_NAME = env_str("ZWGK_SITE_NAME", "东丽区人民政府")
SITE_SHORT_NAME = env_str("ZWGK_SITE_SHORT_NAME", "东丽区")
SITE_URL = env_str("ZWGK_SITE_URL", "http://127.0.0.1:8000")
# Footer block of a government website (《政府网站发展指引》 国办发〔2017〕47号, 网站标识 / 备案): the numbers are
# issued to each site, so they are settings; an unset number is left out of the footer rather than invented.
SITE_ORGANISER = env_str("ZWGK_SITE_ORGANISER", "")  # 主办单位; empty = "{SITE_NAME}办公室"
SITE_CODE = env_str("ZWGK_SITE_CODE", "")  # 网站标识码, e.g. 1201100001
SITE_ICP = env_str("ZWGK_SITE_ICP", "")  # ICP备案号, e.g. 津ICP备05004419号
SITE_PSB = env_str("ZWGK_SITE_PSB", "")  # 公安机关备案号, e.g. 津公网安备 12011002000001号
SITE_ICP_URL = env_str("ZWGK_SITE_ICP_URL", "https://beian.miit.gov.cn/")

# Worker heartbeat: /healthz reports unhealthy when the worker has not beaten within this many seconds.
HEARTBEAT_MAX_AGE = env_int("ZWGK_HEARTBEAT_MAX_AGE", 45, minimum=10)

# reports (政府信息公开工作年度报告): Art 49 deadlines as "MM-DD" of the following year, and the agency kinds that
# publish their own report (README: 年度报告).
from zwgk.reports.deadlines import env_month_day  # noqa: E402

REPORT_DEADLINE_DEPARTMENT = env_month_day("ZWGK_REPORT_DEADLINE_DEPARTMENT", "01-31")
REPORT_DEADLINE_GOVERNMENT = env_month_day("ZWGK_REPORT_DEADLINE_GOVERNMENT", "03-31")
REPORT_AGENCY_KINDS = env_list("ZWGK_REPORT_AGENCY_KINDS", ["government", "department", "street", "park"])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("ZWGK_LOG_LEVEL", "INFO")},
    "loggers": {
        # run_huey installs its own handler on "huey"; don't print every line twice.
        "huey": {"level": env_str("ZWGK_TASK_LOG_LEVEL", "WARNING"), "propagate": False},
        "axes": {"level": "WARNING"},
    },
}

# --- documents (政府信息目录、发布流程、政府信息公开专栏) ---
from zwgk.documents.indexno import DEFAULT_PATTERN as _INDEX_DEFAULT  # noqa: E402
from zwgk.documents.indexno import PatternError as _PatternError  # noqa: E402
from zwgk.documents.indexno import validate_pattern as _validate_index_pattern  # noqa: E402

# 索引号 pattern: no national standard was found (regulations.md §6.1, UNVERIFIED), so it is a setting.
try:
    DOCUMENTS_INDEX_NO_PATTERN = _validate_index_pattern(env_str("ZWGK_INDEX_NO_PATTERN", _INDEX_DEFAULT))
except _PatternError as _exc:
    raise ConfigError("ZWGK_INDEX_NO_PATTERN", str(_exc), f"unusable index-number pattern ({_exc})") from None
# 定期审查 (Art 18, work plan item 八): months between reviews of each non-public record; the plan says
# "定期" without a period, the default is yearly.
DOCUMENTS_REVIEW_INTERVAL_MONTHS = env_int("ZWGK_OPENNESS_REVIEW_MONTHS", 12, minimum=1)
# Public pages of the column are cached this many seconds, keyed by a token that changes with any public
# change (publish, withdraw, validity …), so a withdrawn record disappears at once. 0 disables the cache.
DOCUMENTS_PUBLIC_CACHE_SECONDS = env_int("ZWGK_PUBLIC_CACHE_SECONDS", 0 if TESTING else 300, minimum=0)
# --- serving (issue 22; README: 生产部署) ---
# Without a shared cache the validity token is read from the database and held in each process this long, so a
# cached hit costs no query; the process that made a change drops it at once, the others within this time.
PUBLIC_TOKEN_HOLD_MS = env_int("ZWGK_PUBLIC_TOKEN_HOLD_MS", 0 if TESTING else 1000, minimum=0)
# s-maxage of public pages: how long nginx's micro-cache (deploy/nginx/) and any shared cache may keep them, so a
# withdrawn record disappears from nginx within this many seconds. 0 = no shared caching; at most 60.
SHARED_CACHE_SECONDS = min(env_int("ZWGK_SHARED_CACHE_SECONDS", 5, minimum=0), 60)
# Records flagged in the workspace this many working days before their Art 26 time limit.
DOCUMENTS_DUE_SOON_WORKING_DAYS = env_int("ZWGK_PUBLISH_DUE_SOON_DAYS", 5, minimum=0)
# workplan (工作要点台账) — README: 工作要点台账.
# Item 十七 of the 2022 plan: the weight of 政务公开 in performance assessment must not be below 4%.
# Plans of other years or places may set another floor, hence a setting.
WORKPLAN_MIN_WEIGHT_PERCENT = env_int("ZWGK_WORKPLAN_MIN_WEIGHT_PERCENT", 4, minimum=0)
# Names of the assessment office whose 单位管理员 enter that weight (区委组织部（区绩效办） in Dongli).
WORKPLAN_ASSESSMENT_OFFICE = env_list("ZWGK_WORKPLAN_ASSESSMENT_OFFICE", ["区绩效办"])
# Tasks whose time limit is this many days away or less are listed in the unit's 待办事项.
WORKPLAN_DUE_SOON_DAYS = env_int("ZWGK_WORKPLAN_DUE_SOON_DAYS", 10, minimum=1)
# The plan `zwgk demo load` imports (the shared mission file beside the repository).
WORKPLAN_DEMO_PLAN = env_path(
    "ZWGK_WORKPLAN_DEMO_PLAN", BASE_DIR.parent / "shared" / "mission" / "东丽区2022年政务公开工作要点.txt"
)
# --- applications (依申请公开) — README “依申请公开” section documents each variable. ---
# Whether the receipt day counts as day 1 of the 20 working days (regulations.md §1.7 [L]: the usual reading
# counts from the day after).
APPLICATION_COUNT_RECEIPT_DAY = env_bool("ZWGK_APPLICATION_COUNT_RECEIPT_DAY", False)
# Whether the period from a fee notice to payment is left out of the reply period (regulations.md §2 [UNVERIFIED]).
APPLICATION_FEE_PAUSES_CLOCK = env_bool("ZWGK_APPLICATION_FEE_PAUSES_CLOCK", True)
# Art 31(3) for this platform's own online form: "submitted" = the automatic acknowledgement with the application
# number is the organ's confirmation, so the submission day is the receipt day; "confirmed" = staff confirm.
APPLICATION_ONLINE_RECEIPT = env_str("ZWGK_APPLICATION_ONLINE_RECEIPT", "submitted")
if APPLICATION_ONLINE_RECEIPT not in ("submitted", "confirmed"):
    raise ConfigError(
        "ZWGK_APPLICATION_ONLINE_RECEIPT", "应为 submitted 或 confirmed", "expected submitted or confirmed"
    )
# Art 30 "合理的补正期限": the default period offered in the 补正 notice, in working days (staff may change it).
APPLICATION_CORRECTION_PERIOD_DAYS = env_int("ZWGK_APPLICATION_CORRECTION_PERIOD_DAYS", 15, minimum=1)
# 109号 payment window, working days from the day after the fee notice is received (regulations.md §2 [M]).
APPLICATION_PAYMENT_WORKING_DAYS = env_int("ZWGK_APPLICATION_PAYMENT_WORKING_DAYS", 20, minimum=1)
# Reminders: reply due within this many working days.
APPLICATION_REMIND_WITHIN_DAYS = env_int("ZWGK_APPLICATION_REMIND_WITHIN_DAYS", 3, minimum=1)
APPLICATION_REMINDER_HOUR = env_int("ZWGK_APPLICATION_REMINDER_HOUR", 8, minimum=0)
# Abuse and repeats (Art 35, Art 36(6)): monthly count above which an applicant is flagged (the free tier of
# 109号 按件计收 ends at 10), and the rapidfuzz score (0–100) from which two requests count as near-duplicates.
APPLICATION_MONTHLY_FLAG = env_int("ZWGK_APPLICATION_MONTHLY_FLAG", 10, minimum=1)
APPLICATION_DUPLICATE_SCORE = env_int("ZWGK_APPLICATION_DUPLICATE_SCORE", 85, minimum=1)
# Art 44: information requested by at least this many different applicants is a 主动公开 candidate.
APPLICATION_ART44_MIN_APPLICANTS = env_int("ZWGK_APPLICATION_ART44_MIN_APPLICANTS", 2, minimum=2)
APPLICATION_NUMBER_PREFIX = env_str("ZWGK_APPLICATION_NUMBER_PREFIX", "YSQ")
# Remedies quoted in reply letters (行政复议 within 60 days, 行政诉讼 within 6 months).
APPLICATION_REVIEW_ORGAN = env_str("ZWGK_APPLICATION_REVIEW_ORGAN", "天津市东丽区人民政府")
APPLICATION_COURT = env_str("ZWGK_APPLICATION_COURT", "有管辖权的人民法院")
APPLICATION_MAX_PROOF_MB = env_int("ZWGK_APPLICATION_MAX_PROOF_MB", 10, minimum=1)
# The same online submission (every field and the proof's name and size) within this many seconds is one
# application: the second request is told so (issue 23 item 7).
APPLICATION_DEDUP_SECONDS = env_int("ZWGK_APPLICATION_DEDUP_SECONDS", 600, minimum=1)
# Online submissions and query-code attempts allowed per client address per hour.
APPLICATION_SUBMIT_RATE = env_int("ZWGK_APPLICATION_SUBMIT_RATE", 10, minimum=1)
APPLICATION_QUERY_RATE = env_int("ZWGK_APPLICATION_QUERY_RATE", 30, minimum=1)
# zwgk.interaction — 互动交流 (README: 互动交流). Message numbers (LY2026-00012), public submissions and query-code
# attempts per client address per hour, the attachment limit, the inbox's "due soon" window (calendar days), the
# CHK2019 rule that a valid message must not stay unanswered longer than 3 months (单项否决 互动回应差), and how often
# a consultation topic must be asked without an FAQ before 政策问答 is told (work plan item 十五).
INTERACTION_NUMBER_PREFIX = env_str("ZWGK_INTERACTION_NUMBER_PREFIX", "LY")
INTERACTION_SUBMIT_RATE = env_int("ZWGK_INTERACTION_SUBMIT_RATE", 10, minimum=1)
INTERACTION_QUERY_RATE = env_int("ZWGK_INTERACTION_QUERY_RATE", 30, minimum=1)
INTERACTION_MAX_ATTACHMENT_MB = env_int("ZWGK_INTERACTION_MAX_ATTACHMENT_MB", 10, minimum=1)
INTERACTION_DUE_SOON_DAYS = env_int("ZWGK_INTERACTION_DUE_SOON_DAYS", 2, minimum=0)
INTERACTION_UNANSWERED_MONTHS = env_int("ZWGK_INTERACTION_UNANSWERED_MONTHS", 3, minimum=1)
INTERACTION_FAQ_SUGGESTION_COUNT = env_int("ZWGK_INTERACTION_FAQ_SUGGESTION_COUNT", 5, minimum=2)
INTERACTION_MAX_REPLY_DAYS = env_int("ZWGK_INTERACTION_MAX_REPLY_DAYS", 60, minimum=1)
INTERACTION_REMINDER_HOUR = env_int("ZWGK_INTERACTION_REMINDER_HOUR", 8, minimum=0)
# zwgk.columns — 栏目与专题 (README: 栏目、专题专栏与基层政务公开标准目录). CHK2019 (国办秘函〔2019〕19号) 单项否决
# “栏目不更新”: 动态/要闻 columns must be updated within 2 weeks, 通知公告/政策文件 columns within 6 months.
COLUMNS_DYNAMIC_DAYS = env_int("ZWGK_COLUMNS_DYNAMIC_DAYS", 14, minimum=1)
COLUMNS_NOTICE_MONTHS = env_int("ZWGK_COLUMNS_NOTICE_MONTHS", 6, minimum=1)
# zwgk.participation — 征求意见. 《重大行政决策程序暂行条例》第十五条: a comment period is normally at least 30 days
# (shorter only with the reason stated); comments accepted per client address per hour.
PARTICIPATION_MIN_DAYS = env_int("ZWGK_PARTICIPATION_MIN_DAYS", 30, minimum=1)
PARTICIPATION_COMMENT_RATE = env_int("ZWGK_PARTICIPATION_COMMENT_RATE", 20, minimum=1)
# zwgk.search / zwgk.qa — 政策问答 (README: 配置). The generative mode is off unless switched on and configured:
# it calls an OpenAI-compatible chat-completions endpoint and may only rephrase the retrieved passages.
QA_HOTLINE = env_str("ZWGK_QA_HOTLINE", "12345")
QA_GENERATIVE = env_bool("ZWGK_QA_GENERATIVE", False)
QA_LLM_URL = env_str("ZWGK_QA_LLM_URL", "")
QA_LLM_KEY = env_str("ZWGK_QA_LLM_KEY", "")
QA_LLM_MODEL = env_str("ZWGK_QA_LLM_MODEL", "qwen2.5-7b-instruct")
QA_LLM_TIMEOUT = env_int("ZWGK_QA_LLM_TIMEOUT", 20, minimum=1)
if QA_GENERATIVE and not QA_LLM_URL:
    raise ConfigError(
        "ZWGK_QA_LLM_URL",
        "开启 ZWGK_QA_GENERATIVE 时必须设置大模型接口地址，如 http://127.0.0.1:8080/v1",
        "ZWGK_QA_GENERATIVE needs the endpoint URL, e.g. http://127.0.0.1:8080/v1",
    )
# --- reliability (issue 23): extraction bounds, staged uploads, the audit anchor, worker supervision ---
# Bounds of text extraction from any upload (README: 可靠性 / Reliability).
EXTRACT_MAX_INFLATED_MB = env_int("ZWGK_EXTRACT_MAX_INFLATED_MB", 200, minimum=1)
EXTRACT_MAX_RATIO = env_int("ZWGK_EXTRACT_MAX_RATIO", 200, minimum=2)
EXTRACT_MAX_MEMBERS = env_int("ZWGK_EXTRACT_MAX_MEMBERS", 10000, minimum=10)
EXTRACT_MAX_PDF_PAGES = env_int("ZWGK_EXTRACT_MAX_PDF_PAGES", 1000, minimum=1)
EXTRACT_MAX_SECONDS = env_int("ZWGK_EXTRACT_MAX_SECONDS", 60, minimum=1)
# Staged uploads and files no row references are deleted by the daily sweep once older than this.
STAGING_MAX_AGE_HOURS = env_int("ZWGK_STAGING_MAX_AGE_HOURS", 24, minimum=1)
# The audit chain's head (latest hash and count) is written to this file on every event; optional syslog copy.
AUDIT_ANCHOR_FILE = env_path("ZWGK_AUDIT_ANCHOR_FILE", DATA_DIR / "audit-anchor.json")
AUDIT_ANCHOR_SYSLOG = env_bool("ZWGK_AUDIT_ANCHOR_SYSLOG", False)
# Worker liveness: the consumer beats every HEARTBEAT_SECONDS; a job whose worker has not beaten for
# WORKER_LOST_SECONDS is requeued (or failed after WORKER_MAX_RETRIES losses).
HEARTBEAT_SECONDS = env_int("ZWGK_HEARTBEAT_SECONDS", 10, minimum=1)
WORKER_LOST_SECONDS = env_int("ZWGK_WORKER_LOST_SECONDS", 30, minimum=5)
# --- policymatch (政策找人) — README “政策找人”. ---
# Extra profile fields beyond the built-in enterprise / person ones, as a JSON list of
# {"key", "label", "type": int|number|date|bool|choice|text, "kind": enterprise|person|both, "choices": [...]}.
from zwgk.policymatch.conditions import parse_extra_fields as _parse_extra_fields  # noqa: E402

try:
    POLICYMATCH_EXTRA_FIELDS = _parse_extra_fields(env_str("ZWGK_POLICYMATCH_EXTRA_FIELDS", ""))
except ValueError as _exc:
    raise ConfigError(
        "ZWGK_POLICYMATCH_EXTRA_FIELDS", str(_exc), f"unusable extra profile fields ({_exc})"
    ) from None
# 精准推送不打扰 (work plan item 二): at most this many pushes per subscriber per week, none in the quiet hours
# ("HH:MM-HH:MM", local time); the consent text's version stored with each subscription.
POLICYMATCH_PUSH_CAP_PER_WEEK = env_int("ZWGK_POLICYMATCH_PUSH_CAP", 3, minimum=1)
from zwgk.policymatch.push import parse_quiet_hours as _parse_quiet_hours  # noqa: E402

try:
    POLICYMATCH_QUIET_HOURS = _parse_quiet_hours(env_str("ZWGK_POLICYMATCH_QUIET_HOURS", "21:00-08:00"))
except ValueError as _exc:
    raise ConfigError("ZWGK_POLICYMATCH_QUIET_HOURS", str(_exc), "expected HH:MM-HH:MM") from None
POLICYMATCH_CONSENT_VERSION = env_str("ZWGK_POLICYMATCH_CONSENT_VERSION", "2026-1")
# --- zwgk.sitehealth — 网站健康检查 (README “网站健康检查”). CHK2019 thresholds marked [H] in regulations.md §4.1
# are constants in zwgk/sitehealth/checks.py; what is [L]/[UNVERIFIED] or local practice is here.
# Link checker: daily internal crawl at this hour, weekly external check on this weekday (0 = Sunday); pages are
# fetched in-process unless a base URL is given; politeness between two requests to one host; bounded runs.
SITEHEALTH_INTERNAL_HOUR = env_int("ZWGK_SITEHEALTH_INTERNAL_HOUR", 2, minimum=0)
SITEHEALTH_EXTERNAL_WEEKDAY = env_int("ZWGK_SITEHEALTH_EXTERNAL_WEEKDAY", 0, minimum=0)
SITEHEALTH_CRAWL_BASE_URL = env_str("ZWGK_SITEHEALTH_CRAWL_BASE_URL", "")
SITEHEALTH_TIMEOUT_SECONDS = env_int("ZWGK_SITEHEALTH_TIMEOUT_SECONDS", 15, minimum=1)
SITEHEALTH_HOST_DELAY_MS = env_int("ZWGK_SITEHEALTH_HOST_DELAY_MS", 1000, minimum=0)
SITEHEALTH_MAX_RUN_MINUTES = env_int("ZWGK_SITEHEALTH_MAX_RUN_MINUTES", 60, minimum=1)
SITEHEALTH_MAX_PAGES = env_int("ZWGK_SITEHEALTH_MAX_PAGES", 20000, minimum=1)
# Hosts whose links are refused (a domain that changed hands, prohibited content): the host and its sub-domains.
SITEHEALTH_DENY_HOSTS = env_list("ZWGK_SITEHEALTH_DENY_HOSTS", [])
# Availability probe: every N minutes (CHK2019 monitors ≥20 visits a day), these paths, from this base URL (the
# server itself by default; point it at the public URL to include the proxy and the network).
SITEHEALTH_PROBE_MINUTES = env_int("ZWGK_SITEHEALTH_PROBE_MINUTES", 5, minimum=1)
SITEHEALTH_PROBE_BASE_URL = env_str("ZWGK_SITEHEALTH_PROBE_BASE_URL", "http://127.0.0.1:8000")
SITEHEALTH_PROBE_PATHS = env_list(
    "ZWGK_SITEHEALTH_PROBE_PATHS", ["/", "/xxgk/", "/xxgk/policies/", "/interaction/"]
)
SITEHEALTH_PROBE_KEEP_DAYS = env_int("ZWGK_SITEHEALTH_PROBE_KEEP_DAYS", 400, minimum=31)
# "应更新但长期未更新": the length of 长期 is not in the copies seen [UNVERIFIED] — one year by default.
SITEHEALTH_LONG_STALE_DAYS = env_int("ZWGK_SITEHEALTH_LONG_STALE_DAYS", 365, minimum=15)
# 链接可用性 deductions [UNVERIFIED], in tenths of a point: per broken home-page link, per other broken link, per
# external link redirected to another domain; each kind capped.
SITEHEALTH_POINTS_HOME_LINK_TENTHS = env_int("ZWGK_SITEHEALTH_POINTS_HOME_LINK_TENTHS", 10, minimum=0)
SITEHEALTH_POINTS_LINK_TENTHS = env_int("ZWGK_SITEHEALTH_POINTS_LINK_TENTHS", 2, minimum=0)
SITEHEALTH_POINTS_OFFSITE_TENTHS = env_int("ZWGK_SITEHEALTH_POINTS_OFFSITE_TENTHS", 5, minimum=0)
SITEHEALTH_POINTS_CAP = env_int("ZWGK_SITEHEALTH_POINTS_CAP", 10, minimum=1)
# Page-view counter (PV/UV for the 年度报表): counts kept in each web process and written at most every N seconds.
SITEHEALTH_PAGEVIEWS = env_bool("ZWGK_SITEHEALTH_PAGEVIEWS", not TESTING)
SITEHEALTH_PAGEVIEW_FLUSH_SECONDS = env_int("ZWGK_SITEHEALTH_PAGEVIEW_FLUSH_SECONDS", 60, minimum=1)
# Behind a caching proxy: count at /_pv from the proxy's mirror subrequests instead of in the middleware.
SITEHEALTH_PAGEVIEW_MIRROR = env_bool("ZWGK_SITEHEALTH_PAGEVIEW_MIRROR", False)
# --- newmedia (政务新媒体) — README “政务新媒体”. ---
# CHK2019 (国办秘函〔2019〕19号, regulations.md §4.4): an account with no update within the 2 weeks before the check
# point is a 僵尸号 (单项否决). Feeds (RSS/Atom) are read every FEED_EVERY_HOURS hours, each fetch bounded in time
# and size; addresses in private ranges are refused unless allowed (tests and intranet feeds).
NEWMEDIA_ZOMBIE_DAYS = env_int("ZWGK_NEWMEDIA_ZOMBIE_DAYS", 14, minimum=1)
NEWMEDIA_FEED_EVERY_HOURS = env_int("ZWGK_NEWMEDIA_FEED_EVERY_HOURS", 6, minimum=1)
NEWMEDIA_FEED_TIMEOUT = env_int("ZWGK_NEWMEDIA_FEED_TIMEOUT", 15, minimum=1)
NEWMEDIA_FEED_MAX_KB = env_int("ZWGK_NEWMEDIA_FEED_MAX_KB", 2048, minimum=16)
NEWMEDIA_FEED_ALLOW_PRIVATE = env_bool("ZWGK_NEWMEDIA_FEED_ALLOW_PRIVATE", False)
# SMS gateway of 政策找人 (off while the URL is empty): pushes and one-time codes are POSTed as JSON
# {"to", "text"} with "Authorization: Bearer <key>" (policymatch/channels.py).
POLICYMATCH_SMS_URL = env_str("ZWGK_POLICYMATCH_SMS_URL", "")
POLICYMATCH_SMS_KEY = env_str("ZWGK_POLICYMATCH_SMS_KEY", "")
if POLICYMATCH_SMS_URL and not POLICYMATCH_SMS_URL.startswith(("http://", "https://")):
    raise ConfigError(
        "ZWGK_POLICYMATCH_SMS_URL", "短信网关地址应以 http:// 或 https:// 开头", "expected an http(s) URL"
    )

# 数据公开 (zwgk.datasets): the default 公示 period of a 惠农补贴 result list, in working days. Work plan item 十五 asks
# for the results to be shown per village with a 公开期 and kept at the 村委会 afterwards, but fixes no length;
# the uploader may give another period or an end date at import.
DATASETS_PUBLICITY_DAYS = env_int("ZWGK_DATASETS_PUBLICITY_DAYS", 7, minimum=1)
