"""A local fake of Twilio's Messages API that the real ``twilio`` SDK (9.13.0) talks to.

Pointing the SDK at it: the client's ``api`` domain keeps its base URL in ``base_url``
(``client.api.base_url = fake.base_url``); the app does that when ``TWILIO_API_BASE`` is set::

    with FakeTwilio(account_sid="AC...", auth_token="...") as fake:
        settings.TWILIO_API_BASE = fake.base_url

Covered: ``POST /2010-04-01/Accounts/{AccountSid}/Messages.json`` with HTTP basic auth (account
SID and auth token), ``To`` and one of ``From``/``MessagingServiceSid``, and ``Body`` or
``ContentSid`` (+ ``ContentVariables``, JSON), answered 201 with the message resource (``sid``
``SM`` + 32 hex digits, ``status`` ``queued``) as Twilio does; errors as Twilio's JSON
(``code``, ``message``, ``more_info``, ``status``). ``fail_next`` makes the next sends fail (a
5xx outage, 429, or an error such as 21211 invalid number or 21610 unsubscribed recipient).

What Twilio sends to the app is built by :meth:`status_callback` and :meth:`inbound`: form
parameters and the ``X-Twilio-Signature`` header computed as Twilio documents it (HMAC-SHA1,
keyed with the auth token, over the full URL followed by each POST parameter's name and value
in name order, base64).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

from tests.fakes._http import FakeServer, RecordedRequest, Response

__all__ = ["FakeTwilio", "SentMessage", "twilio_signature"]


def twilio_signature(auth_token: str, url: str, params: dict[str, str]) -> str:
    """The ``X-Twilio-Signature`` of a POST to ``url`` with form ``params``."""
    payload = url + "".join(f"{key}{params[key]}" for key in sorted(params))
    digest = hmac.new(auth_token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


@dataclass
class SentMessage:
    sid: str
    params: dict[str, str]

    @property
    def to(self) -> str:
        return self.params.get("To", "")

    @property
    def body(self) -> str:
        return self.params.get("Body", "")

    @property
    def content_sid(self) -> str:
        return self.params.get("ContentSid", "")

    @property
    def variables(self) -> dict[str, str]:
        return json.loads(self.params.get("ContentVariables") or "{}")


@dataclass
class _Failure:
    status: int
    code: int
    message: str


@dataclass
class FakeTwilio(FakeServer):
    account_sid: str = "AC" + "0" * 32
    auth_token: str = "fake-auth-token"
    messages: list[SentMessage] = field(default_factory=list)
    next_sids: list[str] = field(default_factory=list)  # ids the next messages get
    _failures: list[_Failure] = field(default_factory=list)

    name = "twilio"

    def __post_init__(self) -> None:
        super().__init__()

    # -- what the test arranges ---------------------------------------------------------------

    def fail_next(self, status: int, code: int, message: str = "", *, times: int = 1) -> None:
        """The next ``times`` sends fail with this HTTP status and Twilio error code."""
        with self.lock:
            self._failures.extend([_Failure(status, code, message or f"Error {code}")] * times)

    def status_callback(
        self, message: SentMessage, status: str, *, url: str = "", error_code: str = ""
    ) -> tuple[str, dict[str, str], dict[str, str]]:
        """(url, form parameters, headers) of the status callback Twilio would POST."""
        url = url or message.params.get("StatusCallback", "")
        params = {
            "AccountSid": self.account_sid,
            "MessageSid": message.sid,
            "SmsSid": message.sid,
            "MessageStatus": status,
            "SmsStatus": status,
            "To": message.to,
            "From": message.params.get("From", ""),
            "ApiVersion": "2010-04-01",
        }
        if error_code:
            params["ErrorCode"] = error_code
        return url, params, {"X-Twilio-Signature": twilio_signature(self.auth_token, url, params)}

    def inbound(
        self, *, url: str, sender: str, body: str, to: str = "+15005550006"
    ) -> tuple[str, dict[str, str], dict[str, str]]:
        """(url, form parameters, headers) of a member's reply as Twilio would POST it."""
        sid = "SM" + secrets.token_hex(16)
        params = {
            "AccountSid": self.account_sid,
            "MessageSid": sid,
            "SmsMessageSid": sid,
            "From": sender,
            "To": to,
            "Body": body,
            "NumMedia": "0",
            "ApiVersion": "2010-04-01",
        }
        if body.strip().upper() in {"STOP", "START"}:
            params["OptOutType"] = body.strip().upper()
        return url, params, {"X-Twilio-Signature": twilio_signature(self.auth_token, url, params)}

    # -- the API --------------------------------------------------------------------------------

    def handle(self, request: RecordedRequest) -> Response:
        path = f"/2010-04-01/Accounts/{self.account_sid}/Messages.json"
        if request.path != path or request.method != "POST":
            return self._error(404, 20404, "The requested resource was not found")
        if not self._authorised(request):
            return self._error(401, 20003, "Authenticate")
        with self.lock:
            failure = self._failures.pop(0) if self._failures else None
        if failure is not None:
            return self._error(failure.status, failure.code, failure.message)
        params = dict(request.params or {})
        if not params.get("To"):
            return self._error(400, 21604, "A 'To' phone number is required.")
        if not (params.get("From") or params.get("MessagingServiceSid")):
            return self._error(400, 21603, "A 'From' phone number is required.")
        if not (params.get("Body") or params.get("ContentSid")):
            return self._error(400, 21619, "A text message body or media urls must be specified.")
        with self.lock:
            sid = self.next_sids.pop(0) if self.next_sids else "SM" + secrets.token_hex(16)
            message = SentMessage(sid=sid, params=params)
            self.messages.append(message)
        return Response.json(self._resource(message), 201)

    def _authorised(self, request: RecordedRequest) -> bool:
        scheme, _, encoded = request.headers.get("Authorization", "").partition(" ")
        if scheme != "Basic":
            return False
        user, _, password = base64.b64decode(encoded).decode().partition(":")
        return (user, password) == (self.account_sid, self.auth_token)

    def _resource(self, message: SentMessage) -> dict[str, Any]:
        now = format_datetime(datetime.now(UTC))
        return {
            "account_sid": self.account_sid,
            "api_version": "2010-04-01",
            "body": message.body,
            "date_created": now,
            "date_sent": None,
            "date_updated": now,
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": message.params.get("From"),
            "messaging_service_sid": message.params.get("MessagingServiceSid"),
            "num_media": "0",
            "num_segments": "1",
            "price": None,
            "price_unit": "USD",
            "sid": message.sid,
            "status": "queued",
            "subresource_uris": {},
            "to": message.to,
            "uri": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{message.sid}.json",
        }

    def _error(self, status: int, code: int, message: str) -> Response:
        return Response.json(
            {
                "code": code,
                "message": message,
                "more_info": f"https://www.twilio.com/docs/errors/{code}",
                "status": status,
            },
            status,
        )
