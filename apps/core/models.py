from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _
from djmoney.contrib.exchange.models import Rate


class ExchangeRate(Rate):
    """djmoney's rate row as the merchant sees it: 1 unit of the base currency = value."""

    class Meta:
        proxy = True
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")


class OutboxEvent(models.Model):
    """A domain event written in the same transaction as the change it announces (the ledger's
    hot path writes these from SQL). ``events.drain_outbox`` hands them to the subscribers and
    deletes them, so an event exists exactly when its change was committed and is delivered even
    if the process that committed it died right after."""

    name = models.CharField(_("event"), max_length=100)
    payload = models.JSONField(_("data"))
    created_at = models.DateTimeField(_("queued at"), db_default=Now())

    class Meta:
        verbose_name = _("queued event")
        verbose_name_plural = _("queued events")

    def __str__(self) -> str:
        return f"{self.name} #{self.pk}"
