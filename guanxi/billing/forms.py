"""Forms of the billing pages. They only parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from guanxi.catalogue.widgets import LineForm


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


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
