"""Daily work logs (工作日程): one per person and day, written as it goes, submitted at the end of
the day and then locked for everyone; only an administrator may delete one. Managers read their
team's through the access layer (their roles' department scope)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from guanxi.access.scoping import is_administrator
from guanxi.core import registry
from guanxi.core.actor import Actor
from guanxi.core.errors import PermissionDenied
from guanxi.records.services import RecordService, visible_record

from .choices import WorkLogStatus
from .models import WorkLog, WorkLogEntry


def _locked(log: WorkLog) -> ValidationError:
    when = date_format(timezone.localtime(log.submitted_at), "SHORT_DATETIME_FORMAT") if log.submitted_at else ""
    return ValidationError({"status": [_("This work log was submitted on {day} and is locked.").format(day=when)]})


class WorkLogService(RecordService):
    def validate(self, obj: models.Model, *, actor: Actor, creating: bool) -> None:
        assert isinstance(obj, WorkLog)
        stored = getattr(obj, "_stored", None)
        if stored is not None and stored.status == WorkLogStatus.SUBMITTED:
            raise _locked(stored)
        if obj.day > timezone.localdate():
            raise ValidationError({"day": [_("A work log is written on the day or after it, not before.")]})
        twin = WorkLog.objects.filter(owner_id=obj.owner_id, day=obj.day).exclude(pk=obj.pk)
        if obj.owner_id is not None and twin.exists():
            raise ValidationError({"day": [_("There is already a work log for this day; add to it.")]})

    def delete(self, obj: models.Model, *, actor: Actor) -> None:
        if actor.user is not None and not is_administrator(actor.user):
            raise PermissionDenied(_("Only an administrator may delete a work log."))
        super().delete(obj, actor=actor)

    def search_text(self, obj: models.Model) -> str:
        assert isinstance(obj, WorkLog)
        return f"{obj.summary} {obj.plan}"


def _writable(log: WorkLog, actor: Actor) -> WorkLog:
    registry.get("work_log").service.check_writable(log, actor=actor)
    log = WorkLog.all_objects.select_for_update().get(pk=log.pk)
    if log.status == WorkLogStatus.SUBMITTED:
        raise _locked(log)
    return log


@transaction.atomic
def add_entry(log: WorkLog, data: dict[str, Any], *, actor: Actor) -> WorkLogEntry:
    """Add an item to a draft log; its customer and deal must be ones the author may see."""
    log = _writable(log, actor)
    entry = WorkLogEntry(
        log=log,
        starts=data.get("starts"),
        ends=data.get("ends"),
        content=str(data.get("content") or "").strip(),
        sort=log.entries.count(),
    )
    for name in ("account", "opportunity"):
        if data.get(name):
            setattr(entry, name, visible_record(actor, name, data[name], field=name))
    if entry.starts and entry.ends and entry.ends < entry.starts:
        raise ValidationError({"ends": [_("The end cannot come before the start.")]})
    entry.full_clean(exclude=["log", "account", "opportunity"])
    entry.save()
    return entry


@transaction.atomic
def remove_entry(log: WorkLog, entry_id: Any, *, actor: Actor) -> None:
    log = _writable(log, actor)
    if not WorkLogEntry.objects.filter(log=log, pk=entry_id).delete()[0]:
        raise ValidationError({"entry": [_("This log has no such line (it may have been removed already).")]})


@transaction.atomic
def submit(log: WorkLog, *, actor: Actor) -> WorkLog:
    """Submit the day's log: from now on nobody changes it."""
    log = _writable(log, actor)
    if not log.entries.exists():
        raise ValidationError({"entries": [_("Write down at least one thing done before submitting.")]})
    data = {"status": WorkLogStatus.SUBMITTED, "submitted_at": timezone.now()}
    return registry.get("work_log").service.update(log, data, actor=actor)
