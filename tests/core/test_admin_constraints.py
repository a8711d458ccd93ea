"""Every database constraint a merchant can reach from an admin form is a form error, never a
500: for every model registered in the admin (whatever app registered it), as a superuser,
the add form is sent with an existing row's unique values, the change form of one row with
another row's, inline rows with a row that exists or with each other, and check constraints
with a value they forbid. The page comes back with the error and nothing is saved."""

from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.sites.models import Site
from django.db import models
from django.db.models.constraints import CheckConstraint, UniqueConstraint
from django.forms.models import model_to_dict
from django.test import RequestFactory
from django.utils import timezone
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)
from djmoney.money import Money

from apps.catalog.models import Product, ProductSpecification, Specification
from apps.companies.models import Company, CompanyAddress, CompanyMerge
from apps.companies.services import create_company
from apps.credit.models import CreditTerms
from apps.engagement.models import Challenge, GoalKind
from apps.integrations.keys import create_api_key
from apps.integrations.models import WebhookEndpoint
from apps.ledger.experiments import start_experiment
from apps.ledger.models import EarningRule, Programme, RuleKind
from apps.members.models import Member
from apps.memberships.models import Plan, PlanPrice
from apps.messaging.models import WhatsAppTemplate
from apps.notifications.models import EmailOptOut, EmailTemplate
from apps.orders.models import ShippingMethod
from apps.pricelists.models import PriceList, PriceListAssignment, PriceListItem
from apps.rewards.models import Reward, RewardKind
from apps.sitecontent.models import ContentPage, PageKind
from apps.tiers.models import Tier, TierShippingBenefit
from tests.admin_forms import Data, form_data, inline_prefixes, inputs_of
from tests.factories import MemberFactory, ProductFactory, ProductPriceFactory, UserFactory

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


def label(model) -> str:
    return model._meta.label


@pytest.fixture
def world(admin_user, exchange_rates):
    """Two rows of every model the admin edits (and a few rows inline), all valid."""
    for n in (1, 2):
        member = MemberFactory(external_id=f"ERP-{n}", user=UserFactory(email=f"m{n}@firm{n}.de"))
        Group.objects.create(name=f"Support {n}")
        product = ProductFactory(sku=f"VLV-{n}")
        ProductPriceFactory(product=product, min_quantity=100, price=90)
        ProductPriceFactory(product=product, min_quantity=500, price=80)
        specification = Specification.objects.create(name_en=f"Material {n}", position=n)
        ProductSpecification.objects.create(
            product=product, specification=specification, value_en="Stainless steel"
        )
        ContentPage.objects.create(
            kind=[PageKind.IMPRINT, PageKind.FAQ][n - 1], slug=f"page-{n}", title_en=f"Page {n}"
        )
        method = ShippingMethod.objects.create(name_en=f"Sea freight {n}", price=40 * n)
        tier = Tier.objects.create(name_en=f"Tier {n}", rank=n, discount_percent=n)
        TierShippingBenefit.objects.create(tier=tier, shipping_method=method, kind="free")
        club = Plan.objects.create(code=f"club-{n}", name_en=f"Club {n}")
        PlanPrice.objects.create(plan=club, interval="month", currency="EUR", amount=19 * n)
        Reward.objects.create(
            name_en=f"Sample {n}", kind=RewardKind.FREE_SAMPLE, points_cost=500 * n
        )
        rule = EarningRule.objects.create(name_en=f"Rule {n}", kind=RuleKind.SIGN_UP, points=100)
        start_experiment(rule=rule)
        EmailTemplate.objects.create(kind=["welcome", "birthday"][n - 1], subject_en="Hi")
        WhatsAppTemplate.objects.create(
            kind=["welcome", "birthday"][n - 1], name_en=f"greeting_{n}", content_sid_en=f"HX{n}"
        )
        EmailOptOut.objects.create(member=member, category="marketing", source="test")
        Site.objects.get_or_create(domain=f"shop{n}.example.com", name=f"Shop {n}")
        create_api_key(name=f"ERP {n}", scopes=["members:read"])
        WebhookEndpoint.objects.create(url=f"https://erp{n}.example.com/hook", secret="s")
        interval = IntervalSchedule.objects.create(every=n, period="hours")
        crontab = CrontabSchedule.objects.create(minute=str(n), hour="3")
        solar = SolarSchedule.objects.create(event="sunrise", latitude=n, longitude=n)
        clocked = ClockedSchedule.objects.create(clocked_time=timezone.now() + timedelta(n))
        for schedule in ("interval", "crontab", "solar", "clocked"):
            PeriodicTask.objects.create(
                name=f"{schedule} task {n}",
                task="core.deliver_queued_events",
                one_off=schedule == "clocked",
                **{schedule: locals()[schedule]},
            )
        app = SocialApp.objects.create(provider="google", name=f"Google {n}", client_id=f"c{n}")
        account = SocialAccount.objects.create(user=member.user, provider="google", uid=f"u{n}")
        SocialToken.objects.create(app=app, account=account, token=f"t{n}")
        Authenticator.objects.create(user=member.user, type="totp", data={"secret": "X"})
        # The second company has no member: the first one's inline rows can take member 2.
        company = create_company(
            legal_name=f"Firm {n}",
            country="DE",
            external_id=f"K-{n}",
            admin=member if n == 1 else None,
        )
        CreditTerms.objects.create(company=company, credit_limit=Money(5000 * n, "EUR"))
        CompanyAddress.objects.create(
            company=company,
            kind="billing",
            line1=f"{n} Hafenstrasse",
            city="Hamburg",
            country="DE",
            is_default=True,
        )
    for n, product in enumerate(Product.objects.order_by("pk")[:2], start=1):
        company = Company.objects.create(legal_name=f"Importer {n}", country="DE")
        price_list = PriceList.objects.create(name_en=f"Importer {n}", currency="USD")
        PriceListItem.objects.create(price_list=price_list, product=product, price=80)
        PriceListAssignment.objects.create(price_list=price_list, company=company)
        # A merge's audit row (the importer was a duplicate of the firm).
        CompanyMerge.objects.create(
            merged=company, survivor=Company.objects.get(legal_name=f"Firm {n}")
        )
        Challenge.objects.create(
            name_en=f"Challenge {n}",
            goal=GoalKind.PAID_ORDERS,
            target=3,
            starts_at=timezone.now(),
            ends_at=timezone.now() + timedelta(days=90),
        )
    Programme.current()
    return Member.objects.order_by("pk")


