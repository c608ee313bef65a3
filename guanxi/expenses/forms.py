"""Forms of the expenses pages. They only parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from guanxi.customization.selectors import picklist_choices
from guanxi.web.forms import LookupWidget, date_input


class ExpenseLineForm(forms.Form):
    """The inputs of the expense report's action add_line (the page's and the API's)."""

    category = forms.ChoiceField(label=_("Category"), choices=lambda: picklist_choices("expense_category"))
    day = forms.DateField(label=_("Date"), widget=date_input())
    amount = forms.DecimalField(label=_("Amount"), min_value=0, max_digits=16, decimal_places=2)
    currency = forms.CharField(label=_("Currency"), required=False, max_length=3, help_text=_("Empty: CNY."))
    description = forms.CharField(label=_("Description"), required=False, max_length=255)


class ReceiptForm(forms.Form):
    receipt = forms.FileField(label=_("Invoice or receipt"), required=False)


class ExpenseLineUploadForm(ReceiptForm, ExpenseLineForm):
    """The page's "Add expense" form: the action's inputs and the line's receipt, a file (which a
    JSON body cannot carry, nor the generic action view read)."""


class LineRefForm(forms.Form):
    """Which line of the expense report to remove."""

    line = forms.IntegerField(label=_("Line"), min_value=1)


class TravelLinkForm(forms.Form):
    account = forms.UUIDField(label=_("Customer"), required=False, widget=LookupWidget("account"))
    activity = forms.UUIDField(label=_("Activity"), required=False, widget=LookupWidget("activity"))


class LinkRefForm(forms.Form):
    """Which of the trip's links to remove."""

    link = forms.IntegerField(label=_("Link"), min_value=1)
