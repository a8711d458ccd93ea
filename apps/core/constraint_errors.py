"""Database constraints as form errors in the admin, never a server error.

Django's model forms check a unique field or a constraint only when every field it names is on
the form, and inline formsets compare new rows with each other only under constraints without a
condition, and only on fields their forms have. What slips through reaches the database as an
IntegrityError: a 500 for the merchant (a second price break for the same quantity did, because
the price's currency is not a form field of its own). So, for every admin form:

1. ``ConstraintCheckedForm``: after Django's validation, the unique fields and constraints it
   left out (fields not on the form, such as a money amount's currency or a value the admin
   sets; constraints with a condition or an expression) are checked with the values the row
   will have, and each violation becomes an error on the field that edits it (or on the form).
2. ``ConstraintCheckedFormSet``: new inline rows that repeat each other under any unique
   constraint, conditional ones too.
3. ``refusal_of`` turns what the database still refuses (a row someone else saved a moment
   earlier, a rule only the database knows) into the reason shown on the form again
   (``apps.core.admin_site`` catches the error and shows the form with it).

Messages are the constraint's own ``violation_error_message`` when it has one; otherwise one
written from the fields' labels, never the constraint's internal name. All are translated.
"""

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, router
from django.db.models.constraints import BaseConstraint, UniqueConstraint
from django.forms.models import InlineForeignKeyField
from django.utils.hashable import make_hashable
from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    # What the mixins below are mixed into (their methods call the form's and formset's own).
    from django.forms import BaseInlineFormSet, ModelForm
    from django.forms.utils import ErrorDict

    _FormBase = ModelForm
    _FormSetBase = BaseInlineFormSet
else:
    _FormBase = _FormSetBase = object


@dataclass(frozen=True)
class Refusal:
    """Why the database refused a save: which model's rows, which field (None: the form)."""

    model: type[models.Model] | None
    field: str | None
    message: str


# -- messages ---------------------------------------------------------------------------------


def field_label(field: models.Field, *, capital: bool = True) -> str:
    """A field's label for messages (a money amount's currency has no translated name)."""
    if getattr(field, "price_field", None) is not None:  # djmoney's currency column
        label = _("currency")
    else:
        label = str(field.verbose_name)
    return capfirst(label) if capital else label


def unique_message(model: type[models.Model], names: tuple[str, ...]) -> ValidationError:
    """ "<Model> with this <fields> already exists.", in the reader's language."""
    # Unique constraints name concrete columns, never a reverse relation.
    fields = [cast(models.Field, model._meta.get_field(name)) for name in names]
    params = {"model_name": capfirst(model._meta.verbose_name)}
    if len(fields) == 1 and fields[0].error_messages.get("unique"):
        params["field_label"] = field_label(fields[0])
        return ValidationError(fields[0].error_messages["unique"], code="unique", params=params)
    params["field_labels"] = get_text_list([field_label(f) for f in fields], _("and"))
    return ValidationError(
        _("%(model_name)s with this %(field_labels)s already exists."),
        code="unique_together",
        params=params,
    )


def referenced_fields(constraint: BaseConstraint) -> set[str]:
    """The model fields a constraint reads (its fields, expressions and condition)."""
    names = set(getattr(constraint, "fields", ()) or ())
    for expression in getattr(constraint, "expressions", ()) or ():
        # django-stubs leave out F.name (the referenced field's name, always set).
        names |= {ref.name for ref in expression.flatten() if isinstance(ref, models.F)}  # type: ignore[attr-defined]
    condition = getattr(constraint, "condition", None)
    if condition is not None:
        names |= models.Q(condition).referenced_base_fields
    return names


def has_own_message(constraint: BaseConstraint) -> bool:
    return constraint.violation_error_message != constraint.default_violation_error_message


def constraint_message(model: type[models.Model], constraint: BaseConstraint) -> ValidationError:
    """What to tell the merchant when ``constraint`` is violated."""
    if has_own_message(constraint):
        return ValidationError(
            constraint.get_violation_error_message(), code=constraint.violation_error_code
        )
    names = sorted(referenced_fields(constraint))
    if isinstance(constraint, UniqueConstraint):
        unique = tuple(constraint.fields) or tuple(names)
        return unique_message(model, unique)
    labels = [field_label(cast(models.Field, model._meta.get_field(name))) for name in names]
    if len(labels) == 1:
        return ValidationError(_("This value is not allowed."), code="constraint")
    return ValidationError(
        _("These values are not allowed together: %(fields)s."),
        code="constraint",
        params={"fields": get_text_list(labels, _("and"))},
    )


