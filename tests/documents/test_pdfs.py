"""The documents as PDF, read back with pdftotext (poppler-utils) and drawn as PNG (pdftoppm)
into test-artifacts/screenshots/ beside the browser tests' screenshots."""

import re
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from apps.documents.models import DocumentKind
from apps.documents.services import document_pdf, issue_document
from apps.orders.models import OrderStatus
from apps.orders.services import transition
from tests.conftest import ARTIFACTS

from .conftest import export_order, ship

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed"),
]

SCREENSHOTS = ARTIFACTS / "screenshots"


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout


def save_png(pdf: bytes, name: str, tmp_path: Path) -> Path:
    """The first page at 100 dpi, as test-artifacts/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    target = SCREENSHOTS / name
    subprocess.run(
        ["pdftoppm", "-png", "-r", "100", "-singlefile", str(path), str(target)], check=True
    )
    return target.with_suffix(".png")


def test_english_proforma_names_both_parties_the_customs_data_and_the_total_in_words(
    company, tmp_path
):
    order = export_order(vat_id="FR40303265045", reverse_charge=True, po_number="PO-7781")
    document = issue_document(order=order, kind=DocumentKind.PROFORMA)

    pdf = document_pdf(document=document)
    text = pdf_text(pdf, tmp_path)

    assert pdf.startswith(b"%PDF")
    for expected in (
        "Proforma invoice",
        document.number,
        order.number,
        "PO-7781",
        "Export Storefront Ltd",
        "DE136695976",  # seller's VAT number
        "DE123456789012345",  # EORI
        "FR40303265045",  # buyer's VAT id
        "FOB Hamburg",
        "8481.80",
        "Germany",
        "37.5",  # net weight of 3 units
        "€4,486.50",
        "Four thousand, four hundred and eighty-six euros and 50/100",
        "Reverse charge",
        "IBAN DE89 3704 0044 0532 0130 00",
    ):
        assert expected in " ".join(text.split()), expected
    save_png(pdf, "documents-proforma-en", tmp_path)


def test_the_first_rendering_is_kept(company):
    document = issue_document(order=export_order(), kind=DocumentKind.PROFORMA)
    first = document_pdf(document=document)
    document.refresh_from_db()
    assert bytes(document.pdf) == first
    assert document_pdf(document=document) == first


def test_chinese_commercial_invoice_and_packing_list(company, tmp_path):
    order = ship(
        export_order(language="zh-hans", lines=((Decimal("1495.50"), 3), (Decimal("20.00"), 5)))
    )
    invoice = issue_document(order=order, kind=DocumentKind.COMMERCIAL_INVOICE)
    packing = issue_document(order=order, kind=DocumentKind.PACKING_LIST)

    invoice_pdf = document_pdf(document=invoice)
    invoice_text = " ".join(pdf_text(invoice_pdf, tmp_path).split())
    packing_pdf = document_pdf(document=packing)
    packing_text = " ".join(pdf_text(packing_pdf, tmp_path).split())

    assert "商业发票" in invoice_text
    assert "出口商城有限公司" in invoice_text
    assert "德国" in invoice_text and "中国" in invoice_text  # countries of origin
    assert "欧元肆仟伍佰捌拾陆元伍角整" in invoice_text  # 4,586.50 in financial numerals
    assert "装箱单" in packing_text
    assert invoice.number in packing_text  # the packing list names its invoice
    # Totals: 2 + 3 packages, 8 units of 12.5 kg net and 14.25 kg gross.
    assert re.search(r"合计 5 100 114\b", packing_text), packing_text
    save_png(invoice_pdf, "documents-commercial-invoice-zh-hans", tmp_path)
    save_png(packing_pdf, "documents-packing-list-zh-hans", tmp_path)


def test_arabic_invoice_reads_right_to_left_in_logical_order(company, tmp_path):
    order = ship(export_order(language="ar", vat_id="FR40303265045", reverse_charge=True))
    document = issue_document(order=order, kind=DocumentKind.COMMERCIAL_INVOICE)

    pdf = document_pdf(document=document)
    text = pdf_text(pdf, tmp_path)

    # pdftotext gives Arabic words in logical order: each one as written.
    for word in ("فاتورة", "تجارية", "إكسبورت", "ألمانيا"):
        assert word in text, word
    assert document.number in text and "DE136695976" in text  # codes stay left to right
    assert "1 Harbour Road" in text and "69001 Lyon" in text  # Latin lines keep their order
    save_png(pdf, "documents-commercial-invoice-ar", tmp_path)


def test_the_invoice_of_an_order_shipped_on_net_terms_says_when_it_is_payable(company, tmp_path):
    due = date(2027, 1, 15)
    order = export_order(payment_terms="net_30", due_date=due, status=OrderStatus.ACCEPTED)
    order = transition(order=order, to=OrderStatus.SHIPPED)  # before it is paid

    invoice = issue_document(order=order, kind=DocumentKind.COMMERCIAL_INVOICE)
    pdf = document_pdf(document=invoice)
    text = " ".join(pdf_text(pdf, tmp_path).split())

    assert "Payment terms: Net 30 days" in text, text
    assert "Due date: Jan. 15, 2027" in text, text
    assert (
        f"Payable by Jan. 15, 2027: €4,486.50, by bank transfer quoting the order number "
        f"{order.number}." in text
    ), text
    save_png(pdf, "documents-commercial-invoice-net-terms-en", tmp_path)
