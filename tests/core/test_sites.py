"""The site written by migration core.0002 (with an explicit id) does not block adding another."""

import importlib

import pytest
from django.contrib.sites.models import Site
from django.db import connection

pytestmark = pytest.mark.django_db

reset = importlib.import_module("apps.core.migrations.0006_site_sequence_after_explicit_id")


def test_a_second_site_gets_a_new_id_after_the_migrated_one():
    with connection.cursor() as cursor:
        # Where migration 0002 leaves the sequence on a new database: not yet used.
        cursor.execute("SELECT setval(pg_get_serial_sequence('django_site', 'id'), 1, false)")
        cursor.execute(reset.RESET)

    second = Site.objects.create(domain="shop2.example.com", name="Shop 2")

    assert second.pk > Site.objects.exclude(pk=second.pk).latest("pk").pk
