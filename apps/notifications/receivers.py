"""allauth tells us when an address is confirmed: emails held for it may go now."""


def release_held_on_email_confirmed(sender, request, email_address, **kwargs) -> None:
    from .services import release_held

    release_held(user=email_address.user)
