from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from ...models import WebhookEndpoint
from ...scopes import WEBHOOKS_MANAGE
from ...webhooks.endpoints import create_endpoint, delete_endpoint
from ..authentication import request_api_key
from ..serializers.webhooks import WebhookEndpointCreatedSerializer, WebhookEndpointSerializer

ENDPOINTS = WebhookEndpoint.objects.filter(deleted_at__isnull=True).order_by("id")


@extend_schema_view(
    get=extend_schema(summary="List webhook endpoints", tags=["webhooks"]),
    post=extend_schema(
        summary="Add a webhook endpoint",
        tags=["webhooks"],
        request=WebhookEndpointSerializer,
        responses={201: WebhookEndpointCreatedSerializer},
    ),
)
class WebhookEndpointListView(generics.ListCreateAPIView[WebhookEndpoint]):
    """Where events are POSTed. The signing secret is in the creation response only."""

    required_scopes = {"GET": WEBHOOKS_MANAGE, "POST": WEBHOOKS_MANAGE}
    serializer_class = WebhookEndpointSerializer
    queryset = ENDPOINTS

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        incoming = WebhookEndpointSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        endpoint = create_endpoint(
            created_by_key=request_api_key(request), **incoming.validated_data
        )
        return Response(
            WebhookEndpointCreatedSerializer(endpoint).data, status=status.HTTP_201_CREATED
        )


@extend_schema_view(
    get=extend_schema(summary="Get a webhook endpoint", tags=["webhooks"]),
    delete=extend_schema(summary="Delete a webhook endpoint", tags=["webhooks"]),
)
class WebhookEndpointDetailView(generics.RetrieveDestroyAPIView[WebhookEndpoint]):
    required_scopes = {"GET": WEBHOOKS_MANAGE, "DELETE": WEBHOOKS_MANAGE}
    serializer_class = WebhookEndpointSerializer
    queryset = ENDPOINTS

    def perform_destroy(self, instance: WebhookEndpoint) -> None:
        delete_endpoint(endpoint=instance)
