"""The member center's WhatsApp and SMS page: numbers checked, consent recorded per channel."""

import pytest

from apps.members.models import ConsentRecord
from apps.messaging.models import Channel, ChannelSubscription
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
PAGE = "/en/member/channels/"


@pytest.fixture
def german_member(client):
    member = MemberFactory(country="DE", phone="", whatsapp="")
    client.force_login(member.user)
    return member


def choose(client, **fields):
    data = {"whatsapp_number": "", "sms_number": "", **fields}
    return client.post(PAGE, data)


def test_turning_whatsapp_on_stores_the_number_internationally_and_records_consent(
    client, german_member
):
    response = choose(client, whatsapp="on", whatsapp_number="0151 2345 6789")
    assert response.status_code == 302

    subscription = ChannelSubscription.objects.get(member=german_member)
    assert (subscription.channel, subscription.number, subscription.active) == (
        Channel.WHATSAPP,
        "+4915123456789",
        True,
    )
    record = ConsentRecord.objects.get(member=german_member)
    assert (record.purpose, record.granted, record.source) == ("whatsapp", True, "member center")
    german_member.refresh_from_db()
    assert german_member.whatsapp == "+4915123456789"  # the profile had none
    assert "+49 1512 3456789" in client.get(PAGE).content.decode()


def test_an_invalid_number_is_refused_and_nothing_changes(client, german_member):
    response = choose(client, sms="on", sms_number="12345")
    assert response.status_code == 200
    assert "not a valid mobile number" in response.content.decode()
    assert not ChannelSubscription.objects.exists() and not ConsentRecord.objects.exists()


def test_a_channel_on_needs_a_number(client, german_member):
    response = choose(client, sms="on")
    assert "Give the number to send to." in response.content.decode()


def test_turning_a_channel_off_records_the_withdrawal_once(client, german_member):
    choose(client, sms="on", sms_number="+49 151 23456789")
    choose(client)
    choose(client)
    assert not ChannelSubscription.objects.get(member=german_member).active
    assert list(ConsentRecord.objects.order_by("id").values_list("purpose", "granted")) == [
        ("sms", True),
        ("sms", False),
    ]


def test_a_new_number_is_a_new_consent(client, german_member):
    choose(client, sms="on", sms_number="+49 151 23456789")
    choose(client, sms="on", sms_number="+49 151 23456789")
    choose(client, sms="on", sms_number="+49 160 1234567")
    assert ConsentRecord.objects.filter(granted=True).count() == 2
    assert ChannelSubscription.objects.get().number == "+491601234567"


def test_the_page_is_the_members_own_and_reads_in_arabic(client, german_member):
    choose(client, sms="on", sms_number="+49 151 23456789")
    other = MemberFactory()
    client.force_login(other.user)
    page = client.get("/ar/member/channels/").content.decode()
    assert 'dir="rtl"' in page
    assert "23456789" not in page  # another member's number is never shown


def test_the_data_export_lists_channels(client, german_member):
    choose(client, sms="on", sms_number="+49 151 23456789")
    export = client.get("/en/member/privacy/export/").json()
    assert export["messaging_channels"][0]["number"] == "+4915123456789"
    assert export["messaging_channels"][0]["on"] is True


def test_closing_the_account_forgets_the_numbers(client, german_member):
    from apps.members.services import close_account

    choose(client, whatsapp="on", whatsapp_number="+49 151 23456789")
    close_account(member=german_member)
    assert not ChannelSubscription.objects.exists()
    assert ConsentRecord.objects.filter(purpose="whatsapp", granted=False).exists()
