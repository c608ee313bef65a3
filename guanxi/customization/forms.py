"""Administrator forms for custom fields and picklist options."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from guanxi.core import registry

from .choices import FieldType


def _object_types() -> list[tuple[str, str]]:
    return [(ot.key, ot.label_plural.capitalize()) for ot in registry.all_types()]


class CustomFieldForm(forms.Form):
    object_type = forms.ChoiceField(label=_("Object"), choices=_object_types)
    key = forms.SlugField(label=_("Key"), max_length=60, help_text=_("Used in the API and exports, e.g. tax_id."))
    label = forms.CharField(label=_("Label (English)"), max_length=120)
    label_zh_hans = forms.CharField(label=_("Label (Simplified Chinese)"), max_length=120, required=False)
    label_zh_hant = forms.CharField(label=_("Label (Traditional Chinese)"), max_length=120, required=False)
    field_type = forms.ChoiceField(label=_("Type"), choices=FieldType.choices)
    required = forms.BooleanField(label=_("Required"), required=False)
    show_in_list = forms.BooleanField(label=_("Show in lists"), required=False)
    help_text = forms.CharField(label=_("Help text"), max_length=255, required=False)
    choices_text = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: value | English | 简体中文 | 繁體中文"),
    )
    lookup_object_type = forms.ChoiceField(
        label=_("Lookup points to"), required=False, choices=lambda: [("", "—"), *_object_types()]
    )
    order = forms.IntegerField(label=_("Order"), min_value=0, initial=0)

    def to_data(self) -> dict[str, Any]:
        from .services import parse_choices

        data = dict(self.cleaned_data)
        data["choices"] = parse_choices(data.pop("choices_text") or "")
        return data


class PicklistOptionForm(forms.Form):
    value = forms.SlugField(label=_("Value"), max_length=60, allow_unicode=True)
    label = forms.CharField(label=_("Label (English)"), max_length=120)
    label_zh_hans = forms.CharField(label=_("Label (Simplified Chinese)"), max_length=120, required=False)
    label_zh_hant = forms.CharField(label=_("Label (Traditional Chinese)"), max_length=120, required=False)
    order = forms.IntegerField(label=_("Order"), min_value=0, initial=0)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)