def _default_text(constraint: BaseConstraint) -> str:
    return str(constraint.get_violation_error_message())


def field_for(form, model_field: str) -> str | None:
    """The form field that edits ``model_field`` (None: the form has none)."""
    if model_field in form.fields:
        return model_field
    field = form._meta.model._meta.get_field(model_field)
    owner = getattr(field, "price_field", None)
    if owner is not None and owner.name in form.fields:
        return owner.name
    return None


# -- forms ----------------------------------------------------------------------------------


class ConstraintCheckedForm(_FormBase):
    """Mixed into every admin model form (see the module's docstring)."""

    refusal: Refusal | None = None  # set when the database refused this very form's save

    if TYPE_CHECKING:  # Django's private parts used here, which django-stubs leave out
        _errors: ErrorDict

        def _get_validation_exclusions(self) -> set[str]: ...

    def _post_clean(self):
        super()._post_clean()
        self._name_constraints_in_errors()
        self._check_what_django_left_out()
        refusal = self.refusal
        if refusal is not None and refusal.model in (None, self._meta.model):
            target = field_for(self, refusal.field) if refusal.field else None
            self._add_once(target, ValidationError(refusal.message))

    def _add_once(self, target: str | None, error: ValidationError) -> None:
        shown = {message for errors in self._errors.values() for message in errors}
        if any(message not in shown for message in error.messages):
            self.add_error(target, error)

    def _name_constraints_in_errors(self) -> None:
        """Django's own messages for constraints without one say "Constraint “name” is
        violated." (an internal name): say what is wrong instead."""
        model = self._meta.model
        # Keyed by message; an ErrorList holds texts and errors (lazy ones too), kept as they are.
        generic: dict[object, Any] = {
            _default_text(c): constraint_message(model, c)
            for c in model._meta.constraints
            if not has_own_message(c)
        }
        for name, errors in list(self._errors.items()):
            if any(message in generic for message in errors):
                self._errors[name] = self.error_class(
                    [generic.get(message, message) for message in errors],
                    renderer=self.renderer,
                )

    def _known_fields(self) -> set[str]:
        """Model fields whose value this form decides or the row already has."""
        failed = set()
        for name in self._errors:
            if name == NON_FIELD_ERRORS:
                continue
            failed.add(name)
            failed |= {
                f.name
                for f in self._meta.model._meta.fields
                if getattr(getattr(f, "price_field", None), "name", None) == name
            }
        return {f.name for f in self._meta.model._meta.fields} - failed

    def _check_what_django_left_out(self) -> None:
        model, instance = self._meta.model, self.instance
        known = self._known_fields()
        django_skipped = self._get_validation_exclusions() | {
            name for name, field in self.fields.items() if isinstance(field, InlineForeignKeyField)
        }
        exclude = {f.name for f in model._meta.fields} - known
        checked, _dates = instance._get_unique_checks(exclude=django_skipped | exclude)
        checks, _dates = instance._get_unique_checks(exclude=exclude)
        left_out = [check for check in checks if check not in checked]
        for name, errors in instance._perform_unique_checks(left_out).items():
            for error in errors:
                fields = error.params.get("unique_check", ()) if error.params else ()
                self._add_once(
                    self._target(name, fields), unique_message(model, tuple(fields) or (name,))
                )
        using = router.db_for_write(model, instance=instance)
        for constraint_model, constraints in instance.get_constraints():
            for constraint in constraints:
                refs = referenced_fields(constraint)
                if not refs & django_skipped or refs & exclude:
                    continue  # Django checked it, or a value it reads is not known yet
                try:
                    constraint.validate(constraint_model, instance, exclude=exclude, using=using)
                except ValidationError:
                    self._add_once(
                        self._target(None, sorted(refs)),
                        constraint_message(constraint_model, constraint),
                    )

    def _target(self, name: str | None, fields) -> str | None:
        """The form field to show an error on: the one field it concerns, if on the form."""
        names = [name] if name and name != NON_FIELD_ERRORS else list(fields)
        targets = {field_for(self, field) for field in names}
        if len(targets) == 1:
            return targets.pop()
        return None


