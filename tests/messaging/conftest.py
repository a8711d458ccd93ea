"""The real Twilio SDK against a local fake of Twilio's API (tests/fakes/twilio_server.py)."""

import pytest
from django.utils import timezone

from apps.messaging.models import Channel, ChannelSubscription, WhatsAppTemplate
from apps.notifications.models import Kind
from tests.factories import MemberFactory
from tests.fakes.twilio_server import FakeTwilio

SMS_FROM = "+15005550006"
WHATSAPP_FROM = "+14155238886"
STATUS_PATH = "/messaging/twilio/status/"
INBOUND_PATH = "/messaging/twilio/inbound/"


@pytest.fixture
def twilio(settings):
    with FakeTwilio() as fake:
        settings.MESSAGING_BACKEND = "apps.messaging.backends.TwilioBackend"
        settings.TWILIO_ACCOUNT_SID = fake.account_sid
        settings.TWILIO_AUTH_TOKEN = fake.auth_token
        settings.TWILIO_API_BASE = fake.base_url
        settings.TWILIO_SMS_FROM = SMS_FROM
        settings.TWILIO_WHATSAPP_FROM = WHATSAPP_FROM
        settings.TWILIO_MESSAGING_SERVICE_SID = ""
        yield fake


def subscribe(member, channel: str = Channel.SMS, number: str = "+4915123456789"):
    return ChannelSubscription.objects.create(
        member=member, channel=channel, number=number, active=True, changed_at=timezone.now()
    )


@pytest.fixture
def sms_member(db):
    member = MemberFactory(preferred_language="de", user__first_name="Hanna")
    subscribe(member, Channel.SMS)
    return member


@pytest.fixture
def points_template(db):
    template = WhatsAppTemplate(kind=Kind.POINTS_EARNED, parameters="name,points")
    template.name_en, template.content_sid_en = "points_credited", "HX" + "e" * 32
    template.name_de, template.content_sid_de = "punkte_gutgeschrieben", "HX" + "d" * 32
    template.save()
    return template


def post_signed(client, request):
    """POST what the fake built (url, params, headers) to the app, as Twilio would."""
    url, params, headers = request
    path = url.removeprefix("http://localhost:8000")
    return client.post(path, params, headers=headers)
