"""Writes of the access app: departments, users, roles, shares and API tokens."""

from __future__ import annotations

import ipaddress
import secrets
from datetime import datetime, timedelta
from typing import Any, cast

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guanxi.core import criteria as conditions
from guanxi.core import registry
from guanxi.core.actor import Actor
from guanxi.customization.selectors import custom_fields_for
from guanxi.history.services import jsonable

from .choices import Operation, Scope
from .login import forget_policy
from .models import (
    ApiToken,
    AuditEntry,
    Department,
    FieldAccess,
    FieldRule,
    LoginPolicy,
    RecoveryCode,
    Role,
    RolePermission,
    Share,
    SharingRule,
    StatusLock,
    TotpDevice,
    User,
)
from .scoping import forget, forget_status_locks, rules_changed
from .seeds import ROLES, seed_grants


@transaction.atomic
def save_department(
    *,
    name: str,
    parent: Department | None = None,
    manager: User | None = None,
    actor: Actor,
    instance: Department | None = None,
) -> Department:
    dept = instance or Department()
    if instance is not None and parent is not None:
        node: Department | None = parent
        while node is not None:
            if node.pk == instance.pk:
                raise ValidationError({"parent": [_("A department cannot sit below itself.")]})
            node = node.parent
    old_path = dept.path if instance is not None else None
    dept.name, dept.parent, dept.manager = name, parent, manager
    dept.full_clean(exclude=["path"])
    dept.save()
    dept.path = f"{parent.path if parent else '/'}{dept.pk}/"
    dept.save(update_fields=["path"])
    if old_path and old_path != dept.path:
        for child in Department.objects.filter(path__startswith=old_path).exclude(pk=dept.pk):
            child.path = dept.path + child.path[len(old_path) :]
            child.save(update_fields=["path"])
    return dept


@transaction.atomic
def create_user(
    *,
    username: str,
    password: str,
    actor: Actor,
    display_name: str = "",
    email: str = "",
    department: Department | None = None,
    roles: list[Role] | None = None,
    language: str = "en",
    is_superuser: bool = False,
    validate: bool = True,
) -> User:
    user = User(
        username=username,
        display_name=display_name,
        email=email,
        department=department,
        language=language,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    if validate:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from None
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    if roles:
        user.roles.set(roles)
    return user


@transaction.atomic
def ensure_default_roles() -> dict[str, Role]:
    """Create the seed roles and their grants; existing roles keep any changes an admin made."""
    result = {}
    for key, spec in ROLES.items():
        en, hans, hant = cast(tuple[str, str, str], spec["name"])
        role, created = Role.objects.get_or_create(
            key=key,
            defaults={"name": en, "name_zh_hans": hans, "name_zh_hant": hant, "description": spec["description"]},
        )
        # A new role gets all its seed grants; an existing one only those of object types it has no
        # row for yet (a module installed later), so an administrator's changes stay.
        known = set(role.permissions.values_list("object_type", flat=True)) if not created else set()
        for object_type, ops in seed_grants(key):
            if object_type in known:
                continue
            for op, level in ops.items():
                RolePermission.objects.create(role=role, object_type=object_type, operation=op, scope=level)
        result[key] = role
    return result


@transaction.atomic
def share_record(
    *,
    object_type: str,
    object_id: Any,
    actor: Actor,
    user: User | None = None,
    department: Department | None = None,
    can_edit: bool = False,
) -> Share:
    if user is None and department is None:
        raise ValidationError({"user": [_("Share with a user or a department.")]})
    share, _created = Share.objects.update_or_create(
        object_type=object_type,
        object_id=object_id,
        user=user,
        department=department,
        defaults={"can_edit": can_edit, "created_by": actor.user},
    )
    return share


TOKEN_SCOPES = ("read", "write", "none")
DEFAULT_TOKEN_DAYS = 90
MAX_TOKEN_DAYS = 730


def create_token(
    *,
    user: User,
    name: str,
    actor: Actor,
    expires_at: datetime | None = None,
    scopes: dict[str, str] | None = None,
    rate_limit: int = 600,
) -> tuple[ApiToken, str]:
    """Returns the stored token and the plain token, which is never stored and shown only now.
    Every token expires (90 days unless said otherwise, two years at most) and carries scopes
    (read or write, per object type or "*")."""

    now = timezone.now()
    expires_at = expires_at or now + timedelta(days=DEFAULT_TOKEN_DAYS)
    errors: dict[str, list[str]] = {}
    if expires_at <= now or expires_at > now + timedelta(days=MAX_TOKEN_DAYS):
        errors["expires_at"] = [_("Choose an expiry within two years.")]
    scopes = {"*": "write"} if scopes is None else scopes
    for key, level in scopes.items():
        if (key != "*" and registry.maybe(key) is None) or level not in TOKEN_SCOPES:
            errors["scopes"] = [_("Give read or write for known object types.")]
    if not scopes:
        errors["scopes"] = [_("Give the token at least one scope.")]
    if not 1 <= rate_limit <= 100_000:
        errors["rate_limit"] = [_("Enter a whole number from {low} to {high}.").format(low=1, high=100_000)]
    if errors:
        raise ValidationError(errors)
    plain = "gx_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=plain[:10],
        digest=ApiToken.hash(plain),
        expires_at=expires_at,
        scopes=scopes,
        rate_limit=rate_limit,
    )
    audit(actor=actor, area="api_token", target=f"{user.username}: {name}", action="created", scopes=scopes)
    return token, plain


