"""Provider webhooks (outside the language prefix: Twilio signs the exact URL)."""

from django.urls import path

from . import webhooks

app_name = "messaging"

urlpatterns = [
    path("messaging/twilio/status/", webhooks.twilio_status, name="twilio_status"),
    path("messaging/twilio/inbound/", webhooks.twilio_inbound, name="twilio_inbound"),
]
