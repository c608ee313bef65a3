"""Activities — the plan (计划) and the log (日志) — with their links and calendar feeds, and daily
work logs (工作日程).

The tables keep the names they had in the sales app these models were split from (sales_…;
see docs/decisions/0005-split-sales-keeping-tables.md)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guanxi.core.models import OwnedModel
from guanxi.customization.fields import PicklistField

from .choices import ActivityKind, ActivityStatus, Recurrence, WorkLogStatus


class Activity(OwnedModel):
    """A task, call, meeting or visit (行动计划 while planned, 行动日志 once done with its outcome),
    linked to an account, a contact and a deal, and to more of them through `ActivityLink`."""

    subject = models.CharField(_("subject"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=ActivityKind.choices, default=ActivityKind.TASK)
    activity_type = PicklistField(_("activity type"), picklist="activity_type")
    status = models.CharField(
        _("status"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    starts_at = models.DateTimeField(_("starts (due)"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    account = models.ForeignKey(
        "customers.Account",
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact = models.ForeignKey(
        "customers.Contact",
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opportunity = models.ForeignKey(
        "pipeline.Opportunity",
        verbose_name=_("opportunity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.TextField(_("outcome"), blank=True, help_text=_("What happened; required once done."))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True, editable=False)
    reminder_minutes = models.PositiveIntegerField(
        _("remind (minutes before)"), null=True, blank=True, validators=[MaxValueValidator(60 * 24 * 30)]
    )
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    recurrence = models.CharField(_("repeats"), max_length=10, choices=Recurrence.choices, blank=True)
    recurrence_until = models.DateField(_("repeats until"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    search_text = models.TextField(blank=True, default="", editable=False)

    class Meta:
        db_table = "sales_activity"
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [
            models.Index(fields=["deleted_at", "updated_at", "id"], name="act_alive_updated"),
            models.Index(fields=["owner", "starts_at"], name="act_owner_starts"),
            models.Index(fields=["department", "starts_at"], name="act_dept_starts"),
            models.Index(fields=["status", "starts_at"], name="act_status_starts"),
            models.Index(fields=["account", "starts_at"], name="act_account_starts"),
            models.Index(fields=["opportunity", "starts_at"], name="act_opp_starts"),
        ]

    def __str__(self) -> str:
        return self.subject


class ActivityLink(models.Model):
    """More accounts, contacts and deals an activity concerns, beside its main ones."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="links")
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.UUIDField(_("record"))

    class Meta:
        db_table = "sales_activitylink"
        unique_together = [("activity", "object_type", "object_id")]
        indexes = [models.Index(fields=["object_type", "object_id"], name="actlink_record")]


class CalendarFeed(models.Model):
    """A private iCalendar address for one user's activities; only a digest of its secret is kept."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "sales_calendarfeed"


class WorkLog(OwnedModel):
    """A day's work log (工作日程): what was done, hour by hour, and the plan for the next day.
    Submitted, it is locked; only an administrator may delete one; managers read their team's."""

    day = models.DateField(_("day"), default=timezone.localdate)
    summary = models.CharField(_("summary"), max_length=200)
    plan = models.TextField(_("plan for the next day"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=WorkLogStatus.choices, default=WorkLogStatus.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    search_text = models.TextField(blank=True, default="", editable=False)

    class Meta:
        db_table = "sales_worklog"
        verbose_name = _("work log")
        verbose_name_plural = _("work logs")
        indexes = [
            models.Index(fields=["deleted_at", "updated_at", "id"], name="worklog_alive_updated"),
            models.Index(fields=["owner", "day"], name="worklog_owner_day"),
            models.Index(fields=["department", "day"], name="worklog_dept_day"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "day"], condition=models.Q(deleted_at__isnull=True), name="worklog_one_per_day"
            )
        ]

    def __str__(self) -> str:
        return self.summary


class WorkLogEntry(models.Model):
    """One item of a work log, with its time and the customer or deal it was for."""

    log = models.ForeignKey(WorkLog, on_delete=models.CASCADE, related_name="entries")
    starts = models.TimeField(_("from"), null=True, blank=True)
    ends = models.TimeField(_("until"), null=True, blank=True)
    content = models.TextField(_("what was done"))
    account = models.ForeignKey(
        "customers.Account",
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opportunity = models.ForeignKey(
        "pipeline.Opportunity",
        verbose_name=_("opportunity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sort = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "sales_worklogentry"
        ordering = ["log", "starts", "sort", "id"]
        verbose_name = _("work log entry")
        verbose_name_plural = _("work log entries")
