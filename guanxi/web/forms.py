"""Create/edit forms built from the registry, custom fields included. Forms only parse input;
the service validates business rules and writes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from guanxi.access.models import User
from guanxi.core import registry
from guanxi.core.registry import ObjectType
from guanxi.customization.choices import FieldType
from guanxi.customization.fields import PicklistField
from guanxi.customization.models import CustomField
from guanxi.customization.selectors import custom_fields_for, picklist_choices

CUSTOM_PREFIX = "custom__"


def date_input() -> forms.DateInput:
    """A browser date picker; its value always written as ISO 8601, which is all a date input
    takes (a Chinese locale's 2026/12/03 would leave it empty)."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LookupWidget(forms.TextInput):
    """A search-as-you-type box for a record of another object type (tables too large for a select)."""

    template_name = "core/widgets/lookup.html"

    def __init__(self, object_type: str, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.object_type = object_type

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        label = ""
        if value:
            ot = registry.get(self.object_type)
            obj = ot.model._default_manager.filter(pk=value).first()
            label = ot.title(obj) if obj is not None else ""
        context["widget"].update({"object_type": self.object_type, "label": label})
        return context


def _formfield(ot: ObjectType, name: str) -> forms.Field:
    formfield = _model_formfield(ot, name)
    if name in ot.field_labels:
        formfield.label = ot.field_label(name)
    return formfield


def _model_formfield(ot: ObjectType, name: str) -> forms.Field:
    field = ot.field(name)
    if name in ot.field_choices:
        return forms.ChoiceField(
            label=field.verbose_name, required=not field.blank, choices=[("", "—"), *(ot.choices(name) or [])]
        )
    if isinstance(field, PicklistField):
        return forms.ChoiceField(
            label=field.verbose_name,
            required=not field.blank,
            choices=[("", "—"), *picklist_choices(field.picklist)],
        )
    if isinstance(field, models.ForeignKey):
        target = field.related_model
        if target is User:
            return forms.ModelChoiceField(
                label=field.verbose_name,
                required=not field.blank,
                queryset=User.objects.filter(is_active=True).order_by("username"),
            )
        target_ot = registry.maybe(registry.for_model(target).key) if target in registry._by_model else None
        if target_ot is not None:
            return forms.UUIDField(
                label=field.verbose_name, required=not field.blank, widget=LookupWidget(target_ot.key)
            )
    formfield = field.formfield()
    assert formfield is not None
    if isinstance(field, models.ForeignKey) and hasattr(field.related_model, "choice_tree"):
        formfield.choices = [("", "—"), *field.related_model.choice_tree()]  # type: ignore[attr-defined,union-attr]
    if isinstance(field, models.DateTimeField):
        formfield.widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    elif isinstance(field, models.DateField):
        formfield.widget = date_input()
    return formfield


def custom_formfield(cf: CustomField) -> forms.Field:
    common: dict[str, Any] = {"label": str(cf), "required": cf.required, "help_text": cf.help_text}
    choices = [(c["value"], cf.choice_label(c["value"])) for c in cf.choices]
    t = cf.field_type
    if t == FieldType.LONG_TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), **common)
    if t in (FieldType.NUMBER, FieldType.DECIMAL, FieldType.MONEY):
        return forms.CharField(widget=forms.TextInput(attrs={"inputmode": "decimal"}), **common)
    if t == FieldType.DATE:
        return forms.CharField(widget=date_input(), **common)
    if t == FieldType.DATETIME:
        return forms.CharField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}), **common)
    if t == FieldType.BOOLEAN:
        common["required"] = False
        return forms.BooleanField(**common)
    if t == FieldType.CHOICE:
        return forms.ChoiceField(choices=[("", "—"), *choices], **common)
    if t == FieldType.MULTI_CHOICE:
        return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
    if t == FieldType.EMAIL:
        return forms.CharField(widget=forms.EmailInput, **common)
    if t == FieldType.URL:
        return forms.CharField(widget=forms.URLInput, **common)
    if t == FieldType.LOOKUP:
        return forms.UUIDField(widget=LookupWidget(cf.lookup_object_type), **common)
    return forms.CharField(max_length=255, **common)


class RecordForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        ot: ObjectType,
        *args: Any,
        instance: models.Model | None = None,
        writable: frozenset[str] | None = None,
        readable: frozenset[str] | None = None,
        **kwargs: Any,
    ) -> None:
        self.ot = ot
        self.instance = instance
        initial = kwargs.pop("initial", {}) or {}
        if instance is not None:
            for name in ot.form_fields:
                field = ot.field(name)
                initial.setdefault(name, getattr(instance, field.attname))
            for key, value in (instance.custom or {}).items():  # type: ignore[attr-defined]
                initial.setdefault(CUSTOM_PREFIX + key, value)
            initial["version"] = instance.version  # type: ignore[attr-defined]
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        # Read-only fields are shown disabled (Django then ignores what is posted for them); hidden
        # fields are not in the form at all.
        for name in ot.form_fields:
            if writable is None or name in writable:
                self.fields[name] = _formfield(ot, name)
            elif readable is not None and name in readable:
                self.fields[name] = _formfield(ot, name)
                self.fields[name].disabled = True
                self.fields[name].required = False
        for cf in custom_fields_for(ot.key):
            key = f"custom.{cf.key}"
            if writable is None or key in writable:
                self.fields[CUSTOM_PREFIX + cf.key] = custom_formfield(cf)
            elif readable is not None and key in readable:
                self.fields[CUSTOM_PREFIX + cf.key] = custom_formfield(cf)
                self.fields[CUSTOM_PREFIX + cf.key].disabled = True
                self.fields[CUSTOM_PREFIX + cf.key].required = False

    def service_data(self) -> dict[str, Any]:
        """What the user submitted, shaped for the service (which does the real validation)."""
        data: dict[str, Any] = {}
        custom: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            if name == "version" or self.fields[name].disabled:
                continue
            if name.startswith(CUSTOM_PREFIX):
                custom[name[len(CUSTOM_PREFIX) :]] = value
            else:
                data[name] = value
        if self.instance is not None:
            # Only send what changed, so a stale-version check names the real conflicts.
            unchanged = [n for n in data if n in self.initial and _same(self.initial[n], data[n])]
            for n in unchanged:
                data.pop(n)
        if custom:
            data["custom"] = custom
        return data

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        for key, messages in errors.items():
            name = CUSTOM_PREFIX + key[7:] if key.startswith("custom.") else key
            target = name if name in self.fields else None
            for message in messages:
                self.add_error(target, message)


def _same(a: Any, b: Any) -> bool:
    if isinstance(b, models.Model):
        b = b.pk
    if a in (None, "") and b in (None, ""):
        return True
    return str(a) == str(b)


class NoteForm(forms.Form):
    body = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), max_length=10000)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))


class TagForm(forms.Form):
    name = forms.CharField(label=_("Tag"), max_length=60)


def add_service_errors(form: forms.Form, exc: ValidationError, aliases: dict[str, str] | None = None) -> None:
    """A service's ValidationError on a form: field errors where the form has the field (or the
    form field `aliases` names for it), the rest at the top."""
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    for field, messages in errors.items():
        name = (aliases or {}).get(field, field)
        for message in messages:
            form.add_error(name if name in form.fields else None, message)
