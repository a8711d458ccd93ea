"""Reads of the engagement app: purchases that allow a review, published reviews, the
moderation queue, a member's custom events."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, QuerySet

from apps.catalog.models import Product
from apps.members.models import Member
from apps.orders.models import OrderLine, OrderStatus

from .models import MemberEvent, Review, ReviewStatus

NOT_BOUGHT = (OrderStatus.PENDING_PAYMENT, OrderStatus.CANCELLED, OrderStatus.REFUNDED)
PAGE_SIZE = 50


def has_bought(member: Member, product: Product) -> bool:
    """Whether the member has a paid order line of the product (not cancelled or refunded)."""
    return (
        OrderLine.objects.filter(
            order__member=member, product=product, order__paid_at__isnull=False
        )
        .exclude(order__status__in=NOT_BOUGHT)
        .exists()
    )


@dataclass(frozen=True)
class ReviewSummary:
    count: int
    average: Decimal | None  # one decimal, None without reviews

    @property
    def stars(self) -> int:
        """The average rounded to whole stars (for the star display)."""
        return int(self.average.to_integral_value(ROUND_HALF_UP)) if self.average else 0


def approved(product_id: int) -> QuerySet[Review]:
    return Review.objects.filter(product_id=product_id, status=ReviewStatus.APPROVED)


def summary(product_id: int) -> ReviewSummary:
    """Count and average rating of the product's approved reviews (every language)."""
    row = approved(product_id).aggregate(count=Count("id"), average=Avg("rating"))
    average = row["average"]
    return ReviewSummary(
        count=row["count"],
        average=(
            Decimal(str(average)).quantize(Decimal("0.1"), ROUND_HALF_UP)
            if average is not None
            else None
        ),
    )


def languages(product_id: int) -> dict[str, int]:
    """How many approved reviews the product has in each language."""
    rows = approved(product_id).values_list("language").annotate(n=Count("id")).order_by()
    return dict(rows)


def published_reviews(product_id: int, *, language: str | None = None) -> list[Review]:
    """The product's approved reviews, newest first (in ``language`` only when given), with
    their photos and authors."""
    reviews = approved(product_id)
    if language:
        reviews = reviews.filter(language=language)
    return list(reviews.select_related("member").prefetch_related("photos")[:PAGE_SIZE])


def member_reviews(member: Member) -> QuerySet[Review]:
    return Review.objects.filter(member=member).select_related("product")


def member_review_of(member: Member, product: Product) -> Review | None:
    return Review.objects.filter(member=member, product=product).first()


def member_events(member: Member) -> QuerySet[MemberEvent]:
    return MemberEvent.objects.filter(member=member).order_by("-occurred_at", "-id")
