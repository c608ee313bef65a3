"""Approval processes: the service every module uses to put records and changes through approval.

The whole API, for callers in other apps:

    required(obj)                      -> the submission process that applies to obj, or None
    submit(obj, actor=…, comment="")   -> ApprovalRequest (raises ValidationError if none applies)
    approve(request, actor=…, comment) -> ApprovalRequest (advances a step or finishes)
    reject(request, actor=…, comment)  -> ApprovalRequest (a comment is required)
    recall(request, actor=…)           -> ApprovalRequest (the submitter withdraws it)
    pending(obj)                       -> the pending request of obj, or None
    inbox(user) / submitted_by(user)   -> querysets for the approvals pages and API

Change approval needs no call at all: `RecordService.update` asks `guard` before writing, and an
edit that a change process covers is held as a pending request instead of written. While a request
is pending the record is locked on every entry point; once the last step approves, the change (and
the process's `on_approve` values) is written through the record's own service, so history,
events and validation behave as for any edit.
"""

from __future__ import annotations

import contextvars
import decimal
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from guanxi.access.choices import Operation
from guanxi.access.models import Department, User
from guanxi.access.scoping import can, is_administrator
from guanxi.core import registry
from guanxi.core.actor import Actor
from guanxi.core.choices import Source
from guanxi.core.errors import PermissionDenied
from guanxi.core.models import Notification
from guanxi.history.choices import Action
from guanxi.history.services import jsonable, record_change

from .choices import ApproverKind, ConditionOp, Decision, ProcessKind, RequestStatus, StepMode
from .models import ApprovalAction, ApprovalProcess, ApprovalRequest, ApprovalStep

_applying: contextvars.ContextVar[bool] = contextvars.ContextVar("guanxi_applying_approval", default=False)
_CACHE_KEY = "automation:processes"


@contextmanager
def _apply() -> Iterator[None]:
    token = _applying.set(True)
    try:
        yield
    finally:
        _applying.reset(token)


# --- configuration -----------------------------------------------------------------------------


def processes(object_type: str, kind: str) -> list[tuple[ApprovalProcess, frozenset[int]]]:
    """Active processes of this type and kind, each with its editors' role ids (cached)."""
    table: dict[tuple[str, str], list[tuple[ApprovalProcess, frozenset[int]]]] | None = cache.get(_CACHE_KEY)
    if table is None:
        table = {}
        for p in ApprovalProcess.objects.filter(active=True).prefetch_related("roles", "steps").order_by("order", "pk"):
            table.setdefault((p.object_type, p.kind), []).append((p, frozenset(r.pk for r in p.roles.all())))
        cache.set(_CACHE_KEY, table, 300)
    return table.get((object_type, kind), [])


def forget_processes() -> None:
    cache.delete(_CACHE_KEY)


def _compare(value: Any, op: str, target: Any) -> bool:
    if op == ConditionOp.IN:
        options = [t.strip() for t in str(target).split(",")]
        return str(value) in options
    if value is None or value == "":
        return op == ConditionOp.NE and target not in (None, "")
    if isinstance(value, bool):
        target = str(target).lower() in ("1", "true", "yes")
    elif isinstance(value, int | float | decimal.Decimal):
        try:
            target = decimal.Decimal(str(target))
            value = decimal.Decimal(str(value))
        except decimal.InvalidOperation:
            return False
    elif hasattr(value, "isoformat"):
        value = value.isoformat()
        target = str(target)
    else:
        value, target = str(value), str(target)
    try:
        return {
            ConditionOp.EQ: value == target,
            ConditionOp.NE: value != target,
            ConditionOp.GT: value > target,
            ConditionOp.GTE: value >= target,
            ConditionOp.LT: value < target,
            ConditionOp.LTE: value <= target,
        }[ConditionOp(op)]
    except (TypeError, ValueError):
        return False


def _value(obj: models.Model, name: str) -> Any:
    if name.startswith("custom."):
        return (getattr(obj, "custom", None) or {}).get(name[7:])
    field: models.Field = obj._meta.get_field(name)  # type: ignore[assignment]
    return getattr(obj, field.attname)


