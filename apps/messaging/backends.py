"""One interface for sending WhatsApp and SMS messages, whoever carries them.

``MESSAGING_BACKEND`` names the class: ``TwilioBackend`` (Twilio's official library) in
production, ``ConsoleBackend`` (writes the message to the log) for local runs. A backend raises
``SendFailed`` with ``retryable`` set when trying again later may work (the provider is down or
busy, the network failed) and unset when it never will (an invalid number, a recipient who
opted out at the provider).
"""

import json
import logging
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.module_loading import import_string
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from .models import Channel

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class OutgoingMessage:
    channel: str
    to: str  # E.164
    body: str = ""  # SMS text
    content_sid: str = ""  # WhatsApp: the approved template
    variables: dict[str, str] = field(default_factory=dict)  # {"1": ..., "2": ...}
    status_callback: str = ""


@dataclass(frozen=True)
class Receipt:
    provider_sid: str
    status: str


class SendFailed(Exception):
    def __init__(self, message: str, *, retryable: bool, code: str = ""):
        super().__init__(message)
        self.retryable, self.code = retryable, code


# Twilio error codes that mean the recipient opted out at Twilio (a STOP we may not have seen).
RECIPIENT_UNSUBSCRIBED = {"21610"}


class MessageBackend:
    def send(self, message: OutgoingMessage) -> Receipt:
        raise NotImplementedError


class ConsoleBackend(MessageBackend):
    """Local runs: the message goes to the log, never to a phone."""

    def send(self, message: OutgoingMessage) -> Receipt:
        logger.info(
            "%s to %s: %s",
            message.channel,
            message.to,
            message.body or f"{message.content_sid} {json.dumps(message.variables)}",
        )
        return Receipt(provider_sid=f"CONSOLE{secrets.token_hex(16)}", status="sent")


class TwilioBackend(MessageBackend):
    """Twilio's Messages API through the official library. Sent from the messaging service
    when one is set (it picks the sender), else from ``TWILIO_SMS_FROM`` or
    ``TWILIO_WHATSAPP_FROM``."""

    def __init__(self) -> None:
        self.client = Client(
            settings.TWILIO_ACCOUNT_SID,
            settings.TWILIO_AUTH_TOKEN,
            http_client=TwilioHttpClient(timeout=settings.TWILIO_TIMEOUT_SECONDS),
        )
        if settings.TWILIO_API_BASE:  # tests: a local fake of the API
            self.client.api.base_url = settings.TWILIO_API_BASE

    def _address(self, channel: str, number: str) -> str:
        return f"whatsapp:{number}" if channel == Channel.WHATSAPP else number

    def _sender(self, channel: str) -> dict[str, str]:
        if settings.TWILIO_MESSAGING_SERVICE_SID:
            return {"messaging_service_sid": settings.TWILIO_MESSAGING_SERVICE_SID}
        sender = (
            settings.TWILIO_WHATSAPP_FROM
            if channel == Channel.WHATSAPP
            else settings.TWILIO_SMS_FROM
        )
        return {"from_": self._address(channel, sender)}

    def send(self, message: OutgoingMessage) -> Receipt:
        arguments: dict[str, str] = {
            "to": self._address(message.channel, message.to),
            **self._sender(message.channel),
        }
        if message.status_callback:
            arguments["status_callback"] = message.status_callback
        if message.content_sid:
            arguments["content_sid"] = message.content_sid
            arguments["content_variables"] = json.dumps(message.variables)
        else:
            arguments["body"] = message.body
        try:
            sent = self.client.messages.create(**arguments)
        except TwilioRestException as error:
            retryable = error.status >= 500 or error.status == 429
            raise SendFailed(
                f"Twilio {error.status} {error.code}: {error.msg}",
                retryable=retryable,
                code=str(error.code or ""),
            ) from error
        except (TwilioException, OSError) as error:  # network, timeouts
            raise SendFailed(f"{type(error).__name__}: {error}", retryable=True) from error
        return Receipt(provider_sid=str(sent.sid), status=str(sent.status or "queued"))


def backend() -> MessageBackend:
    return import_string(settings.MESSAGING_BACKEND)()
