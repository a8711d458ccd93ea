"""Webhook endpoints: created with a signing secret (shown once), deleted softly, disabled when
they keep failing and enabled again by staff."""

import ipaddress
import secrets
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..errors import WebhookUrlRefused
from ..models import ApiKey, DeliveryStatus, WebhookDelivery, WebhookEndpoint


def check_url(url: str) -> None:
    """Refuse URLs webhooks must not reach: other schemes, and (unless the setting
    ``WEBHOOKS_ALLOW_PRIVATE_URLS`` is on, as in development and tests) hosts with an address on
    this machine or the private network (server-side request forgery), except networks listed in
    ``WEBHOOKS_ALLOWED_NETWORKS``. Raises ``WebhookUrlRefused``.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise WebhookUrlRefused()
    if not settings.WEBHOOKS_ALLOW_PRIVATE_URLS:
        resolve(url)


def resolve(url: str) -> str:
    """The one address a delivery to ``url`` connects to: the host name resolved once, every
    address it has checked as ``check_url`` does, the first one chosen. Connecting to this
    address (not resolving the name again) is what keeps a name that answers differently the
    second time (DNS rebinding) from reaching an address that was never checked. Raises
    ``WebhookUrlRefused``."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise WebhookUrlRefused()
    try:
        found = socket.getaddrinfo(parts.hostname, parts.port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise WebhookUrlRefused() from error
    addresses = [str(info[4][0]) for info in found]
    if not settings.WEBHOOKS_ALLOW_PRIVATE_URLS:
        for address in addresses:
            if not _may_receive(ipaddress.ip_address(address.split("%")[0])):
                raise WebhookUrlRefused()
    return addresses[0]


def _may_receive(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    allowed = (ipaddress.ip_network(network) for network in settings.WEBHOOKS_ALLOWED_NETWORKS)
    return ip.is_global or any(ip in network for network in allowed)


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def create_endpoint(
    *, url: str, events: list[str], description: str = "", created_by_key: ApiKey | None = None
) -> WebhookEndpoint:
    """A new endpoint with a fresh signing secret. Raises ``WebhookUrlRefused``."""
    check_url(url)
    return WebhookEndpoint.objects.create(
        url=url,
        events=sorted(set(events)),
        description=description,
        secret=new_secret(),
        created_by_key=created_by_key,
    )


@transaction.atomic
def delete_endpoint(*, endpoint: WebhookEndpoint) -> None:
    """Stop sending to ``endpoint``; its delivery log stays for the admin."""
    endpoint.is_active = False
    endpoint.deleted_at = timezone.now()
    endpoint.save(update_fields=["is_active", "deleted_at"])
    WebhookDelivery.objects.filter(endpoint=endpoint, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.FAILED
    )


def disable_endpoint(*, endpoint_id: int, reason: str) -> None:
    WebhookEndpoint.objects.filter(pk=endpoint_id, is_active=True).update(
        is_active=False, disabled_at=timezone.now(), disabled_reason=reason[:200]
    )


def enable_endpoint(*, endpoint: WebhookEndpoint) -> int:
    """Staff enable a disabled endpoint again; its pending deliveries are sent again.
    Returns how many were queued."""
    from .delivery import resend

    if endpoint.deleted_at is not None:
        return 0
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        is_active=True, disabled_at=None, disabled_reason="", consecutive_failures=0
    )
    pending = WebhookDelivery.objects.filter(endpoint=endpoint, status=DeliveryStatus.PENDING)
    return sum(resend(delivery=delivery) for delivery in pending)
