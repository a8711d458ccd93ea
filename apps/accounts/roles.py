"""Staff roles: Django groups whose permissions the code defines (``ROLES``).

``sync_roles`` makes each group hold exactly its role's permissions; it runs after every
``migrate`` (``post_migrate`` of the last app, when every app's permissions exist), so a new
model's permissions reach the roles with the migration that adds it. A superuser needs no role.

- Support reads members, companies, balances, orders and redemptions, with personal data masked
  (``core.masking``); changes nothing, exports nothing.
- Programme manager: what Support reads, in full, and runs the programme: adjusts points (within
  the approval rules), edits earning rules, tiers, rewards, e-mail templates and the programme's
  settings; approves others' adjustments; imports members from the previous programme.
- Finance reads everything of the programme, orders and payments in full, and exports; sees the
  programme dashboard and the points accounting report. Reads fraud alerts (managers decide
  them); Support does not see them. Records payments received for orders (bank transfers) and
  issues the invoices (proforma, commercial invoice); changes nothing else.
- Fulfilment reads orders in full (addresses to ship to), moves them through fulfilment
  (processing, shipped, completed, cancelled) and issues packing lists; nothing of the
  programme.
"""

import secrets
from dataclasses import dataclass

from django.apps import AppConfig, apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from apps.core.errors import ApplicationError

from .models import User

SUPPORT, MANAGER, FINANCE, FULFILMENT = "support", "manager", "finance", "fulfilment"

# What every role may read (view permissions), by app label.
PROGRAMME_MODELS = {
    "members": ("member", "address", "consentrecord", "referral", "sharevisit"),
    "ledger": (
        "pointsaccount",
        "ledgerentry",
        "pointslot",
        "adjustmentrequest",
        "earningrule",
        "experiment",
    ),
    "tiers": ("tier", "tierstatus", "tierchange", "tiershippingbenefit"),
    "rewards": ("reward", "redemption"),
    "orders": ("order", "refund"),
    "notifications": ("notification",),
    "companies": ("company", "companymember", "companyaddress", "companyinvitation"),
    "credit": ("creditterms",),
}


def _views(models: dict[str, tuple[str, ...]]) -> list[str]:
    return [f"{app}.view_{model}" for app, names in models.items() for model in names]


@dataclass(frozen=True)
class Role:
    code: str
    group: str  # the group's name (data, in English, as Django's groups are)
    label: object  # shown to staff, translated
    permissions: tuple[str, ...]


