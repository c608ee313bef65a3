"""Forms of the sales pages. They only parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from guanxi.customers import selectors as customer_selectors
from guanxi.customization.selectors import picklist_choices
from guanxi.web.forms import LookupWidget, date_input


class LineForm(forms.Form):
    product = forms.UUIDField(label=_("Product"), widget=LookupWidget("product"))
    quantity = forms.DecimalField(label=_("Quantity"), min_value=0, max_digits=12, decimal_places=2, initial=1)
    unit_price = forms.DecimalField(
        label=_("Unit price"),
        required=False,
        min_value=0,
        max_digits=16,
        decimal_places=2,
        help_text=_("Empty: the customer's price."),
    )
    discount = forms.DecimalField(
        label=_("Discount (%)"), required=False, min_value=0, max_value=100, max_digits=5, decimal_places=2
    )


def conversion_fields() -> dict[str, forms.Field]:
    """The lead conversion form's "Also create: opportunity" fields (see `opportunity_from_lead`)."""
    return {
        "name": forms.CharField(
            label=_("Opportunity name"), max_length=200, required=False, help_text=_("Empty: no opportunity.")
        ),
        "amount": forms.DecimalField(label=_("Amount"), required=False, min_value=0, max_digits=16, decimal_places=2),
        "expected_close": forms.DateField(label=_("Expected close date"), required=False, widget=date_input()),
    }


class ActivityLinkForm(forms.Form):
    """Link an activity to more accounts, contacts and deals: search each by name."""

    account = forms.UUIDField(label=_("Account"), required=False, widget=LookupWidget("account"))
    contact = forms.UUIDField(label=_("Contact"), required=False, widget=LookupWidget("contact"))
    opportunity = forms.UUIDField(label=_("Opportunity"), required=False, widget=LookupWidget("opportunity"))


class CompetitorForm(forms.Form):
    competitor = forms.UUIDField(label=_("Competitor"), widget=LookupWidget("account"))
    strengths = forms.CharField(label=_("Strengths"), required=False, max_length=2000)
    weaknesses = forms.CharField(label=_("Weaknesses"), required=False, max_length=2000)


class ContactRoleForm(forms.Form):
    contact = forms.UUIDField(label=_("Contact"), widget=LookupWidget("contact"))
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=lambda: [("", "—"), *picklist_choices("deal_role")]
    )


class DocumentLineForm(LineForm):
    """A quote's or an order's line: the opportunity line with a tax rate and a description."""

    tax_rate = forms.DecimalField(
        label=_("Tax rate (%)"),
        required=False,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        help_text=_("Empty: the standard rate."),
    )
    description = forms.CharField(label=_("Description"), required=False, max_length=255)


class PaymentForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount"), min_value=0, max_digits=16, decimal_places=2)
    received_on = forms.DateField(label=_("Received on"), widget=date_input())
    method = forms.ChoiceField(
        label=_("Method"), required=False, choices=lambda: [("", "—"), *picklist_choices("payment_method")]
    )
    reference = forms.CharField(label=_("Reference"), required=False, max_length=80)


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class WorkLogEntryForm(forms.Form):
    starts = forms.TimeField(label=_("From"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    ends = forms.TimeField(label=_("Until"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    content = forms.CharField(label=_("What was done"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    account = forms.UUIDField(label=_("Account"), required=False, widget=LookupWidget("account"))
    opportunity = forms.UUIDField(label=_("Opportunity"), required=False, widget=LookupWidget("opportunity"))


class ExpenseLineForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=lambda: picklist_choices("expense_category"))
    day = forms.DateField(label=_("Date"), widget=date_input())
    amount = forms.DecimalField(label=_("Amount"), min_value=0, max_digits=16, decimal_places=2)
    currency = forms.CharField(label=_("Currency"), required=False, max_length=3, help_text=_("Empty: CNY."))
    description = forms.CharField(label=_("Description"), required=False, max_length=255)
    receipt = forms.FileField(label=_("Invoice or receipt"), required=False)


class TravelLinkForm(forms.Form):
    account = forms.UUIDField(label=_("Customer"), required=False, widget=LookupWidget("account"))
    activity = forms.UUIDField(label=_("Activity"), required=False, widget=LookupWidget("activity"))


class AssignmentRuleForm(forms.ModelForm):
    class Meta:
        from .models import AssignmentRule

        model = AssignmentRule
        fields = ("name", "object_type", "order", "active", "region", "industry", "method", "user", "team")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        from guanxi.access.models import Department, User

        self.fields["region"].choices = [("", "—"), *customer_selectors.region_choices()]  # type: ignore[attr-defined]
        self.fields["industry"] = forms.ChoiceField(
            label=_("Industry"), required=False, choices=[("", "—"), *picklist_choices("industry")]
        )
        self.fields["user"].queryset = User.objects.filter(is_active=True).order_by("username")  # type: ignore[attr-defined]
        self.fields["team"].queryset = Department.objects.order_by("path")  # type: ignore[attr-defined]


class TransferForm(forms.Form):
    from_user: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("From"), queryset=None)  # type: ignore[arg-type]
    to_user: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("To"), queryset=None)  # type: ignore[arg-type]
    region = forms.ChoiceField(label=_("Only in the region"), required=False)
    industry = forms.ChoiceField(label=_("Only in the industry"), required=False)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=255)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        from guanxi.access.models import User

        self.fields["from_user"].queryset = User.objects.order_by("username")  # type: ignore[attr-defined]
        self.fields["to_user"].queryset = User.objects.filter(is_active=True).order_by("username")  # type: ignore[attr-defined]
        self.fields["region"].choices = [("", "—"), *customer_selectors.region_choices()]  # type: ignore[attr-defined]
        self.fields["industry"].choices = [("", "—"), *picklist_choices("industry")]  # type: ignore[attr-defined]
