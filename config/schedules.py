"""The periodic jobs the product installs for Celery beat (django-celery-beat, database scheduler).

``python manage.py setup_schedules`` creates each one that is missing; once created, a schedule
belongs to the merchant, who may change or disable it in the admin, and is never overwritten.
"""

SCHEDULES = [
    {
        # Normally each commit queues its own delivery; this catches up after a lost one.
        "name": "Deliver queued events",
        "task": "core.deliver_queued_events",
        "crontab": {"minute": "*"},
    },
    {
        # WhatsApp and SMS (docs/messaging.md): failed sends whose next try is due, and messages
        # whose queued task was lost.
        "name": "Send waiting WhatsApp and SMS messages",
        "task": "messaging.queue_due",
        "crontab": {"minute": "*"},
    },
    {
        # Webhook retries that wait longer than a Celery countdown may (the visibility timeout).
        "name": "Retry due webhook deliveries",
        "task": "integrations.retry_due_webhooks",
        "crontab": {"minute": "*"},
    },
    {
        "name": "Clear expired sessions",
        "task": "core.clear_expired_sessions",
        "crontab": {"minute": "17", "hour": "3"},
    },
    {
        "name": "Cancel unpaid orders",
        "task": "orders.cancel_unpaid_orders",
        "crontab": {"minute": "37", "hour": "*"},
    },
    {
        # Orders on net terms (docs/credit.md): a reminder before the due date and after it.
        "name": "Send payment reminders",
        "task": "orders.send_payment_reminders",
        "crontab": {"minute": "5", "hour": "8"},
    },
    {
        # Fraud signals (docs/fraud.md): referrals per day, shared devices, cards, addresses.
        "name": "Scan for fraud",
        "task": "risk.scan_for_fraud",
        "crontab": {"minute": "*/10"},
    },
    {
        # Challenges (docs/challenges.md) are completed on each qualifying event; this catches
        # up what a lost delivery or a challenge created after the actions missed.
        "name": "Catch up challenges",
        "task": "engagement.catch_up_challenges",
        "crontab": {"minute": "43", "hour": "2"},
    },
    {
        "name": "Release pending points",
        "task": "ledger.release_pending_points",
        "crontab": {"minute": "7", "hour": "*"},
    },
    {
        # A/B tests (docs/experiments.md): record the groups of members who joined since.
        "name": "Assign new members to experiments",
        "task": "ledger.assign_experiment_members",
        "crontab": {"minute": "23", "hour": "*"},
    },
    {
        "name": "Re-evaluate tiers",
        "task": "tiers.reevaluate_all",
        "crontab": {"minute": "30", "hour": "1"},
    },
    {
        "name": "Expire points",
        "task": "ledger.expire_points",
        "crontab": {"minute": "5", "hour": "0"},
    },
    {
        # Yesterday's programme figures (#18): after midnight in the programme's time zone
        # (CELERY_TIMEZONE) and after the expiry job, though it does not depend on it.
        "name": "Close reporting days",
        "task": "analytics.close_reporting_days",
        "crontab": {"minute": "45", "hour": "0"},
    },
    {
        # RFM segments (#19): before the re-engagement emails, which target segments.
        "name": "Score members (RFM segments)",
        "task": "analytics.score_members",
        "crontab": {"minute": "15", "hour": "2"},
    },
    {
        # Today's programme figures (#18) computed at the start of each minute, so that no
        # dashboard or report request waits for them; idle while nobody reads them.
        "name": "Refresh today's programme figures",
        "task": "analytics.refresh_live_figures",
        "crontab": {"minute": "*"},
    },
    {
        # The programme dashboard's whole-member figures (#23), stored for the page: every
        # 5 minutes while anyone reads the dashboard, and once after midnight.
        "name": "Refresh the programme dashboard's figures",
        "task": "analytics.refresh_dashboard_figures",
        "crontab": {"minute": "*/5"},
    },
    {
        "name": "Remind members of expiring points",
        "task": "notifications.remind_expiring_points",
        "crontab": {"minute": "20", "hour": "6"},
    },
    {
        "name": "Birthday points and greetings",
        "task": "notifications.celebrate_birthdays",
        "crontab": {"minute": "10", "hour": "*"},
    },
    {
        "name": "Re-engage members at risk",
        "task": "notifications.re_engage_members",
        "crontab": {"minute": "40", "hour": "9"},
    },
    {
        # Paid membership (docs/memberships.md): reminders after a failed renewal, each once.
        "name": "Remind members of failed membership payments",
        "task": "memberships.send_payment_reminders",
        "crontab": {"minute": "23", "hour": "*"},
    },
]
