from typing import Any, NoReturn

from django.http import Http404, HttpRequest
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ...models import ApiKey
from ..authentication import request_api_key


class PingSerializer(serializers.Serializer[ApiKey]):
    name = serializers.CharField(help_text="The API key's name.")
    prefix = serializers.CharField(help_text="The key's public prefix.")
    scopes = serializers.ListField(child=serializers.CharField())


@extend_schema(summary="Check a key", tags=["meta"], responses={200: PingSerializer})
class PingView(APIView):
    """Answers for any valid key: its name, prefix and scopes. Use it to test a set-up."""

    required_scopes = {"GET": None}

    def get(self, request: Request) -> Response:
        key = request_api_key(request)
        return Response({"name": key.name, "prefix": key.prefix, "scopes": key.scopes})


@extend_schema(exclude=True)
class NotFoundView(APIView):
    """Anything under /api/ that is not an endpoint: a JSON 404, never an HTML page."""

    authentication_classes = []
    permission_classes = []
    throttle_classes = []

    def http_method_not_allowed(self, request: HttpRequest, *args: Any, **kwargs: Any) -> NoReturn:
        raise Http404

    def get(self, request: Request, *args: Any, **kwargs: Any) -> NoReturn:
        raise Http404

    post = put = patch = delete = head = options = get
