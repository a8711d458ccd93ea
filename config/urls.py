from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from apps.analytics import accounting
from apps.catalog.sitemaps import CategorySitemap, ProductSitemap
from apps.core import views as core_views
from apps.payments import webhooks
from apps.sitecontent import views as sitecontent_views
from apps.sitecontent.sitemaps import ContentPageSitemap

# The admin signs in through allauth, so staff get rate limits and two-factor authentication.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = _("Export Storefront administration")
admin.site.site_title = _("Export Storefront")
admin.site.index_title = _("Merchant back office")

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("robots.txt", sitecontent_views.robots_txt, name="robots_txt"),
    path("favicon.ico", sitecontent_views.FaviconView.as_view(), name="favicon"),
    path(
        "admin/reports/points-accounting/",
        admin.site.admin_view(accounting.points_accounting),
        name="points_accounting",
    ),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("currency/", core_views.set_currency, name="set_currency"),
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
]

urlpatterns += i18n_patterns(
    path("", include("apps.core.urls")),
    path("", include("apps.catalog.urls")),
    path("", include("apps.checkout.urls")),
    path("", include("apps.orders.urls")),
    path("", include("apps.payments.urls")),
    path("", include("apps.members.urls")),
    path("", include("apps.rewards.urls")),
    path("", include("apps.sitecontent.urls")),
    path("accounts/", include("apps.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    prefix_default_language=True,
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
