import secrets
from decimal import Decimal

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from apps.accounts.models import User
from apps.accounts.roles import ROLES, create_staff
from apps.analytics.segments import score_members
from apps.catalog.demo import install_demo_catalogue
from apps.catalog.models import Category, Product, ProductPrice
from apps.currencies.services import set_exchange_rate
from apps.ledger import reasons
from apps.ledger import services as ledger
from apps.ledger.models import EarningRule, LedgerEntry
from apps.members.services import register_member
from apps.memberships import billing
from apps.memberships.models import Plan, PlanPrice
from apps.memberships.services import sync_plan_prices
from apps.orders.models import ShippingMethod
from apps.rewards.models import Reward
from apps.rewards.services import redeem
from apps.sitecontent.demo import install_demo_content
from apps.tiers.models import Tier, TierShippingBenefit

from ... import demo_data

# The Stripe Price id a demo club price gets when no Stripe is set up (never sent to Stripe).
DEMO_PRICE_PREFIX = "price_demo_"
STAFF_EMAIL = "admin@example.com"
STAFF_PASSWORD = "demo-admin-2026"  # noqa: S105 - printed demo login, local use only
MEMBER_PASSWORD = "demo-member-2026"  # noqa: S105
ROLE_STAFF_PASSWORD = "demo-staff-2026"  # noqa: S105 - support@, manager@, finance@, fulfilment@example.com
# A fixed TOTP secret so that the demo admin can add it to an authenticator app.
STAFF_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105


