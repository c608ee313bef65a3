"""Security administration pages (administrators only): roles and their grants, field rules,
status locks, sharing rules, the audit log of these settings and “explain access”."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_time
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanxi.core import registry
from guanxi.core.actor import current_actor
from guanxi.core.text import parse_assignments
from guanxi.customization.selectors import custom_fields_for, field_label

from .choices import Language, Operation, Scope
from .decorators import admin_required
from .http import AuthedRequest
from .login import policy
from .models import (
    AuditEntry,
    Department,
    FieldAccess,
    FieldRule,
    LoginEvent,
    LoginEventKind,
    OutsideHours,
    Role,
    SharingRule,
    StatusLock,
    TotpDevice,
    User,
)
from .scoping import explain, locked_values
from .services import (
    audit,
    create_user,
    delete_sharing_rule,
    reset_second_factor,
    save_department,
    save_login_policy,
    save_role_login,
    save_sharing_rule,
    set_field_rule,
    set_grants,
    set_status_locks,
    update_user,
)


def _types() -> list[registry.ObjectType]:
    return list(registry.all_types())


@admin_required
def admin_home(request: AuthedRequest) -> HttpResponse:
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

    names = list(dict.fromkeys([*ot.all_detail_fields(), *ot.list_columns, *ot.form_fields]))
    names = [n for n in names if n not in ("id", "version")]
    names += [f"custom.{cf.key}" for cf in custom_fields_for(ot.key)]
    return [(n, field_label(ot, n)) for n in names]


@admin_required
def role_edit(request: AuthedRequest, role_id: int) -> HttpResponse:
    role = Role.objects.filter(pk=role_id).first()
    if role is None:
        raise Http404
    types = _types()
    ops = list(Operation)
    if request.method == "POST":
        grants: dict[tuple[str, str], int | None] = {}
        for key in ["*", *[ot.key for ot in types]]:
            for op in ops:
                raw = request.POST.get(f"g:{key}:{op.value}")
                if raw is None:
                    continue  # not on the form: left as it is
                if raw == "" and key != "*":
                    grants[(key, op.value)] = None  # “as default”: the "*" row applies again
                    continue
                try:
                    grants[(key, op.value)] = int(raw or 0)
                except ValueError:
                    continue
        actor = current_actor()
        try:
            # The grid and the field rules save together or not at all.
            with transaction.atomic():
                n = set_grants(role=role, grants=grants, actor=actor)
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
            "outside_choices": OutsideHours.choices,
            "weekday_choices": [
                ("1", _("Mon")),
                ("2", _("Tue")),
                ("3", _("Wed")),
                ("4", _("Thu")),
                ("5", _("Fri")),
                ("6", _("Sat")),
                ("7", _("Sun")),
            ],
        },
    )


@admin_required
def status_locks(request: AuthedRequest) -> HttpResponse:
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
        name = ot.lock_field or ""
        locked = locked_values(ot.key)
        values = [(k, label, k in locked) for k, label in ot.choices(name) or []]
        tables.append({"ot": ot, "field_label": ot.field_label(name), "values": values})
    return render(request, "access/admin/status_locks.html", {"tables": tables})


def _criteria_text(criteria: dict[str, Any]) -> str:
    return "\n".join(f"{k}={v}" for k, v in criteria.items())


@admin_required
def sharing_rules(request: AuthedRequest) -> HttpResponse:
    rows = SharingRule.objects.select_related("department", "role")
    return render(request, "access/admin/sharing_rules.html", {"rows": rows, "types": {ot.key: ot for ot in _types()}})


@admin_required
def sharing_rule_edit(request: AuthedRequest, rule_id: int | None = None) -> HttpResponse:
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
                    criteria=parse_assignments(values["criteria"]),
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
def sharing_rule_delete(request: AuthedRequest, rule_id: int) -> HttpResponse:
    rule = SharingRule.objects.filter(pk=rule_id).first()
    if rule is None:
        raise Http404
    delete_sharing_rule(rule, actor=current_actor())
    messages.success(request, _("Sharing rule deleted."))
    return redirect("access:sharing_rules")


@admin_required
def audit_log(request: AuthedRequest) -> HttpResponse:
    area = request.GET.get("area", "")
    qs = AuditEntry.objects.select_related("actor")
    if area:
        qs = qs.filter(area=area)
    areas = AuditEntry.objects.order_by().values_list("area", flat=True).distinct()
    return render(request, "access/admin/audit.html", {"rows": qs[:300], "areas": sorted(set(areas)), "area": area})


@admin_required
def explain_access(request: AuthedRequest) -> HttpResponse:
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
                obj = ot.all_records().filter(pk=record).first()
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


def _time(raw: str) -> Any:

    return parse_time(raw) if raw else None


@admin_required
@require_POST
def role_login(request: AuthedRequest, role_id: int) -> HttpResponse:
    role = Role.objects.filter(pk=role_id).first()
    if role is None:
        raise Http404
    post = request.POST
    try:
        save_role_login(
            role,
            {
                "require_2fa": bool(post.get("require_2fa")),
                "allowed_networks": post.get("allowed_networks", ""),
                "hours_start": _time(post.get("hours_start", "")),
                "hours_end": _time(post.get("hours_end", "")),
                "weekdays": "".join(post.getlist("weekdays")),
                "outside_hours": post.get("outside_hours", ""),
            },
            actor=current_actor(),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(m for ms in exc.message_dict.values() for m in ms))
    else:
        messages.success(request, _("Login rules saved."))
    return redirect("access:role_edit", role.pk)


@admin_required
def login_policy(request: AuthedRequest) -> HttpResponse:

    current = policy()
    if request.method == "POST":
        data: dict[str, Any] = {}
        for key in ("max_failures", "lockout_minutes", "idle_minutes", "absolute_hours"):
            try:
                data[key] = int(request.POST.get(key, ""))
            except ValueError:
                data[key] = None
        try:
            save_login_policy(data, actor=current_actor())
        except ValidationError as exc:
            messages.error(request, " ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items()))
        else:
            messages.success(request, _("Login policy saved."))
            return redirect("access:login_policy")
    kind = request.GET.get("kind", "")
    username = request.GET.get("username", "").strip()[:150]
    events = LoginEvent.objects.select_related("user")
    if kind:
        events = events.filter(kind=kind)
    if username:
        events = events.filter(username=username)
    return render(
        request,
        "access/admin/login_policy.html",
        {
            "policy": current,
            "events": events[:200],
            "kinds": LoginEventKind.choices,
            "kind": kind,
            "username": username,
        },
    )


def _region_choices() -> list[tuple[Any, str]]:
    """The region tree of whichever object type declares a region field (the customer hub's)."""
    for ot in registry.all_types():
        if ot.region_field:
            model = ot.field(ot.region_field).related_model
            tree = getattr(model, "choice_tree", None)
            return list(tree()) if tree is not None else []
    return []


@admin_required
def users(request: AuthedRequest) -> HttpResponse:
    rows = User.objects.select_related("department").prefetch_related("roles").order_by("username")
    with_2fa = set(TotpDevice.objects.values_list("user_id", flat=True))
    return render(request, "access/admin/users.html", {"rows": rows, "with_2fa": with_2fa})


@admin_required
def user_edit(request: AuthedRequest, user_id: int | None = None) -> HttpResponse:
    instance = User.objects.filter(pk=user_id).first() if user_id else None
    if user_id and instance is None:
        raise Http404
    errors: dict[str, list[str]] = {}
    post = request.POST
    if request.method == "POST":
        dept = Department.objects.filter(pk=post.get("department") or 0).first()
        roles = list(Role.objects.filter(pk__in=post.getlist("roles")))
        data: dict[str, Any] = {
            "display_name": post.get("display_name", "").strip()[:150],
            "email": post.get("email", "").strip()[:254],
            "phone": post.get("phone", "").strip()[:40],
            "department": dept,
            "language": post.get("language", "en"),
            "roles": roles,
            "is_active": bool(post.get("is_active")),
            "password": post.get("password", ""),
            "territories": [t for t in post.getlist("territories") if t.isdigit()],
        }
        actor = current_actor()
        try:
            if instance is None:
                instance = create_user(
                    username=post.get("username", "").strip()[:150],
                    password=data["password"],
                    actor=actor,
                    display_name=data["display_name"],
                    email=data["email"],
                    department=dept,
                    roles=roles,
                    language=data["language"],
                )
                if data["territories"]:
                    update_user(instance, {"territories": data["territories"]}, actor=actor)
                audit(actor=actor, area="user", target=instance.username, action="created")
            else:
                update_user(instance, data, actor=actor)
        except ValidationError as exc:
            errors = exc.message_dict
            if instance is not None and not instance.pk:
                instance = None
        else:
            messages.success(request, _("User saved."))
            return redirect("access:users")
    return render(
        request,
        "access/admin/user_form.html",
        {
            "instance": instance,
            "errors": errors,
            "post": post,
            "departments": Department.choice_tree(),
            "roles": Role.objects.all(),
            "languages": Language.choices,
            "user_roles": {r.pk for r in instance.roles.all()} if instance else set(),
            "regions": _region_choices(),
            "user_territories": set(instance.territories or []) if instance else set(),
            "has_2fa": TotpDevice.objects.filter(user=instance).exists() if instance else False,
        },
    )


@admin_required
@require_POST
def user_reset_2fa(request: AuthedRequest, user_id: int) -> HttpResponse:
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise Http404
    reset_second_factor(user, actor=current_actor())
    messages.success(request, _("The second factor was reset; the user sets it up again at the next sign-in."))
    return redirect("access:user_edit", user.pk)


@admin_required
def departments(request: AuthedRequest) -> HttpResponse:

    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        post = request.POST
        instance = Department.objects.filter(pk=post.get("id") or 0).first()
        name = post.get("name", "").strip()[:120]
        try:
            if not name:
                raise ValidationError({"name": [_("Give the department a name.")]})
            dept = save_department(
                name=name,
                parent=Department.objects.filter(pk=post.get("parent") or 0).first(),
                manager=User.objects.filter(pk=post.get("manager") or 0, is_active=True).first(),
                actor=current_actor(),
                instance=instance,
            )
            audit(
                actor=current_actor(), area="department", target=dept.name, action="changed" if instance else "created"
            )
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            messages.success(request, _("Department saved."))
            return redirect("access:departments")
    rows = Department.objects.select_related("manager").order_by("path")
    counts = dict(
        User.objects.filter(is_active=True)
        .values_list("department")
        .annotate(n=models.Count("pk"))
        .values_list("department", "n")
    )
    return render(
        request,
        "access/admin/departments.html",
        {
            "rows": [(d, counts.get(d.pk, 0)) for d in rows],
            "tree": Department.choice_tree(),
            "users": User.objects.filter(is_active=True).order_by("username"),
            "errors": errors,
        },
    )
