"""The admin site: every model admin registered on it (ours and other apps') shows database
constraints as form errors (``apps.core.constraint_errors``)."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.db import IntegrityError

from .constraint_errors import (
    ConstraintCheckedForm,
    ConstraintCheckedFormSet,
    Refusal,
    refusal_of,
)

REFUSAL = "_storefront_refusal"  # request attribute: what the database refused on the first try


def _checked(form_class, base, refusal: Refusal | None):
    bases = (form_class,) if issubclass(form_class, base) else (base, form_class)
    return type(form_class.__name__, bases, {"refusal": refusal})


def checked_formset(formset_class, refusal: Refusal | None):
    """``formset_class`` whose rows and forms check what the database would refuse."""
    form = _checked(formset_class.form, ConstraintCheckedForm, None)
    formset = _checked(formset_class, ConstraintCheckedFormSet, refusal)
    formset.form = form
    return formset


class ConstraintErrorsAdmin:
    """Mixed into every ModelAdmin by ``StorefrontAdminSite.register``.

    Forms and inline formsets check what the database would refuse before saving. If the
    database refuses the save anyway (an add or change form, or the list's editable columns:
    Django saves each in one transaction, rolled back by the error), the form is shown again
    (the same request, validated again) with the reason, instead of a server error.
    """

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return _checked(form, ConstraintCheckedForm, getattr(request, REFUSAL, None))

    def get_formsets_with_inlines(self, request, obj=None):
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            yield checked_formset(formset, getattr(request, REFUSAL, None)), inline

    def get_changelist_formset(self, request, **kwargs):
        formset = super().get_changelist_formset(request, **kwargs)
        return checked_formset(formset, getattr(request, REFUSAL, None))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self._refused_again(
            super().changeform_view, request, object_id, form_url, extra_context
        )

    def changelist_view(self, request, extra_context=None):
        if "_save" not in request.POST:  # an action: not in one transaction, never run twice
            return super().changelist_view(request, extra_context)
        return self._refused_again(super().changelist_view, request, extra_context)

    def _refused_again(self, view, request, *args):
        try:
            return view(request, *args)
        except IntegrityError as error:
            if request.method != "POST" or getattr(request, REFUSAL, None) is not None:
                raise
            models = [self.model, *(inline.model for inline in self.get_inline_instances(request))]
            setattr(request, REFUSAL, refusal_of(error, models))
            return view(request, *args)


class StorefrontAdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, ConstraintErrorsAdmin):
            admin_class = type(
                admin_class.__name__,
                (ConstraintErrorsAdmin, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        super().register(model_or_iterable, admin_class, **options)


class AdminConfig(DjangoAdminConfig):
    """``django.contrib.admin`` with ``StorefrontAdminSite`` as ``admin.site``."""

    default_site = "apps.core.admin_site.StorefrontAdminSite"
