"""Twilio's requests to us: delivery status callbacks and replies from members' phones.

Each is checked with Twilio's ``RequestValidator`` (the ``X-Twilio-Signature`` HMAC over the
URL Twilio called and the form parameters, keyed with the auth token) against the public URL
(``SITE_URL``: behind a proxy the request's own host may differ). A forged or unsigned request
gets 403 and changes nothing; the work is a few rows, done before answering.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from twilio.request_validator import RequestValidator

from . import services

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def signed_by_twilio(request: HttpRequest) -> bool:
    signature = request.headers.get("X-Twilio-Signature", "")
    if not signature or not settings.TWILIO_AUTH_TOKEN:
        return False
    url = settings.SITE_URL.rstrip("/") + request.get_full_path()
    return RequestValidator(settings.TWILIO_AUTH_TOKEN).validate(
        url, request.POST.dict(), signature
    )


@csrf_exempt
@require_POST
def twilio_status(request: HttpRequest) -> HttpResponse:
    if not signed_by_twilio(request):
        return HttpResponseForbidden()
    sid = request.POST.get("MessageSid", "")
    status = request.POST.get("MessageStatus", "")
    if sid and status:
        services.record_status(
            provider_sid=sid, status=status, error_code=request.POST.get("ErrorCode", "")
        )
    return HttpResponse(status=204)


@csrf_exempt
@require_POST
def twilio_inbound(request: HttpRequest) -> HttpResponse:
    if not signed_by_twilio(request):
        return HttpResponseForbidden()
    sid = request.POST.get("MessageSid", "")
    if sid:
        services.receive_reply(
            provider_sid=sid,
            sender=request.POST.get("From", ""),
            body=request.POST.get("Body", ""),
        )
    # No automatic answer: Twilio sends its own confirmation of STOP and START for SMS.
    return HttpResponse(EMPTY_TWIML, content_type="text/xml")
