from django import forms
from django.utils.translation import gettext_lazy as _

from . import numbers
from .models import Channel


class ChannelsForm(forms.Form):
    """The member's WhatsApp and SMS choices: each on or off, with the number it goes to."""

    whatsapp = forms.BooleanField(label=_("Send my notifications by WhatsApp"), required=False)
    whatsapp_number = forms.CharField(
        label=_("WhatsApp number"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "dir": "ltr"}),
    )
    sms = forms.BooleanField(label=_("Send my notifications by SMS"), required=False)
    sms_number = forms.CharField(
        label=_("Mobile number for SMS"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "dir": "ltr"}),
    )

    def __init__(self, *args, country: str = "", **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.country = country

    def clean(self):
        cleaned = super().clean()
        for channel in Channel.values:
            number = cleaned.get(f"{channel}_number", "").strip()
            if not cleaned.get(channel):
                continue
            if not number:
                self.add_error(f"{channel}_number", _("Give the number to send to."))
                continue
            try:
                cleaned[f"{channel}_number"] = numbers.international(number, country=self.country)
            except numbers.InvalidNumber as error:
                self.add_error(f"{channel}_number", str(error.message))
        return cleaned
