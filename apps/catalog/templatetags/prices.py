"""``{{ card.price|from_price }}``: a product card's price; ``{{ product.pk|card_price_hole }}``:
where a cached listing gets each shopper's price (``apps.catalog.price_holes``)."""

from django import template

from apps.catalog import price_holes

register = template.Library()

register.filter("from_price", price_holes.from_price)
register.filter("card_price_hole", price_holes.card_price_hole)
