"""What fraud detection plugs into the apps below: the device a member signs up or in with."""

from apps.members.extensions import signed_in, signed_up

from .devices import record_device

signed_in.register(record_device)
signed_up.register(record_device)
