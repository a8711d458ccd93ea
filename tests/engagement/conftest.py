import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from apps.ledger.models import EarningRule, RuleKind
from apps.orders.services import LineDraft, OrderDraft, create_order, mark_paid
from tests.factories import ProductFactory


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def photo(name="photo.png", *, size=(40, 30), kind="PNG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, kind)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{kind.lower()}")


def order_of(member, product, *, paid=True):
    order = create_order(
        draft=OrderDraft(
            email=member.user.email,
            language="en",
            currency="USD",
            exchange_rate=Decimal("1"),
            payment_method="bank_transfer",
            incoterm="FOB",
            member=member,
            lines=[
                LineDraft(
                    product=product,
                    quantity=1,
                    list_unit_price=Decimal("100"),
                    unit_price=Decimal("100"),
                )
            ],
            address={"name": "B", "line1": "S 1", "city": "C", "country": "DE", "postal_code": "1"},
        )
    )
    if paid:
        mark_paid(order=order, amount=order.total, actor_label="test")
    return order


@pytest.fixture
def product(db):
    return ProductFactory()


@pytest.fixture
def buyer(member, product):
    """A member with a paid order of ``product``."""
    order_of(member, product)
    return member


@pytest.fixture
def review_rule(db):
    return EarningRule.objects.create(name_en="Review bonus", kind=RuleKind.REVIEW, points=50)
