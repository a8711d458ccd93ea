"""The member center's inbox, email choices, and the unsubscribe link (no sign-in needed)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from apps.members.views import current_member

from . import services
from .models import Category
from .selectors import email_choices, inbox


@login_required
def inbox_page(request: HttpRequest) -> HttpResponse:
    member = current_member(request)
    page, items = inbox(member, page=request.GET.get("page"))
    return render(
        request,
        "notifications/inbox.html",
        {
            "page": page,
            "items": items,
            "choices": email_choices(member),
            "marketing_consent": member.marketing_consent,
            "section": "inbox",
        },
    )


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    services.mark_read(member=current_member(request), notification_id=pk)
    return redirect("members:inbox")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    services.mark_all_read(member=current_member(request))
    messages.success(request, _("All messages are marked as read."))
    return redirect("members:inbox")


@login_required
@require_POST
def email_preferences(request: HttpRequest) -> HttpResponse:
    member = current_member(request)
    wanted = set(request.POST.getlist("email"))
    services.set_email_preferences(
        member=member,
        turned_off=[
            choice.category for choice in email_choices(member) if choice.category not in wanted
        ],
    )
    messages.success(request, _("Your email choices were saved."))
    return redirect("members:inbox")


def _masked(email: str) -> str:
    """b•••@example.com: enough for the owner to recognise, little for whoever got the link."""
    local, _at, domain = email.partition("@")
    return f"{local[:1]}•••@{domain}"


# Mail clients send the one-click unsubscribe (RFC 8058) as a POST without our CSRF cookie; the
# signed token in the URL is what authorises it.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks for confirmation (link scanners must not unsubscribe anyone); POST acts."""
    try:
        member, category = services.member_for_unsubscribe(token)
    except services.InvalidUnsubscribeLink:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    done = False
    if request.method == "POST":
        services.unsubscribe(token=token)
        done = True
    return render(
        request,
        "notifications/unsubscribe.html",
        {
            "category": category,
            "category_label": Category(category).label,
            "marketing": category == Category.MARKETING,
            "done": done,
            "email": _masked(member.user.email),
        },
    )
