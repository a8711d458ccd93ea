"""Orders: immutable lines with captured prices, the status lifecycle and refunds.

Carts and checkout live in ``apps.checkout``; payment providers in ``apps.payments``.
"""
