"""The lead's record action (registry.ObjectAction): convert it into an account (new, or an existing
one the user may edit) and a contact, plus whatever the other apps' conversion steps add (a deal).
The conversion page shows the form with the likely duplicates; it, the generic action POST and the
API (POST /api/v1/leads/{id}/actions/convert) all run it through records.actions.perform."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from guanxi.access.choices import Operation
from guanxi.access.scoping import scope
from guanxi.core.registry import ObjectAction

from . import services
from .choices import LeadStatus
from .forms import ConvertLeadForm
from .models import Account


def _convert(lead: Any, actor: Any, data: dict[str, Any]) -> Account:
    account = None
    if data.get("account"):
        account = scope(actor.user, Account, Operation.EDIT).filter(pk=data["account"]).first()
        if account is None:
            raise ValidationError({"account": [gettext("You cannot link to this account.")]})
    options: dict[str, dict[str, Any]] = {}
    for name, value in data.items():
        if "__" in name and value not in (None, ""):
            step, field = name.split("__", 1)
            options.setdefault(step, {})[field] = value
    acc, _contact = services.convert_lead(
        lead,
        actor=actor,
        account=account,
        account_name=data.get("account_name") or "",
        contact_role=data.get("contact_role") or "",
        options=options,
    )
    return acc


LEAD_ACTIONS = (
    ObjectAction(
        "convert",
        _("Convert"),
        _convert,
        creates=("account", "contact"),
        available=lambda lead: lead.status != LeadStatus.CONVERTED,
        unavailable=_("This lead has already been converted."),
        form=ConvertLeadForm,
        in_header=False,  # the lead's page links to the conversion page, which shows likely duplicates
        follow=True,
        done=_("Lead converted."),
        summary=_("Convert a lead into an account and a contact (and a deal, with opportunity__name)"),
    ),
)

ACTIONS = {"lead": LEAD_ACTIONS}
