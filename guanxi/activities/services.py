"""Activities: the plan (计划) and the log (日志). A done activity needs its outcome and goes on the
timeline of every customer it concerns; a repeating one plans its next occurrence; reminders become
notifications; each user has a private iCalendar feed of their own."""

from __future__ import annotations

import calendar
import datetime
import hashlib
import secrets
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Todo

from guanxi.access.models import User
from guanxi.core import registry
from guanxi.core.actor import Actor
from guanxi.core.models import Notification
from guanxi.customers import selectors as customer_selectors
from guanxi.pipeline import selectors as pipeline_selectors
from guanxi.records.services import RecordService, visible_record

from .choices import ActivityKind, ActivityStatus, Recurrence
from .models import Activity, ActivityLink, CalendarFeed

CHANNEL = {ActivityKind.CALL: "phone", ActivityKind.VISIT: "visit", ActivityKind.MEETING: "visit"}
LINKABLE = ("account", "contact", "opportunity")


class ActivityService(RecordService):
    def prepare(self, obj: models.Model, data: dict[str, Any], *, actor: Actor, creating: bool) -> None:
        super().prepare(obj, data, actor=actor, creating=creating)
        assert isinstance(obj, Activity)
        if obj.status == ActivityStatus.DONE and obj.done_at is None:
            obj.done_at = timezone.now()
        elif obj.status != ActivityStatus.DONE:
            obj.done_at = None
        if obj.opportunity is not None and not obj.account_id:
            obj.account_id = obj.opportunity.account_id
        if obj.contact is not None and not obj.account_id:
            obj.account_id = obj.contact.account_id

    def validate(self, obj: models.Model, *, actor: Actor, creating: bool) -> None:
        assert isinstance(obj, Activity)
        errors: dict[str, list[str]] = {}
        if obj.starts_at and obj.ends_at and obj.ends_at < obj.starts_at:
            errors["ends_at"] = [_("The end cannot come before the start.")]
        if obj.status == ActivityStatus.DONE and not obj.outcome.strip():
            errors["outcome"] = [_("Say what happened before marking it done.")]
        if obj.recurrence and obj.starts_at is None:
            errors["starts_at"] = [_("A repeating activity needs a start.")]
        if obj.reminder_minutes is not None and obj.starts_at is None:
            errors["starts_at"] = [_("A reminder needs a start.")]
        if errors:
            raise ValidationError(errors)

    def search_text(self, obj: models.Model) -> str:
        assert isinstance(obj, Activity)
        return " ".join([obj.subject, obj.location, obj.outcome[:500]])

    def after_write(self, obj: models.Model, action: str, changes: dict[str, tuple[Any, Any]], *, actor: Actor) -> None:
        assert isinstance(obj, Activity)
        if "starts_at" in changes or "reminder_minutes" in changes:
            Activity.all_objects.filter(pk=obj.pk).update(reminded_at=None)
        if "status" not in changes:
            return
        if obj.status == ActivityStatus.DONE:
            _log_on_timelines(obj, actor=actor)
        if obj.status in (ActivityStatus.DONE, ActivityStatus.CANCELLED) and obj.recurrence:
            _plan_next(obj, actor=actor)


def accounts_of(activity: Activity) -> list[Any]:
    """Every account the activity concerns: its own, its links', and those of its contacts and deals."""
    ids = {activity.account_id} if activity.account_id else set()
    links = list(ActivityLink.objects.filter(activity=activity).values_list("object_type", "object_id"))
    ids |= {pk for kind, pk in links if kind == "account"}
    contacts = [pk for kind, pk in links if kind == "contact"]
    deals = [pk for kind, pk in links if kind == "opportunity"]
    ids |= customer_selectors.account_ids_of_contacts(contacts)
    ids |= pipeline_selectors.account_ids_of_deals(deals)
    return list(customer_selectors.accounts().filter(pk__in=ids))


def _log_on_timelines(activity: Activity, *, actor: Actor) -> None:
    """One interaction per account concerned, logged by whoever completed the activity."""
    interactions = registry.get("interaction").service
    for account in accounts_of(activity):
        interactions.create(
            {
                "account": account,
                "contact": activity.contact if activity.contact and activity.contact.account_id == account.pk else None,
                "channel": CHANNEL.get(ActivityKind(activity.kind), "other"),
                "subject": activity.subject,
                "body": activity.outcome,
                "occurred_at": activity.done_at or timezone.now(),
                "related_type": "activity",
                "related_id": activity.pk,
            },
            actor=actor,
        )


def next_start(start: datetime.datetime, recurrence: str) -> datetime.datetime:
    if recurrence == Recurrence.DAILY:
        return start + datetime.timedelta(days=1)
    if recurrence == Recurrence.WEEKLY:
        return start + datetime.timedelta(weeks=1)
    year, month = divmod(start.month, 12)  # the same day next month, or its last day
    year, month = start.year + year, month + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return start.replace(year=year, month=month, day=day)


