"""Security administration pages (administrators only): roles and their grants, field rules,
status locks, sharing rules, the audit log of these settings and “explain access”."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanxi.core import registry
from guanxi.core.actor import current_actor

from .choices import Operation, Scope
from .decorators import admin_required
from .models import AuditEntry, Department, FieldAccess, FieldRule, Role, SharingRule, StatusLock, User
from .scoping import explain, locked_values
from .services import delete_sharing_rule, save_sharing_rule, set_field_rule, set_grants, set_status_locks


def _types() -> list[registry.ObjectType]:
    return list(registry.all_types())


@admin_required
def admin_home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "access/admin/home.html",
        {
            "roles": Role.objects.all(),
            "users": User.objects.filter(is_active=True).count(),
            "rules": SharingRule.objects.count(),
            "locks": StatusLock.objects.count(),
            "field_rules": FieldRule.objects.count(),
            "audit": AuditEntry.objects.select_related("actor")[:10],
        },
    )


def _field_choices(ot: registry.ObjectType) -> list[tuple[str, str]]:
    from guanxi.core.templatetags.guanxi import field_label
    from guanxi.customization.selectors import custom_fields_for

    names = list(dict.fromkeys([*ot.all_detail_fields(), *ot.list_columns, *ot.form_fields]))
    names = [n for n in names if n not in ("id", "version")]
    names += [f"custom.{cf.key}" for cf in custom_fields_for(ot.key)]
    return [(n, field_label(ot, n)) for n in names]


@admin_required
def role_edit(request: HttpRequest, role_id: int) -> HttpResponse:
    role = Role.objects.filter(pk=role_id).first()
    if role is None:
        raise Http404
    types = _types()
    ops = list(Operation)
    if request.method == "POST":
        grants: dict[tuple[str, str], int] = {}
        for key in ["*", *[ot.key for ot in types]]:
            for op in ops:
                raw = request.POST.get(f"g:{key}:{op.value}", "")
                if raw == "" and key != "*":
                    continue  # “as default”: no row of its own
                try:
                    grants[(key, op.value)] = int(raw or 0)
                except ValueError:
                    continue
        actor = current_actor()
        try:
            n = set_grants(role=role, grants=grants, actor=actor)
            # Rows set back to “as default” are removed so the "*" row applies again.
            for key in [ot.key for ot in types]:
                for op in ops:
                    if request.POST.get(f"g:{key}:{op.value}", None) == "":
                        role.permissions.filter(object_type=key, operation=op.value).delete()
            for ot in types:
                for name, _label in _field_choices(ot):
                    access = request.POST.get(f"f:{ot.key}:{name}")
                    if access:
                        set_field_rule(role=role, object_type=ot.key, field=name, access=access, actor=actor)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Role saved ({n} grants changed).").format(n=n))
            return redirect("access:role_edit", role.pk)
    current = {(p.object_type, p.operation): p.scope for p in role.permissions.all()}
    rules = {(r.object_type, r.field): r.access for r in role.field_rules.all()}
    matrix = [
        {
            "key": "*",
            "label": _("Every object type (default)"),
            "cells": [(op, current.get(("*", op.value))) for op in ops],
        }
    ] + [
        {
            "key": ot.key,
            "label": ot.label_plural.capitalize(),
            "cells": [(op, current.get((ot.key, op.value))) for op in ops],
        }
        for ot in types
    ]
    field_tables = [
        {
            "ot": ot,
            "rows": [(name, label, rules.get((ot.key, name), FieldAccess.EDIT)) for name, label in _field_choices(ot)],
        }
        for ot in types
    ]
    return render(
        request,
        "access/admin/role.html",
        {
            "role": role,
            "ops": ops,
            "scopes": Scope.choices,
            "matrix": matrix,
            "field_tables": field_tables,
            "accesses": FieldAccess.choices,
            "members": role.users.filter(is_active=True).order_by("username"),
        },
    )


@admin_required
def status_locks(request: HttpRequest) -> HttpResponse:
    types = [ot for ot in _types() if ot.lock_field]
    if request.method == "POST":
        try:
            for ot in types:
                set_status_locks(
                    object_type=ot.key, values=request.POST.getlist(f"lock:{ot.key}"), actor=current_actor()
                )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Status locks saved."))
            return redirect("access:status_locks")
    tables = []
    for ot in types:
        field = ot.field(ot.lock_field)  # type: ignore[arg-type]
        locked = locked_values(ot.key)
        tables.append(
            {"ot": ot, "field": field, "values": [(str(k), label, str(k) in locked) for k, label in field.flatchoices]}
        )
    return render(request, "access/admin/status_locks.html", {"tables": tables})


def _criteria_text(criteria: dict[str, Any]) -> str:
    return "\n".join(f"{k}={v}" for k, v in criteria.items())


def parse_values(text: str) -> dict[str, str]:
    """“region=12” lines into {"region": "12"}."""
    out: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep and key.strip():
            out[key.strip()] = value.strip()
    return out


@admin_required
def sharing_rules(request: HttpRequest) -> HttpResponse:
    rows = SharingRule.objects.select_related("department", "role")
    return render(request, "access/admin/sharing_rules.html", {"rows": rows, "types": {ot.key: ot for ot in _types()}})


@admin_required
def sharing_rule_edit(request: HttpRequest, rule_id: int | None = None) -> HttpResponse:
    instance = SharingRule.objects.filter(pk=rule_id).first() if rule_id else None
    if rule_id and instance is None:
        raise Http404
    values: dict[str, Any] = {
        "name": instance.name if instance else "",
        "object_type": instance.object_type if instance else "account",
        "criteria": _criteria_text(instance.criteria) if instance else "",
        "department": instance.department_id if instance else None,
        "role": instance.role_id if instance else None,
        "include_subdepartments": instance.include_subdepartments if instance else True,
        "can_edit": instance.can_edit if instance else False,
        "active": instance.active if instance else True,
    }
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        post = request.POST
        values = {
            "name": post.get("name", "").strip()[:120],
            "object_type": post.get("object_type", ""),
            "criteria": post.get("criteria", ""),
            "department": post.get("department") or None,
            "role": post.get("role") or None,
            "include_subdepartments": bool(post.get("include_subdepartments")),
            "can_edit": bool(post.get("can_edit")),
            "active": bool(post.get("active")),
        }
        if not values["name"]:
            errors["name"] = [_("Give the rule a name.")]
        else:
            try:
                save_sharing_rule(
                    name=values["name"],
                    object_type=values["object_type"],
                    criteria=parse_values(values["criteria"]),
                    department=Department.objects.filter(pk=values["department"] or 0).first(),
                    role=Role.objects.filter(pk=values["role"] or 0).first(),
                    include_subdepartments=values["include_subdepartments"],
                    can_edit=values["can_edit"],
                    active=values["active"],
                    actor=current_actor(),
                    instance=instance,
                )
            except ValidationError as exc:
                errors = exc.message_dict
            else:
                messages.success(request, _("Sharing rule saved."))
                return redirect("access:sharing_rules")
    types = [ot for ot in _types() if ot.owner_field]
    filterable = {ot.key: ", ".join(ot.filter_fields) for ot in types}
    return render(
        request,
        "access/admin/sharing_rule_form.html",
        {
            "instance": instance,
            "values": values,
            "errors": errors,
            "types": types,
            "filterable": filterable,
            "departments": Department.choice_tree(),
            "roles": Role.objects.all(),
        },
    )


@admin_required
@require_POST
def sharing_rule_delete(request: HttpRequest, rule_id: int) -> HttpResponse:
    rule = SharingRule.objects.filter(pk=rule_id).first()
    if rule is None:
        raise Http404
    delete_sharing_rule(rule, actor=current_actor())
    messages.success(request, _("Sharing rule deleted."))
    return redirect("access:sharing_rules")


@admin_required
def audit_log(request: HttpRequest) -> HttpResponse:
    area = request.GET.get("area", "")
    qs = AuditEntry.objects.select_related("actor")
    if area:
        qs = qs.filter(area=area)
    areas = AuditEntry.objects.order_by().values_list("area", flat=True).distinct()
    return render(request, "access/admin/audit.html", {"rows": qs[:300], "areas": sorted(set(areas)), "area": area})


@admin_required
def explain_access(request: HttpRequest) -> HttpResponse:
    """“Why can user X see / edit record Y?”"""
    result = None
    error = ""
    user_id = request.GET.get("user", "")
    key = request.GET.get("object_type", "account")
    record = request.GET.get("record", "").strip()
    op = request.GET.get("op", Operation.VIEW)
    target = None
    obj = None
    if user_id and record:
        target = User.objects.filter(pk=user_id).first()
        ot = registry.maybe(key)
        if target is None or ot is None or op not in Operation.values:
            error = _("Choose a user, an object type and an operation.")
        else:
            try:
                obj = ot.model.all_objects.filter(pk=record).first()  # type: ignore[attr-defined]
            except ValidationError:
                obj = None
            if obj is None:
                error = _("No record of this type has that id.")
            else:
                result = explain(target, op, obj)
    return render(
        request,
        "access/admin/explain.html",
        {
            "users": User.objects.order_by("username"),
            "types": _types(),
            "ops": Operation.choices,
            "user_id": user_id,
            "key": key,
            "record": record,
            "op": op,
            "target": target,
            "obj": obj,
            "result": result,
            "error": error,
        },
    )
