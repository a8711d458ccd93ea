"""The member center's company forms (docs/companies.md)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from apps.companies.models import CompanyRole


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    role = forms.ChoiceField(
        label=_("Role"), choices=CompanyRole.choices, initial=CompanyRole.BUYER
    )
    language = forms.ChoiceField(
        label=_("Language of the e-mail"),
        choices=settings.LANGUAGES,
        help_text=_("Used unless the person is a member already: then their own language."),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=CompanyRole.choices)
