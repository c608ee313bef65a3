"""Forms of the pipeline pages. They only parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from guanxi.customization.selectors import picklist_choices
from guanxi.web.forms import LookupWidget, date_input


def conversion_fields() -> dict[str, forms.Field]:
    """The lead conversion form's "Also create: opportunity" fields (see `opportunity_from_lead`)."""
    return {
        "name": forms.CharField(
            label=_("Opportunity name"), max_length=200, required=False, help_text=_("Empty: no opportunity.")
        ),
        "amount": forms.DecimalField(label=_("Amount"), required=False, min_value=0, max_digits=16, decimal_places=2),
        "expected_close": forms.DateField(label=_("Expected close date"), required=False, widget=date_input()),
    }


class CompetitorForm(forms.Form):
    competitor = forms.UUIDField(label=_("Competitor"), widget=LookupWidget("account"))
    strengths = forms.CharField(label=_("Strengths"), required=False, max_length=2000)
    weaknesses = forms.CharField(label=_("Weaknesses"), required=False, max_length=2000)


class CompetitorRefForm(forms.Form):
    """Which competitor to take off the deal: the competitor's account."""

    competitor = forms.UUIDField(label=_("Competitor"))


class ContactRoleForm(forms.Form):
    contact = forms.UUIDField(label=_("Contact"), widget=LookupWidget("contact"))
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=lambda: [("", "—"), *picklist_choices("deal_role")]
    )


class ContactRefForm(forms.Form):
    """Which person to take off the deal: the contact."""

    contact = forms.UUIDField(label=_("Contact"))
