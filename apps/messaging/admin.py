from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from . import services
from .models import (
    ChannelMessage,
    ChannelSubscription,
    InboundMessage,
    MessageStatus,
    StatusCallback,
    WhatsAppTemplate,
)


@admin.register(WhatsAppTemplate)
class WhatsAppTemplateAdmin(TabbedTranslationAdmin):
    """The templates WhatsApp approved, per kind and language (Twilio content SIDs)."""

    list_display = ("kind", "name", "content_sid", "parameters", "is_active")
    list_filter = ("is_active",)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ChannelMessage)
class ChannelMessageAdmin(ReadOnlyAdmin):
    """Every WhatsApp and SMS message: whether it went, what the provider said, failures and
    when they are tried again."""

    list_display = (
        "created_at",
        "member",
        "channel",
        "status",
        "attempts",
        "retry_at",
        "sent_at",
        "error",
    )
    list_filter = ("channel", "status")
    search_fields = ("member__user__email", "provider_sid", "notification__dedupe_key")
    list_select_related = ("member__user",)
    readonly_fields = [f.name for f in ChannelMessage._meta.fields]
    date_hierarchy = "created_at"
    actions = ("retry_failed",)

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("messaging.change_channelmessage") and obj is None

    @admin.action(description=_("Send failed messages again"), permissions=["change"])
    def retry_failed(self, request, queryset):
        count = services.retry(
            message_ids=list(
                queryset.filter(status=MessageStatus.FAILED).values_list("pk", flat=True)
            )
        )
        self.message_user(request, _("%(count)d messages queued again.") % {"count": count})


@admin.register(ChannelSubscription)
class ChannelSubscriptionAdmin(ReadOnlyAdmin):
    list_display = ("member", "channel", "active", "stopped_by_reply", "changed_at")
    list_filter = ("channel", "active", "stopped_by_reply")
    search_fields = ("member__user__email",)
    list_select_related = ("member__user",)


@admin.register(StatusCallback)
class StatusCallbackAdmin(ReadOnlyAdmin):
    list_display = ("received_at", "provider_sid", "status", "error_code")
    list_filter = ("status",)
    search_fields = ("provider_sid",)


@admin.register(InboundMessage)
class InboundMessageAdmin(ReadOnlyAdmin):
    list_display = ("received_at", "channel", "keyword", "members_changed")
    list_filter = ("channel", "keyword")
