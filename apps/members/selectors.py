"""Reads about members (the member center's pages gather theirs in ``apps.storefront``)."""

from .models import Member


def member_of(user) -> Member | None:
    """The signed-in user's member profile (None for anonymous visitors and bare staff)."""
    return getattr(user, "member", None) if user.is_authenticated else None
