"""Writes of the automation app's configuration: approval processes and their steps."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from guanxi.access.services import audit
from guanxi.core import registry
from guanxi.core.actor import Actor
from guanxi.customization.selectors import custom_fields_for

from .approvals import forget_processes
from .choices import ApproverKind, ConditionOp, ProcessKind, StepMode
from .models import ApprovalProcess, ApprovalStep


def _known(object_type: str, name: str) -> bool:
    if name.startswith("custom."):
        return any(cf.key == name[7:] for cf in custom_fields_for(object_type))
    try:
        registry.get(object_type).field(name)
    except FieldDoesNotExist:
        return False
    return True


def _check_values(object_type: str, values: dict[str, Any], key: str, errors: dict[str, list[str]]) -> None:
    ot = registry.get(object_type)
    for name, value in values.items():
        if not _known(object_type, name):
            errors.setdefault(key, []).append(_("No such field: {name}").format(name=name))
            continue
        if name.startswith("custom."):
            continue
        options = ot.choices(name)
        if options is not None and str(value) not in {k for k, _label in options}:
            errors.setdefault(key, []).append(_("“{value}” is not a choice of {name}.").format(value=value, name=name))


@transaction.atomic
def save_process(data: dict[str, Any], *, actor: Actor, instance: ApprovalProcess | None = None) -> ApprovalProcess:
    """Create or change an approval process with its ordered steps, validated as a whole.

    `data`: name (+ name_zh_hans, name_zh_hant), object_type, kind, conditions [{field, op, value}],
    fields [names], roles [Role], on_submit/on_approve/on_reject {field: value}, order, active,
    steps [{approver_kind, role, user, mode}].
    """
    errors: dict[str, list[str]] = {}
    object_type = str(data.get("object_type") or "")
    if registry.maybe(object_type) is None:
        raise ValidationError({"object_type": [_("No such object type.")]})
    if not str(data.get("name") or "").strip():
        errors["name"] = [_("Give the process a name.")]
    kind = data.get("kind") or ProcessKind.SUBMISSION
    if kind not in ProcessKind.values:
        errors["kind"] = [_("Choose a kind.")]
    conditions = []
    for cond in data.get("conditions") or []:
        if not cond.get("field"):
            continue
        if not _known(object_type, cond["field"]):
            errors.setdefault("conditions", []).append(_("No such field: {name}").format(name=cond["field"]))
        if cond.get("op", "eq") not in ConditionOp.values:
            errors.setdefault("conditions", []).append(_("Choose a comparison."))
        conditions.append({"field": cond["field"], "op": cond.get("op", "eq"), "value": str(cond.get("value", ""))})
    names = [n for n in data.get("fields") or [] if n]
    for name in names:
        if not _known(object_type, name):
            errors.setdefault("fields", []).append(_("No such field: {name}").format(name=name))
    for key in ("on_submit", "on_approve", "on_reject"):
        _check_values(object_type, data.get(key) or {}, key, errors)
    steps = [s for s in data.get("steps") or [] if s.get("approver_kind")]
    if not steps:
        errors["steps"] = [_("Add at least one approval step.")]
    for i, step in enumerate(steps, 1):
        if step["approver_kind"] not in ApproverKind.values:
            errors.setdefault("steps", []).append(_("Step {n}: choose who approves.").format(n=i))
        if step["approver_kind"] == ApproverKind.ROLE and not step.get("role"):
            errors.setdefault("steps", []).append(_("Step {n}: choose the role.").format(n=i))
        if step["approver_kind"] == ApproverKind.USER and not step.get("user"):
            errors.setdefault("steps", []).append(_("Step {n}: choose the user.").format(n=i))
        if step.get("mode", StepMode.ANY) not in StepMode.values:
            errors.setdefault("steps", []).append(_("Step {n}: choose any or all.").format(n=i))
    if errors:
        raise ValidationError(errors)
    process = instance or ApprovalProcess()
    process.name = str(data["name"]).strip()
    process.name_zh_hans = str(data.get("name_zh_hans") or "").strip()
    process.name_zh_hant = str(data.get("name_zh_hant") or "").strip()
    process.object_type, process.kind = object_type, kind
    process.conditions, process.fields = conditions, names
    process.on_submit = dict(data.get("on_submit") or {})
    process.on_approve = dict(data.get("on_approve") or {})
    process.on_reject = dict(data.get("on_reject") or {})
    process.order = int(data.get("order") or 0)
    process.active = bool(data.get("active", True))
    process.full_clean()
    process.save()
    process.roles.set(data.get("roles") or [])
    process.steps.all().delete()
    for i, step in enumerate(steps, 1):
        ApprovalStep.objects.create(
            process=process,
            order=i,
            approver_kind=step["approver_kind"],
            role=step.get("role") if step["approver_kind"] == ApproverKind.ROLE else None,
            user=step.get("user") if step["approver_kind"] == ApproverKind.USER else None,
            mode=step.get("mode") or StepMode.ANY,
        )
    audit(
        actor=actor,
        area="approval_process",
        target=process.name,
        action="changed" if instance else "created",
        object_type=object_type,
        kind=kind,
        conditions=conditions,
        fields=names,
        steps=[{k: str(v) for k, v in s.items() if v} for s in steps],
    )
    transaction.on_commit(forget_processes)
    forget_processes()
    return process
