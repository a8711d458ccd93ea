from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from .models import EmailOptOut, EmailStatus, EmailTemplate, Notification
from .services import queue_delivery


@admin.register(EmailTemplate)
class EmailTemplateAdmin(TabbedTranslationAdmin):
    """The merchant's wording per kind and language; empty fields keep the built-in text."""

    list_display = ("kind", "subject", "is_active")
    list_filter = ("is_active",)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """The outbox: what each member was told, and whether and when the email went."""

    list_display = ("created_at", "member", "kind", "email_status", "email_sent_at", "read_at")
    list_filter = ("kind", "email_status")
    search_fields = ("member__user__email", "dedupe_key")
    list_select_related = ("member__user",)
    readonly_fields = [f.name for f in Notification._meta.fields]
    date_hierarchy = "created_at"
    actions = ("retry_failed",)

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Retry failed emails"), permissions=["change"])
    def retry_failed(self, request, queryset):
        ids = list(queryset.filter(email_status=EmailStatus.FAILED).values_list("pk", flat=True))
        queue_delivery(ids)
        self.message_user(request, _("%(count)d emails queued again.") % {"count": len(ids)})


@admin.register(EmailOptOut)
class EmailOptOutAdmin(admin.ModelAdmin):
    list_display = ("member", "category", "source", "created_at")
    list_filter = ("category",)
    search_fields = ("member__user__email",)
    readonly_fields = ("member", "category", "source", "created_at")
