"""The merchant's view of integrations: API keys (shown once), webhook endpoints (flagged when
disabled) and every delivery with its attempts (and a "resend" action)."""

from typing import TYPE_CHECKING, cast

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apps.core.errors import ApplicationError

from .keys import create_api_key, revoke_api_key
from .models import ApiKey, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from .scopes import SCOPE_CHOICES
from .webhooks.delivery import resend
from .webhooks.endpoints import check_url, enable_endpoint, new_secret
from .webhooks.events import EVENT_TYPES

if TYPE_CHECKING:
    from django.contrib.admin.options import _FieldGroups  # the stubs' name for it

    from apps.accounts.models import User

POINTS_LIMITS = ("max_points_per_call", "max_points_per_day")


class ApiKeyForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("scopes"), choices=SCOPE_CHOICES, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ApiKey
        fields = ("name", "scopes", "rate_limit", *POINTS_LIMITS)


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    form = ApiKeyForm
    list_display = (
        "name",
        "prefix",
        "scope_list",
        *POINTS_LIMITS,
        "created_by",
        "created_at",
        "last_used_at",
        "state",
    )
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("name", "prefix")
    readonly_fields = ("prefix", "created_by", "created_at", "last_used_at", "revoked_at")
    actions = ("revoke",)

    def get_readonly_fields(
        self, request: HttpRequest, obj: ApiKey | None = None
    ) -> tuple[str, ...]:
        return self.readonly_fields if obj else ()

    def get_fields(self, request: HttpRequest, obj: ApiKey | None = None) -> "_FieldGroups":
        fields = ["name", "scopes", "rate_limit", *POINTS_LIMITS]
        shown: _FieldGroups = [*fields, *self.readonly_fields] if obj else [*fields]
        return shown

    def has_delete_permission(self, request: HttpRequest, obj: ApiKey | None = None) -> bool:
        return False  # keys are revoked, never deleted: the audit trail stays

    @admin.display(description=_("scopes"))
    def scope_list(self, api_key: ApiKey) -> str:
        return ", ".join(api_key.scopes)

    @admin.display(description=_("state"))
    def state(self, api_key: ApiKey) -> str | Promise:
        return _("active") if api_key.is_active else _("revoked")

    def save_model(self, request: HttpRequest, obj: ApiKey, form: forms.Form, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        created = create_api_key(
            name=obj.name,
            scopes=form.cleaned_data["scopes"],
            rate_limit=obj.rate_limit,
            created_by=cast("User", request.user),  # the admin lets only staff in
            **{name: getattr(obj, name) for name in POINTS_LIMITS},
        )
        obj.pk, obj.prefix = created.api_key.pk, created.api_key.prefix
        obj._state.adding = False
        vars(request)["_new_api_key"] = created.key  # shown once, by ``response_add``

    def response_add(
        self, request: HttpRequest, obj: ApiKey, post_url_continue: str | None = None
    ) -> HttpResponse:
        key = getattr(request, "_new_api_key", None)
        if key is None:
            return super().response_add(request, obj, post_url_continue)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "api_key": obj,
            "key": key,
            "title": _("API key created"),
        }
        return TemplateResponse(request, "admin/integrations/apikey/created.html", context)

    @admin.action(description=_("Revoke the selected keys"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> None:
        for api_key in queryset:
            revoke_api_key(api_key=api_key)
        self.message_user(request, _("Revoked; requests with these keys now get 401."))


class WebhookEndpointForm(forms.ModelForm):
    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        label=_("events"),
        choices=[(event, event) for event in EVENT_TYPES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: every event."),
    )

    class Meta:
        model = WebhookEndpoint
        fields = ("url", "description", "events")

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        try:
            check_url(url)
        except ApplicationError as error:
            raise forms.ValidationError(error.message) from error
        return url


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = WebhookEndpointForm
    list_display = ("url", "flag", "consecutive_failures", "event_list", "created_at")
    list_filter = ("is_active", ("disabled_at", admin.EmptyFieldListFilter))
    search_fields = ("url", "description")
    readonly_fields = (
        "secret",
        "is_active",
        "consecutive_failures",
        "disabled_at",
        "disabled_reason",
        "created_by_key",
        "created_at",
        "deleted_at",
    )
    actions = ("enable",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[WebhookEndpoint]:
        return super().get_queryset(request).filter(deleted_at__isnull=True)

    @admin.display(description=_("status"))
    def flag(self, endpoint: WebhookEndpoint) -> str | Promise:
        if endpoint.is_active:
            return _("active")
        return format_html(
            '<strong style="color: #b91c1c">⚠ {}</strong> {}',
            _("disabled"),
            endpoint.disabled_reason,
        )

    @admin.display(description=_("events"))
    def event_list(self, endpoint: WebhookEndpoint) -> str | Promise:
        return ", ".join(endpoint.events) or _("all")

    def save_model(
        self, request: HttpRequest, obj: WebhookEndpoint, form: forms.Form, change: bool
    ) -> None:
        if not change:
            obj.secret = new_secret()
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Enable again and resend pending deliveries"))
    def enable(self, request: HttpRequest, queryset: QuerySet[WebhookEndpoint]) -> None:
        queued = sum(enable_endpoint(endpoint=endpoint) for endpoint in queryset)
        self.message_user(
            request,
            ngettext(
                "Enabled; %(count)d pending delivery queued.",
                "Enabled; %(count)d pending deliveries queued.",
                queued,
            )
            % {"count": queued},
        )


class AttemptInline(admin.TabularInline):
    model = WebhookAttempt
    fields = ("number", "created_at", "status_code", "duration_ms", "error", "response_excerpt")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    # What a merchant looks for first (did it arrive, how many tries) before the long columns.
    list_display = (
        "event_type",
        "status",
        "attempts",
        "endpoint",
        "created_at",
        "delivered_at",
        "next_attempt_at",
        "event_id",
    )
    list_filter = ("status", "event_type")
    search_fields = ("event_id", "endpoint__url")
    list_select_related = ("endpoint",)
    fields = (
        "endpoint",
        "event_type",
        "event_id",
        "status",
        "attempts",
        "attempt_limit",
        "next_attempt_at",
        "delivered_at",
        "created_at",
        "body",
    )
    readonly_fields = fields
    inlines = (AttemptInline,)
    actions = ("resend_deliveries",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: WebhookDelivery | None = None
    ) -> bool:
        return False

    @admin.action(description=_("Resend the selected deliveries"))
    def resend_deliveries(self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]) -> None:
        sent = sum(resend(delivery=d) for d in queryset.select_related("endpoint"))
        skipped = queryset.count() - sent
        self.message_user(
            request, _("%(sent)d queued to be sent again.") % {"sent": sent}, messages.SUCCESS
        )
        if skipped:
            self.message_user(
                request,
                _("%(skipped)d not sent: their endpoint is disabled or deleted.")
                % {"skipped": skipped},
                messages.WARNING,
            )