def revoke_token(token: ApiToken, *, actor: Actor) -> None:
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())


def audit(*, actor: Actor, area: str, target: str, action: str, **details: Any) -> AuditEntry:

    return AuditEntry.objects.create(
        actor=actor.user, area=area, target=target[:255], action=action, details=jsonable(details)
    )


def _forget_everyone() -> None:
    """Rules changed: per-user caches live on user objects for one request, so only shared caches
    need dropping."""

    forget_status_locks()


def _check_field(object_type: str, name: str) -> None:

    ot = registry.maybe(object_type)
    if ot is None:
        raise ValidationError({"object_type": [_("No such object type.")]})
    known = {f.name for f in ot.model._meta.concrete_fields} | {
        f"custom.{cf.key}" for cf in custom_fields_for(object_type)
    }
    if name not in known:
        raise ValidationError({"field": [_("No such field.")]})
    if name in ("id", "version"):
        raise ValidationError({"field": [_("This field cannot be restricted.")]})


@transaction.atomic
def set_field_rule(*, role: Role, object_type: str, field: str, access: str, actor: Actor) -> FieldRule | None:
    """Hide a field from a role, make it read-only, or (with `edit`) lift the restriction."""
    _check_field(object_type, field)
    if access not in FieldAccess.values:
        raise ValidationError({"access": [_("Choose hidden, read-only or editable.")]})
    if access == FieldAccess.HIDDEN and field == registry.get(object_type).title_field:
        raise ValidationError({"access": [_("The name of a record cannot be hidden; make it read-only instead.")]})
    before = FieldRule.objects.filter(role=role, object_type=object_type, field=field).first()
    old = before.access if before else FieldAccess.EDIT
    rule: FieldRule | None
    if access == FieldAccess.EDIT:
        FieldRule.objects.filter(role=role, object_type=object_type, field=field).delete()
        rule = None
    else:
        rule, _created = FieldRule.objects.update_or_create(
            role=role, object_type=object_type, field=field, defaults={"access": access}
        )
    if old != access:
        audit(
            actor=actor,
            area="field_rule",
            target=f"{role.key}: {object_type}.{field}",
            action="changed",
            old=old,
            new=access,
        )
    return rule


@transaction.atomic
def set_status_locks(*, object_type: str, values: list[str], actor: Actor) -> None:
    """The statuses that lock records of this type (replacing the previous set)."""

    ot = registry.maybe(object_type)
    if ot is None or ot.lock_field is None:
        raise ValidationError({"object_type": [_("This object type has no status field.")]})
    options = ot.choices(ot.lock_field)
    allowed = {k for k, _label in options} if options is not None else None
    bad = [v for v in values if allowed is not None and v not in allowed]
    if bad:
        raise ValidationError(
            {"values": [_("Not a status of this object type: {values}").format(values=", ".join(bad))]}
        )
    old = sorted(StatusLock.objects.filter(object_type=object_type).values_list("value", flat=True))
    StatusLock.objects.filter(object_type=object_type).exclude(value__in=values).delete()
    for value in values:
        StatusLock.objects.get_or_create(object_type=object_type, value=value)
    if old != sorted(set(values)):
        audit(actor=actor, area="status_lock", target=object_type, action="changed", old=old, new=sorted(set(values)))
    _forget_everyone()


