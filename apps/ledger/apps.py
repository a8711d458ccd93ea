from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "apps.ledger"
    verbose_name = _("Points ledger")
    # Least privilege (apps/core/database_roles.py): the application's database role may only
    # read these tables; it changes them through these functions, which run as their owner.
    read_only_models = ("PointsAccount", "LedgerEntry", "PointsLot", "LotMovement")
    database_functions = (
        "ledger_lock_account",
        "ledger_earn",
        "ledger_spend",
        "ledger_buyer_earn",
        "ledger_buyer_spend",
        "ledger_clawback",
        "ledger_forfeit",
        "ledger_settle",
        "ledger_release_due",
        "ledger_expire_due",
        "ledger_move_lots",
    )
