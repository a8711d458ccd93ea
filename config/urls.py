from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from apps.analytics import accounting
from apps.analytics.dashboard_views import dashboard_csv, dashboard_refresh, opening_on_dashboard
from apps.catalog.sitemaps import CategorySitemap, ProductSitemap
from apps.core import views as core_views
from apps.currencies import views as currency_views
from apps.observability import views as observability_views
from apps.payments import webhooks
from apps.sitecontent import views as sitecontent_views
from apps.sitecontent.sitemaps import ContentPageSitemap

# The admin signs in through allauth, so staff get rate limits and two-factor authentication.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = _("Export Storefront administration")
admin.site.site_title = _("Export Storefront")
admin.site.index_title = _("Merchant back office")
# The admin opens on the programme dashboard for staff allowed to see it; the list of sections
# stays reachable (admin/sections/ and every page's sidebar).
admin_sections = admin.site.index
admin.site.index = opening_on_dashboard(admin.site.index)  # type: ignore[method-assign]

# Error pages in our layouts and the reader's language (templates/403.html, 404.html, 500.html).
handler403 = core_views.permission_denied

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", observability_views.readyz, name="readyz"),
    path("metrics", observability_views.metrics, name="metrics"),
    path("robots.txt", sitecontent_views.robots_txt, name="robots_txt"),
    path("favicon.ico", sitecontent_views.FaviconView.as_view(), name="favicon"),
    path("admin/sections/", admin.site.admin_view(admin_sections), name="admin_sections"),
    path(
        "admin/dashboard.csv",
        admin.site.admin_view(dashboard_csv),
        name="programme_dashboard_csv",
    ),
    path(
        "admin/dashboard/refresh/",
        admin.site.admin_view(dashboard_refresh),
        name="programme_dashboard_refresh",
    ),
    path(
        "admin/reports/points-accounting/",
        admin.site.admin_view(accounting.points_accounting),
        name="points_accounting",
    ),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("currency/", currency_views.set_currency, name="set_currency"),
    path(
        "sitemap.xml",
        sitemap,
        {
            "sitemaps": {
                "products": ProductSitemap,
                "categories": CategorySitemap,
                "pages": ContentPageSitemap,
            }
        },
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("payments/webhooks/stripe/", webhooks.stripe_webhook, name="stripe_webhook"),
    path("payments/webhooks/paypal/", webhooks.paypal_webhook, name="paypal_webhook"),
    path("api/", include("apps.integrations.api.urls")),
    path("", include("apps.messaging.urls")),
]

urlpatterns += i18n_patterns(
    path("", include("apps.storefront.urls")),
    path("", include("apps.catalog.urls")),
    path("", include("apps.checkout.urls")),
    path("", include("apps.orders.urls")),
    path("", include("apps.payments.urls")),
    path("", include("apps.storefront.member_urls")),
    path("", include("apps.documents.urls")),
    path("", include("apps.quotes.urls")),
    path("", include("apps.rewards.urls")),
    path("", include("apps.engagement.urls")),
    path("", include("apps.sitecontent.urls")),
    path("accounts/", include("apps.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    prefix_default_language=True,
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
