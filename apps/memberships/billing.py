"""The calls to Stripe Billing, through the payments app's client (its key and API base)."""

from typing import Any

from django.conf import settings
from django.utils import translation

from apps.payments.gateways.stripe import client, to_minor_units

from .models import Plan, PlanPrice


def configured() -> bool:
    """Whether Stripe Billing is set up: an API key to call it and a webhook secret to hear
    back (a subscription takes effect only on its signed webhooks)."""
    return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_WEBHOOK_SECRET)


def create_product(plan: Plan) -> str:
    with translation.override("en"):
        product = client().v1.products.create(
            params={
                "name": getattr(plan, "name_en", "") or plan.name,
                "metadata": {"plan": plan.code},
            },
            options={"idempotency_key": f"membership-plan-{plan.pk}"},
        )
    return product.id


def create_price(price: PlanPrice, product_id: str) -> str:
    unit_amount = to_minor_units(price.amount, price.currency)
    created = client().v1.prices.create(
        params={
            "product": product_id,
            "currency": price.currency.lower(),
            "unit_amount": unit_amount,
            "recurring": {"interval": price.interval},
            "metadata": {"plan_price_id": str(price.pk)},
        },
        # A new amount is a new Stripe Price (they are immutable); the same one is made once.
        options={
            "idempotency_key": (
                f"membership-price-{price.pk}-{price.interval}-{price.currency}-{unit_amount}"
            )
        },
    )
    return created.id


def create_customer(*, member_id: int, email: str, name: str, language: str) -> str:
    customer = client().v1.customers.create(
        params={
            "email": email,
            "name": name,
            "preferred_locales": [stripe_locale(language)],
            "metadata": {"member_id": str(member_id)},
        },
        options={"idempotency_key": f"membership-customer-{member_id}"},
    )
    return customer.id


def create_checkout_session(
    *,
    customer_id: str,
    price: PlanPrice,
    member_id: int,
    language: str,
    success_url: str,
    cancel_url: str,
) -> str:
    metadata = {"member_id": str(member_id), "plan_price_id": str(price.pk)}
    session = client().v1.checkout.sessions.create(
        params={
            "mode": "subscription",
            "customer": customer_id,
            "line_items": [{"price": price.stripe_price_id, "quantity": 1}],
            "client_reference_id": str(member_id),
            "metadata": metadata,
            "subscription_data": {"metadata": metadata},
            "locale": stripe_locale(language),
            "success_url": success_url,
            "cancel_url": cancel_url,
        }
    )
    if not session.url:
        raise ValueError("Stripe returned a Checkout Session without a page")
    return session.url


def create_portal_session(*, customer_id: str, return_url: str, language: str) -> str:
    session = client().v1.billing_portal.sessions.create(
        params={
            "customer": customer_id,
            "return_url": return_url,
            "locale": stripe_locale(language),
        }
    )
    return session.url


def cancel_subscription(subscription_id: str) -> None:
    remote = client().v1.subscriptions.retrieve(subscription_id)
    if remote.status in ("canceled", "incomplete_expired"):
        return
    client().v1.subscriptions.cancel(
        subscription_id, options={"idempotency_key": f"membership-cancel-{subscription_id}"}
    )


def retrieve_subscription(subscription_id: str) -> dict[str, Any]:
    return client().v1.subscriptions.retrieve(subscription_id).to_dict()


def stripe_locale(language: str) -> str:
    return {"zh-hans": "zh"}.get(language, language)
