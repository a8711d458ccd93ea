"""Settings for the export storefront, read from the environment (12-factor).

Every value has a safe local default except the ones that must never have one in production:
with ``DEBUG=false`` a ``SECRET_KEY`` must be given, and the HTTPS/cookie hardening switches on.
``.env`` at the project root (written by ``make`` from ``.env.example``) is read if present;
real environment variables always win over it.
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
_LOCAL_ONLY_SECRET_KEY = "local-development-only-secret-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env("SECRET_KEY", default=_LOCAL_ONLY_SECRET_KEY if DEBUG else environ.Env.NOTSET)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://localhost:8000")

INSTALLED_APPS = [
    # modeltranslation must come before django.contrib.admin to patch its forms.
    "modeltranslation",
    "apps.core.admin_site.AdminConfig",  # django.contrib.admin with our site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.facebook",
    "allauth.socialaccount.providers.openid_connect",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_countries",
    "djmoney",
    "djmoney.contrib.exchange",
    "django_celery_beat",
    "apps.core",
    "apps.currencies",
    "apps.sitecontent",
    "apps.accounts",
    "apps.members",
    "apps.companies",
    "apps.pricelists",
    "apps.credit",
    "apps.catalog",
    "apps.orders",
    "apps.checkout",
    "apps.payments",
    "apps.documents",
    "apps.ledger",
    "apps.tiers",
    "apps.memberships",
    "apps.rewards",
    "apps.engagement",
    "apps.quotes",
    "apps.notifications",
    "apps.analytics",
    "apps.risk",
    "apps.integrations",
    "apps.messaging",
    # Layers (#17): pages that gather many domains (the shopper's, the staff's), and the demo
    # data, above them all.
    "apps.storefront",
    "apps.backoffice",
    # Metrics and readiness (#23): reads every domain's figures, so above them all.
    "apps.observability",
    "apps.demo",
]

MIDDLEWARE = [
    # First: every response (refusals by later middleware too) has its request id, and every
    # request is counted and timed for the metrics (docs/operations.md, "Observability").
    "apps.core.request_id.RequestIdMiddleware",
    "apps.core.metrics.RequestMetricsMiddleware",
    "apps.core.replica.ReplicaReadsMiddleware",  # reports from the replica, when there is one
    "django.middleware.security.SecurityMiddleware",
    "apps.core.security_headers.ContentSecurityPolicyMiddleware",
    "apps.core.security_headers.PermissionsPolicyMiddleware",
    "apps.core.input_limits.InputLimitsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "apps.currencies.middleware.CurrencyMiddleware",
    "apps.risk.devices.DeviceCookieMiddleware",
    "apps.accounts.middleware.StaffTwoFactorMiddleware",
    "apps.accounts.middleware.PersonalDataMaskingMiddleware",
    # Last, so that it sees the views' exceptions first: 503 + Retry-After when Redis is down.
    "apps.core.unavailable.ServiceUnavailableMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"
SITE_ID = 1

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
                "apps.storefront.context_processors.storefront",
                "apps.sitecontent.context_processors.merchant",
            ],
        },
    },
]

# --- Data stores -------------------------------------------------------------------------------
DATABASES = {
    "default": env.db(
        "DATABASE_URL", default="postgres://storefront:storefront@127.0.0.1:5432/storefront"
    ),
}
# Migrations run as the role that owns the tables (DATABASE_OWNER_URL: the same database, the
# owner's credentials); the application's role (DATABASE_URL) owns nothing and may only do what
# ``migrate`` grants it (apps/core/database_roles.py). Unset: one role for both.
if env("DATABASE_OWNER_URL", default=""):
    _owner = env.db("DATABASE_OWNER_URL")
    DATABASES["default"]["OWNER"] = {
        key: _owner[key] for key in ("USER", "PASSWORD", "HOST", "PORT")
    }
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The same backend with a health check that needs no round trip (see the module).
    DATABASES["default"]["ENGINE"] = "apps.core.postgres"
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env.int(
    "DB_CONNECT_TIMEOUT", default=5
)
# A streaming replica for the pages that only report (apps/core/replica.py, docs/operations.md,
# "Read replica"): the same database, read-only, as the application's role.
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **env.db("DATABASE_REPLICA_URL"),
        "ENGINE": DATABASES["default"]["ENGINE"],
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": dict(DATABASES["default"]["OPTIONS"]),
    }
USE_REPLICA = bool(DATABASE_REPLICA_URL)
DATABASE_ROUTERS = ["apps.core.replica.ReplicaRouter"]
# Views whose safe requests read from the replica (URL names, fnmatch patterns): the programme
# dashboard (the admin's index) and its CSV, the points accounting report, the reporting API,
# the admin lists' CSV exports.
REPLICA_READ_VIEWS = env.list(
    "REPLICA_READ_VIEWS",
    default=[
        "admin:index",
        "programme_dashboard_csv",
        "points_accounting",
        "api:report-*",
        "admin:*_export",
    ],
)
# After a request that may write, its client reads from the primary this long (read your
# writes while the replica catches up).
REPLICA_PIN_COOKIE = "primary_reads"
REPLICA_PIN_SECONDS = env.int("REPLICA_PIN_SECONDS", default=10)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        "BACKEND": "apps.core.cache.RedisCache",  # keeps its clients (see the module)
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "storefront",
        # Redis down or hung: give up quickly; the cache then fails open (see the module).
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
    }
}
# Sessions live in the database only: with Redis down, shoppers stay signed in (a cached copy
# could not be forgotten during an outage and would bring a signed-out session back).
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Accounts ----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "members:dashboard"

ACCOUNT_ADAPTER = "apps.accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_FORMS = {"signup": "apps.accounts.forms.SignupForm"}  # an optional company
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = env("EMAIL_SUBJECT_PREFIX", default="")
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False  # keeps this session; others end (session hash)
SOCIALACCOUNT_ADAPTER = "apps.accounts.adapters.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env("MFA_TOTP_ISSUER", default="Export Storefront")
# Staff set up TOTP only through an invitation link (apps/accounts/two_factor.py), valid this long.
STAFF_TWO_FACTOR_INVITATION_HOURS = env.int("STAFF_TWO_FACTOR_INVITATION_HOURS", default=24)
# How long a company invitation link works (docs/companies.md); sending it again renews it.
COMPANY_INVITATION_DAYS = env.int("COMPANY_INVITATION_DAYS", default=14)
# Local demos only: allauth refuses to start with a bypass code when DEBUG is off.
MFA_TOTP_INSECURE_BYPASS_CODE = (
    env("MFA_TOTP_INSECURE_BYPASS_CODE", default=None) if DEBUG else None
)


def _social_provider(prefix: str, **extra) -> dict:
    """A provider block whose app is configured only when its client id is in the environment.

    Without the variables the provider can still be configured in the admin (Social applications).
    """
    client_id = env(f"{prefix}_CLIENT_ID", default="")
    if not client_id:
        return extra
    return {"APPS": [{"client_id": client_id, "secret": env(f"{prefix}_CLIENT_SECRET")}], **extra}


SOCIALACCOUNT_PROVIDERS = {
    "google": _social_provider("GOOGLE", SCOPE=["profile", "email"]),
    "facebook": _social_provider("FACEBOOK", SCOPE=["email"]),
    "openid_connect": {
        "APPS": (
            [
                {
                    "provider_id": "linkedin",
                    "name": "LinkedIn",
                    "client_id": env("LINKEDIN_CLIENT_ID"),
                    "secret": env("LINKEDIN_CLIENT_SECRET"),
                    "settings": {"server_url": "https://www.linkedin.com/oauth"},
                }
            ]
            if env("LINKEDIN_CLIENT_ID", default="")
            else []
        )
    },
}

# --- Internationalisation ----------------------------------------------------------------------
LANGUAGE_CODE = "en"
FORMAT_MODULE_PATH = ["config.formats"]  # number formats for Arabic and Chinese (see there)
LANGUAGES = [
    ("en", _("English")),
    ("zh-hans", _("Simplified Chinese")),
    ("de", _("German")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
    ("ja", _("Japanese")),
    ("pt", _("Portuguese")),
    ("ru", _("Russian")),
]
LOCALE_PATHS = [
    BASE_DIR / "locale",
    # Packages that ship only pt_BR/pt_PT catalogues: their strings for our plain "pt"; and
    # allauth's German messages in the formal "Sie" (its own catalogue says "du").
    BASE_DIR / "locale_vendor" / "allauth",
    BASE_DIR / "locale_vendor" / "django_countries",
]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# The tabbed translation admin loads jQuery UI from a CDN by default; serve our vendored copy.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

# --- Money -------------------------------------------------------------------------------------
BASE_CURRENCY = "USD"
CURRENCIES = ("USD", "EUR", "GBP", "CNY", "JPY", "AUD", "CAD")
DEFAULT_CURRENCY = BASE_CURRENCY
# A visitor who has not chosen a currency sees their country's (a proxy's country header, or the
# region of the browser's language, e.g. en-GB), else their language's; unknown: the base
# currency. Environment: "de=EUR,ja=JPY" style lists replace the defaults.
EUROZONE = [
    "AT",
    "BE",
    "CY",
    "DE",
    "EE",
    "ES",
    "FI",
    "FR",
    "GR",
    "HR",
    "IE",
    "IT",
    "LT",
    "LU",
    "LV",
    "MT",
    "NL",
    "PT",
    "SI",
    "SK",
]
CURRENCY_BY_COUNTRY = env.dict(
    "CURRENCY_BY_COUNTRY",
    default={
        **dict.fromkeys(EUROZONE, "EUR"),
        "US": "USD",
        "GB": "GBP",
        "CN": "CNY",
        "JP": "JPY",
        "AU": "AUD",
        "CA": "CAD",
    },
)
CURRENCY_BY_LANGUAGE = env.dict(
    "CURRENCY_BY_LANGUAGE",
    default={"de": "EUR", "fr": "EUR", "zh-hans": "CNY", "ja": "JPY"},
)
# A request header carrying the visitor's country from a proxy or CDN (e.g. CF-IPCountry).
VISITOR_COUNTRY_HEADER = env("VISITOR_COUNTRY_HEADER", default="")
EXCHANGE_BACKEND = "apps.currencies.exchange.MerchantRatesBackend"

# --- Static files ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Source maps are fetched only by a developer's browser tools: served as they are, not
# compressed at build time (they are half the bytes; brotli on them took most of the build).
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (
    *("jpg", "jpeg", "png", "gif", "webp", "zip", "gz", "tgz", "bz2", "tbz", "xz", "br"),
    *("swf", "flv", "woff", "woff2", "3gp", "3gpp", "asf", "avi", "m4v", "mov", "mp4"),
    *("mpeg", "mpg", "webm", "wmv", "map"),
)

# --- Email -------------------------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
# Where staff are told of requests for quotation (empty: the company details' e-mail).
QUOTES_STAFF_EMAIL = env("QUOTES_STAFF_EMAIL", default="")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Export Storefront <shop@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Seconds before an SMTP connection or command gives up (the task then retries with backoff).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)

# --- Celery ------------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = None
# --- Celery reliability (#17 "Faults") ---------------------------------------------------------
# Queues and routes: config/celery.py. A task whose worker died (kill -9, OOM, lost machine) is
# handed out again once its message has been unacknowledged for the visibility timeout: short,
# so the rest of a job is done within a minute or two. Nothing may therefore run longer than
# that, or wait longer for a countdown: the hard time limit is below it, long jobs are chains of
# short batches under a lease (apps/core/batch_jobs.py), retries back off at most a minute
# (config.celery.RETRY_BACKOFF_MAX) and long waits (webhook retries) are swept by beat instead.
CELERY_TASK_ACKS_LATE = True  # tasks are idempotent: redeliver when a worker dies mid-task
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # a worker process reserves only the message it runs
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=120)
CELERY_TASK_TIME_LIMIT = CELERY_VISIBILITY_TIMEOUT * 3 // 4
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - max(1, CELERY_VISIBILITY_TIMEOUT // 12)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    # Look for messages to hand out again every few seconds (kombu's default is ~100 s).
    "unacked_restore_interval": max(1, min(10, CELERY_VISIBILITY_TIMEOUT // 10)),
    "unacked_restore_throttle": 1,
}
# Points accounts per batch (one transaction, a few seconds at most) of the release and expiry
# jobs.
LEDGER_JOB_BATCH_ACCOUNTS = env.int("LEDGER_JOB_BATCH_ACCOUNTS", default=10_000)
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE
# How long today's computed programme figures serve every reader (apps/analytics/live.py):
# a minute; at a million members, where computing them takes about 40 s, 300.
ANALYTICS_LIVE_FIGURES_SECONDS = env.int("ANALYTICS_LIVE_FIGURES_SECONDS", default=60)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# --- Payments ----------------------------------------------------------------------------------
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env("STRIPE_API_BASE", default="https://api.stripe.com")
# The demo club's Stripe Price ids (`seed_demo`), "month-USD=price_...,year-USD=price_...";
# without them the demo prices get placeholders (or, with Stripe set up, are created there).
DEMO_MEMBERSHIP_STRIPE_PRICES = env.dict("DEMO_MEMBERSHIP_STRIPE_PRICES", default={})
PAYPAL_MODE = env("PAYPAL_MODE", default="sandbox")
PAYPAL_CLIENT_ID = env("PAYPAL_CLIENT_ID", default="")
PAYPAL_CLIENT_SECRET = env("PAYPAL_CLIENT_SECRET", default="")
PAYPAL_WEBHOOK_ID = env("PAYPAL_WEBHOOK_ID", default="")
PAYPAL_API_BASE = env("PAYPAL_API_BASE", default="")
# payfix (#17): a second payment the provider took for an order that no longer waited for it is
# flagged "paid twice" and, unless this is off, refunded in full automatically.
PAYMENTS_REFUND_DUPLICATES = env.bool("PAYMENTS_REFUND_DUPLICATES", default=True)
# Paid membership (#22, docs/memberships.md): after a failed renewal the benefits last this many
# days while Stripe retries, with a reminder e-mail on each of these days after the failure.
MEMBERSHIP_GRACE_DAYS = env.int("MEMBERSHIP_GRACE_DAYS", default=7)
MEMBERSHIP_REMINDER_DAYS = env.list("MEMBERSHIP_REMINDER_DAYS", cast=int, default=[0, 3, 6])
# A renewing subscription keeps its benefits this long past the period's end while Stripe
# finalises and charges the renewal's invoice (about an hour).
MEMBERSHIP_RENEWAL_LEEWAY_HOURS = env.int("MEMBERSHIP_RENEWAL_LEEWAY_HOURS", default=6)
# Orders still unpaid after this many days are cancelled (stock and redeemed points return).
UNPAID_ORDER_DAYS = {
    "stripe": env.int("UNPAID_CARD_ORDER_DAYS", default=2),
    "paypal": env.int("UNPAID_PAYPAL_ORDER_DAYS", default=2),
    "bank_transfer": env.int("UNPAID_BANK_TRANSFER_ORDER_DAYS", default=30),
}
# Orders on net terms (docs/credit.md): a payment reminder this many days before the due date,
# and one this many days after it.
PAYMENT_REMINDER_DAYS_BEFORE = env.int("PAYMENT_REMINDER_DAYS_BEFORE", default=3)
PAYMENT_OVERDUE_REMINDER_DAYS_AFTER = env.int("PAYMENT_OVERDUE_REMINDER_DAYS_AFTER", default=1)
# Shown to buyers who pay by bank transfer; staff confirm receipt in the admin. Bank transfer is
# offered only when set (a made-up demo account when DEBUG is on).
# The named place of an order's Incoterm when checkout or the API does not give one (the
# merchant's port or works); staff can change it on the order.
DEFAULT_INCOTERM_PLACE = env("DEFAULT_INCOTERM_PLACE", default="Hamburg")

BANK_TRANSFER_DETAILS = env(
    "BANK_TRANSFER_DETAILS",
    default="Export Storefront Ltd · IBAN DE89 3704 0044 0532 0130 00 · BIC COBADEFFXXX"
    if DEBUG
    else "",
)

# --- WhatsApp and SMS (docs/messaging.md) --------------------------------------------------------
# apps.messaging.backends.TwilioBackend sends through Twilio; the console backend logs messages.
MESSAGING_BACKEND = env(
    "MESSAGING_BACKEND",
    default="apps.messaging.backends.TwilioBackend"
    if env("TWILIO_ACCOUNT_SID", default="")
    else "apps.messaging.backends.ConsoleBackend",
)
TWILIO_ACCOUNT_SID = env("TWILIO_ACCOUNT_SID", default="")
TWILIO_AUTH_TOKEN = env("TWILIO_AUTH_TOKEN", default="")
TWILIO_MESSAGING_SERVICE_SID = env("TWILIO_MESSAGING_SERVICE_SID", default="")
TWILIO_SMS_FROM = env("TWILIO_SMS_FROM", default="")
TWILIO_WHATSAPP_FROM = env("TWILIO_WHATSAPP_FROM", default="")
TWILIO_API_BASE = env("TWILIO_API_BASE", default="")  # tests: a local fake of the API
TWILIO_TIMEOUT_SECONDS = env.int("TWILIO_TIMEOUT_SECONDS", default=10)
# At most this many messages per member and channel in 24 hours (more are not sent), and this
# many messages per minute across the shop (more wait for the next minute).
MESSAGING_MEMBER_DAILY_LIMIT = env.int("MESSAGING_MEMBER_DAILY_LIMIT", default=10)
MESSAGING_GLOBAL_PER_MINUTE = env.int("MESSAGING_GLOBAL_PER_MINUTE", default=300)
# Tries of a message whose sending failed for a reason that may pass (then it stays failed).
MESSAGING_MAX_ATTEMPTS = env.int("MESSAGING_MAX_ATTEMPTS", default=6)

# --- REST API ----------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["apps.integrations.api.authentication.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": [
        "apps.integrations.api.permissions.HasScope",
        "apps.integrations.api.permissions.KnownQueryParameters",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["apps.integrations.api.throttling.ApiKeyRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "apps.integrations.api.pagination.PagePagination",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "apps.integrations.api.exceptions.api_exception_handler",
    "UNAUTHENTICATED_USER": None,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Export Storefront API",
    "DESCRIPTION": (
        "Members, points, tiers, rewards, orders and webhooks for ERP and CRM integrations. "
        "Authenticate with `Authorization: Bearer <API key>`; see docs/api.md."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "CurrencyEnum": "apps.members.models.CURRENCY_CHOICES",
        "CountryEnum": "django_countries.countries",
        "AccountTypeEnum": "apps.ledger.holders.ACCOUNT_TYPES",
        "PriceListKindEnum": "apps.pricelists.models.PriceListKind",
        # The shop's languages (a member's preferred language, a review's language): one enum,
        # under the name the SDKs have had since the members API.
        "PreferredLanguageEnum": "config.settings.LANGUAGES",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "apps.integrations.api.schema.add_error_responses",
        "apps.integrations.api.schema.suit_the_generators",
    ],
}
# Domain events (apps.core.outbox): a subscriber that fails is tried again after base x 2^n
# seconds, capped; it is never given up (staff see it in the admin).
EVENT_RETRY_BASE_SECONDS = env.float("EVENT_RETRY_BASE_SECONDS", default=30)
EVENT_RETRY_MAX_SECONDS = env.float("EVENT_RETRY_MAX_SECONDS", default=60 * 60)
# Per API key and minute, unless the key has its own limit (admin).
API_RATE_LIMIT_PER_MINUTE = env.int("API_RATE_LIMIT_PER_MINUTE", default=1200)
# Outbound webhooks: retries with exponential backoff (base x 2^n, capped), then give up; an
# endpoint failing this many attempts in a row is disabled and flagged in the admin.
WEBHOOK_RETRY_BASE_SECONDS = env.float("WEBHOOK_RETRY_BASE_SECONDS", default=30)
WEBHOOK_RETRY_MAX_SECONDS = env.float("WEBHOOK_RETRY_MAX_SECONDS", default=60 * 60)
WEBHOOK_MAX_ATTEMPTS = env.int("WEBHOOK_MAX_ATTEMPTS", default=10)
# Retries waiting up to this long are queued with a countdown; longer ones by the minute job
# (integrations.retry_due_webhooks): a countdown must stay well under the visibility timeout.
WEBHOOK_RETRY_COUNTDOWN_MAX_SECONDS = CELERY_VISIBILITY_TIMEOUT // 2
WEBHOOK_DISABLE_AFTER_FAILURES = env.int("WEBHOOK_DISABLE_AFTER_FAILURES", default=30)
# Only for development and tests: allow webhooks to localhost and private networks.
WEBHOOKS_ALLOW_PRIVATE_URLS = env.bool("WEBHOOKS_ALLOW_PRIVATE_URLS", default=DEBUG)
# Private networks webhooks may reach even so (CIDRs, e.g. an ERP inside the company network).
WEBHOOKS_ALLOWED_NETWORKS = env.list("WEBHOOKS_ALLOWED_NETWORKS", default=[])
# CA certificates that webhook endpoints' TLS certificates are checked against (a PEM file);
# empty: the public ones (certifi).
WEBHOOK_CA_BUNDLE = env("WEBHOOK_CA_BUNDLE", default="")

# --- Security ----------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# The storefront's device cookie (apps/risk/devices.py, docs/fraud.md): a random id, first-party,
# kept two years, read when a member signs up or in to see accounts sharing a browser.
DEVICE_COOKIE_NAME = env("DEVICE_COOKIE_NAME", default="device")
if env.bool("USE_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Content-Security-Policy (django-csp; apps/core/security_headers.py): scripts only from our own
# origin (no inline scripts, no eval; the API docs load Swagger UI's script as a file too),
# nothing framed or embedded. Inline style attributes stay allowed (progress bars, the admin,
# Swagger UI): they cannot run code. data: images are the two-factor set-up's QR code and
# Swagger UI's icons. Forms may lead to the payment and sign-in providers' pages (the checkout's
# redirect, social sign-in).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [
            SELF,
            "https://checkout.stripe.com",
            "https://www.paypal.com",
            "https://www.sandbox.paypal.com",
            "https://accounts.google.com",
            "https://www.facebook.com",
            "https://www.linkedin.com",
        ],
    }
}
# Browser features no page of ours uses, switched off for them and anything they might embed.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "usb": [],
    "serial": [],
    "xr-spatial-tracking": [],
    "fullscreen": ["self"],
}

# Input limits (apps/core/input_limits.py): bigger bodies answer 413, deeper JSON (or JSON with
# more arrays and objects) 400. Bodies
# other than file uploads are read into memory, so they stay small; the API's largest (an
# offline order of 500 lines) is far below 1 MiB.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
UPLOAD_MAX_BODY_SIZE = env.int("UPLOAD_MAX_BODY_SIZE", default=20 * 1024 * 1024)
JSON_MAX_DEPTH = env.int("JSON_MAX_DEPTH", default=64)
JSON_MAX_CONTAINERS = env.int("JSON_MAX_CONTAINERS", default=100_000)

# --- Observability (#23; docs/operations.md, "Observability") ----------------------------------
# Logs: one JSON object a line (LOG_FORMAT=json, the default) with the request id
# (apps/core/request_id.py) and, in a worker, the task's name and id; LOG_FORMAT=plain for a
# human reading a terminal. Celery workers log through this configuration too.
LOG_FORMAT = env("LOG_FORMAT", default="json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "apps.core.request_id.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": [
                "asctime",
                "levelname",
                "name",
                "message",
                "request_id",
                "task",
                "task_id",
                "process",
            ],
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "json_ensure_ascii": False,
        },
        "plain": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain" if LOG_FORMAT == "plain" else "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # WeasyPrint logs every step of every PDF at INFO, fontTools each font subset.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # workers log as above, JSON included

# Set for gunicorn (config/gunicorn.py); prometheus_client reads it from the environment.
PROMETHEUS_MULTIPROC_DIR = env("PROMETHEUS_MULTIPROC_DIR", default="")
# Metrics (/metrics, Prometheus text format): readable with "Authorization: Bearer
# <METRICS_TOKEN>" or from an address in METRICS_ALLOWED_NETWORKS (CIDRs); with neither set the
# endpoint answers 404. Gunicorn's workers share their counters through files in
# PROMETHEUS_MULTIPROC_DIR (config/gunicorn.py; read by prometheus_client from the environment).
METRICS_TOKEN = env("METRICS_TOKEN", default="")
METRICS_ALLOWED_NETWORKS = env.list("METRICS_ALLOWED_NETWORKS", default=[])
# Accounts whose ledger invariants each /metrics scrape checks (an alert, not readiness).
LEDGER_CHECK_SAMPLE = env.int("LEDGER_CHECK_SAMPLE", default=200)
# /readyz fails when the oldest undelivered event is older than this (seconds).
READYZ_MAX_OUTBOX_LAG = env.int("READYZ_MAX_OUTBOX_LAG", default=600)

# Errors to Sentry when SENTRY_DSN is set (web and workers); nothing is sent without it.
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    from importlib import import_module

    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        release=env("SENTRY_RELEASE", default=None),
        integrations=[DjangoIntegration(), CeleryIntegration()],
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        send_default_pii=False,
        # The request id as a tag (the module is imported once the event is sent).
        before_send=lambda event, hint: import_module("apps.core.request_id").tag_sentry_event(
            event, hint
        ),
    )