def conditions_hold(process: ApprovalProcess, obj: models.Model) -> bool:
    """Every entry condition holds for the record as it is (or would be after the change)."""
    return all(_compare(_value(obj, c["field"]), c.get("op", "eq"), c.get("value")) for c in process.conditions)


def required(obj: models.Model) -> ApprovalProcess | None:
    """The submission process that applies to this record now, or None if it needs no approval."""
    ot = registry.for_model(obj)
    for process, _roles in processes(ot.key, ProcessKind.SUBMISSION):
        if conditions_hold(process, obj):
            return process
    return None


# --- who approves ------------------------------------------------------------------------------


def _administrators() -> list[User]:
    return list(User.objects.filter(Q(is_superuser=True) | Q(roles__key="administrator"), is_active=True).distinct())


def resolve_approvers(step: ApprovalStep, submitter: User, obj: models.Model) -> list[User]:
    """The people who decide this step for this submitter and record. Nobody approves their own
    request; a step that finds nobody goes to the administrators."""
    found: list[User] = []
    if step.approver_kind == ApproverKind.MANAGER:
        head = Department.nearest_manager(submitter)
        found = [head] if head is not None else []
    elif step.approver_kind == ApproverKind.DEPARTMENT_HEAD:
        # Read as stored: a submitter loaded before their department got its head must not skip it.
        dept = Department.objects.filter(pk=submitter.department_id).first() if submitter.department_id else None
        while dept is not None and dept.parent is not None:
            dept = dept.parent
        if dept is not None and dept.manager is not None and dept.manager.is_active:
            found = [dept.manager]
    elif step.approver_kind == ApproverKind.ROLE and step.role is not None:
        holders = list(User.objects.filter(roles=step.role, is_active=True).exclude(pk=submitter.pk))
        found = [u for u in holders if can(u, Operation.APPROVE, obj)] or holders
    elif step.approver_kind == ApproverKind.USER and step.user is not None and step.user.is_active:
        found = [step.user]
    found = [u for u in found if u.pk != submitter.pk]
    if not found:
        found = [u for u in _administrators() if u.pk != submitter.pk] or _administrators()
    return found


# --- the flow ----------------------------------------------------------------------------------


def pending(obj: models.Model) -> ApprovalRequest | None:
    ot = registry.for_model(obj)
    return (
        ApprovalRequest.objects.filter(object_type=ot.key, object_id=obj.pk, status=RequestStatus.PENDING)
        .select_related("process", "submitter")
        .first()
    )


def _record_url(req: ApprovalRequest) -> str:
    return f"/app/{req.object_type}/{req.object_id}/"


def _notify(users: list[User], message: str, url: str) -> None:
    Notification.objects.bulk_create([Notification(recipient=u, message=message[:500], url=url) for u in users])


def _target(req: ApprovalRequest) -> models.Model:
    ot = registry.get(req.object_type)
    return ot.all_records().get(pk=req.object_id)


def _start_step(req: ApprovalRequest, number: int, obj: models.Model) -> None:
    steps = list(req.process.steps.order_by("order", "pk"))
    step = steps[number - 1]
    approvers = resolve_approvers(step, req.submitter, obj)
    req.step = number
    req.save(update_fields=["step"])
    req.approvers.set(approvers)
    _notify(
        approvers,
        _("{who} asks for your approval: {process} — {record}").format(
            who=req.submitter, process=req.process, record=req.object_label
        ),
        "/app/approvals/",
    )


def _write(obj: models.Model, values: dict[str, Any], submitter: User) -> models.Model:
    """Write approved values through the record's own service (history, events, validation)."""
    if not values:
        return obj
    ot = registry.for_model(obj)
    data: dict[str, Any] = {}
    custom: dict[str, Any] = {}
    for key, value in values.items():
        if key.startswith("custom."):
            custom[key[7:]] = value
        else:
            data[key] = value
    if custom:
        data["custom"] = custom
    with _apply():
        return ot.service.update(obj, data, actor=Actor(submitter, Source.APPROVAL))