def superuser_request(admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    return request


def admin_url(model, action: str, pk=None) -> str:
    opts = model._meta
    tail = f"{pk}/change/" if pk is not None else "add/"
    assert action in {"add", "change"}
    return f"/admin/{opts.app_label}/{opts.model_name}/{tail}"


def page_form(client, url: str, model) -> Data:
    response = client.get(url)
    assert response.status_code == 200, url
    return form_data(response.content.decode(), f"{model._meta.model_name}_form")


# -- what the database refuses --------------------------------------------------------------


def unique_sets(model) -> list[tuple[tuple[str, ...], object]]:
    """Each set of fields the database keeps unique, with the constraint (or None)."""
    opts = model._meta
    sets = [((f.name,), None) for f in opts.local_fields if f.unique and not f.primary_key]
    sets += [(tuple(fields), None) for fields in opts.unique_together]
    for constraint in opts.constraints:
        if isinstance(constraint, UniqueConstraint):
            fields = tuple(constraint.fields) or tuple(
                sorted(
                    {
                        ref.name
                        for expression in constraint.expressions
                        for ref in expression.flatten()
                        if isinstance(ref, models.F)
                    }
                )
            )
            sets.append((fields, constraint))
    return sets


def error_texts(response) -> list[str]:
    """Every error the admin page shows: the form's, the inline rows' and the inlines' own."""
    texts = [
        str(e) for errors in response.context["adminform"].form.errors.values() for e in errors
    ]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        texts += [str(e) for e in formset.non_form_errors()]
        for errors in formset.errors:
            texts += [str(e) for field_errors in errors.values() for e in field_errors]
    return texts


def form_field_names(model) -> dict[str, str]:
    """Model field -> the form field that edits it (a money amount's currency is its amount's)."""
    names = {}
    for field in model._meta.fields:
        owner = getattr(field, "price_field", None)  # djmoney's currency field
        names[field.name] = owner.name if owner is not None else field.name
    return names


def on_admin_form(model, fields, request, *, change: bool) -> bool:
    """Whether the admin's form (without a row) edits all of ``fields``."""
    model_admin = admin.site._registry[model]
    form = model_admin.get_form(request, None, change=change)
    names = form_field_names(model)
    return all(names[field] in form.base_fields for field in fields)


def reachable(fields, data: Data, model) -> bool:
    names = form_field_names(model)
    return all(inputs_of(data, names.get(field, field)) for field in fields)


def constraint_names() -> set[str]:
    return {c.name for model in apps.get_models() for c in model._meta.constraints}


def assert_taken(response, where: str) -> None:
    """Refused, and the reason given is that the values are taken."""
    texts = assert_refused(response, where)
    assert any("already" in text for text in texts), f"{where}: {texts}"


def assert_refused(response, where: str) -> list[str]:
    """The form came back with an error that says what is wrong in words (a constraint's
    internal name is no explanation)."""
    assert response.status_code == 200, f"{where}: saved ({response.status_code})"
    texts = error_texts(response)
    assert texts, f"{where}: no error shown"
    internal = [text for text in texts for name in constraint_names() if name in text]
    assert not internal, f"{where}: {internal}"
    return texts


# -- add forms ------------------------------------------------------------------------------


def add_data(client, model, original) -> Data:
    """The add form filled in with an existing row's values (its inlines left empty)."""
    data = page_form(client, admin_url(model, "add"), model)
    existing = page_form(client, admin_url(model, "change", original.pk), model)
    inline = tuple(f"{prefix}-" for prefix in inline_prefixes(data))
    fields = {field.name: field for field in model._meta.concrete_fields}
    for name in data:
        if not name.startswith(inline) and name in existing:
            data[name] = existing[name]
        elif "password" in name:
            data[name] = ["An-Unguessable-Passphrase-2026"]
        elif not name.startswith(inline) and name in fields:
            # Read-only on the change page (a record such as a company merge): the row's value.
            data[name] = [str(getattr(original, fields[name].attname))]
    return data


@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_adding_a_duplicate_is_a_form_error(admin_client, admin_user, request, model):
    model_admin = admin.site._registry[model]
    sets = unique_sets(model)
    if not sets or not model_admin.has_add_permission(superuser_request(admin_user)):
        pytest.skip("nothing unique to add from the admin")
    request.getfixturevalue("world")
    original = model._default_manager.order_by("pk").first()
    assert original is not None, f"add two {label(model)} rows to the world fixture"
    data = add_data(admin_client, model, original)
    if not any(reachable(fields, data, model) for fields, _c in sets):
        pytest.skip("no unique field on the add form")
    before = model._default_manager.count()

    response = admin_client.post(admin_url(model, "add"), data)

    assert_taken(response, f"adding a copy of {label(model)} {original.pk}")
    assert model._default_manager.count() == before


# -- change forms ---------------------------------------------------------------------------


def change_cases():
    for model in REGISTERED:
        for fields, constraint in unique_sets(model):
            yield pytest.param(model, fields, constraint, id=f"{label(model)}:{'+'.join(fields)}")


@pytest.mark.parametrize(("model", "fields", "constraint"), list(change_cases()))
def test_changing_a_row_to_anothers_unique_values_is_a_form_error(
    admin_client, admin_user, request, model, fields, constraint
):
    model_admin = admin.site._registry[model]
    staff = superuser_request(admin_user)
    if not model_admin.has_change_permission(staff) or not on_admin_form(
        model, fields, staff, change=True
    ):
        pytest.skip(f"{fields} cannot be changed in the admin")
    request.getfixturevalue("world")
    rows = list(model._default_manager.order_by("pk")[:2])
    assert len(rows) == 2, f"add two {label(model)} rows to the world fixture"
    first, second = rows
    url = admin_url(model, "change", second.pk)
    data = page_form(admin_client, url, model)
    theirs = page_form(admin_client, admin_url(model, "change", first.pk), model)
    if not reachable(fields, data, model):
        pytest.skip(f"{fields} not on the change form")
    condition = getattr(constraint, "condition", None)
    if condition is not None and not model._default_manager.filter(condition, pk=first.pk):
        pytest.skip("the first row is outside the constraint's condition")
    if all(getattr(first, model._meta.get_field(f).attname) is None for f in fields):
        pytest.skip("the first row's values are empty (NULLs never clash)")
    names = form_field_names(model)
    for field in fields:
        for name in inputs_of(data, names[field]):
            data[name] = theirs[name]
    before = model_to_dict(model._default_manager.get(pk=second.pk))

    response = admin_client.post(url, data)

    assert_taken(response, f"giving {label(model)} {second.pk} the {fields} of {first.pk}")
    assert model_to_dict(model._default_manager.get(pk=second.pk)) == before


# -- inline rows ----------------------------------------------------------------------------


def inline_cases():
    for model in REGISTERED:
        for inline in admin.site._registry[model].inlines:
            if unique_sets(inline.model):
                yield pytest.param(model, inline, id=f"{label(model)}:{label(inline.model)}")


def has_inline_rows(parent, inline) -> bool:
    fk = next(
        f
        for f in inline.model._meta.fields
        if f.is_relation and f.related_model == parent._meta.model
    )
    return inline.model._default_manager.filter(**{fk.name: parent}).exists()


def row_values(data: Data, prefix: str, index: int) -> dict[str, list[str]]:
    head = f"{prefix}-{index}-"
    return {
        name.removeprefix(head): values
        for name, values in data.items()
        if name.startswith(head) and name.removeprefix(head) not in {"id", "DELETE"}
    }


def fresh(values: list[str], n: int) -> list[str]:
    """Another number, unused so far."""
    return [str(int(values[0]) + 7919 * n)]


def model_field(model, names, changed: str):
    """The model field behind the form field ``changed`` (None when there is none)."""
    return next(
        (
            model._meta.get_field(name)
            for name, form_name in names.items()
            if changed == form_name or changed.startswith(f"{form_name}_")
        ),
        None,
    )


def other_choice(model, parent, names, changed: str, existing) -> list[str]:
    """A value for the form field ``changed`` that no row of ``parent`` has: another number, or
    for a foreign key another row of the model it points to (the world has two of each)."""
    field = next(
        (
            model._meta.get_field(name)
            for name, form_name in names.items()
            if changed == form_name or changed.startswith(f"{form_name}_")
        ),
        None,
    )
    if field is not None and field.choices and not field.is_relation:
        used = set(
            model._default_manager.filter(
                **{f.name: parent for f in model._meta.fields if f.related_model is type(parent)}
            ).values_list(field.attname, flat=True)
        )
        return [next(str(value) for value, _label in field.choices if value not in used)]
    if field is None or not field.is_relation:
        return fresh(existing[changed], 1)
    used = model._default_manager.filter(
        **{f.name: parent for f in model._meta.fields if f.related_model is type(parent)}
    ).values_list(field.attname, flat=True)
    other = field.related_model._default_manager.exclude(pk__in=list(used)).order_by("pk")
    assert other.exists(), f"add another {label(field.related_model)} to the world fixture"
    return [str(other.first().pk)]


@pytest.mark.parametrize(("model", "inline"), list(inline_cases()))
def test_inline_rows_that_repeat_a_row_are_form_errors(
    admin_client, admin_user, request, model, inline
):
    inline_admin = inline(model, admin.site)
    staff = superuser_request(admin_user)
    (fields, _constraint), *_others = unique_sets(inline.model)
    names = form_field_names(inline.model)
    formset = inline_admin.get_formset(staff, None)
    if fields == (formset.fk.name,):
        pytest.skip("one row per parent (a one-to-one inline)")
    if (
        not inline_admin.has_add_permission(staff, None)
        or inline_admin.get_max_num(staff, None) == 0
        or not all(names[f] in formset.form.base_fields for f in fields if f != formset.fk.name)
    ):
        pytest.skip("rows cannot be added inline")
    request.getfixturevalue("world")
    parent = next(
        (row for row in model._default_manager.order_by("pk") if has_inline_rows(row, inline)),
        None,
    )
    assert parent, f"add a {label(model)} with {label(inline.model)} rows to the world fixture"
    url = admin_url(model, "change", parent.pk)
    data = page_form(admin_client, url, model)
    prefix = inline_admin.get_formset(staff, parent).get_default_prefix()
    prefix = next(p for p in inline_prefixes(data) if p == prefix or p.startswith(prefix))
    total = int(data[f"{prefix}-TOTAL_FORMS"][0])
    existing = row_values(data, prefix, 0)
    # The value the new rows change to be unlike the existing ones: a number if there is one.
    candidates = [
        name
        for field in fields
        if field != formset.fk.name
        for name in inputs_of(existing, names[field])
    ]
    changed = next((n for n in candidates if existing[n][0].isdigit()), None) or next(
        (n for n in candidates if getattr(model_field(inline.model, names, n), "choices", None)),
        None,
    )
    assert changed, f"no number or choice among {candidates} to tell new rows apart"
    unlike = other_choice(inline.model, parent, names, changed, existing)
    count = inline.model._default_manager.count()

    # A new row like an existing one.
    same = {**data, f"{prefix}-TOTAL_FORMS": [str(total + 1)]}
    same.update({f"{prefix}-{total}-{name}": values for name, values in existing.items()})
    repeat = admin_client.post(url, same)
    # Two new rows like each other (and like no existing one).
    twins = {**data, f"{prefix}-TOTAL_FORMS": [str(total + 2)]}
    row = {**existing, changed: unlike}
    for index in (total, total + 1):
        twins.update({f"{prefix}-{index}-{name}": values for name, values in row.items()})
    both = admin_client.post(url, twins)

    assert_taken(repeat, f"a {label(inline.model)} row like an existing one")
    assert_refused(both, f"two new {label(inline.model)} rows alike")
    assert inline.model._default_manager.count() == count
    # One such new row alone is fine: the rows above were refused for repeating, nothing else.
    one = {**data, f"{prefix}-TOTAL_FORMS": [str(total + 1)]}
    one.update({f"{prefix}-{total}-{name}": values for name, values in row.items()})
    assert admin_client.post(url, one).status_code == 302
    assert inline.model._default_manager.count() == count + 1


# -- check constraints ----------------------------------------------------------------------


def forbidden_values(condition: models.Q):
    """(field, value) pairs that break a simple condition: each one alone breaks it."""
    if condition.connector != models.Q.AND or condition.negated:
        return
    for child in condition.children:
        if isinstance(child, models.Q) or isinstance(child[1], models.expressions.Combinable):
            continue
        name, value = child
        field, _sep, lookup = name.partition("__")
        lookup = lookup or "exact"
        if lookup in {"gt", "lte"} and not isinstance(value, bool):
            yield field, value if lookup == "gt" else value + 1
        elif lookup in {"gte", "lt"} and not isinstance(value, bool):
            yield field, value - 1 if lookup == "gte" else value
        elif lookup == "in":
            yield field, "XXX"


def check_cases():
    for model in REGISTERED:
        targets = [model, *(inline.model for inline in admin.site._registry[model].inlines)]
        for target in targets:
            for constraint in target._meta.constraints:
                if isinstance(constraint, CheckConstraint):
                    for field, value in forbidden_values(constraint.condition):
                        yield pytest.param(
                            model, target, field, value, id=f"{constraint.name}:{field}={value}"
                        )


@pytest.mark.parametrize(("model", "target", "field", "value"), list(check_cases()))
def test_a_value_a_check_constraint_forbids_is_a_form_error(
    admin_client, admin_user, request, model, target, field, value
):
    staff = superuser_request(admin_user)
    model_admin = admin.site._registry[model]
    if target is model:
        editable = model_admin.has_change_permission(staff) and on_admin_form(
            model, [field], staff, change=True
        )
    else:
        inline = next(i for i in model_admin.inlines if i.model is target)(model, admin.site)
        editable = (
            inline.has_change_permission(staff, None)
            and form_field_names(target)[field] in inline.get_formset(staff, None).form.base_fields
        )
    if not editable:
        pytest.skip(f"{field} cannot be changed in the admin")
    request.getfixturevalue("world")
    parent = model._default_manager.order_by("pk").first()
    assert parent is not None, f"add a {label(model)} to the world fixture"
    url = admin_url(model, "change", parent.pk)
    data = page_form(admin_client, url, model)
    name = form_field_names(target)[field]
    if target is model:
        inputs = inputs_of(data, name)
    else:
        rows = [key for key in data if key.endswith(f"-0-{name}") or f"-0-{name}_" in key]
        inputs = [key for key in rows if key.rsplit("-", 1)[1] in {name, f"{name}_0"}]
    if not inputs:
        pytest.skip(f"{field} is not on the change form")
    data[inputs[0]] = [str(value)]
    before = model_to_dict(model._default_manager.get(pk=parent.pk))
    rows_before = list(target._default_manager.order_by("pk").values())

    response = admin_client.post(url, data)

    assert_refused(response, f"{label(target)}.{field} = {value}")
    assert model_to_dict(model._default_manager.get(pk=parent.pk)) == before
    assert list(target._default_manager.order_by("pk").values()) == rows_before


def test_every_model_with_constraints_is_exercised():
    """The parametrised cases cover what the admin registers (a new model joins them)."""
    labels = {label(model) for model in REGISTERED}
    assert {"catalog.Product", "members.Member", "tiers.Tier", "accounts.User"} <= labels
    assert len(list(change_cases())) >= 20
    assert any("catalog.ProductPrice" in c.id for c in inline_cases())