@transaction.atomic
def save_sharing_rule(
    *,
    name: str,
    object_type: str,
    criteria: dict[str, Any],
    actor: Actor,
    department: Department | None = None,
    role: Role | None = None,
    include_subdepartments: bool = True,
    can_edit: bool = False,
    active: bool = True,
    instance: SharingRule | None = None,
) -> SharingRule:
    """Share every record matching `criteria` with a department (tree) or a role."""

    ot = registry.maybe(object_type)
    if ot is None or ot.owner_field is None:
        raise ValidationError({"object_type": [_("Records of this type cannot be shared.")]})
    if not criteria:
        raise ValidationError({"criteria": [_("Give at least one condition.")]})
    if department is None and role is None:
        raise ValidationError({"department": [_("Share with a department or a role.")]})
    conditions.criteria_q(ot, criteria)  # raises a field-level error for a bad condition
    rule = instance or SharingRule()
    old = {"criteria": rule.criteria, "can_edit": rule.can_edit, "active": rule.active} if instance else None
    rule.name, rule.object_type, rule.criteria = name.strip(), object_type, {k: str(v) for k, v in criteria.items()}
    rule.department, rule.role = department, role
    rule.include_subdepartments, rule.can_edit, rule.active = include_subdepartments, can_edit, active
    rule.full_clean()
    rule.save()
    audit(
        actor=actor,
        area="sharing_rule",
        target=rule.name,
        action="changed" if instance else "created",
        old=old,
        new={"criteria": rule.criteria, "can_edit": rule.can_edit, "active": rule.active},
    )
    return rule


@transaction.atomic
def delete_sharing_rule(rule: SharingRule, *, actor: Actor) -> None:
    audit(actor=actor, area="sharing_rule", target=rule.name, action="deleted", criteria=rule.criteria)
    rule.delete()


@transaction.atomic
def set_grants(*, role: Role, grants: dict[tuple[str, str], int | None], actor: Actor) -> int:
    """Set a role's scope per (object type, operation); returns how many changed. "*" is the
    default for every object type; a named type's row overrides it, and None removes that row so
    the default applies again. Every change, a removal included, goes into the audit log."""

    current = {(p.object_type, p.operation): p for p in role.permissions.all()}
    changed = []
    for (object_type, op), lvl in grants.items():
        if object_type != "*" and registry.maybe(object_type) is None:
            raise ValidationError({"object_type": [_("No such object type.")]})
        if (
            op not in Operation.values
            or (lvl is None and object_type == "*")
            or (lvl is not None and lvl not in Scope.values)
        ):
            raise ValidationError({"scope": [_("Choose a scope for each operation.")]})
        row = current.get((object_type, op))
        old = row.scope if row else None
        if old == lvl:
            continue
        if lvl is None:
            role.permissions.filter(object_type=object_type, operation=op).delete()
        else:
            RolePermission.objects.update_or_create(
                role=role, object_type=object_type, operation=op, defaults={"scope": lvl}
            )
        changed.append({"object_type": object_type, "operation": op, "old": old, "new": lvl})
    if changed:
        audit(actor=actor, area="role", target=role.key, action="changed", grants=changed)
    return len(changed)


@transaction.atomic
def save_login_policy(data: dict[str, int], *, actor: Actor) -> LoginPolicy:

    limits = {
        "max_failures": (3, 20),
        "lockout_minutes": (1, 1440),
        "idle_minutes": (5, 1440),
        "absolute_hours": (1, 72),
    }
    errors = {}
    for key, (low, high) in limits.items():
        value = data.get(key)
        if not isinstance(value, int) or not low <= value <= high:
            errors[key] = [_("Enter a whole number from {low} to {high}.").format(low=low, high=high)]
    if errors:
        raise ValidationError(errors)
    p = LoginPolicy.objects.first() or LoginPolicy()
    old = {k: getattr(p, k) for k in limits}
    for key in limits:
        setattr(p, key, data[key])
    p.save()
    audit(actor=actor, area="login_policy", target="login", action="changed", old=old, new={k: data[k] for k in limits})
    transaction.on_commit(forget_policy)
    forget_policy()
    return p