def _open(
    process: ApprovalProcess, obj: models.Model, *, actor: Actor, changes: dict[str, Any], comment: str = ""
) -> ApprovalRequest:
    ot = registry.for_model(obj)
    assert actor.user is not None
    if not process.steps.exists():
        raise ValidationError(
            {"__all__": [_("The approval process “{process}” has no steps.").format(process=process)]}
        )
    req = ApprovalRequest.objects.create(
        process=process,
        object_type=ot.key,
        object_id=obj.pk,
        object_label=ot.title(obj)[:255],
        submitter=actor.user,
        changes=changes,
        base_version=getattr(obj, "version", 1),
        comment=comment,
    )
    ApprovalAction.objects.create(request=req, step=0, actor=actor.user, decision=Decision.SUBMITTED, comment=comment)
    # The history says a change was submitted and which fields, not the values: until it is
    # approved, only the editor and the approvers see what it would change.
    record_change(
        object_type=ot.key,
        obj=obj,
        action=Action.SUBMITTED,
        changes=dict.fromkeys(changes, (None, None)),
        actor=actor,
        label=req.object_label,
    )
    _start_step(req, 1, obj)
    return req


def guard(
    ot: registry.ObjectType,
    before: models.Model,
    *,
    op: str,
    after: models.Model | None,
    changes: dict[str, tuple[Any, Any]],
    actor: Actor,
) -> ApprovalRequest | None:
    """Called by RecordService before every update and delete (see core.guards.add_write_guard)."""
    user = actor.user
    if user is None or _applying.get():
        return None
    waiting = (
        ApprovalRequest.objects.filter(object_type=ot.key, object_id=before.pk, status=RequestStatus.PENDING)
        .select_related("process")
        .first()
    )
    if waiting is not None:
        raise PermissionDenied(
            _("This record is waiting for approval (“{process}”) and cannot be changed until it is decided.").format(
                process=waiting.process
            )
        )
    if op != "update" or after is None:
        return None
    for process, role_ids in processes(ot.key, ProcessKind.CHANGE):
        covered = [k for k in changes if not process.fields or k in process.fields]
        if not covered:
            continue
        if role_ids and not (role_ids & set(user.roles.values_list("pk", flat=True))):
            continue
        if can(user, Operation.APPROVE, before):
            continue  # an approver's own edits need no approval
        if not conditions_hold(process, after):
            continue
        proposed = {k: jsonable(new) for k, (_old, new) in changes.items()}
        return _open(process, before, actor=actor, changes=proposed)
    return None


@transaction.atomic
def submit(obj: models.Model, *, actor: Actor, comment: str = "") -> ApprovalRequest:
    """Put a record through the submission process that applies to it (e.g. an expense report)."""
    user = actor.user
    if user is None or not can(user, Operation.EDIT, obj):
        raise PermissionDenied(_("You may not submit this record."))
    # The record's row is locked while its requests are looked at, so two submissions at once
    # open one request (the second is told it is already waiting).
    obj = type(obj)._base_manager.select_for_update().get(pk=obj.pk)
    if pending(obj) is not None:
        raise ValidationError({"__all__": [_("This record is already waiting for approval.")]})
    process = required(obj)
    if process is None:
        raise ValidationError({"__all__": [_("No approval process applies to this record.")]})
    obj = _write(obj, process.on_submit, user)
    return _open(process, obj, actor=actor, changes={}, comment=comment)


def _locked_request(req: ApprovalRequest) -> ApprovalRequest:
    current = ApprovalRequest.objects.select_for_update().select_related("process", "submitter").get(pk=req.pk)
    if current.status != RequestStatus.PENDING:
        raise ValidationError({"__all__": [_("This request has already been decided.")]})
    return current


def may_decide(user: User | None, req: ApprovalRequest) -> bool:
    return user is not None and req.status == RequestStatus.PENDING and req.approvers.filter(pk=user.pk).exists()


