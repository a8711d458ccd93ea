from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from apps.core import views as core_views

# The admin signs in through allauth, so staff get rate limits and two-factor authentication.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = _("Export Storefront administration")
admin.site.site_title = _("Export Storefront")
admin.site.index_title = _("Merchant back office")

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("currency/", core_views.set_currency, name="set_currency"),
]

urlpatterns += i18n_patterns(
    path("", include("apps.core.urls")),
    path("accounts/", include("allauth.urls")),
    prefix_default_language=True,
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
