from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "apps.members"
    verbose_name = _("Members")

    def ready(self) -> None:
        from apps.core import events

        from .data_export import discover_sections

        discover_sections()
        events.subscriber(events.ORDER_PAID)(_on_order_paid)


def _on_order_paid(*, order_id: int, **_payload) -> None:
    from .tasks import reward_referral

    reward_referral.delay(order_id)