class Command(BaseCommand):
    help = (
        "Install demo data (idempotent): staff user, members, catalogue, exchange rates. Only "
        "with DEBUG=true, unless --force (then the demo accounts get random passwords)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed with DEBUG=false too: the demo logins then get random passwords and a "
            "random TOTP secret, printed once (never the published ones).",
        )

    @transaction.atomic
    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo installs demo logins whose passwords are published in the README, "
                "so it runs only with DEBUG=true. Run it with --force to seed this "
                "installation anyway: the demo logins then get random passwords, printed once."
            )
        # Outside local development the published passwords and TOTP secret are never used.
        self.credentials = DemoCredentials(published=settings.DEBUG)
        for currency, value in demo_data.EXCHANGE_RATES.items():
            set_exchange_rate(currency=currency, value=value)
        categories = self._seed_categories()
        self._seed_products(categories)
        self._seed_prices()
        self._seed_shipping_methods()
        self._seed_tiers()
        self._seed_rules_and_rewards()
        self._seed_membership_plan()
        self._seed_staff()
        self._seed_members()
        self._seed_redemptions()
        score_members()  # RFM segments, as the nightly job would (docs/segments.md)
        # The apps' own demo content: company details and pages, then product pictures and texts.
        for install in (install_demo_content, install_demo_catalogue):
            install()
        self._print_logins()

    def _seed_categories(self) -> dict[str, Category]:
        categories = {}
        for position, (key, names) in enumerate(demo_data.CATEGORIES.items()):
            fields = {"position": position, **_translated("name", names)}
            fields.update(_translated_slugs(names))
            categories[key], _ = Category.objects.update_or_create(
                slug_en=fields["slug_en"], defaults=fields
            )
        return categories

    def _seed_products(self, categories: dict[str, Category]) -> None:
        for item in demo_data.PRODUCTS:
            fields = {
                "category": categories[item["category"]],
                "price": item["price"],
                "hs_code": item["hs_code"],
                **demo_data.CUSTOMS[item["category"]],
                **_translated("unit", demo_data.UNITS[item["unit"]]),
                "minimum_order_quantity": item["moq"],
                "lead_time_days": item["lead_time_days"],
                "is_new": item["is_new"],
                "is_custom_made": item["is_custom_made"],
                "stock_quantity": demo_data.STOCK.get(item["sku"]),
                **_translated("name", item["name"]),
                **_translated_slugs(item["name"]),
            }
            Product.objects.update_or_create(sku=item["sku"], defaults=fields)

    def _seed_prices(self) -> None:
        ladders = {
            sku: {settings.BASE_CURRENCY: breaks} for sku, breaks in demo_data.PRICE_BREAKS.items()
        }
        for sku, by_currency in demo_data.EXPLICIT_PRICES.items():
            ladders.setdefault(sku, {}).update(by_currency)
        for sku, by_currency in ladders.items():
            product = Product.objects.get(sku=sku)
            for currency, breaks in by_currency.items():
                for quantity, amount in breaks:
                    ProductPrice.objects.update_or_create(
                        product=product,
                        price_currency=currency,
                        min_quantity=quantity,
                        defaults={"price": amount},
                    )

    def _seed_rules_and_rewards(self) -> None:
        for item in demo_data.EARNING_RULES:
            EarningRule.objects.update_or_create(
                kind=item["kind"],
                name_en=item["name"]["en"],
                defaults={
                    "points": item["points"],
                    "cap_points": item.get("cap_points"),
                    "minimum_order": item.get("minimum_order"),
                    **_translated("name", item["name"]),
                },
            )
        for position, reward in enumerate(demo_data.REWARDS):
            Reward.objects.update_or_create(
                name_en=reward["name"]["en"],
                defaults={
                    "kind": reward["kind"],
                    "points_cost": reward["points"],
                    "stock": reward.get("stock"),
                    "coupon_amount": reward.get("coupon_amount"),
                    "position": position,
                    **_translated("name", reward["name"]),
                },
            )

    def _seed_membership_plan(self) -> None:
        """The paid club with its prices. A price's Stripe Price id is the one configured
        (``DEMO_MEMBERSHIP_STRIPE_PRICES``), else, with Stripe set up, one created there, else
        a placeholder: the member center shows the club and says Stripe is not set up."""
        item = demo_data.MEMBERSHIP_PLAN
        plan, _ = Plan.objects.update_or_create(
            code=item["code"],
            defaults={
                "points_multiplier": item["multiplier"],
                "discount_percent": item["discount"],
                "free_shipping": item["free_shipping"],
                **_translated("name", item["name"]),
                **_translated("description", item["description"]),
            },
        )
        configured = settings.DEMO_MEMBERSHIP_STRIPE_PRICES
        for row in item["prices"]:
            price, _ = PlanPrice.objects.get_or_create(
                plan=plan,
                interval=row["interval"],
                currency=row["currency"],
                defaults={"amount": row["amount"]},
            )
            key = f"{row['interval']}-{row['currency']}"
            placeholder = f"{DEMO_PRICE_PREFIX}{plan.code}_{key}".replace("-", "_").lower()
            if configured.get(key):
                price.stripe_price_id = configured[key]
            elif billing.configured() and price.stripe_price_id.startswith(DEMO_PRICE_PREFIX):
                price.stripe_price_id = ""  # made at Stripe below
            elif not billing.configured() and not price.stripe_price_id:
                price.stripe_price_id = placeholder
            price.save(update_fields=["stripe_price_id"])
        if billing.configured() and plan.prices.filter(stripe_price_id="").exists():
            try:
                sync_plan_prices(plans=[plan])
            except Exception as error:  # Stripe unreachable: the club waits for the admin
                self.stderr.write(f"The demo club's prices could not be made at Stripe: {error}")

    def _seed_tiers(self) -> None:
        for item in demo_data.TIERS:
            Tier.objects.update_or_create(
                rank=item["rank"],
                defaults={
                    "badge_colour": item["colour"],
                    "qualifying_spend": Decimal(item["spend"]) if item["spend"] else None,
                    "discount_percent": Decimal(item["discount"]),
                    "points_multiplier": Decimal(item["multiplier"]),
                    "redemption_points_per_unit": item["redemption"],
                    "priority_service": item["rank"] >= 2,
                    "account_manager": item["rank"] >= 3,
                    "early_access": item["rank"] >= 2,
                    **_translated("name", item["name"]),
                },
            )

        for benefit in demo_data.TIER_SHIPPING_BENEFITS:
            TierShippingBenefit.objects.update_or_create(
                tier=Tier.objects.get(rank=benefit["rank"]),
                shipping_method=ShippingMethod.objects.get(name_en=benefit["method"]),
                kind=benefit["kind"],
                currency=benefit.get("currency", ""),
                defaults={
                    "percent": Decimal(benefit["percent"]) if "percent" in benefit else None,
                    "amount": Decimal(benefit["amount"]) if "amount" in benefit else None,
                },
            )

    def _seed_shipping_methods(self) -> None:
        for position, item in enumerate(demo_data.SHIPPING_METHODS):
            ShippingMethod.objects.update_or_create(
                name_en=item["name"]["en"],
                defaults={
                    "position": position,
                    "price": item["price"],
                    "is_quoted_later": item["is_quoted_later"],
                    **_translated("name", item["name"]),
                },
            )

    def _seed_staff(self) -> None:
        """The superuser, and one staff member of each role (same two-factor secret)."""
        self._seed_staff_user(STAFF_EMAIL, STAFF_PASSWORD)
        for role in ROLES:
            self._seed_staff_user(f"{role}@example.com", ROLE_STAFF_PASSWORD, role=role)

    def _seed_staff_user(self, email: str, published: str, *, role: str | None = None) -> None:
        credentials = self.credentials
        user = User.objects.filter(email=email).first()
        if user is not None:
            credentials.replace_published_password(user, published)
        elif role is None:
            user = User.objects.create_superuser(email, credentials.password(email, published))
        else:
            user, _password = create_staff(
                email=email, role=role, password=credentials.password(email, published)
            )
        _verify_email(user)
        totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        if totp is None or credentials.replaces_published_totp(totp):
            if totp is not None:
                totp.delete()
            TOTP.activate(user, credentials.totp_secret(email))

    def _seed_members(self) -> None:
        credentials = self.credentials
        for item in demo_data.MEMBERS:
            user = User.objects.filter(email=item["email"]).first()
            if user is None:
                user = User.objects.create_user(
                    item["email"], credentials.password(item["email"], MEMBER_PASSWORD)
                )
            else:
                credentials.replace_published_password(user, MEMBER_PASSWORD)
            _verify_email(user)
            member = register_member(
                user=user,
                language=item["language"],
                currency=item["currency"],
                company_name=item["company_name"],
                country=item["country"],
                customer_type=item["customer_type"],
            )
            # Points to try the rewards and checkout redemption with (once), labelled in the
            # member's language like every ledger reason.
            if not LedgerEntry.objects.filter(
                account__member=member, idempotency_key="demo:points"
            ).exists():
                ledger.earn(
                    member=member,
                    points=3000,
                    reason=reasons.written(reasons.DEMO_POINTS),
                    idempotency_key="demo:points",
                    source="demo",
                )

    def _seed_redemptions(self) -> None:
        for email, reward_name in demo_data.REDEMPTIONS:
            member = User.objects.get(email=email).member
            reward = Reward.objects.get(name_en=reward_name)
            redeem(member=member, reward=reward, idempotency_key=f"demo:{reward.pk}")

    def _print_logins(self) -> None:
        if not self.credentials.published:
            self.stdout.write(self.style.SUCCESS("Demo data is ready.") + "\n")
            self.stdout.write(self.credentials.report())
            return
        self.stdout.write(
            self.style.SUCCESS("Demo data is ready.")
            + f"\n  Merchant admin: {STAFF_EMAIL} / {STAFF_PASSWORD}"
            + f"\n    two-factor: add TOTP secret {STAFF_TOTP_SECRET} to an authenticator app"
            + (
                f" or, locally, enter {settings.MFA_TOTP_INSECURE_BYPASS_CODE}"
                if getattr(settings, "MFA_TOTP_INSECURE_BYPASS_CODE", None)
                else ""
            )
            + "\n  Members (password "
            + MEMBER_PASSWORD
            + "): "
            + ", ".join(item["email"] for item in demo_data.MEMBERS)
        )


