"""What each kind of notification says, in the active language.

A notification stores only facts (numbers, ISO dates, names of translated objects in every
language, ids); the words are chosen when it is shown, so the same row reads in German in a
German email and in Arabic when the member later opens the inbox in Arabic. Numbers, dates and
money are formatted for the active locale. A merchant's ``EmailTemplate`` may replace the subject
and add an opening paragraph per language; the built-in texts are gettext strings.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from djmoney.money import Money
from modeltranslation.utils import build_localized_fieldname

from apps.core import formatting

from .models import EmailTemplate, Kind


@dataclass(frozen=True)
class Message:
    subject: str
    paragraphs: list[str]
    facts: list[tuple[str, str]] = field(default_factory=list)
    action_label: str = ""
    action_path: str = ""


# --- facts stored at creation ----------------------------------------------------------------


def names_of(instance, field_name: str = "name") -> dict[str, str]:
    """A modeltranslation field in every language that has a value, e.g. {"en": "Gold", ...}."""
    names = {}
    for code, _label in settings.LANGUAGES:
        value = getattr(instance, build_localized_fieldname(field_name, code), "")
        if value:
            names[code] = value
    return names


def money_fact(money: Money | None) -> dict | None:
    return None if money is None else {"amount": str(money.amount), "currency": str(money.currency)}


# --- formatting in the active language ---------------------------------------------------------


def in_language(names: Mapping[str, str] | str | None) -> str:
    if not names:
        return ""
    if isinstance(names, str):
        return names
    language = translation.get_language() or settings.LANGUAGE_CODE
    return names.get(language) or names.get(settings.LANGUAGE_CODE) or next(iter(names.values()))


def number(value) -> str:
    """Grouped for the language and isolated in right-to-left text (``apps.core.formatting``)."""
    return formatting.number(value)


def day(iso: str | None) -> str:
    return formats.date_format(date.fromisoformat(iso), "DATE_FORMAT") if iso else ""


def money(fact: Mapping | None) -> str:
    return formatting.money(Money(fact["amount"], fact["currency"])) if fact else ""


# --- the texts ---------------------------------------------------------------------------------


def _welcome(c: Mapping) -> Message:
    return Message(
        subject=_("Welcome to our loyalty programme"),
        paragraphs=[
            _(
                "Thank you for joining. Every paid order earns points you can redeem at checkout "
                "or for rewards, and your tier grows with your purchases."
            ),
            _("Complete your profile to earn a bonus and get offers in your language."),
        ],
        action_label=_("Open the member center"),
        action_path=reverse("members:dashboard"),
    )


def _points_earned(c: Mapping) -> Message:
    points = number(c["points"])
    facts = [(_("Points"), points)]
    if c.get("reason"):
        facts.append((_("For"), in_language(c["reason"])))
    paragraphs = [_("We credited %(points)s points to your account.") % {"points": points}]
    if c.get("available_on"):
        paragraphs.append(
            _("They become available on %(date)s, when the return window has passed.")
            % {"date": day(c["available_on"])}
        )
    return Message(
        subject=_("%(points)s points credited") % {"points": points},
        paragraphs=paragraphs,
        facts=facts,
        action_label=_("See your points history"),
        action_path=reverse("members:history"),
    )


def _points_expiring(c: Mapping) -> Message:
    points, last_day = number(c["points"]), day(c["last_day"])
    return Message(
        subject=_("%(points)s points expire on %(date)s") % {"points": points, "date": last_day},
        paragraphs=[
            _(
                "%(points)s of your points can be used until %(date)s. Redeem them at checkout or "
                "for a reward before they expire."
            )
            % {"points": points, "date": last_day},
        ],
        facts=[(_("Points"), points), (_("Usable until"), last_day)],
        action_label=_("Choose a reward"),
        action_path=reverse("rewards:list"),
    )


def _tier_up(c: Mapping) -> Message:
    tier = in_language(c["tier"])
    return Message(
        subject=_("Congratulations: you reached %(tier)s") % {"tier": tier},
        paragraphs=[
            _("Your purchases moved you up to the %(tier)s tier. Its benefits apply from now on.")
            % {"tier": tier}
        ],
        action_label=_("See your benefits"),
        action_path=reverse("members:dashboard"),
    )


def _tier_down(c: Mapping) -> Message:
    tier = in_language(c["tier"])
    return Message(
        subject=_("Your tier is now %(tier)s") % {"tier": tier},
        paragraphs=[
            _(
                "Your purchases over the last 12 months are below what keeps your previous tier, "
                "so your tier is now %(tier)s. Your next orders count towards moving up again."
            )
            % {"tier": tier}
        ],
        action_label=_("See your progress"),
        action_path=reverse("members:dashboard"),
    )


def _reward_redeemed(c: Mapping) -> Message:
    reward, points = in_language(c["reward"]), number(c["points"])
    facts = [(_("Reward"), reward), (_("Points"), points)]
    if c.get("coupon_code"):
        facts.append((_("Coupon code"), formatting.code(c["coupon_code"])))
        facts.append((_("Valid until"), day(c.get("coupon_expires_on"))))
    return Message(
        subject=_("You redeemed %(reward)s") % {"reward": reward},
        paragraphs=[
            _("You redeemed %(reward)s for %(points)s points.")
            % {"reward": reward, "points": points}
        ],
        facts=facts,
        action_label=_("See your rewards"),
        action_path=reverse("rewards:list"),
    )


def _reward_shipped(c: Mapping) -> Message:
    reward = in_language(c["reward"])
    return Message(
        subject=_("Your reward %(reward)s is on its way") % {"reward": reward},
        paragraphs=[_("We have sent or fulfilled your reward %(reward)s.") % {"reward": reward}],
        action_label=_("See your rewards"),
        action_path=reverse("rewards:list"),
    )


def _reward_voided(c: Mapping) -> Message:
    reward, points = in_language(c["reward"]), number(c["points"])
    paragraphs = [
        _(
            "We cancelled your redemption of %(reward)s and returned %(points)s points to your "
            "account, with the expiry they had."
        )
        % {"reward": reward, "points": points}
    ]
    if c.get("reason"):
        paragraphs.append(_("Reason: %(reason)s") % {"reason": c["reason"]})
    return Message(
        subject=_("Your reward %(reward)s was cancelled") % {"reward": reward},
        paragraphs=paragraphs,
        action_label=_("See your rewards"),
        action_path=reverse("rewards:list"),
    )


def _referral_rewarded(c: Mapping) -> Message:
    paragraphs = [
        _("%(partner)s, the partner you referred, has paid their first order.")
        % {"partner": c.get("partner") or _("A partner")}
    ]
    if c.get("points"):
        paragraphs.append(
            _("Thank you: we credited %(points)s points to your account.")
            % {"points": number(c["points"])}
        )
    return Message(
        subject=_("Your referral was successful"),
        paragraphs=paragraphs,
        action_label=_("Refer another partner"),
        action_path=reverse("members:referrals"),
    )


def _birthday(c: Mapping) -> Message:
    paragraphs = [_("Everyone on our team wishes you a happy birthday!")]
    if c.get("points"):
        paragraphs.append(
            _("Our gift: %(points)s points are in your account.") % {"points": number(c["points"])}
        )
    return Message(
        subject=_("Happy birthday!"),
        paragraphs=paragraphs,
        action_label=_("Open the member center"),
        action_path=reverse("members:dashboard"),
    )


def _re_engagement(c: Mapping) -> Message:
    points = number(c["balance"])
    paragraphs = [_("It has been a while. You still have %(points)s points.") % {"points": points}]
    if c.get("value"):
        paragraphs.append(
            _("They are worth %(value)s on your next order or a reward.")
            % {"value": money(c["value"])}
        )
    return Message(
        subject=_("You have %(points)s points waiting for you") % {"points": points},
        paragraphs=paragraphs,
        facts=[(_("Points"), points)],
        action_label=_("Choose a reward"),
        action_path=reverse("rewards:list"),
    )


def _order(c: Mapping, *, paid: bool, shipped: bool = False) -> Message:
    number_, total = formatting.code(c["number"]), money(c.get("total"))
    if shipped:
        subject = _("Your order %(number)s has shipped") % {"number": number_}
    elif paid:
        subject = _("Payment received for order %(number)s") % {"number": number_}
    else:
        subject = _("We received your order %(number)s") % {"number": number_}
    return Message(
        subject=subject,
        paragraphs=[],
        facts=[(_("Total"), total)],
        action_label=_("View your order"),
        action_path=reverse("orders:detail", kwargs={"token": c["token"]}),
    )


def _review_approved(c: Mapping) -> Message:
    product = in_language(c["product"])
    paragraphs = [
        _("Thank you: your review of %(product)s is now on the product page.")
        % {"product": product}
    ]
    if c.get("points"):
        paragraphs.append(
            _("We credited %(points)s points to your account for it.")
            % {"points": number(c["points"])}
        )
    return Message(
        subject=_("Your review of %(product)s is published") % {"product": product},
        paragraphs=paragraphs,
        action_label=_("See your points history"),
        action_path=reverse("members:history"),
    )


def _review_rejected(c: Mapping) -> Message:
    product = in_language(c["product"])
    return Message(
        subject=_("Your review of %(product)s was not published") % {"product": product},
        paragraphs=[
            _("We could not publish your review of %(product)s. You may write it again.")
            % {"product": product},
            _("Reason: %(reason)s") % {"reason": c.get("reason", "")},
        ],
        action_label=_("Write it again"),
        action_path=reverse("engagement:write-review", args=[c["product_id"]]),
    )


def _review_removed(c: Mapping) -> Message:
    product = in_language(c["product"])
    paragraphs = [
        _("We removed your review of %(product)s from the product page.") % {"product": product},
        _("Reason: %(reason)s") % {"reason": c.get("reason", "")},
    ]
    if c.get("points"):
        paragraphs.append(
            _("The %(points)s points it earned were taken back.") % {"points": number(c["points"])}
        )
    return Message(
        subject=_("Your review of %(product)s was removed") % {"product": product},
        paragraphs=paragraphs,
        action_label=_("See your points history"),
        action_path=reverse("members:history"),
    )


def _challenge_completed(c: Mapping) -> Message:
    challenge = in_language(c["challenge"])
    paragraphs = [
        _("Well done: you completed the challenge %(challenge)s and earned its badge.")
        % {"challenge": challenge}
    ]
    if c.get("points"):
        paragraphs.append(
            _("We credited %(points)s points to your account for it.")
            % {"points": number(c["points"])}
        )
    return Message(
        subject=_("Challenge completed: %(challenge)s") % {"challenge": challenge},
        paragraphs=paragraphs,
        action_label=_("See your badges"),
        action_path=reverse("members:dashboard"),
    )


WRITERS: dict[str, Callable[[Mapping], Message]] = {
    Kind.WELCOME: _welcome,
    Kind.POINTS_EARNED: _points_earned,
    Kind.POINTS_EXPIRING: _points_expiring,
    Kind.TIER_UP: _tier_up,
    Kind.TIER_DOWN: _tier_down,
    Kind.REWARD_REDEEMED: _reward_redeemed,
    Kind.REWARD_SHIPPED: _reward_shipped,
    Kind.REWARD_VOIDED: _reward_voided,
    Kind.REFERRAL_REWARDED: _referral_rewarded,
    Kind.BIRTHDAY: _birthday,
    Kind.RE_ENGAGEMENT: _re_engagement,
    Kind.ORDER_PLACED: lambda c: _order(c, paid=False),
    Kind.ORDER_PAID: lambda c: _order(c, paid=True),
    Kind.ORDER_SHIPPED: lambda c: _order(c, paid=True, shipped=True),
    Kind.REVIEW_APPROVED: _review_approved,
    Kind.REVIEW_REJECTED: _review_rejected,
    Kind.REVIEW_REMOVED: _review_removed,
    Kind.CHALLENGE_COMPLETED: _challenge_completed,
}

PLACEHOLDER = re.compile(r"\{(points|tier|reward|date|name)\}")


def _placeholders(c: Mapping) -> dict[str, str]:
    points = c.get("points", c.get("balance"))
    return {
        "points": number(points) if points is not None else "",
        "tier": in_language(c.get("tier")),
        "reward": in_language(c.get("reward")),
        "date": day(c.get("last_day")),
        "name": c.get("name", ""),
    }


def _merchant_text(template: EmailTemplate | None, field_name: str, c: Mapping) -> str:
    if template is None or not template.is_active:
        return ""
    language = translation.get_language() or settings.LANGUAGE_CODE
    text = getattr(template, build_localized_fieldname(field_name, language), "") or ""
    if not text:
        return ""
    values = _placeholders(c)
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], text)


def message_for(kind: str, context: Mapping, *, template: EmailTemplate | None = None) -> Message:
    """The notification's words in the active language; the merchant's template (if any) for
    this language replaces the subject and adds an opening paragraph."""
    message = WRITERS[kind](context)
    subject = _merchant_text(template, "subject", context) or message.subject
    intro = _merchant_text(template, "intro", context)
    paragraphs = [intro, *message.paragraphs] if intro else message.paragraphs
    return Message(
        subject=subject,
        paragraphs=paragraphs,
        facts=message.facts,
        action_label=message.action_label,
        action_path=message.action_path,
    )


def merchant_templates() -> dict[str, EmailTemplate]:
    """Active email templates by kind (one query)."""
    return {t.kind: t for t in EmailTemplate.objects.filter(is_active=True)}