@transaction.atomic
def save_role_login(role: Role, data: dict[str, Any], *, actor: Actor) -> Role:
    """A role's login rules: second factor, networks, working hours and days."""

    errors: dict[str, list[str]] = {}
    networks = [line.strip() for line in str(data.get("allowed_networks") or "").splitlines() if line.strip()]
    for line in networks:
        try:
            ipaddress.ip_network(line, strict=False)
        except ValueError:
            errors.setdefault("allowed_networks", []).append(
                _("“{value}” is not an IP address or range.").format(value=line)
            )
    start, end = data.get("hours_start"), data.get("hours_end")
    if (start is None) != (end is None):
        errors["hours_end"] = [_("Give both ends of the working hours, or neither.")]
    weekdays = "".join(sorted(set(str(data.get("weekdays") or ""))))
    if not weekdays or any(ch not in "1234567" for ch in weekdays):
        errors["weekdays"] = [_("Choose at least one working day.")]
    if errors:
        raise ValidationError(errors)
    fields = ["require_2fa", "allowed_networks", "hours_start", "hours_end", "weekdays", "outside_hours"]
    old = {k: str(getattr(role, k)) for k in fields}
    role.require_2fa = bool(data.get("require_2fa"))
    role.allowed_networks = "\n".join(networks)
    role.hours_start, role.hours_end, role.weekdays = start, end, weekdays
    role.outside_hours = data.get("outside_hours") or role.outside_hours
    role.full_clean()
    role.save()
    new = {k: str(getattr(role, k)) for k in fields}
    if old != new:
        audit(actor=actor, area="role", target=role.key, action="login rules", old=old, new=new)
    return role


@transaction.atomic
def update_user(user: User, data: dict[str, Any], *, actor: Actor) -> User:
    """Change a user's profile, department, roles, activity or password (administrators)."""

    errors: dict[str, list[str]] = {}
    if actor.user is not None and actor.user.pk == user.pk and data.get("is_active") is False:
        errors["is_active"] = [_("You cannot deactivate yourself.")]
    password = data.get("password") or ""
    if password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            errors["password"] = exc.messages
    if errors:
        raise ValidationError(errors)
    old = {"department": str(user.department or ""), "roles": sorted(r.key for r in user.roles.all())}
    old["is_active"] = user.is_active  # type: ignore[assignment]
    territories_before = list(user.territories or [])
    if "territories" in data:
        data["territories"] = sorted({int(t) for t in data["territories"] or []})
    for key in ("display_name", "email", "department", "language", "is_active", "phone", "territories"):
        if key in data:
            setattr(user, key, data[key])
    if password:
        user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    if "roles" in data:
        user.roles.set(data["roles"])
    if old["department"] != str(user.department or ""):
        _records_follow_owner(user)
    if territories_before != list(user.territories or []):
        rules_changed()  # cached access profiles do not key on territories
    forget(user)
    new = {"department": str(user.department or ""), "roles": sorted(r.key for r in user.roles.all())}
    new["is_active"] = user.is_active  # type: ignore[assignment]
    audit(
        actor=actor,
        area="user",
        target=user.username,
        action="changed",
        old=old,
        new=new,
        password_changed=bool(password),
    )
    return user


def _records_follow_owner(user: User) -> None:
    """Records carry their owner's department (it decides who else sees them): when a user moves,
    their records move with them — one UPDATE per object type, not one save per record."""

    for ot in registry.all_types():
        names = {f.name for f in ot.model._meta.concrete_fields}
        if ot.owner_field and "department" in names and ot.owner_field in names:
            ot.model._base_manager.filter(**{ot.owner_field: user}).exclude(department_id=user.department_id).update(
                department_id=user.department_id
            )


@transaction.atomic
def reset_second_factor(user: User, *, actor: Actor) -> None:
    """For a user who lost the phone and the recovery codes: they set it up again at next sign-in."""

    TotpDevice.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()
    audit(actor=actor, area="user", target=user.username, action="second factor reset")
