"""The targets page: each target beside what was achieved."""

from __future__ import annotations

import csv
import datetime
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from guanxi.access.http import AuthedRequest
from guanxi.access.scoping import can_create, scope
from guanxi.catalogue.services import company_currency
from guanxi.web.pages import chart_toolbox, module_page

from .choices import PeriodKind, TargetMetric
from .services import attainment, may_measure, period_bounds, period_label


@module_page("targets:targets")
def targets_page(request: AuthedRequest) -> HttpResponse:
    """Targets the user may see for one period and measure, each beside what was achieved, with a
    chart of target against actual (downloadable) and a CSV."""
    user = request.user
    kind = request.GET.get("period", PeriodKind.QUARTER)
    if kind not in PeriodKind.values:
        kind = PeriodKind.QUARTER
    metric = request.GET.get("metric", TargetMetric.WON_AMOUNT)
    if metric not in TargetMetric.values:
        metric = TargetMetric.WON_AMOUNT
    try:
        day = datetime.date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        day = timezone.localdate()
    if not (datetime.date(1900, 1, 1) <= day <= datetime.date(9998, 12, 31)):
        messages.error(request, _("Choose a date between 1900 and 9998."))
        day = timezone.localdate()
    start, _end = period_bounds(kind, day)
    targets = list(
        scope(user, "target")
        .filter(period=kind, metric=metric, starts_on=start)
        .select_related("owner", "team")
        .order_by("scope", "name")[:200]
    )
    measured = may_measure(user, metric)
    rows = attainment(targets, measured=measured)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="targets-{period_label(kind, start)}.csv"'
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow([_("Name"), _("For"), pgettext("sales target", "Target"), _("Achieved"), _("Attained (%)")])
        for row in rows:
            t = row["target"]
            achieved = row["actual"] if row["actual"] is not None else ""
            writer.writerow([t.name, t.get_scope_display(), t.value, achieved, row["percent"] or ""])
        return response
    names = [r["target"].name for r in rows]
    chart: dict[str, Any] = {
        "toolbox": chart_toolbox(),
        "tooltip": {"trigger": "axis"},
        "legend": {"data": [pgettext("sales target", "Target"), _("Achieved")]},
        "grid": {"left": 8, "right": 48, "containLabel": True},
        "xAxis": {"type": "value"},
        "yAxis": {"type": "category", "data": names, "inverse": True},
        "series": [
            {
                "name": pgettext("sales target", "Target"),
                "type": "bar",
                "data": [float(r["target"].value) for r in rows],
            },
        ],
    }
    if measured:
        chart["series"].append({"name": _("Achieved"), "type": "bar", "data": [float(r["actual"]) for r in rows]})
    shift = {PeriodKind.MONTH: 31, PeriodKind.QUARTER: 92, PeriodKind.YEAR: 366}[PeriodKind(kind)]
    return render(
        request,
        "targets/targets.html",
        {
            "rows": rows,
            "chart": chart,
            "kind": kind,
            "metric": metric,
            "label": period_label(kind, start),
            "previous": (start - datetime.timedelta(days=1)).isoformat(),
            "following": (start + datetime.timedelta(days=shift)).replace(day=1).isoformat(),
            "on": start.isoformat(),
            "periods": PeriodKind.choices,
            "metrics": TargetMetric.choices,
            "can_create": can_create(user, "target"),
            "money": metric in (TargetMetric.WON_AMOUNT, TargetMetric.RECEIVED),
            "measured": measured,
            "currency": company_currency(),
            "nav": "targets",
        },
    )
