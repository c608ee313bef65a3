"""Forms of the territories pages. They only parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from guanxi.access.models import Department, User
from guanxi.customers import selectors as customer_selectors
from guanxi.customization.selectors import picklist_choices

from .models import AssignmentRule


class AssignmentRuleForm(forms.ModelForm):
    class Meta:
        model = AssignmentRule
        fields = ("name", "object_type", "order", "active", "region", "industry", "method", "user", "team")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

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

        self.fields["from_user"].queryset = User.objects.order_by("username")  # type: ignore[attr-defined]
        self.fields["to_user"].queryset = User.objects.filter(is_active=True).order_by("username")  # type: ignore[attr-defined]
        self.fields["region"].choices = [("", "—"), *customer_selectors.region_choices()]  # type: ignore[attr-defined]
        self.fields["industry"].choices = [("", "—"), *picklist_choices("industry")]  # type: ignore[attr-defined]
