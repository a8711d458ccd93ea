import json

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import outbox
from .models import EventDelivery, JobRun, OutboxEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records the product writes itself (ledger entries, consents, referrals): staff look only."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """Rows of a record's history the product writes itself (an order's lines, a quote's
    revisions): shown on the record's page, never added or removed there."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(OutboxEvent)
class OutboxEventAdmin(ReadOnlyAdmin):
    """Events published and not yet taken by the delivery task: normally empty within seconds
    (rows that stay mean no worker is running)."""

    list_display = ("id", "name", "created_at", "payload")
    list_filter = ("name",)
    date_hierarchy = "created_at"


@admin.register(EventDelivery)
class EventDeliveryAdmin(ReadOnlyAdmin):
    """Events on their way to one subscriber: normally empty within seconds. A row that stays
    is a subscriber that failed (its error is shown); it is tried again with growing pauses,
    or now with the action."""

    # What staff act on first (who failed, how often, when next, why); the long columns last.
    list_display = (
        "name",
        "subscriber_shown",
        "attempts",
        "next_attempt_at",
        "error_excerpt",
        "event_id",
        "published_at",
    )
    list_filter = ("subscriber", "name")
    search_fields = ("=event_id", "subscriber", "last_error")
    ordering = ("event_id", "subscriber")
    actions = ("retry_now",)
    fields = (
        "name",
        "event_id",
        "published_at",
        "subscriber_shown",
        "attempts",
        "last_attempt_at",
        "next_attempt_at",
        "error_shown",
        "payload_shown",
    )

    # Code, errors and data are left-to-right text, also on a right-to-left page.
    @admin.display(description=_("subscriber"), ordering="subscriber")
    def subscriber_shown(self, delivery: EventDelivery) -> str:
        return format_html('<bdi dir="ltr">{}</bdi>', delivery.subscriber_label)

    @admin.display(description=_("error"))
    def error_excerpt(self, delivery: EventDelivery) -> str:
        first_line = delivery.last_error.split("\n", 1)[0]
        excerpt = first_line[:120] + ("…" if len(first_line) > 120 else "")
        return format_html('<bdi dir="ltr">{}</bdi>', excerpt)

    @admin.display(description=_("error"))
    def error_shown(self, delivery: EventDelivery) -> str:
        return format_html('<bdi dir="ltr">{}</bdi>', delivery.last_error)

    @admin.display(description=_("data"))
    def payload_shown(self, delivery: EventDelivery) -> str:
        return format_html('<bdi dir="ltr">{}</bdi>', json.dumps(delivery.payload))

    @admin.action(description=_("Try the selected deliveries again now"), permissions=["view"])
    def retry_now(self, request, queryset):
        outbox.retry_now(list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request, _("The selected deliveries will be tried again within a few seconds.")
        )


@admin.register(JobRun)
class JobRunAdmin(ReadOnlyAdmin):
    """Runs of the long periodic jobs (expiry, release, tier re-evaluation, notifications): how
    far each got and who holds it. An unfinished run whose lease has passed is taken over by
    the job's next message."""

    list_display = (
        "job",
        "as_of",
        "started_at",
        "finished_at",
        "batches",
        "changed",
        "cursor",
        "holder",
        "lease_expires_at",
    )
    list_filter = ("job",)
    date_hierarchy = "started_at"
    ordering = ("-started_at",)
