"""The product's URLs plus the trivial views the benchmarks are compared with."""

import json

from django.db import connection
from django.http import HttpResponse
from django.urls import path
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from config.urls import urlpatterns as product_urlpatterns


def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


class TrivialWrite(APIView):
    """A reference for API writes, not a product endpoint: the API's authentication, scope
    check and rate limit, the JSON body parsed, one row inserted and committed (autocommit: one
    round trip, a durable commit), 201 with its id. ``bench_api`` makes the table."""

    required_scopes = {"POST": None}

    def post(self, request):
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO bench_trivial_write (body) VALUES (%s) RETURNING id",
                [json.dumps(request.data)],
            )
            (row,) = cursor.fetchone()
        return Response({"id": row}, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("bench/trivial/", trivial),
    path("bench/trivial-write/", TrivialWrite.as_view()),
    *product_urlpatterns,
]
