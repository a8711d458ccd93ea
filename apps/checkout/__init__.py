"""Carts (guest and member) and checkout: from a cart to a placed order.

Built in issue #3.
"""
