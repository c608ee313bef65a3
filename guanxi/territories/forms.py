"""Forms of the territories pages. They only parse input; the services decide."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from guanxi.access.models import Department, User
from guanxi.customers import selectors as customer_selectors
from guanxi.customization.selectors import picklist_choices

from .models import AssignmentRule


def _choices(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


def _records(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    return cast("forms.ModelChoiceField[Any]", form.fields[name])


class AssignmentRuleForm(forms.ModelForm[AssignmentRule]):
    class Meta:
        model = AssignmentRule
        fields = ("name", "object_type", "order", "active", "region", "industry", "method", "user", "team")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

        _choices(self, "region").choices = [("", "—"), *customer_selectors.region_choices()]
        self.fields["industry"] = forms.ChoiceField(
            label=_("Industry"), required=False, choices=[("", "—"), *picklist_choices("industry")]
        )
        _records(self, "user").queryset = User.objects.filter(is_active=True).order_by("username")
        _records(self, "team").queryset = Department.objects.order_by("path")


class TransferForm(forms.Form):
    from_user: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("From"), queryset=None)
    to_user: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("To"), queryset=None)
    region = forms.ChoiceField(label=_("Only in the region"), required=False)
    industry = forms.ChoiceField(label=_("Only in the industry"), required=False)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=255)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

        _records(self, "from_user").queryset = User.objects.order_by("username")
        _records(self, "to_user").queryset = User.objects.filter(is_active=True).order_by("username")
        _choices(self, "region").choices = [("", "—"), *customer_selectors.region_choices()]
        _choices(self, "industry").choices = [("", "—"), *picklist_choices("industry")]
