"""What messaging plugs into the apps below (``apps.core.extensions``), loaded at start-up."""

from apps.members.extensions import account_closing
from apps.notifications.extensions import notifications_recorded

from . import data_export  # noqa: F401  (registers its export section)
from .services import forget_channels, plan_messages

notifications_recorded.register(plan_messages)
account_closing.register(forget_channels)
