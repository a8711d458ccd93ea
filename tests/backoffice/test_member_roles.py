"""The member 360 per role: Support reads it masked and acts on nothing; Finance reads it in
full and acts on nothing; the Programme manager acts."""

import pytest

from apps.accounts.roles import FINANCE, MANAGER, SUPPORT
from apps.notifications.models import Notification
from apps.rewards.models import Redemption

from .conftest import EMAIL, SECRETS, staff_client

pytestmark = pytest.mark.django_db

ACTION_LINKS = ("/adjust/", "/set-tier/", "/resend/", "/void/")


def action_posts(member) -> list[str]:
    notification = Notification.objects.get(member=member)
    base = f"/admin/members/member/{member.pk}"
    return [f"{base}/adjust/", f"{base}/set-tier/", f"{base}/resend/{notification.pk}/"]


def test_support_reads_the_360_masked_and_may_not_act(customer):
    client = staff_client(SUPPORT)
    for url in (
        f"/admin/members/member/{customer.pk}/change/",
        "/admin/members/member/",
        f"/admin/members/member/?q={EMAIL}",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode().replace(f'value="{EMAIL}"', "")
        assert not [secret for secret in SECRETS if secret in html], url
        assert "h***@example.de" in html, url
    html = client.get(f"/admin/members/member/{customer.pk}/change/").content.decode()
    assert ">Points history</h2>" in html
    assert not [link for link in ACTION_LINKS if link in html]
    for url in action_posts(customer):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"points": "10", "reason": "x"}).status_code == 403, url
    redemption = Redemption.objects.get(member=customer)
    assert client.post(f"/admin/rewards/redemption/{redemption.pk}/void/").status_code == 403


def test_finance_reads_in_full_and_may_not_act(customer):
    client = staff_client(FINANCE)
    html = client.get(f"/admin/members/member/{customer.pk}/change/").content.decode()
    assert EMAIL in html and ">Points history</h2>" in html
    assert not [link for link in ACTION_LINKS if link in html]
    for url in action_posts(customer):
        assert client.post(url, {"points": "10", "reason": "x"}).status_code == 403, url


def test_the_programme_manager_is_offered_every_action(customer):
    client = staff_client(MANAGER)
    html = client.get(f"/admin/members/member/{customer.pk}/change/").content.decode()
    assert EMAIL in html
    assert all(link in html for link in ACTION_LINKS), html
    for url in action_posts(customer):
        assert client.get(url).status_code == 200, url
