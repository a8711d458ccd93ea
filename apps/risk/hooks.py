"""What fraud detection plugs into the apps below: the device a member signs up or in with, the
member's devices in their data export, and forgetting them when the account is closed."""

from apps.members.extensions import account_closing, signed_in, signed_up
from apps.members.models import Member

from . import data_export  # noqa: F401  (registers its export section)
from .devices import record_device
from .models import DeviceSighting

signed_in.register(record_device)
signed_up.register(record_device)


@account_closing.register
def forget_devices_of_closed_account(*, member: Member) -> None:
    """A closed account's browsers are personal data we no longer need (alerts stay)."""
    DeviceSighting.objects.filter(member=member).delete()
