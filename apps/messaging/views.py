"""The member center's WhatsApp and SMS page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from apps.members.views import current_member

from . import numbers, services
from .forms import ChannelsForm
from .models import Channel
from .selectors import channels_of

SOURCE = "member center"


@login_required
def channels_page(request: HttpRequest) -> HttpResponse:
    member = current_member(request)
    subscriptions = channels_of(member)
    initial: dict[str, object] = {}
    for channel, field in services.PROFILE_FIELD.items():
        subscription = subscriptions.get(channel)
        initial[channel] = bool(subscription and subscription.active)
        number = subscription.number if subscription else getattr(member, field)
        initial[f"{channel}_number"] = numbers.shown(number) if number else ""
    form = ChannelsForm(request.POST or None, initial=initial, country=str(member.country or ""))
    if request.method == "POST" and form.is_valid():
        for channel in Channel.values:
            services.set_channel(
                member=member,
                channel=channel,
                wanted=form.cleaned_data[channel],
                number=form.cleaned_data[f"{channel}_number"],
                source=SOURCE,
            )
        messages.success(request, _("Your message choices were saved."))
        return redirect("members:channels")
    return render(
        request,
        "messaging/channels.html",
        {
            "form": form,
            "stopped": [s for s in subscriptions.values() if s.stopped_by_reply],
            "section": "channels",
        },
    )
