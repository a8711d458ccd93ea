from django.db import models
from django.db.models import CharField, Func, Value
from django.db.models.functions import Coalesce, Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The request (or task) that caused an event: ``apps.core.request_id``. Events written by SQL
# functions get it from the transaction's setting, which the request's or task's statements set.
REQUEST_ID_DEFAULT = Coalesce(
    Func(
        Value("storefront.request_id"),
        Value(True),
        function="current_setting",
        output_field=CharField(),
    ),
    Value(""),
)


class OutboxEvent(models.Model):
    """A domain event written in the same transaction as the change it announces
    (``events.publish``; the ledger's SQL functions write theirs too). ``outbox.drain`` turns
    it into one ``EventDelivery`` per subscriber, so an event exists exactly when its change was
    committed and is delivered even if the process that committed it died right after."""

    name = models.CharField(_("event"), max_length=100)
    payload = models.JSONField(_("data"))
    created_at = models.DateTimeField(_("queued at"), db_default=Now())
    request_id = models.CharField(
        _("request id"), max_length=64, blank=True, db_default=REQUEST_ID_DEFAULT
    )

    class Meta:
        verbose_name = _("queued event")
        verbose_name_plural = _("queued events")

    def __str__(self) -> str:
        return f"{self.name} #{self.pk}"


class EventDelivery(models.Model):
    """An event on its way to one subscriber: written for each subscriber when the delivery
    takes the event from the outbox, deleted in the same transaction as the subscriber's work.
    A row that stays is a subscriber that failed: it is tried again after ``next_attempt_at``
    (exponential backoff), and staff see it, with the error, in the admin."""

    event_id = models.BigIntegerField(_("event id"))  # the outbox row's
    name = models.CharField(_("event"), max_length=100)
    payload = models.JSONField(_("data"))
    published_at = models.DateTimeField(_("queued at"))
    subscriber = models.CharField(_("subscriber"), max_length=200)
    attempts = models.PositiveIntegerField(_("attempts"), db_default=0)  # each one failed
    next_attempt_at = models.DateTimeField(_("next attempt"), db_default=Now())
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    last_error = models.TextField(_("error"), blank=True, db_default="")
    request_id = models.CharField(_("request id"), max_length=64, blank=True, db_default="")

    class Meta:
        verbose_name = _("event delivery")
        verbose_name_plural = _("event deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["event_id", "subscriber"], name="core_event_delivered_once_per_subscriber"
            )
        ]
        indexes = [
            models.Index(
                fields=["subscriber", "name", "next_attempt_at"], name="core_delivery_due_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} #{self.event_id} → {self.subscriber_label}"

    @property
    def subscriber_label(self) -> str:
        """The subscriber as staff read it: ``ledger: award_purchase_points``."""
        app, _dot, function = self.subscriber.removeprefix("apps.").partition(".subscribers.")
        return f"{app}: {function}" if function else self.subscriber


class JobRun(models.Model):
    """One run of a long periodic job (``batch_jobs``): how far it got, and who holds its lease.

    The job's batches commit their progress here (``cursor``), so a run whose worker died goes
    on where it stopped; ``holder`` (the Celery task id that may work on it) and
    ``lease_expires_at`` keep a duplicate or second message from working beside it."""

    job = models.CharField(_("job"), max_length=100)
    as_of = models.DateTimeField(_("as of"))
    cursor = models.BigIntegerField(_("done up to"), default=0)  # the last id handled
    changed = models.PositiveIntegerField(_("changed"), default=0)
    batches = models.PositiveIntegerField(_("batches"), default=0)
    holder = models.CharField(_("lease holder"), max_length=64, blank=True, default="")
    lease_expires_at = models.DateTimeField(_("lease expires at"))
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")
        constraints = [
            models.UniqueConstraint(
                fields=["job"],
                condition=models.Q(finished_at__isnull=True),
                name="core_one_unfinished_run_per_job",
            )
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.as_of:%Y-%m-%d %H:%M}"
