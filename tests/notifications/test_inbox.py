"""The member's inbox, email choices, and the unsubscribe link that needs no sign-in."""

import pytest
from django.test import Client
from django.utils import translation

from apps.members.models import ConsentRecord
from apps.notifications import services
from apps.notifications.emails import unsubscribe_token
from apps.notifications.models import EmailOptOut, EmailStatus, Kind, Notification
from tests.factories import MemberFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("steady_caches")]


def tell(member, key: str, kind=Kind.POINTS_EARNED, **context) -> Notification:
    return services.notify(
        member=member, kind=kind, dedupe_key=key, context=context or {"points": 1250}
    )


def test_the_inbox_lists_the_members_own_messages_with_the_unread_count(client, member):
    tell(member, "a", points=1250)
    tell(member, "b", kind=Kind.TIER_UP, tier={"en": "Gold", "de": "Gold-Stufe"})
    tell(MemberFactory(), "someone-else", points=999_999)
    client.force_login(member.user)

    page = client.get("/en/member/inbox/").content.decode()

    assert "1,250 points credited" in page
    assert "Congratulations: you reached Gold" in page
    assert "999,999" not in page
    assert '<span class="cart-count" data-testid="unread-count">2<' in page
    assert 'aria-current="page">Inbox' in page


def test_the_inbox_speaks_the_pages_language_right_to_left_in_arabic(client, member):
    tell(member, "a", kind=Kind.TIER_UP, tier={"en": "Gold", "ar": "ذهبي"})
    client.force_login(member.user)

    page = client.get("/ar/member/inbox/").content.decode()

    assert 'dir="rtl"' in page
    with translation.override("ar"):
        subject = translation.gettext("Congratulations: you reached %(tier)s") % {"tier": "ذهبي"}
    assert subject in page


def test_the_inbox_page_costs_the_same_queries_for_one_or_twenty_messages(
    client, member, django_assert_max_num_queries
):
    client.force_login(member.user)
    tell(member, "first")
    with django_assert_max_num_queries(20) as one:
        client.get("/en/member/inbox/")
    for number in range(25):
        tell(member, f"more-{number}")

    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get("/en/member/inbox/")


def test_marking_read_touches_only_the_members_own_messages(client, member):
    mine = tell(member, "mine")
    theirs = tell(MemberFactory(), "theirs")
    client.force_login(member.user)

    client.post(f"/en/member/inbox/{mine.pk}/read/")
    client.post(f"/en/member/inbox/{theirs.pk}/read/")

    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None and theirs.read_at is None
    assert "unread-count" not in client.get("/en/member/inbox/").content.decode()


def test_mark_all_read(client, member):
    tell(member, "one")
    tell(member, "two")
    client.force_login(member.user)

    client.post("/en/member/inbox/read-all/")

    assert not Notification.objects.filter(member=member, read_at__isnull=True).exists()


def test_the_inbox_needs_a_signed_in_member(client):
    response = client.get("/en/member/inbox/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_members_choose_which_emails_they_get(client, member):
    client.force_login(member.user)

    client.post("/en/member/inbox/emails/", {"email": ["programme"]})
    assert set(EmailOptOut.objects.filter(member=member).values_list("category", flat=True)) == {
        "points"
    }

    client.post("/en/member/inbox/emails/", {"email": ["programme", "points"]})
    assert not EmailOptOut.objects.filter(member=member).exists()


# --- unsubscribe -------------------------------------------------------------------------------


def test_the_unsubscribe_link_in_a_marketing_email_withdraws_consent_without_sign_in(
    smtp_server,
):
    member = MemberFactory(marketing_consent=True, preferred_language="de")
    birthday = tell(member, "birthday", kind=Kind.BIRTHDAY, points=300)
    services.deliver(notification_id=birthday.pk)
    (received,) = smtp_server.received
    path = received.unsubscribe_path()
    assert path in received.text and path in received.html
    assert received.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
    browser = Client(enforce_csrf_checks=True)  # a stranger's browser: no session, no cookie

    confirm = browser.get(path)
    member.refresh_from_db()
    assert confirm.status_code == 200 and member.marketing_consent is True  # GET only asks

    done = browser.post(path)

    assert done.status_code == 200
    assert 'data-testid="unsubscribed"' in done.content.decode()
    member.refresh_from_db()
    assert member.marketing_consent is False
    record = ConsentRecord.objects.get(member=member)
    assert (record.purpose, record.granted, record.source) == (
        "marketing",
        False,
        "email unsubscribe link",
    )
    again = tell(member, "birthday-next-year", kind=Kind.BIRTHDAY, points=300)
    assert services.deliver(notification_id=again.pk) == EmailStatus.SKIPPED


def test_unsubscribing_from_points_emails_turns_that_category_off(client, member):
    token = unsubscribe_token(member_id=member.pk, category="points")

    client.post(f"/en/unsubscribe/{token}/")
    client.post(f"/en/unsubscribe/{token}/")

    opt_out = EmailOptOut.objects.get(member=member)
    assert (opt_out.category, opt_out.source) == ("points", "email unsubscribe link")


def test_a_forged_unsubscribe_link_changes_nothing(client, member):
    token = unsubscribe_token(member_id=member.pk, category="points")
    forged = token.replace(
        token.split(":")[0], unsubscribe_token(member_id=999, category="points").split(":")[0]
    )

    response = client.post(f"/en/unsubscribe/{forged}/")

    assert response.status_code == 400
    assert not EmailOptOut.objects.exists()
