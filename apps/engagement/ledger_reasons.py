"""The reasons the engagement app writes in the ledger (registered in ``hooks``)."""

from django.utils.translation import gettext_noop

REVIEW_REMOVED = gettext_noop("Product review removed")
CHALLENGE_COMPLETED = gettext_noop("Challenge completed: %(challenge)s")
