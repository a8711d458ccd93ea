"""The member center: dashboard, points history, orders, daily check-in."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.catalog.pricing import request_pricing
from apps.core import formatting
from apps.core.errors import ApplicationError
from apps.documents.selectors import downloadable_kinds, issued_kinds_by_order
from apps.engagement import challenges
from apps.ledger import bonuses
from apps.ledger.dates import member_zone
from apps.ledger.holders import holder_of
from apps.ledger.models import EntryKind, RuleKind
from apps.ledger.rules import event_award
from apps.ledger.selectors import balance
from apps.members.data_export import export_member_data
from apps.members.forms import CloseAccountForm, ProfileForm
from apps.members.models import Member
from apps.members.services import close_account, profile_completion, update_profile
from apps.members.shares import share_links
from apps.members.views import current_member
from apps.tiers.selectors import tier_kept_until

from .selectors import dashboard, member_orders, points_history


@login_required
def member_dashboard(request: HttpRequest) -> HttpResponse:
    member = current_member(request)
    return render(
        request,
        "members/dashboard.html",
        {
            "member": member,
            "dashboard": dashboard(member, context=request_pricing(request)),
            "challenges": challenges.member_challenges(member),
            "badges": list(challenges.badges(member)),
            "tier_kept_until": tier_kept_until(member),
            "zone": member_zone(member),
            "section": "dashboard",
        },
    )


@login_required
def history(request: HttpRequest) -> HttpResponse:
    member = current_member(request)
    kind = request.GET.get("kind", "")
    return render(
        request,
        "members/history.html",
        {
            "page": points_history(member, kind=kind, page=request.GET.get("page")),
            "holder": holder_of(member),
            "kinds": EntryKind.choices,
            "kind": kind,
            "zone": member_zone(member),
            "section": "history",
        },
    )


@login_required
def orders(request: HttpRequest) -> HttpResponse:
    member = current_member(request)
    page = member_orders(member, page=request.GET.get("page"))
    issued = issued_kinds_by_order(page.object_list)
    return render(
        request,
        "members/orders.html",
        {
            "page": page,
            # Each order with the documents it has or may have now (one query for the page).
            "rows": [
                (order, downloadable_kinds(order, issued[order.pk])) for order in page.object_list
            ],
            "section": "orders",
        },
    )


@login_required
@require_POST
def check_in(request: HttpRequest) -> HttpResponse:
    member = current_member(request)
    result = bonuses.check_in(member=member)
    if result is None:
        messages.info(request, _("There is no check-in bonus right now."))
    elif result.replayed:
        messages.info(request, _("You have already checked in today. Come back tomorrow!"))
    else:
        messages.success(
            request,
            _("Checked in: %(points)s points added.")
            % {"points": formatting.number(result.entry.points)},
        )
    return redirect("members:dashboard")


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    member = current_member(request)
    # The form fills its own copy (a ModelForm writes into its instance while validating), so
    # the service sees the member as it was and can tell what changed.
    form = ProfileForm(request.POST or None, instance=Member.objects.get(pk=member.pk))
    if request.method == "POST" and form.is_valid():
        update_profile(
            member=member,
            source="member center",
            **{name: form.cleaned_data[name] for name in form.changed_data},
        )
        messages.success(request, _("Your profile was saved."))
        return redirect("members:profile")
    percent, missing = profile_completion(member)
    bonus = event_award(member, RuleKind.PROFILE) if missing else None
    return render(
        request,
        "members/profile.html",
        {
            "form": form,
            "percent": percent,
            "missing": missing,
            "bonus": bonus,
            "section": "profile",
        },
    )


@login_required
def export_data(request: HttpRequest) -> JsonResponse:
    """Download my data (GDPR/CCPA access), as a JSON file."""
    member = current_member(request)
    response = JsonResponse(export_member_data(member), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    """Right to erasure: confirm with the password, then personal data go and points lapse."""
    member = current_member(request)
    form = CloseAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            close_account(member=member)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("members:profile")
        logout(request)
        messages.success(
            request, _("Your account was deleted. Thank you for having been a member.")
        )
        return redirect("storefront:home")
    return render(
        request,
        "members/delete_account.html",
        {"form": form, "balance": balance(member), "section": "profile"},
    )


@login_required
def referrals(request: HttpRequest) -> HttpResponse:
    member = current_member(request)
    link = request.build_absolute_uri(
        reverse("members:referral_link", kwargs={"code": member.referral_code})
    )
    return render(
        request,
        "members/referrals.html",
        {
            "link": link,
            "referrals": member.referrals.select_related("referred__user"),
            "share_links": share_links(request, member, title=_("Join our trade programme")),
            "bonus": event_award(member, RuleKind.REFERRAL),
            "section": "referrals",
        },
    )