def _plan_next(activity: Activity, *, actor: Actor) -> Activity | None:
    assert activity.starts_at is not None
    start = next_start(activity.starts_at, activity.recurrence)
    if activity.recurrence_until and timezone.localtime(start).date() > activity.recurrence_until:
        return None
    if Activity.objects.filter(
        subject=activity.subject, owner_id=activity.owner_id, starts_at=start, recurrence=activity.recurrence
    ).exists():
        return None  # already planned (the activity was reopened and done again)
    length = activity.ends_at - activity.starts_at if activity.ends_at else None
    data = {
        name: getattr(activity, name)
        for name in ("subject", "kind", "activity_type", "location", "account", "contact", "opportunity")
    }
    if activity.owner_id != actor.user_id:
        data["owner"] = activity.owner  # whoever closed it, the series stays with its owner
    data |= {
        "starts_at": start,
        "ends_at": start + length if length is not None else None,
        "reminder_minutes": activity.reminder_minutes,
        "recurrence": activity.recurrence,
        "recurrence_until": activity.recurrence_until,
        "description": activity.description,
    }
    nxt = registry.get("activity").service.create(data, actor=actor)
    assert isinstance(nxt, Activity)
    ActivityLink.objects.bulk_create(
        [
            ActivityLink(activity=nxt, object_type=link.object_type, object_id=link.object_id)
            for link in activity.links.all()
        ]
    )
    return nxt


@transaction.atomic
def link(activity: Activity, object_type: str, object_id: Any, *, actor: Actor) -> ActivityLink:
    """Link the activity to one more account, contact or deal (that the actor may see)."""
    if object_type not in LINKABLE:
        raise ValidationError({"object_type": [_("Link an account, a contact or an opportunity.")]})
    registry.get("activity").service.check_writable(activity, actor=actor)
    object_id = visible_record(actor, object_type, object_id, field="object_id").pk
    row, _created = ActivityLink.objects.get_or_create(activity=activity, object_type=object_type, object_id=object_id)
    return row


def send_due_reminders(now: datetime.datetime | None = None) -> int:
    """Notify owners of planned activities whose reminder time has come (once each)."""
    now = now or timezone.now()
    sent = 0
    due = Activity.objects.filter(
        status=ActivityStatus.PLANNED, reminder_minutes__isnull=False, reminded_at__isnull=True, starts_at__gt=now
    ).select_related("owner")
    for activity in due.iterator():
        assert activity.starts_at is not None and activity.reminder_minutes is not None
        if activity.starts_at - datetime.timedelta(minutes=activity.reminder_minutes) > now or activity.owner is None:
            continue
        when = timezone.localtime(activity.starts_at).strftime("%Y-%m-%d %H:%M")
        Notification.objects.create(
            recipient=activity.owner,
            message=_("Reminder: “{subject}” at {when}.").format(subject=activity.subject, when=when)[:500],
            url=f"/app/activity/{activity.pk}/",
        )
        Activity.objects.filter(pk=activity.pk).update(reminded_at=now)
        sent += 1
    return sent


# --- the private iCalendar feed --------------------------------------------------------------------


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def new_feed(user: User) -> str:
    """A new private feed address for the user (the old one stops working); returns its secret."""
    secret = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(user=user, defaults={"digest": _digest(secret), "created_at": timezone.now()})
    return secret


def feed_user(secret: str) -> User | None:
    row = CalendarFeed.objects.select_related("user").filter(digest=_digest(secret)).first()
    return row.user if row is not None and row.user.is_active else None


def ical(user: User, activities: Iterable[Activity], *, base_url: str) -> bytes:
    """RFC 5545: meetings, calls and visits as events, tasks as to-dos."""

    cal = Calendar()
    cal.add("prodid", "-//Guanxi CRM//activities//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _("Guanxi activities of {user}").format(user=user))
    for activity in activities:
        if activity.starts_at is None:
            continue
        item = Todo() if activity.kind == ActivityKind.TASK else Event()
        item.add("uid", f"{activity.pk}@guanxi")
        item.add("dtstamp", activity.updated_at)
        item.add("summary", activity.subject)
        if activity.kind == ActivityKind.TASK:
            item.add("due", activity.starts_at)
            item.add("status", "COMPLETED" if activity.status == ActivityStatus.DONE else "NEEDS-ACTION")
        else:
            item.add("dtstart", activity.starts_at)
            item.add("dtend", activity.ends_at or activity.starts_at + datetime.timedelta(hours=1))
            item.add("status", "CANCELLED" if activity.status == ActivityStatus.CANCELLED else "CONFIRMED")
        if activity.location:
            item.add("location", activity.location)
        if activity.outcome or activity.description:
            item.add("description", activity.outcome or activity.description)
        item.add("url", f"{base_url}/app/activity/{activity.pk}/")
        cal.add_component(item)
    return cal.to_ical()


def feed_activities(user: User) -> models.QuerySet[Activity]:
    now = timezone.now()
    return Activity.objects.filter(
        owner=user, starts_at__gte=now - datetime.timedelta(days=90), starts_at__lte=now + datetime.timedelta(days=400)
    ).order_by("starts_at")
