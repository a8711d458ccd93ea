"""The buyer's pages, the staff's answer page and who may download an attachment."""

import subprocess
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from apps.quotes.models import Quote, QuoteStatus
from tests.factories import MemberFactory, ProductFactory

from .conftest import address_of, rfq

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_buyer_requests_staff_answer_in_the_admin_the_buyer_accepts(
    client, member, admin_user, exchange_rates, settings
):
    # Only bank transfer is set up: the accept form offers what checkout offers.
    settings.STRIPE_SECRET_KEY = ""
    settings.PAYPAL_CLIENT_ID = ""
    settings.BANK_TRANSFER_DETAILS = "IBAN DE89 3704 0044 0532 0130 00"
    product = ProductFactory()
    client.force_login(member.user)
    form = client.get(reverse("quotes:new") + f"?product={product.pk}")
    assert form.status_code == 200 and product.name in form.content.decode()

    response = client.post(
        reverse("quotes:new"),
        {
            "source": "product",
            "lines-TOTAL_FORMS": "2",
            "lines-INITIAL_FORMS": "0",
            "lines-MIN_NUM_FORMS": "1",
            "lines-MAX_NUM_FORMS": "20",
            "lines-0-product": str(product.pk),
            "lines-0-quantity": "5000",
            "lines-0-target_unit_price": "70",
            "lines-1-description": "Bracket to our drawing",
            "lines-1-quantity": "200",
            "incoterm": "CIF",
            "destination_country": "JP",
            "destination_port": "Yokohama",
            "attachments": [SimpleUploadedFile("bracket.pdf", PDF, "application/pdf")],
        },
    )

    quote = Quote.objects.get()
    assert response.status_code == 302 and quote.number in response["Location"]
    assert (quote.source, quote.lines.count(), quote.attachments.count()) == ("product", 2, 1)

    client.force_login(admin_user)
    url = reverse("admin:quotes_quote_answer", args=[quote.pk])
    page = client.get(url).content.decode()
    assert 'value="100.00"' in page  # the list price to start from
    lines = list(quote.lines.order_by("id"))
    custom = ProductFactory(is_custom_made=True)
    response = client.post(
        url,
        {
            "expected_revision": "0",
            f"price_{lines[0].pk}": "72.00",
            f"lead_{lines[0].pk}": "0",
            f"price_{lines[1].pk}": "4.00",
            f"lead_{lines[1].pk}": "21",
            f"product_{lines[1].pk}": custom.sku,
            "freight": "900.00",
            "insurance": "40.00",
            "valid_until": (timezone.localdate() + timedelta(days=14)).isoformat(),
            "terms": "30% deposit",
            "note": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    queue = client.get(reverse("admin:quotes_quote_changelist") + "?status__exact=quoted")
    assert quote.number in queue.content.decode()

    client.force_login(member.user)
    detail = client.get(reverse("quotes:detail", args=[quote.number])).content.decode()
    assert "Add a shipping address" in detail
    address = address_of(member)
    detail = client.get(reverse("quotes:detail", args=[quote.number])).content.decode()
    assert 'value="bank_transfer"' in detail and 'value="stripe"' not in detail
    refused = {"revision": "1", "address": str(address.pk), "payment_method": "stripe"}
    client.post(reverse("quotes:accept", args=[quote.number]), refused)
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.QUOTED
    response = client.post(
        reverse("quotes:accept", args=[quote.number]),
        {**refused, "payment_method": "bank_transfer"},
    )
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.ACCEPTED
    assert response["Location"] == reverse("orders:detail", args=[quote.order.access_token])
    assert quote.order.total_amount == 5000 * 72 + 200 * 4 + 940


def test_attachments_are_served_to_the_buyers_company_and_staff_only(client, member, admin_user):
    from apps.quotes.attachments import check_file

    quote = rfq(member, attachments=[check_file(name="plan.pdf", content=PDF)])
    file = quote.attachments.get()
    url = reverse("quotes:attachment", args=[quote.pk, file.pk])

    client.force_login(MemberFactory().user)
    assert client.get(url).status_code == 404
    client.force_login(member.user)
    response = client.get(url)
    assert response.status_code == 200 and response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    client.force_login(admin_user)
    assert client.get(url).status_code == 200


def test_only_real_drawings_and_images_are_accepted():
    from apps.quotes.attachments import check_file
    from apps.quotes.errors import InvalidAttachment

    assert check_file(name="../../a.dwg", content=b"AC1032rest").filename == "a.dwg"
    for name, content in (
        ("evil.pdf", b"MZ\x90\x00 executable"),
        ("page.html", PDF),  # a PDF under another name
        ("huge.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024)),
    ):
        with pytest.raises(InvalidAttachment):
            check_file(name=name, content=content)


def test_the_quote_proforma_is_a_pdf_in_the_buyers_language(client, quoted, member):
    Quote.objects.filter(pk=quoted.pk).update(language="ja")
    client.force_login(member.user)

    response = client.get(reverse("quotes:proforma", args=[quoted.number]))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert quoted.number in text and "CIF" in text and "Yokohama" in text
    assert "42,825.00" in text or "42,825" in text
