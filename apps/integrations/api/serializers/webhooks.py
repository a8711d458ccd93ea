from rest_framework import serializers

from ...models import WebhookEndpoint
from ...webhooks.events import EVENT_TYPES
from ..fields import StrictCharField, StrictChoiceField, StrictURLField


class WebhookEndpointSerializer(serializers.ModelSerializer[WebhookEndpoint]):
    url = StrictURLField(max_length=500, help_text="http(s) URL receiving POSTed events.")
    events = serializers.ListField(
        child=StrictChoiceField(choices=EVENT_TYPES),
        required=False,
        default=list,
        max_length=len(EVENT_TYPES),
        help_text="Event types to receive; empty: all of them.",
    )

    description = StrictCharField(max_length=200, required=False, allow_blank=True, default="")

    class Meta:
        model = WebhookEndpoint
        fields: tuple[str, ...] = (
            "id",
            "url",
            "description",
            "events",
            "is_active",
            "disabled_at",
            "disabled_reason",
            "created_at",
        )
        read_only_fields: tuple[str, ...] = (
            "id",
            "is_active",
            "disabled_at",
            "disabled_reason",
            "created_at",
        )


class WebhookEndpointCreatedSerializer(WebhookEndpointSerializer):
    secret = serializers.CharField(
        read_only=True, help_text="Signing secret; shown only in this response."
    )

    class Meta(WebhookEndpointSerializer.Meta):
        fields = (*WebhookEndpointSerializer.Meta.fields, "secret")
        read_only_fields = (*WebhookEndpointSerializer.Meta.read_only_fields, "secret")
