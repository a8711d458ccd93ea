"""Helpers for tests that post Stripe webhook events signed by the local fake."""

import json


def post_stripe_event(client, fake, event, *, signature=None):
    body = json.dumps(event).encode()
    return client.post(
        "/payments/webhooks/stripe/",
        data=body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature or fake.sign(body),
    )


def paid_session_event(fake, session_id, **changes):
    fake.pay(session_id)
    session = {**fake.session(session_id), **changes}
    return fake.make_event("checkout.session.completed", session)
