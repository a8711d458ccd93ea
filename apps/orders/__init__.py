"""Carts, checkout, orders and their lifecycle; payments by Stripe, PayPal or bank transfer.

Built in issue #3.
"""
