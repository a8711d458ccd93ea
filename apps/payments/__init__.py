"""Payment providers behind one gateway interface: Stripe, PayPal and bank transfer.

Built in issue #3. Webhooks are verified, stored under a unique provider event id and processed
exactly once.
"""
