"""Sales pages beside the generic ones: an opportunity's product lines and stage history, and the
ownership conflicts."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanxi.access import login
from guanxi.access.choices import Operation
from guanxi.access.scoping import can, can_create, fields, scope
from guanxi.core import registry
from guanxi.core.actor import current_actor
from guanxi.core.errors import PermissionDenied
from guanxi.core.registry import ObjectType
from guanxi.web.views import get_record

from .activities import LINKABLE, feed_activities, feed_user, ical, link, new_feed
from .conflicts import ON_CUSTOMER, can_settle, settle, visible_conflicts
from .forms import ActivityLinkForm, CompetitorForm, ContactRoleForm, LineForm
from .models import (
    Activity,
    ActivityLink,
    CalendarFeed,
    Opportunity,
    OpportunityCompetitor,
    OpportunityContact,
    OpportunityLine,
    OwnershipConflict,
    StageChange,
)
from .services import remove_competitor, remove_contact_role, save_competitor, save_contact_role, set_lines


def opportunity_panel(request: HttpRequest, ot: ObjectType, obj: models.Model) -> dict[str, Any] | None:
    """Product lines (with a form to add one) and the stage history with the time spent in each."""
    if not isinstance(obj, Opportunity):
        return None
    user = request.user
    rules = fields(user, "opportunity")  # type: ignore[arg-type]
    if not rules.can_read("amount"):
        lines: list[OpportunityLine] = []
    else:
        lines = list(OpportunityLine.objects.filter(opportunity=obj).select_related("product"))
    changes = list(
        StageChange.objects.filter(opportunity=obj)
        .select_related("from_stage", "to_stage", "by")
        .order_by("-at", "-id")
    )
    return {
        "template": "sales/_opportunity_panel.html",
        "position": "bottom",
        "lines": lines,
        "show_lines": rules.can_read("amount"),
        "stage_changes": changes,
        "line_form": LineForm(),
        "competitors": list(OpportunityCompetitor.objects.filter(opportunity=obj).select_related("competitor")),
        "competitor_form": CompetitorForm(),
        "contact_roles": list(OpportunityContact.objects.filter(opportunity=obj).select_related("contact")),
        "contact_role_form": ContactRoleForm(),
        "can_change_lines": can(user, Operation.EDIT, obj) and rules.can_write("amount"),  # type: ignore[arg-type]
    }


def require_create(request: HttpRequest, *keys: str) -> None:
    """Refuse (403) an action that makes records of a type the user may not create."""
    for key in keys:
        if not can_create(request.user, key):  # type: ignore[arg-type]
            raise PermissionDenied(
                _("You may not create {type}.").format(type=registry.get(key).label_plural),
            )


def _current_lines(opportunity: Opportunity) -> list[dict[str, Any]]:
    return [
        {
            "product": line.product_id,
            "quantity": line.quantity,
            "unit_price": line.unit_price,
            "discount": line.discount,
        }
        for line in OpportunityLine.objects.filter(opportunity=opportunity)
    ]


def _on_record(
    request: HttpRequest,
    key: str,
    pk: str,
    change: Callable[[Any], Any],
    form: forms.Form | None = None,
    *,
    op: str = Operation.EDIT,
    creates: tuple[str, ...] = (),
    success: str = "",
) -> HttpResponse:
    """Apply `change` to a record the user may edit (or `op`) and go back to its page; the form's
    and the service's refusals are shown as messages. `creates` names the types of record the
    change makes, which the user must be allowed to create (a payment on an invoice, say)."""
    obj = get_record(request, registry.get(key), pk, op)
    require_create(request, *creates)
    if form is not None and not form.is_valid():
        for problems in form.errors.as_data().values():
            for problem in problems:
                messages.error(request, " ".join(problem.messages))
    else:
        try:
            change(obj)
            if success:
                messages.success(request, success)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
    return redirect("core:detail", key, obj.pk)


@login_required
@require_POST
def add_line(request: HttpRequest, pk: str) -> HttpResponse:
    form = LineForm(request.POST)
    return _on_record(
        request,
        "opportunity",
        pk,
        lambda obj: set_lines(obj, [*_current_lines(obj), form.cleaned_data], actor=current_actor()),
        form,
    )


@login_required
@require_POST
def remove_line(request: HttpRequest, pk: str, index: int) -> HttpResponse:
    def change(obj: Opportunity) -> None:
        lines = _current_lines(obj)
        if 0 <= index < len(lines):
            del lines[index]
            set_lines(obj, lines, actor=current_actor())

    return _on_record(request, "opportunity", pk, change)


def conflict_panel(request: HttpRequest, ot: ObjectType, obj: models.Model) -> dict[str, Any] | None:
    """A warning on an account's, a deal's or a sales document's page while an ownership conflict
    about it is open."""
    if ot.key != "account" and ot.key not in ON_CUSTOMER:
        return None
    open_ones = list(
        OwnershipConflict.objects.filter(object_type=ot.key, object_id=obj.pk, resolved_at__isnull=True).select_related(
            "customer", "customer_owner"
        )
    )
    if not open_ones:
        return None
    return {"template": "sales/_conflict_panel.html", "conflicts": open_ones}


@login_required
def conflicts(request: HttpRequest) -> HttpResponse:
    user = request.user
    show_settled = request.GET.get("settled") == "1"
    rows = visible_conflicts(user).filter(resolved_at__isnull=not show_settled)[:200]  # type: ignore[arg-type]
    items = [{"c": c, "can_settle": can_settle(user, c)} for c in rows]  # type: ignore[arg-type]
    return render(request, "sales/conflicts.html", {"items": items, "show_settled": show_settled})


@login_required
@require_POST
def settle_conflict(request: HttpRequest, conflict_id: int) -> HttpResponse:
    conflict = visible_conflicts(request.user).filter(pk=conflict_id).first()  # type: ignore[arg-type]
    if conflict is None:
        raise Http404
    try:
        settle(conflict, user=request.user, resolution=request.POST.get("resolution", ""))  # type: ignore[arg-type]
        messages.success(request, _("Conflict settled."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("sales:conflicts")


# --- activities: links, calendar and the private iCalendar feed -----------------------------------


def activity_panel(request: HttpRequest, ot: ObjectType, obj: models.Model) -> dict[str, Any] | None:
    """The other accounts, contacts and deals an activity concerns, and a form to add one."""
    if not isinstance(obj, Activity):
        return None
    user = request.user
    ids_by_type: dict[str, list[Any]] = {}
    for object_type, object_id in ActivityLink.objects.filter(activity=obj).values_list("object_type", "object_id"):
        ids_by_type.setdefault(object_type, []).append(object_id)
    links = [  # one query per kind, and a linked record the reader may not see stays out of sight
        {"ot": registry.get(object_type), "obj": target}
        for object_type, ids in ids_by_type.items()
        for target in scope(user, object_type).filter(pk__in=ids)  # type: ignore[arg-type]
    ]
    return {
        "template": "sales/_activity_panel.html",
        "position": "bottom",
        "links": links,
        "link_form": ActivityLinkForm(),
        "can_link": can(user, Operation.EDIT, obj),  # type: ignore[arg-type]
    }


@login_required
@require_POST
def add_activity_link(request: HttpRequest, pk: str) -> HttpResponse:
    form = ActivityLinkForm(request.POST)

    def change(obj: Activity) -> None:
        for object_type in LINKABLE:
            if form.cleaned_data.get(object_type):
                link(obj, object_type, form.cleaned_data[object_type], actor=current_actor())

    return _on_record(request, "activity", pk, change, form)


CALENDAR_FIRST, CALENDAR_LAST = datetime.date(1900, 1, 1), datetime.date(9998, 12, 31)


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


@login_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    """Day, week and month views of the activities the user may see: their own, or their team's."""
    user = request.user
    view = request.GET.get("view", "month")
    view = view if view in ("day", "week", "month") else "month"
    try:
        day = datetime.date.fromisoformat(request.GET.get("date", "")) if request.GET.get("date") else None
    except ValueError:
        day = None
    if day is not None and not (CALENDAR_FIRST <= day <= CALENDAR_LAST):
        messages.error(request, _("Choose a date between 1900 and 9998."))
        day = None  # a month at the calendar's very edge has no weeks around it to show
    day = day or timezone.localdate()
    who = "team" if request.GET.get("who") == "team" else "mine"
    if view == "month":
        first = _month_start(day)
        start = first - datetime.timedelta(days=first.weekday())
        last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        end = last + datetime.timedelta(days=6 - last.weekday())
        prev_day, next_day = (first - datetime.timedelta(days=1)).replace(day=1), last + datetime.timedelta(days=1)
    elif view == "week":
        start = day - datetime.timedelta(days=day.weekday())
        end = start + datetime.timedelta(days=6)
        prev_day, next_day = start - datetime.timedelta(days=7), start + datetime.timedelta(days=7)
    else:
        start = end = day
        prev_day, next_day = day - datetime.timedelta(days=1), day + datetime.timedelta(days=1)
    tz = timezone.get_current_timezone()
    lower = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    upper = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    qs = scope(user, "activity").filter(starts_at__gte=lower, starts_at__lt=upper)  # type: ignore[arg-type]
    if who == "mine":
        qs = qs.filter(owner=user)
    by_day: dict[datetime.date, list[Activity]] = {}
    for activity in qs.select_related("owner").order_by("starts_at")[:2000]:
        assert activity.starts_at is not None
        by_day.setdefault(timezone.localtime(activity.starts_at).date(), []).append(activity)
    days = []
    current = start
    while current <= end:
        days.append({"date": current, "items": by_day.get(current, []), "other_month": current.month != day.month})
        current += datetime.timedelta(days=1)
    weeks = [days[i : i + 7] for i in range(0, len(days), 7)]
    feed_secret = None
    if request.method == "POST" and request.POST.get("feed") == "new":
        feed_secret = new_feed(user)  # type: ignore[arg-type]
    feed_url = request.build_absolute_uri(f"/ical/{feed_secret}.ics") if feed_secret else None
    context = {
        "view": view,
        "who": who,
        "day": day,
        "days": days,
        "weeks": weeks,
        "prev": prev_day.isoformat(),
        "next": next_day.isoformat(),
        "today": timezone.localdate(),
        "feed_url": feed_url,
        "has_feed": CalendarFeed.objects.filter(user=user).exists(),  # type: ignore[misc]
    }
    return render(request, "sales/calendar.html", context)


