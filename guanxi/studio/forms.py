"""Administrator forms for custom fields and picklist options."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from guanxi.core import registry
from guanxi.customization.choices import FieldType

from .services import parse_choices


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


class CustomObjectForm(forms.Form):
    key = forms.CharField(
        label=_("Key"), max_length=40, help_text=_("Used in addresses and the API, e.g. booth. Cannot change later.")
    )
    label = forms.CharField(label=_("Name, singular (English)"), max_length=120)
    label_zh_hans = forms.CharField(label=_("Name, singular (Simplified Chinese)"), max_length=120, required=False)
    label_zh_hant = forms.CharField(label=_("Name, singular (Traditional Chinese)"), max_length=120, required=False)
    label_plural = forms.CharField(label=_("Name, plural (English)"), max_length=120)
    label_plural_zh_hans = forms.CharField(label=_("Name, plural (Simplified Chinese)"), max_length=120, required=False)
    label_plural_zh_hant = forms.CharField(
        label=_("Name, plural (Traditional Chinese)"), max_length=120, required=False
    )
    name_label = forms.CharField(label=_("Name field (English)"), max_length=120, initial="Name")
    name_label_zh_hans = forms.CharField(
        label=_("Name field (Simplified Chinese)"), max_length=120, required=False, initial="名称"
    )
    name_label_zh_hant = forms.CharField(
        label=_("Name field (Traditional Chinese)"), max_length=120, required=False, initial="名稱"
    )
    statuses_text = forms.CharField(
        label=_("Statuses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=_(
            "Optional. One per line, in board order: value | English | 简体中文 | 繁體中文. "
            "With statuses the object gets a status field and a kanban board."
        ),
    )
    icon = forms.CharField(label=_("Icon"), max_length=4, initial="◆", help_text=_("One character or emoji."))
    order = forms.IntegerField(label=_("Menu order"), min_value=0, initial=500)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["key"].disabled = True

    def to_data(self) -> dict[str, Any]:

        data = dict(self.cleaned_data)
        data["statuses"] = parse_choices(data.pop("statuses_text") or "")
        return data
