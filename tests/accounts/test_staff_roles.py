"""Staff roles (Support, Programme manager, Finance) and the masking of personal data."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse

from apps.accounts.roles import FINANCE, MANAGER, ROLES, SUPPORT, create_staff, sync_roles
from apps.core import masking
from apps.ledger.models import AdjustmentRequest
from apps.members.models import Address
from tests.conftest import TOTP_SECRET
from tests.factories import MemberFactory, UserFactory, make_order

EMAIL = "hans.meier@example.de"
PHONE = "+49 30 1234 5678"
VAT_ID = "DE123456789"
STREET = "Friedrichstrasse 123"


def test_masks_keep_what_support_needs_to_recognise_a_customer_and_nothing_more():
    assert masking.mask_email(EMAIL) == "h***@example.de"
    assert masking.mask_text(PHONE) == "+4***78"
    assert masking.mask_text(VAT_ID) == "DE***89"
    assert masking.mask_text("12345") == "***"
    assert masking.mask_address(STREET) == "F***"
    assert masking.masked(EMAIL, "email") == EMAIL  # off unless a request turns it on
    with masking.masking():
        assert masking.masked(EMAIL, "email") == "h***@example.de"
        assert masking.masked("", "text") == ""


@pytest.mark.django_db
def test_migrate_leaves_each_role_group_with_exactly_its_permissions():
    support = Group.objects.get(name="Support")
    codes = {f"{p.content_type.app_label}.{p.codename}" for p in support.permissions.all()}
    assert "members.view_member" in codes and "ledger.view_ledgerentry" in codes
    assert not [code for code in codes if not code.split(".")[1].startswith("view_")]
    assert "accounts.view_personal_data" not in codes
    manager = Group.objects.get(name="Programme manager")
    assert manager.permissions.filter(codename="change_earningrule").exists()
    finance = Group.objects.get(name="Finance")
    assert finance.permissions.filter(codename="export_data").exists()
    assert not finance.permissions.filter(codename__startswith="change_").exists()
    # A permission removed by hand comes back with the next sync (after every migrate).
    support.permissions.remove(Permission.objects.get(codename="view_member"))
    sync_roles()
    assert support.permissions.filter(codename="view_member").exists()


@pytest.mark.django_db(transaction=True)
def test_the_roles_get_their_permissions_back_after_a_flush():
    """flush (as tests between transactional cases do) sends post_migrate only for apps with
    models; the roles are synced after the last of those, not after the last app installed."""
    call_command("flush", interactive=False, verbosity=0)
    support = Group.objects.get(name="Support")
    assert support.permissions.filter(codename="view_member").exists()


@pytest.mark.django_db
def test_create_staff_prints_a_one_time_password_and_a_two_factor_link(capsys):
    call_command("create_staff", email="support@example.com", role="support")
    out = capsys.readouterr().out
    assert "One-time password (shown once): " in out
    assert "Two-factor set-up link (works once): http" in out
    password = out.split("One-time password (shown once): ")[1].split()[0]
    user = Group.objects.get(name="Support").user_set.get()
    assert user.is_staff and not user.is_superuser and user.check_password(password)
    # Moving the account to another role leaves it in that role only.
    create_staff(email="SUPPORT@example.com", role=FINANCE)
    assert [group.name for group in user.groups.all()] == ["Finance"]


def staff_client(role: str) -> Client:
    user, _password = create_staff(email=f"{role}@example.com", role=role)
    TOTP.activate(user, TOTP_SECRET)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def customer(db):
    member = MemberFactory(
        user=UserFactory(email=EMAIL), company_name="", phone=PHONE, vat_id=VAT_ID
    )
    Address.objects.create(
        member=member, name="Hans Meier", line1=STREET, city="Berlin", country="DE", phone=PHONE
    )
    order = make_order(member=member)
    return member, order


SECRETS = (EMAIL, PHONE, VAT_ID, STREET, "Hans Meier")


@pytest.mark.django_db
def test_support_sees_members_and_orders_masked_everywhere(customer):
    member, order = customer
    client = staff_client(SUPPORT)
    pages = [
        "/admin/members/member/",
        f"/admin/members/member/?q={EMAIL}",  # found by e-mail, shown masked
        f"/admin/members/member/{member.pk}/change/",
        "/admin/orders/order/",
        f"/admin/orders/order/{order.pk}/change/",
        "/admin/ledger/pointsaccount/",
        "/admin/members/address/" if admin.site.is_registered(Address) else None,
    ]
    for url in filter(None, pages):
        response = client.get(url)
        assert response.status_code == 200, url
        # The search box shows what they typed themselves: not a leak.
        html = response.content.decode().replace(f'value="{EMAIL}"', "")
        leaked = [secret for secret in SECRETS if secret in html]
        assert not leaked, (url, leaked)
        if "?q=" in url or url.endswith("/change/"):
            assert "h***@example.de" in html, url
    # Changes nothing, exports nothing.
    assert client.post(f"/admin/members/member/{member.pk}/change/", {}).status_code == 403
    assert client.get("/admin/ledger/adjustmentrequest/export/").status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("role", [MANAGER, FINANCE])
def test_managers_and_finance_see_personal_data_in_full(customer, role):
    member, _order = customer
    html = staff_client(role).get(f"/admin/members/member/{member.pk}/change/").content.decode()
    assert EMAIL in html and PHONE in html and STREET in html


@pytest.mark.django_db
def test_a_streamed_export_is_masked_too(customer, admin_user):
    """Masking holds while a streamed CSV is sent, after the view has returned."""
    member, _order = customer
    AdjustmentRequest.objects.create(
        member=member, points=50, reason="Goodwill", requested_by=admin_user, status="applied"
    )
    user, _password = create_staff(email="export@example.com", role=SUPPORT)
    user.user_permissions.add(Permission.objects.get(codename="export_data"))
    TOTP.activate(user, TOTP_SECRET)
    client = Client()
    client.force_login(user)
    response = client.get("/admin/ledger/adjustmentrequest/export/")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Goodwill" in body and EMAIL not in body
    assert "h***@example.de" in body


def _admins():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(ROLES))
def test_every_admin_list_change_page_and_action_answers_as_the_role_says(customer, role):
    client = staff_client(role)
    user = Group.objects.get(name=ROLES[role].group).user_set.get()
    request = RequestFactory().get("/admin/")
    request.user = user
    for model, model_admin in _admins():
        opts = model._meta
        may_view = user.has_perm(f"{opts.app_label}.view_{opts.model_name}") or user.has_perm(
            f"{opts.app_label}.change_{opts.model_name}"
        )
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        response = client.get(changelist)
        if not may_view:
            assert response.status_code == 403, (role, changelist)
            continue
        assert response.status_code == 200, (role, changelist)
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            assert client.get(change).status_code == 200, (role, change)
        # Only the actions the role may take are offered.
        for name, (function, _name, _description) in model_admin.get_actions(request).items():
            needed = getattr(
                function, "allowed_permissions", ("delete",) if name == "delete_selected" else ()
            )
            for permission in needed:
                assert getattr(model_admin, f"has_{permission}_permission")(request), (
                    role,
                    opts.label,
                    name,
                )
