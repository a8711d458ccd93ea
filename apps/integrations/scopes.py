"""What an API key may be allowed to do. Each endpoint names the scope it needs."""

from django.utils.translation import gettext_lazy as _

MEMBERS_READ = "members:read"
MEMBERS_WRITE = "members:write"
POINTS_WRITE = "points:write"
ORDERS_READ = "orders:read"
ORDERS_WRITE = "orders:write"
REWARDS_READ = "rewards:read"
REWARDS_WRITE = "rewards:write"
WEBHOOKS_MANAGE = "webhooks:manage"
REPORTS_READ = "reports:read"
COMPANIES_READ = "companies:read"
COMPANIES_WRITE = "companies:write"
REVIEWS_READ = "reviews:read"
REVIEWS_WRITE = "reviews:write"
EVENTS_WRITE = "events:write"
QUOTES_READ = "quotes:read"
QUOTES_WRITE = "quotes:write"
PRICE_LISTS_READ = "price_lists:read"

SCOPE_CHOICES = [
    (MEMBERS_READ, _("Read members, balances, ledger entries and tiers")),
    (MEMBERS_WRITE, _("Create and update members")),
    (POINTS_WRITE, _("Earn, spend and adjust points")),
    (ORDERS_READ, _("Read orders")),
    (ORDERS_WRITE, _("Record offline orders and refunds")),
    (REWARDS_READ, _("Read rewards and redemptions")),
    (REWARDS_WRITE, _("Redeem rewards for members")),
    (WEBHOOKS_MANAGE, _("Manage webhook endpoints")),
    (REPORTS_READ, _("Read the programme and points accounting reports")),
    (COMPANIES_READ, _("Read companies, their members, balances and ledger entries")),
    (
        COMPANIES_WRITE,
        _(
            "Create and update companies, add and remove their members; earn, spend and adjust "
            "their points"
        ),
    ),
    (REVIEWS_READ, _("Read product reviews")),
    (REVIEWS_WRITE, _("Submit product reviews for members")),
    (EVENTS_WRITE, _("Send custom events about members (they may earn points)")),
    (QUOTES_READ, _("Read requests for quotation and their revisions")),
    (QUOTES_WRITE, _("Answer requests for quotation (price them)")),
    (PRICE_LISTS_READ, _("Read price lists, whom they apply to and their prices")),
]
ALL_SCOPES = [value for value, _label in SCOPE_CHOICES]