# -- inline formsets --------------------------------------------------------------------------


def unique_field_sets(model: type[models.Model]):
    """(fields, condition) the database keeps unique among a model's rows (plain fields only)."""
    opts = model._meta
    for field in opts.local_fields:
        if field.unique and not field.primary_key:
            yield (field.name,), None
    for fields in opts.unique_together:
        yield tuple(fields), None
    for constraint in opts.constraints:
        if isinstance(constraint, UniqueConstraint) and constraint.fields:
            yield tuple(constraint.fields), constraint.condition


class ConstraintCheckedFormSet(_FormSetBase):
    """Mixed into every admin inline formset: new rows may not repeat each other."""

    refusal: Refusal | None = None
    if TYPE_CHECKING:
        model: type[models.Model]  # always set on an inline formset's class

    def clean(self):
        super().clean()
        refusal = self.refusal
        if refusal is not None and refusal.model is self.model:
            raise ValidationError(refusal.message)

    def validate_unique(self):
        super().validate_unique()  # Django's own comparison raises first if it finds any
        rows = [
            form
            for form in self.forms
            if form.is_valid()
            and form not in self.deleted_forms
            and (form.has_changed() or not form.instance._state.adding)
        ]
        messages = []
        for fields, condition in unique_field_sets(self.model):
            seen = set()
            for form in rows:
                key = self._row_key(form.instance, fields, condition)
                if key is None:
                    continue
                if key in seen:
                    message = self._duplicate_message(fields)
                    form._errors.setdefault(NON_FIELD_ERRORS, form.error_class()).append(message)
                    messages.append(message)
                seen.add(key)
        if messages:
            raise ValidationError(sorted(set(messages)))

    def _row_key(self, instance, fields, condition):
        fk = getattr(self, "fk", None)
        values = []
        for name in fields:
            if fk is not None and name == fk.name:
                values.append("parent")  # the same for every row of the formset
                continue
            value = getattr(instance, instance._meta.get_field(name).attname)
            if value is None:
                return None  # NULLs never collide
            values.append(make_hashable(value))
        if condition is not None:
            against = instance._get_field_expression_map(meta=instance._meta)
            if not models.Q(condition).check(against, using=router.db_for_write(self.model)):
                return None
        return tuple(values)

    def _duplicate_message(self, fields) -> str:
        fk = getattr(self, "fk", None)
        labels = [
            field_label(cast(models.Field, self.model._meta.get_field(name)), capital=False)
            for name in fields
            if fk is None or name != fk.name
        ]
        return _("Two rows have the same %(fields)s: keep one of them.") % {
            "fields": get_text_list(labels, _("and"))
        }


# -- what the database refused --------------------------------------------------------------

KEY = re.compile(r"Key \((?P<columns>[^)]*)\)=")


def refusal_of(error: Exception, candidates: list[type[models.Model]]) -> Refusal:
    """What the merchant should be told about an IntegrityError from saving ``candidates``'
    rows: the violated constraint's message on its model, or a plain reason."""
    diagnosis = getattr(error.__cause__, "diag", None)
    constraint_name = getattr(diagnosis, "constraint_name", None)
    detail = getattr(diagnosis, "message_detail", None) or ""
    for model in candidates:
        for constraint in model._meta.constraints:
            if constraint.name == constraint_name:
                fields = sorted(referenced_fields(constraint))
                field = fields[0] if len(fields) == 1 else None
                return Refusal(model, field, _message(constraint_message(model, constraint)))
        found = KEY.search(detail)
        if found:
            columns = {c.strip().strip('"') for c in found.group("columns").split(",")}
            by_column = {f.column: f.name for f in model._meta.fields}
            if (
                columns
                and columns <= set(by_column)
                and constraint_name
                and (constraint_name.startswith(model._meta.db_table))
            ):
                names = tuple(by_column[c] for c in sorted(columns))
                field = names[0] if len(names) == 1 else None
                return Refusal(model, field, _message(unique_message(model, names)))
    return Refusal(
        None,
        None,
        _(
            "This could not be saved: it conflicts with data saved in the meantime or with a "
            "rule of the database. Please check the values and save again."
        ),
    )


def _message(error: ValidationError) -> str:
    return " ".join(error.messages)
