"""The admin site: every model admin registered on it (ours and other apps') shows database
constraints as form errors (``apps.core.constraint_errors``) and masks personal data for staff
who may not see it (``apps.core.masking``)."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.db import IntegrityError

from . import masking
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


MASKED_PREFIX = "masked__"


class MaskedFieldsAdmin:
    """Mixed into every ModelAdmin and its inlines: while masking is on (``core.masking``), the
    model's ``PERSONAL_DATA`` fields are shown masked and read-only, in the list and the form.
    Search still finds by them (support staff look a caller up by e-mail)."""

    def _personal(self) -> dict[str, str]:
        return getattr(self.model, "PERSONAL_DATA", {}) if masking.active() else {}

    def _swap(self, names):
        personal = self._personal()
        return [
            f"{MASKED_PREFIX}{name}" if isinstance(name, str) and name in personal else name
            for name in names
        ]

    def __getattr__(self, name: str):
        if not name.startswith(MASKED_PREFIX):
            raise AttributeError(name)
        field_name = name.removeprefix(MASKED_PREFIX)
        kind = getattr(self.model, "PERSONAL_DATA", {}).get(field_name)
        if kind is None:
            raise AttributeError(name)

        def show(obj: object) -> object:
            value = getattr(obj, field_name, "")
            return masking.masked(value, kind)

        show.short_description = self.model._meta.get_field(field_name).verbose_name  # type: ignore[attr-defined]  # the admin reads this attribute of a display callable
        return show

    def get_list_display(self, request):
        return self._swap(super().get_list_display(request))

    def get_list_display_links(self, request, list_display):
        links = super().get_list_display_links(request, list_display)
        return self._swap(links) if links else links

    def get_fields(self, request, obj=None):
        return list(dict.fromkeys(self._swap(super().get_fields(request, obj))))

    def get_fieldsets(self, request, obj=None):
        if not self._personal():
            return super().get_fieldsets(request, obj)
        return [
            (title, {**options, "fields": self._swap_nested(options.get("fields", ()))})
            for title, options in super().get_fieldsets(request, obj)
        ]

    def _swap_nested(self, fields):
        return [
            self._swap(field) if isinstance(field, list | tuple) else self._swap([field])[0]
            for field in fields
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        personal = self._personal()
        return [*self._swap(readonly), *(f"{MASKED_PREFIX}{name}" for name in personal)]

    def get_inline_instances(self, request, obj=None):
        instances = super().get_inline_instances(request, obj)
        for inline in instances:
            if not isinstance(inline, MaskedFieldsAdmin):
                inline.__class__ = with_masking(inline.__class__)
        return instances


def with_masking(admin_class):
    return type(
        admin_class.__name__,
        (MaskedFieldsAdmin, admin_class),
        {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
    )


class StorefrontAdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, ConstraintErrorsAdmin):
            admin_class = type(
                admin_class.__name__,
                (ConstraintErrorsAdmin, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        if not issubclass(admin_class, MaskedFieldsAdmin):
            admin_class = with_masking(admin_class)
        super().register(model_or_iterable, admin_class, **options)


class AdminConfig(DjangoAdminConfig):
    """``django.contrib.admin`` with ``StorefrontAdminSite`` as ``admin.site``."""

    default_site = "apps.core.admin_site.StorefrontAdminSite"
