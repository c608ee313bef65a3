"""The catalogue's form parts that other apps' pages embed (a domain's public surface is its
services, selectors and widgets): the product line — product, quantity, unit price, discount —
of a deal, a quote or an order."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from guanxi.web.forms import LookupWidget


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