def _finish(req: ApprovalRequest, status: str, actor: Actor, action: str) -> None:
    req.status, req.decided_at = status, timezone.now()
    req.save(update_fields=["status", "decided_at"])
    obj = _target(req)
    record_change(object_type=req.object_type, obj=obj, action=action, changes={}, actor=actor, label=req.object_label)


@transaction.atomic
def approve(req: ApprovalRequest, *, actor: Actor, comment: str = "") -> ApprovalRequest:
    req = _locked_request(req)
    if not may_decide(actor.user, req):
        raise PermissionDenied(_("You are not an approver of this step."))
    ApprovalAction.objects.create(
        request=req, step=req.step, actor=actor.user, decision=Decision.APPROVED, comment=comment
    )
    step = req.process.steps.order_by("order", "pk")[req.step - 1]
    if step.mode == StepMode.ALL:
        done = set(req.actions.filter(step=req.step, decision=Decision.APPROVED).values_list("actor_id", flat=True))
        if not set(req.approvers.values_list("pk", flat=True)) <= done:
            return req  # others of this step still have to approve
    obj = _target(req)
    if req.step < req.process.steps.count():
        _start_step(req, req.step + 1, obj)
        return req
    _finish(req, RequestStatus.APPROVED, actor, Action.APPROVED)
    values = {**req.changes, **req.process.on_approve}
    _write(obj, values, req.submitter)
    _notify(
        [req.submitter],
        _("Approved: {process} — {record}").format(process=req.process, record=req.object_label),
        _record_url(req),
    )
    return req


@transaction.atomic
def reject(req: ApprovalRequest, *, actor: Actor, comment: str) -> ApprovalRequest:
    req = _locked_request(req)
    if not may_decide(actor.user, req):
        raise PermissionDenied(_("You are not an approver of this step."))
    if not comment.strip():
        raise ValidationError({"comment": [_("Say why you reject it.")]})
    ApprovalAction.objects.create(
        request=req, step=req.step, actor=actor.user, decision=Decision.REJECTED, comment=comment
    )
    _finish(req, RequestStatus.REJECTED, actor, Action.REJECTED)
    _write(_target(req), req.process.on_reject, req.submitter)
    _notify(
        [req.submitter],
        _("Rejected: {process} — {record}: {comment}").format(
            process=req.process, record=req.object_label, comment=comment
        ),
        _record_url(req),
    )
    return req


@transaction.atomic
def recall(req: ApprovalRequest, *, actor: Actor) -> ApprovalRequest:
    req = _locked_request(req)
    if actor.user is None or actor.user.pk != req.submitter_id:
        raise PermissionDenied(_("Only the submitter can recall a request."))
    ApprovalAction.objects.create(request=req, step=req.step, actor=actor.user, decision=Decision.RECALLED)
    _finish(req, RequestStatus.RECALLED, actor, Action.RECALLED)
    _write(_target(req), req.process.on_reject, req.submitter)
    return req


# --- reads -------------------------------------------------------------------------------------


def inbox(user: User) -> models.QuerySet[ApprovalRequest]:
    """Requests waiting for this user's decision."""
    return ApprovalRequest.objects.filter(status=RequestStatus.PENDING, approvers=user).select_related(
        "process", "submitter"
    )


def submitted_by(user: User) -> models.QuerySet[ApprovalRequest]:
    return ApprovalRequest.objects.filter(submitter=user).select_related("process", "submitter")


def may_see(user: User, req: ApprovalRequest) -> bool:
    """The submitter, the current approvers, anyone who decided it, and holders of `approve` on the
    record see a request and its proposed values."""
    if req.submitter_id == user.pk or is_administrator(user) or req.approvers.filter(pk=user.pk).exists():
        return True
    if req.actions.filter(actor=user).exists():
        return True
    ot = registry.maybe(req.object_type)
    if ot is None:
        return False
    obj = ot.all_records().filter(pk=req.object_id).first()
    return obj is not None and can(user, Operation.APPROVE, obj)
