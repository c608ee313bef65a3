"""Forms of the customer hub's own pages (contact points, quick interaction log, lead conversion)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import AddressOrder, Channel, Consent, Direction, PointKind, RegionKind
from .models import Region
from .services import conversion_fields


class ContactPointForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PointKind.choices)
    value = forms.CharField(label=_("Value"), max_length=500, required=False)
    label = forms.CharField(label=_("Label"), max_length=60, required=False)
    is_primary = forms.BooleanField(label=_("Primary"), required=False)
    opted_out = forms.BooleanField(label=_("Opted out"), required=False)
    consent = forms.ChoiceField(label=_("Consent"), choices=Consent.choices, initial=Consent.UNKNOWN)
    address_order = forms.ChoiceField(label=_("Address order"), choices=AddressOrder.choices, required=False)
    country = forms.CharField(label=_("Country"), max_length=80, required=False)
    province = forms.CharField(label=_("Province / state"), max_length=80, required=False)
    city = forms.CharField(label=_("City"), max_length=80, required=False)
    district = forms.CharField(label=_("District"), max_length=80, required=False)
    street = forms.CharField(label=_("Street"), max_length=255, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=20, required=False)


class InvalidateForm(forms.Form):
    reason = forms.CharField(label=_("Why is it invalid?"), max_length=200)


class QuickInteractionForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.PHONE)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices, initial=Direction.OUTBOUND)
    subject = forms.CharField(label=_("Subject"), max_length=255)
    body = forms.CharField(label=_("Details"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    contact = forms.UUIDField(label=_("Contact"), required=False)


class ConvertLeadForm(forms.Form):
    account = forms.UUIDField(label=_("Link to existing account"), required=False)
    account_name = forms.CharField(label=_("New account name"), max_length=200, required=False)
    contact_role = forms.CharField(label=_("Contact's role at the account"), max_length=120, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, make in conversion_fields().items():
            for name, field in make().items():
                self.fields[f"{key}__{name}"] = field

    def extra_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if "__" in name]

    def options(self) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for name, value in self.cleaned_data.items():
            if "__" in name and value not in (None, ""):
                key, field = name.split("__", 1)
                found.setdefault(key, {})[field] = value
        return found


class RegionForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=20, help_text=_("Short and unique, e.g. EAST-1."))
    name_en = forms.CharField(label=_("Name (English)"), max_length=120, required=False)
    name_zh_hans = forms.CharField(label=_("Name (Simplified Chinese)"), max_length=120, required=False)
    name_zh_hant = forms.CharField(label=_("Name (Traditional Chinese)"), max_length=120, required=False)
    parent = forms.ModelChoiceField(
        label=_("Parent region"),
        queryset=Region.objects.exclude(kind=RegionKind.CITY).filter(
            models.Q(kind=RegionKind.SALES) | models.Q(code="CN") | models.Q(code__startswith="CN-")
        ),
        required=False,
        empty_label=_("— none (top level) —"),
    )
    sort = forms.IntegerField(label=_("Order"), min_value=0, initial=0, required=False)
