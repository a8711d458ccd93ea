"""Products to suggest on the member's dashboard, from what they looked at and what they bought.

Categories the member showed interest in are scored (a purchase line weighs more than a view;
only the last 180 days count); the suggestions are active products from the best-scored
categories that the member has not bought yet, newest first, topped up with featured products.
A fixed number of queries whatever the member's history; the choice is cached for ten minutes.
"""

from datetime import timedelta

from django.core.cache import cache
from django.db.models import Count, Sum
from django.template.loader import render_to_string
from django.utils import timezone

from apps.catalog.caching import cached_fragment
from apps.catalog.pricing import PricingContext
from apps.catalog.selectors import active_products, product_cards, products_by_id
from apps.members.models import Member, ProductView
from apps.orders.models import OrderLine, OrderStatus

LOOKBACK = timedelta(days=180)
PURCHASE_WEIGHT = 3
CACHE_SECONDS = 10 * 60
NOT_BOUGHT = (OrderStatus.PENDING_PAYMENT, OrderStatus.CANCELLED)


def _category_interest(member: Member, since) -> tuple[dict[int, int], set[int]]:
    """(category id -> score, ids of products the member bought)."""
    scores: dict[int, int] = {}
    viewed = (
        ProductView.objects.filter(member=member, last_viewed_at__gte=since)
        .values("product__category_id")
        .annotate(score=Sum("views"))
    )
    for row in viewed:
        scores[row["product__category_id"]] = row["score"]
    bought = (
        OrderLine.objects.filter(order__member=member, order__placed_at__gte=since)
        .exclude(order__status__in=NOT_BOUGHT)
        .values("product_id", "product__category_id")
        .annotate(lines=Count("id"))
    )
    bought_ids = set()
    for line in bought:
        category = line["product__category_id"]
        scores[category] = scores.get(category, 0) + PURCHASE_WEIGHT * line["lines"]
        bought_ids.add(line["product_id"])
    return scores, bought_ids


def recommended_cards(member: Member, *, context: PricingContext, limit: int = 4) -> str:
    """Product cards (HTML) for up to ``limit`` products, priced for ``context``. The choice is
    cached for a few minutes per member (interest changes slowly); the cards are catalogue
    fragments, so a price, stock or product change shows at once."""
    key = f"recommended:{member.pk}:{limit}"
    ids = cache.get(key)
    if ids is None:
        ids = _recommended_ids(member, limit)
        cache.set(key, ids, CACHE_SECONDS)
    if not ids:
        return ""
    return cached_fragment(
        ("recommended-cards", tuple(ids), *context.fragment_variant()),
        lambda: render_to_string(
            "members/partials/product_cards.html",
            {"cards": product_cards(products_by_id(ids, context), context)},
        ),
    )


def _recommended_ids(member: Member, limit: int) -> list[int]:
    scores, bought = _category_interest(member, timezone.now() - LOOKBACK)
    ids: list[int] = []
    if scores:
        candidates = (
            active_products()
            .filter(category_id__in=scores)
            .exclude(pk__in=bought)
            .order_by("-is_new", "-created_at", "id")
            .values_list("pk", "category_id")[: limit * 10]
        )
        ranked = sorted(candidates, key=lambda row: -scores[row[1]])  # stable: newest first
        ids = [pk for pk, _category in ranked[:limit]]
    if len(ids) < limit:
        ids += list(
            active_products()
            .exclude(pk__in=[*ids, *bought])
            .order_by("-is_new", "-created_at", "id")
            .values_list("pk", flat=True)[: limit - len(ids)]
        )
    return ids
