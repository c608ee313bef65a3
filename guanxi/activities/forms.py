"""Forms of the activities pages. They only parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from guanxi.web.forms import LookupWidget


class ActivityLinkForm(forms.Form):
    """Link an activity to more accounts, contacts and deals: search each by name."""

    account = forms.UUIDField(label=_("Account"), required=False, widget=LookupWidget("account"))
    contact = forms.UUIDField(label=_("Contact"), required=False, widget=LookupWidget("contact"))
    opportunity = forms.UUIDField(label=_("Opportunity"), required=False, widget=LookupWidget("opportunity"))


class WorkLogEntryForm(forms.Form):
    starts = forms.TimeField(label=_("From"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    ends = forms.TimeField(label=_("Until"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    content = forms.CharField(label=_("What was done"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    account = forms.UUIDField(label=_("Account"), required=False, widget=LookupWidget("account"))
    opportunity = forms.UUIDField(label=_("Opportunity"), required=False, widget=LookupWidget("opportunity"))


class EntryRefForm(forms.Form):
    """Which line of the work log to remove."""

    entry = forms.IntegerField(label=_("Line"), min_value=1)