def ical_feed(request: HttpRequest, secret: str) -> HttpResponse:
    """The user's activities for phones and desktop calendars; the address is the credential."""
    user = feed_user(secret)
    if user is None:
        raise Http404
    # The address is a credential like a session: the user's sign-in rules apply to it too.
    if login.access_window(user, login.client_ip(request)) == login.DENY or (
        login.requires_2fa(user) and not login.has_2fa(user)
    ):
        raise Http404
    base = request.build_absolute_uri("/").rstrip("/")
    body = ical(user, feed_activities(user), base_url=base)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
@require_POST
def add_competitor(request: HttpRequest, pk: str) -> HttpResponse:
    form = CompetitorForm(request.POST)
    return _on_record(
        request, "opportunity", pk, lambda obj: save_competitor(obj, actor=current_actor(), **form.cleaned_data), form
    )


@login_required
@require_POST
def delete_competitor(request: HttpRequest, pk: str, competitor_id: str) -> HttpResponse:
    return _on_record(
        request, "opportunity", pk, lambda obj: remove_competitor(obj, competitor_id, actor=current_actor())
    )


@login_required
@require_POST
def add_contact_role(request: HttpRequest, pk: str) -> HttpResponse:
    form = ContactRoleForm(request.POST)
    return _on_record(
        request, "opportunity", pk, lambda obj: save_contact_role(obj, actor=current_actor(), **form.cleaned_data), form
    )


@login_required
@require_POST
def delete_contact_role(request: HttpRequest, pk: str, contact_id: str) -> HttpResponse:
    return _on_record(
        request, "opportunity", pk, lambda obj: remove_contact_role(obj, contact_id, actor=current_actor())
    )
