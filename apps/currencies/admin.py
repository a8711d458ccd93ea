from django import forms
from django.conf import settings
from django.contrib import admin
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from djmoney.contrib.exchange.models import Rate

from .models import ExchangeRate
from .services import forget_cached_rates, set_exchange_rate

admin.site.unregister(Rate)  # djmoney's admin cannot create rates (its backend is read-only)


# Formatted when shown, in the reader's language (formatting at import fixed it in English).
UNITS_PER_BASE = lazy(
    lambda: gettext("units per 1 %(base)s") % {"base": settings.BASE_CURRENCY}, str
)()


class ExchangeRateForm(forms.ModelForm):
    currency = forms.ChoiceField(
        label=_("currency"),
        choices=[(code, code) for code in settings.CURRENCIES if code != settings.BASE_CURRENCY],
    )

    class Meta:
        model = ExchangeRate
        fields = ("currency", "value")
        labels = {"value": UNITS_PER_BASE}

    def clean_value(self):
        value = self.cleaned_data["value"]
        if value is not None and value <= 0:
            raise forms.ValidationError(_("An exchange rate must be greater than zero."))
        return value


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    form = ExchangeRateForm
    # djmoney's fields have no translated labels: shown through labelled columns.
    list_display = ("rate_currency", "rate_value", "last_update")
    ordering = ("currency",)
    list_select_related = ("backend",)

    @admin.display(description=_("currency"), ordering="currency")
    def rate_currency(self, rate: ExchangeRate):
        return rate.currency

    @admin.display(description=UNITS_PER_BASE, ordering="value")
    def rate_value(self, rate: ExchangeRate):
        return rate.value

    @admin.display(description=_("last update"))
    def last_update(self, rate: ExchangeRate):
        return rate.backend.last_update

    def get_fields(self, request, obj=None):
        return ("rate_currency", "value") if obj else ("currency", "value")

    def get_readonly_fields(self, request, obj=None):
        # A rate's currency is fixed once it exists (the form's field is left out).
        return ("currency", "rate_currency") if obj else ()

    def save_model(self, request, obj, form, change):
        rate = set_exchange_rate(currency=obj.currency, value=obj.value)
        obj.pk, obj.backend_id = rate.pk, rate.backend_id

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        forget_cached_rates()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        forget_cached_rates()