ROLES = {
    SUPPORT: Role(SUPPORT, "Support", _("Support"), tuple(_views(PROGRAMME_MODELS))),
    MANAGER: Role(
        MANAGER,
        "Programme manager",
        _("Programme manager"),
        (
            *_views(PROGRAMME_MODELS),
            "accounts.view_personal_data",
            "ledger.view_programme",
            "ledger.change_programme",
            "ledger.change_pointsaccount",  # the "Adjust points" form
            "ledger.change_adjustmentrequest",  # approve or reject others' adjustments
            *(f"ledger.{verb}_earningrule" for verb in ("add", "change", "delete")),
            *(f"ledger.{verb}_experiment" for verb in ("add", "change")),  # start, stop, roll out
            *(f"tiers.{verb}_tier" for verb in ("add", "change")),
            *(f"tiers.{verb}_tiershippingbenefit" for verb in ("add", "change", "delete")),
            *(f"rewards.{verb}_reward" for verb in ("add", "change")),
            "rewards.change_redemption",
            "tiers.change_tierstatus",  # the member 360's "Set tier" (a reason, audited)
            "notifications.change_notification",  # the member 360's "Send again"
            "notifications.view_emailtemplate",
            "notifications.change_emailtemplate",
            # The fraud alert queue (docs/fraud.md): read, decide, set the thresholds.
            "risk.view_alert",
            "risk.change_alert",
            "risk.view_alertthresholds",
            "risk.change_alertthresholds",
            "backoffice.view_memberimport",
            "backoffice.add_memberimport",  # members and opening balances from a file
            # Companies (docs/companies.md): their details, members and roles, addresses.
            *(f"companies.{verb}_company" for verb in ("add", "change")),
            *(f"companies.{verb}_companymember" for verb in ("add", "change", "delete")),
            *(f"companies.{verb}_companyaddress" for verb in ("add", "change", "delete")),
            # Payment terms and credit limits (docs/credit.md), on the company's page too.
            *(f"credit.{verb}_creditterms" for verb in ("add", "change")),
            # Requests for quotation (docs/quotes.md): the queue, answering, the drawings.
            "quotes.view_quote",
            "quotes.change_quote",
        ),
    ),
    FINANCE: Role(
        FINANCE,
        "Finance",
        _("Finance"),
        (
            *_views(PROGRAMME_MODELS),
            *_views(
                {
                    "orders": ("orderline", "orderdiscount", "ordertransition", "refundline"),
                    "payments": ("payment", "providerrefund", "webhookevent"),
                    "ledger": ("programme", "lotmovement"),
                    "risk": ("alert", "alertthresholds"),
                }
            ),
            "accounts.view_personal_data",
            "accounts.export_data",
            "analytics.view_programme_dashboard",
            "analytics.view_points_accounting",
            # Payments received and the invoices (docs/credit.md, docs/documents.md).
            "orders.view_banktransferreceipt",
            "orders.record_receipt",
            "documents.view_tradedocument",
            "documents.issue_proforma",
            "documents.issue_commercial_invoice",
        ),
    ),
    FULFILMENT: Role(
        FULFILMENT,
        "Fulfilment",
        _("Fulfilment"),
        (
            *_views({"orders": ("order", "orderline", "ordertransition", "shippingmethod")}),
            "accounts.view_personal_data",  # the addresses to ship to, on the packing list
            "orders.fulfil_order",
            "documents.view_tradedocument",
            "documents.issue_packing_list",
        ),
    ),
}


def sync_roles() -> None:
    """Create the role groups and give each exactly its permissions (those that exist: an
    app not installed is skipped)."""
    for role in ROLES.values():
        group, _created = Group.objects.get_or_create(name=role.group)
        wanted = {tuple(name.split(".")) for name in role.permissions}
        found = Permission.objects.filter(
            content_type__app_label__in={app for app, _codename in wanted},
            codename__in={codename for _app, codename in wanted},
        ).select_related("content_type")
        permissions = [p for p in found if (p.content_type.app_label, p.codename) in wanted]
        group.permissions.set(permissions)


def sync_roles_after_migrate(sender: AppConfig, **kwargs: object) -> None:
    """After the signal for the last app with models (migrate and flush send it only for
    those): every app's permissions exist by then."""
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is with_models[-1]:
        sync_roles()


class UnknownRole(ApplicationError):
    code = "unknown_role"


@transaction.atomic
def create_staff(*, email: str, role: str, password: str | None = None):
    """A staff account with ``role`` (and no other group), or the existing account moved to it.
    Returns ``(user, password)``: the password given, or a new random one for a new account
    (``None`` when the account existed: its password is kept). Two-factor stays mandatory: the
    account enrols through an invitation link (``two_factor``)."""
    if role not in ROLES:
        raise UnknownRole(
            _("Unknown role %(role)s; one of: %(roles)s.")
            % {"role": role, "roles": ", ".join(ROLES)}
        )
    user = User.objects.filter(email__iexact=email).first()
    new_password = None
    if user is None:
        new_password = password or secrets.token_urlsafe(12)
        user = User.objects.create_user(email, new_password)
    elif password:
        user.set_password(password)
        new_password = password
    user.is_staff = True
    user.save()
    role_groups = Group.objects.filter(name__in=[r.group for r in ROLES.values()])
    user.groups.remove(*role_groups)
    user.groups.add(Group.objects.get_or_create(name=ROLES[role].group)[0])
    return user, new_password
