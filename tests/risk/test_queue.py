"""The alert queue: managers decide (clear releases the held points, confirm may claw them
back), Finance reads, Support sees nothing; managers are e-mailed in their language."""

from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core import mail
from django.test import Client
from django.utils import timezone

from apps.accounts.roles import FINANCE, MANAGER, SUPPORT, create_staff
from apps.ledger import holds, services
from apps.ledger.models import PointsAccount
from apps.risk import detection
from apps.risk.errors import AlertDecided
from apps.risk.models import Alert, AlertStatus
from apps.risk.services import clear_alert, confirm_alert
from tests.conftest import TOTP_SECRET
from tests.factories import MemberFactory, make_order

pytestmark = pytest.mark.django_db


def staff(role, email=None):
    user, _password = create_staff(email=email or f"{role}@example.com", role=role)
    TOTP.activate(user, TOTP_SECRET)
    client = Client()
    client.force_login(user)
    return user, client


def shared_address_alert(members, django_capture_on_commit_callbacks):
    for member in members:
        order = make_order(member=member)
        order.paid_at = timezone.now()
        order.save(update_fields=["paid_at"])
    with django_capture_on_commit_callbacks(execute=True):
        detection.scan()
    return Alert.objects.get()


@pytest.fixture
def members(thresholds):
    members = [MemberFactory() for _ in range(3)]
    for member in members:  # pending points, due in the past (released at the next settle)
        services.earn(
            member=member,
            points=100,
            reason="purchase",
            idempotency_key=f"order:{member.pk}",
            source=f"order:{member.pk}",
            available_at=timezone.now() + timedelta(seconds=1),
        )
    return members


def test_clearing_an_alert_releases_the_held_points_that_are_due(
    members, django_capture_on_commit_callbacks, monkeypatch
):
    alert = shared_address_alert(members, django_capture_on_commit_callbacks)
    assert all(holds.is_held(member) for member in members)
    manager, client = staff(MANAGER)
    later = timezone.now() + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)  # the points became due meanwhile

    response = client.post(
        f"/admin/risk/alert/{alert.pk}/decide/", {"decision": "clear", "note": "Same office"}
    )

    assert response.status_code == 302
    alert.refresh_from_db()
    assert (alert.status, alert.decided_by, alert.note) == ("cleared", manager, "Same office")
    assert alert.decided_at == later
    assert not any(holds.is_held(member) for member in members)
    assert [PointsAccount.objects.get(member=m).available for m in members] == [100, 100, 100]
    with pytest.raises(AlertDecided):
        clear_alert(alert=alert, actor=manager)


def test_confirming_an_alert_claws_the_held_pending_points_back(
    members, django_capture_on_commit_callbacks
):
    alert = shared_address_alert(members, django_capture_on_commit_callbacks)
    manager, client = staff(MANAGER)

    client.post(
        f"/admin/risk/alert/{alert.pk}/decide/", {"decision": "confirm_claw_back", "note": "Ring"}
    )

    alert.refresh_from_db()
    assert alert.status == AlertStatus.CONFIRMED and alert.decided_by == manager
    accounts = [PointsAccount.objects.get(member=m) for m in members]
    assert [(a.available, a.pending) for a in accounts] == [(0, 0)] * 3
    assert all(holds.is_held(member) for member in members)  # later points wait too


def test_confirming_without_claw_back_keeps_the_points_held(
    members, django_capture_on_commit_callbacks
):
    alert = shared_address_alert(members, django_capture_on_commit_callbacks)

    confirm_alert(alert=alert, actor=None, note="")

    assert [PointsAccount.objects.get(member=m).pending for m in members] == [100] * 3


def test_finance_reads_the_queue_support_does_not_and_neither_decides(
    members, django_capture_on_commit_callbacks
):
    alert = shared_address_alert(members, django_capture_on_commit_callbacks)
    _finance, finance = staff(FINANCE)
    _support, support = staff(SUPPORT)
    _manager, manager = staff(MANAGER)
    change = f"/admin/risk/alert/{alert.pk}/change/"
    decide = f"/admin/risk/alert/{alert.pk}/decide/"

    assert finance.get("/admin/risk/alert/").status_code == 200
    page = finance.get(change)
    assert page.status_code == 200 and decide not in page.content.decode()
    assert finance.post(decide, {"decision": "clear"}).status_code == 403
    assert support.get("/admin/risk/alert/").status_code == 403
    assert support.get(decide).status_code == 403
    assert support.get("/admin/risk/alertthresholds/").status_code == 403
    assert decide in manager.get(change).content.decode()
    assert manager.get("/admin/risk/alertthresholds/").status_code == 200
    assert Alert.objects.get().status == AlertStatus.OPEN


def test_managers_are_emailed_once_each_in_their_language(
    members, django_capture_on_commit_callbacks
):
    manager, _client = staff(MANAGER, "manager@example.com")
    MemberFactory(user=manager, preferred_language="de")
    staff(SUPPORT)  # not told

    alert = shared_address_alert(members, django_capture_on_commit_callbacks)
    detection.scan()

    assert [message.to for message in mail.outbox] == [["manager@example.com"]]
    message = mail.outbox[0]
    assert message.subject == "Betrugsverdacht: Konten mit derselben Adresse"
    assert f"/admin/risk/alert/{alert.pk}/change/" in message.body
    assert members[0].user.email in message.body
    assert alert.emailed_at is not None  # a second scan e-mails nobody again


def test_the_list_action_clears_the_selected_open_alerts(
    members, django_capture_on_commit_callbacks
):
    alert = shared_address_alert(members, django_capture_on_commit_callbacks)
    manager, client = staff(MANAGER)

    client.post(
        "/admin/risk/alert/",
        {"action": "clear_selected", "_selected_action": [alert.pk], "index": 0},
    )

    alert.refresh_from_db()
    assert alert.status == AlertStatus.CLEARED and alert.decided_by == manager
    assert not any(holds.is_held(member) for member in members)
