"""Local fake payment providers (Stripe, PayPal) that the real SDKs talk to in tests."""

from tests.fakes.paypal_server import FakePayPal
from tests.fakes.stripe_server import FakeStripe

__all__ = ["FakePayPal", "FakeStripe"]
