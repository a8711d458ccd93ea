"""Staff edit terms and limits: on the company's page (an inline), and members' own terms on
their own page."""

from django.contrib import admin
from django.http import HttpRequest

from apps.companies.models import Company

from . import services
from .models import CreditTerms


class CompanyCreditInline(admin.StackedInline):
    """The company's deposit percentage and credit limit (its terms are the company's field)."""

    model = CreditTerms
    fk_name = "company"
    fields = ("deposit_percent", "credit_limit")
    extra = 1
    max_num = 1
    can_delete = False


@admin.register(CreditTerms)
class CreditTermsAdmin(admin.ModelAdmin):
    list_display = ("__str__", "payment_terms", "deposit_percent", "credit_limit", "updated_at")
    list_filter = ("payment_terms",)
    search_fields = ("company__legal_name", "member__user__email")
    raw_id_fields = ("company", "member")
    list_select_related = ("company", "member__user")

    def save_model(self, request: HttpRequest, obj, form, change) -> None:
        services.save_terms(terms=obj)


# The company's page is the companies app's (below this one): it gets the inline here, as the
# back office extends the member's page.
_CompanyAdmin = type(admin.site._registry[Company])


class CompanyWithCreditAdmin(_CompanyAdmin):  # type: ignore[valid-type,misc]
    inlines = (*_CompanyAdmin.inlines, CompanyCreditInline)


admin.site.unregister(Company)
admin.site.register(Company, CompanyWithCreditAdmin)
