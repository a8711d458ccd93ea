"""The devices a member signed up or in with, in their data export
(``apps.members.data_export``). Fraud alerts are not exported: they are the merchant's
suspicions, kept to prevent fraud."""

from typing import Any

from apps.members.data_export import row
from apps.members.extensions import data_export_section
from apps.members.models import Member

from .models import DeviceSighting

DEVICES = {"device": "device", "first_seen": "first_seen", "last_seen": "last_seen"}


@data_export_section.register_as("devices")
def devices(member: Member) -> list[dict[str, Any]]:
    sightings = DeviceSighting.objects.filter(member=member).order_by("first_seen", "id")
    return [row(sighting, DEVICES) for sighting in sightings]
