"""The sales dashboard page."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from guanxi.access.http import AuthedRequest
from guanxi.access.scoping import leads_team
from guanxi.catalogue.services import company_currency
from guanxi.core import registry
from guanxi.web.pages import chart_toolbox, may_open, module_page

from .dashboard import dashboard


@module_page("sales:dashboard")
def dashboard_page(request: AuthedRequest) -> HttpResponse:
    user = request.user
    team_allowed = leads_team(user)
    team = team_allowed and request.GET.get("view", "team" if team_allowed else "mine") == "team"
    data = dashboard(user, team=team)
    funnel_option = {
        "toolbox": chart_toolbox(),
        "tooltip": {"trigger": "item"},
        "series": [
            {
                "type": "funnel",
                "sort": "none",
                "left": "5%",
                "width": "90%",
                "label": {"show": True, "position": "inside"},
                # By amount, or by the number of deals for a role that may not read amounts.
                "data": [
                    {
                        "name": f"{row['stage']} ({row['count']})",
                        "value": float(row["amount"]) if row["amount"] is not None else row["count"],
                    }
                    for row in data["funnel"]
                ],
            }
        ],
    }
    months = [str(m) for m in range(1, 13)]
    month_option = {
        "toolbox": chart_toolbox(),
        "tooltip": {"trigger": "axis"},
        "legend": {"data": [pgettext("sales target", "Target"), _("Won")]},
        "xAxis": {"type": "category", "data": months},
        "yAxis": {"type": "value"},
        "series": [
            {
                "name": pgettext("sales target", "Target"),
                "type": "bar",
                "data": [float(r["target"]) if r["target"] is not None else None for r in data["by_month"]],
            },
            {"name": _("Won"), "type": "bar", "data": [float(r["actual"]) for r in data["by_month"]]},
        ],
    }
    return render(
        request,
        "sales/dashboard.html",
        {
            "d": data,
            "team_allowed": team_allowed,
            "targets_page": may_open(user, registry.page("targets:targets")),
            "funnel_option": funnel_option,
            "month_option": month_option,
            "currency": company_currency(),
            "today": timezone.localdate(),
            "nav": "dashboard",
        },
    )
