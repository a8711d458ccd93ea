"""What price lists plug into the catalogue (``apps.core.extensions``), loaded at start-up."""

from apps.catalog.extensions import price_list

from .selectors import buyer_price_list


@price_list.register
def member_price_list(member, *, currency: str):
    return buyer_price_list(member, currency=currency)