class DemoCredentials:
    """The demo logins' passwords and TOTP secret: the published ones for local development,
    else random ones, remembered for one report (printed once, stored only as hashes and the
    encrypted secret). Outside development a demo login still on a published password (seeded
    earlier with DEBUG on) gets a random one too."""

    def __init__(self, *, published: bool):
        self.published = published
        self.issued: list[tuple[str, str]] = []

    def password(self, email: str, published: str = STAFF_PASSWORD) -> str:
        if self.published:
            return published
        password = secrets.token_urlsafe(15)
        self.issued.append((email, f"password {password}"))
        return password

    def replace_published_password(self, user: User, published: str) -> None:
        if not self.published and user.check_password(published):
            user.set_password(self.password(user.email))
            user.save(update_fields=["password"])

    def totp_secret(self, email: str = STAFF_EMAIL) -> str:
        if self.published:
            return STAFF_TOTP_SECRET
        secret = generate_totp_secret()
        self.issued.append((email, f"TOTP secret {secret}"))
        return secret

    def replaces_published_totp(self, totp: Authenticator) -> bool:
        return not self.published and decrypt(totp.data["secret"]) == STAFF_TOTP_SECRET

    def report(self) -> str:
        if not self.issued:
            return "  The demo logins keep the passwords they had (none is a published one)."
        lines = [f"  {email}: {what}" for email, what in self.issued]
        return "\n".join(
            ["  New demo logins (shown only now; store them or reset the passwords):", *lines]
        )


def _translated(field: str, texts: dict[str, str]) -> dict[str, str]:
    return {f"{field}_{language}": text for language, text in texts.items()}


def _translated_slugs(names: dict[str, str]) -> dict[str, str]:
    return {
        f"slug_{language}": slugify(name, allow_unicode=True)[:200]
        for language, name in names.items()
    }


def _verify_email(user: User) -> None:
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
