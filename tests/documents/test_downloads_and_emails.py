"""Who downloads which document where, and which e-mail carries which."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core import mail
from django.urls import reverse

from apps.accounts.roles import SUPPORT, create_staff
from apps.documents.models import DocumentKind, TradeDocument
from apps.orders.emails import send_order_email
from tests.conftest import TOTP_SECRET
from tests.factories import MemberFactory

from .conftest import export_order, ship

pytestmark = pytest.mark.django_db


def download_url(order, kind: str) -> str:
    return reverse("documents:member_download", args=[order.number, kind])


def test_the_member_downloads_the_proforma_of_their_unpaid_order(client, member, company):
    order = export_order(member=member)
    client.force_login(member.user)

    response = client.get(download_url(order, "proforma"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    document = TradeDocument.objects.get(order=order)
    assert f'filename="{document.number}.pdf"' in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    # The orders list and the order page link it.
    listed = client.get(reverse("members:orders")).content.decode()
    assert download_url(order, "proforma") in listed
    page = client.get(reverse("orders:detail", args=[order.access_token])).content.decode()
    assert download_url(order, "proforma") in page


def test_nobody_else_gets_the_documents(client, member, company):
    order = ship(export_order(member=member))
    client.force_login(MemberFactory().user)

    for kind in ("proforma", "commercial_invoice", "packing_list"):
        assert client.get(download_url(order, kind)).status_code == 404
    # Nothing was issued for the stranger's requests.
    assert not TradeDocument.objects.exists()
    # The order's secret link alone lists no documents either.
    page = client.get(reverse("orders:detail", args=[order.access_token])).content.decode()
    assert "/documents/" not in page

    client.logout()
    response = client.get(download_url(order, "commercial_invoice"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_document_the_status_does_not_allow_is_not_found(client, member, company):
    order = export_order(member=member)
    client.force_login(member.user)

    assert client.get(download_url(order, "commercial_invoice")).status_code == 404
    assert client.get(download_url(order, "receipt")).status_code == 404


def test_staff_download_from_the_order_page_of_the_admin(admin_client, company):
    order = ship(export_order())
    change_page = admin_client.get(reverse("admin:orders_order_change", args=[order.pk]))
    url = reverse("admin:documents_download", args=[order.pk, "commercial_invoice"])
    assert url in change_page.content.decode()

    response = admin_client.get(url)

    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert TradeDocument.objects.filter(order=order, kind="commercial_invoice").exists()


def test_staff_who_see_personal_data_masked_get_no_documents(client, company):
    order = ship(export_order())
    support, _password = create_staff(email="support@example.com", role=SUPPORT)
    TOTP.activate(support, TOTP_SECRET)
    client.force_login(support)

    change_page = client.get(reverse("admin:orders_order_change", args=[order.pk]))
    url = reverse("admin:documents_download", args=[order.pk, "commercial_invoice"])

    assert change_page.status_code == 200 and url not in change_page.content.decode()
    assert client.get(url).status_code == 403


def test_the_confirmation_carries_the_proforma_and_the_shipping_notice_the_invoice(company):
    order = export_order()

    assert send_order_email(order_id=order.pk, kind="placed")
    ship(order)
    assert send_order_email(order_id=order.pk, kind="shipped")

    placed, shipped = mail.outbox
    proforma = TradeDocument.objects.get(order=order, kind=DocumentKind.PROFORMA)
    assert [name for name, _content, _type in placed.attachments] == [f"{proforma.number}.pdf"]
    assert "The proforma invoice is attached." in placed.body
    assert [name for name, _content, _type in shipped.attachments] == [
        f"{TradeDocument.objects.get(order=order, kind=kind).number}.pdf"
        for kind in (DocumentKind.COMMERCIAL_INVOICE, DocumentKind.PACKING_LIST)
    ]
    assert shipped.attachments[0][1].startswith(b"%PDF")
    assert order.number in shipped.subject
    # Sent once: a second delivery of the event sends and issues nothing.
    assert not send_order_email(order_id=order.pk, kind="shipped")
    assert TradeDocument.objects.filter(order=order).count() == 3
