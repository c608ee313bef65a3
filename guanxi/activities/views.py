"""Activity pages beside the generic ones: an activity's links, the calendar and its iCal feed, and a
work log's entries."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from guanxi.access import login
from guanxi.access.choices import Operation
from guanxi.access.http import AuthedRequest
from guanxi.access.scoping import can, scope
from guanxi.core import registry
from guanxi.core.registry import ObjectType
from guanxi.web.pages import module_page

from .choices import WorkLogStatus
from .forms import ActivityLinkForm, WorkLogEntryForm
from .models import Activity, ActivityLink, CalendarFeed, WorkLog
from .services import feed_activities, feed_user, ical, new_feed


def activity_panel(request: AuthedRequest, ot: ObjectType, obj: models.Model) -> dict[str, Any] | None:
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
        for target in scope(user, object_type).filter(pk__in=ids)
    ]
    return {
        "template": "activities/_activity_panel.html",
        "position": "bottom",
        "links": links,
        "link_form": ActivityLinkForm(),
        "can_link": can(user, Operation.EDIT, obj),
    }


CALENDAR_FIRST, CALENDAR_LAST = datetime.date(1900, 1, 1), datetime.date(9998, 12, 31)


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


@module_page("activities:calendar")
def calendar_page(request: AuthedRequest) -> HttpResponse:
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
    qs = scope(user, "activity").filter(starts_at__gte=lower, starts_at__lt=upper)
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
        feed_secret = new_feed(user)
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
        "has_feed": CalendarFeed.objects.filter(user=user).exists(),
    }
    return render(request, "activities/calendar.html", context)


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


def work_log_panel(request: AuthedRequest, ot: ObjectType, obj: models.Model) -> dict[str, Any] | None:
    """The day's entries, a form to add one and the submit button while it is a draft."""
    if not isinstance(obj, WorkLog):
        return None
    user = request.user
    editable = obj.status == WorkLogStatus.DRAFT and can(user, Operation.EDIT, obj)
    return {
        "template": "activities/_work_log_panel.html",
        "position": "bottom",
        "entries": list(obj.entries.select_related("account", "opportunity")),
        "entry_form": WorkLogEntryForm(),
        "editable": editable,
    }
