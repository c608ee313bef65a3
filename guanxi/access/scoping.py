"""The access layer: the only place that decides which records a user may see or change.

Three calls, used by every list, page, search, API endpoint, export and related list:
`scope(user, model, op)` filters a queryset, `can(user, op, obj)` checks one record and
`fields(user, model)` names the fields a user may read and write.
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypedDict, cast

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _

from guanxi.core import registry
from guanxi.core.actor import Actor
from guanxi.core.criteria import criteria_q
from guanxi.core.errors import PermissionDenied
from guanxi.core.guards import write_guards
from guanxi.customization.selectors import custom_fields_for, field_label

from .choices import Operation, Scope
from .models import Department, FieldAccess, FieldRule, Role, RolePermission, Share, SharingRule, StatusLock, User

logger = logging.getLogger(__name__)


PROFILE_VERSION_KEY = "access:version"


def _version() -> int:

    version = cache.get(PROFILE_VERSION_KEY)
    if version is None:
        cache.add(PROFILE_VERSION_KEY, 1, None)
        version = cache.get(PROFILE_VERSION_KEY) or 1
    return int(version)


def rules_changed() -> None:
    """Roles, grants, field rules, sharing rules, memberships or departments changed: every user's
    cached access profile is stale. (Signals call this; see access/signals.py.)"""

    try:
        cache.incr(PROFILE_VERSION_KEY)
    except ValueError:
        cache.set(PROFILE_VERSION_KEY, 2, None)


class Profile(TypedDict):
    """What the access layer keeps about a user (see `_profile`)."""

    role_ids: frozenset[int]
    admin: bool
    dept_path: str | None
    login: list[tuple[Any, ...]]
    require_2fa: bool
    grants: dict[tuple[str, str], int]
    rules: list[SharingRule]
    fields: dict[str, dict[str, str]]


def _profile(user: User) -> Profile:
    """Everything the access layer needs to know about a user, computed with a handful of queries
    and kept in the shared cache (Redis in production) until any rule changes, so a request costs
    one cache read instead of six queries. Kept on the user object for the rest of the request."""

    found: Profile | None = getattr(user, "_guanxi_profile", None)
    if found is not None:
        return found
    key = f"access:profile:{_version()}:{user.pk}:{user.department_id}"
    found = cache.get(key)
    if found is None:
        dept = user.department
        roles = list(user.roles.all())
        role_ids = frozenset(r.pk for r in roles)
        dept_path = dept.path if dept is not None else None
        found = Profile(
            role_ids=role_ids,
            admin=any(r.key == "administrator" for r in roles),
            dept_path=dept_path,
            login=[(r.allowed_networks, r.hours_start, r.hours_end, r.weekdays, r.outside_hours) for r in roles],
            require_2fa=any(r.require_2fa for r in roles),
            grants=_compute_grants(user),
            rules=_compute_sharing_rules(role_ids, dept_path, dept.pk if dept else None),
            fields=_compute_field_access(role_ids),
        )
        cache.set(key, found, 3600)
    user._guanxi_profile = found  # type: ignore[attr-defined]
    return found


def _grants(user: User) -> dict[tuple[str, str], int]:
    return _profile(user)["grants"]


def role_level(grants: dict[tuple[str, str], int], object_type: str, op: str) -> int:
    """One role's scope for `op` on a type, from its rows (object type, operation) → scope: the
    named type's row overrides the role's "*" row, and whoever may change a record may see it
    (view reaches at least as far as edit). The one rule behind `level`, `can` and `explain`."""

    def row(operation: str) -> int:
        return grants.get((object_type, operation), grants.get(("*", operation), Scope.NONE))

    lvl = row(op)
    if op == Operation.VIEW:
        lvl = max(lvl, row(Operation.EDIT))
    return lvl


def _compute_grants(user: User) -> dict[tuple[str, str], int]:
    """(object type, operation) → scope: each role's (role_level), the widest across roles."""
    cached: dict[tuple[str, str], int] = {}
    per_role: dict[int, dict[tuple[str, str], int]] = {}
    rows = RolePermission.objects.filter(role__users=user).values_list("role_id", "object_type", "operation", "scope")
    for role_id, object_type, operation, lvl in rows:
        per_role.setdefault(role_id, {})[(object_type, operation)] = lvl
    types = {ot.key for ot in registry.all_types()}
    for grants in per_role.values():
        for object_type in types:
            for op in Operation:
                lvl = role_level(grants, object_type, op)
                if lvl > cached.get((object_type, op), Scope.NONE):
                    cached[(object_type, op)] = lvl
    return cached


def token_allows(user: User | None, object_type: str, op: str) -> bool:
    """An API token narrows its user's rights by its scopes (read / write per object type): a
    request made with one reaches through the access layer only the types its token names, in
    lists, single records and everything nested in them (the 360° view's contacts, say)."""
    token = getattr(user, "_guanxi_token", None)
    if token is None:
        return True
    return bool(token.allows(object_type, write=op not in (Operation.VIEW, Operation.EXPORT)))


def level(user: User | None, object_type: str, op: str) -> int:
    """The widest scope any of the user's roles grants for `op` on `object_type`."""
    if user is None or not user.is_active or not user.is_authenticated:
        return Scope.NONE
    if not token_allows(user, object_type, op):
        return Scope.NONE
    if user.is_superuser:
        return Scope.ALL
    return _grants(user).get((object_type, op), Scope.NONE)


def is_administrator(user: User | None) -> bool:
    """May configure the system (custom fields, picklists, regions, users)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return bool(_profile(user)["admin"])


def led_paths(user: User | None) -> tuple[str, ...]:
    """The tree paths of the departments a user manages (each covers the departments below it);
    read once per request."""
    if user is None or not user.is_authenticated:
        return ()
    found: tuple[str, ...] | None = getattr(user, "_guanxi_led", None)
    if found is None:
        found = tuple(Department.objects.filter(manager=user).values_list("path", flat=True))
        user._guanxi_led = found  # type: ignore[attr-defined]
    return found


def leads_team(user: User | None) -> bool:
    """Whether the user has a team to look at: an administrator, or the manager of a department."""
    return is_administrator(user) or bool(led_paths(user))


def team_q(user: User, *, owner: str = "owner", department: str = "department") -> Q:
    """Whose records "my team" means, as a condition on a record's owner field and department
    field (either may be a path, "owner__department"): everyone's for an administrator; for a
    manager their own and those of the departments they manage and below; else their own. The one
    definition behind every team view — dashboards, the calendar, conflicts, later queues."""
    if is_administrator(user):
        return Q()
    mine = Q(**{f"{owner}_id": user.pk})
    paths = led_paths(user)
    if not paths:
        return mine
    below = Q()
    for path in paths:
        below |= Q(path__startswith=path)
    return mine | Q(**{f"{department}_id__in": Department.objects.filter(below).values("pk")})


def _role_ids(user: User) -> frozenset[int]:
    return _profile(user)["role_ids"]


def forget(user: User) -> None:
    """Drop the per-user cache after roles change."""
    for attr in ("_guanxi_profile",):
        if hasattr(user, attr):
            delattr(user, attr)


def _share_q(user: User, object_type: str, op: str) -> Q:
    shares = Share.objects.filter(object_type=object_type)
    target = Q(user=user)
    if user.department_id:
        target |= Q(department_id=user.department_id)
    shares = shares.filter(target)
    if op != Operation.VIEW:
        shares = shares.filter(can_edit=True)
    return Q(pk__in=shares.values("object_id"))


def _sharing_rules(user: User) -> list[SharingRule]:
    """The active criteria-based sharing rules that reach this user (by department or role)."""
    return _profile(user)["rules"]


def _compute_sharing_rules(roles: frozenset[int], dept_path: str | None, dept_id: int | None) -> list[SharingRule]:
    found = []
    for rule in SharingRule.objects.filter(active=True).select_related("department"):
        by_role = rule.role_id is not None and rule.role_id in roles
        by_dept = (
            rule.department is not None
            and dept_path is not None
            and (
                dept_id == rule.department.pk
                or (rule.include_subdepartments and dept_path.startswith(rule.department.path))
            )
        )
        if by_role or by_dept:
            found.append(rule)
    return found


def _rule_conditions(user: User, ot: registry.ObjectType, op: str) -> list[tuple[SharingRule, Q]]:
    """The sharing rules that reach the user for `op` on this type, each with the records it covers."""

    found = []
    for rule in _sharing_rules(user):
        if rule.object_type != ot.key or (op != Operation.VIEW and not rule.can_edit):
            continue
        try:
            found.append((rule, criteria_q(ot, rule.criteria)))
        except ValidationError:
            logger.warning("sharing rule %s no longer matches its object type; it shares nothing", rule.pk)
    return found


@dataclass(frozen=True)
class Ground:
    """One reason the access layer grants `op` on records of a type: a role's scope ("role", with
    the role — None for the user's widest — and its level), a share ("share") or a sharing rule
    ("rule", with the rule), and the records it covers as a condition (None: every record)."""

    kind: str
    source: Any
    level: int | None
    q: Q | None


def grounds(user: User, ot: registry.ObjectType, op: str, levels: list[tuple[Any, int]]) -> list[Ground]:
    """Everything that may grant `op` on the type's records, given the roles' levels: `scope_q`
    ORs them for the user's widest level, `explain` asks each of them about one record, so the
    two cannot tell different stories."""
    found = [
        Ground("role", source, lvl, None if lvl >= Scope.ALL else _owner_q(ot, user, lvl))
        for source, lvl in levels
        if lvl > Scope.NONE
    ]
    if user.is_authenticated and not ot.scope_via:
        found.append(Ground("share", None, None, _share_q(user, ot.key, op)))
        if op in (Operation.VIEW, Operation.EDIT):
            found += [Ground("rule", rule, None, cond) for rule, cond in _rule_conditions(user, ot, op)]
    return found


def parent_q(user: User, ot: registry.ObjectType) -> Q | None:
    """For a type whose records follow their parent's visibility (an interaction its account):
    the records whose parent the user sees; None when that is every record (or the type has none)."""
    if not ot.scope_via:
        return None
    parent_ot = registry.for_model(ot.field(ot.scope_via).related_model)  # type: ignore[arg-type]
    inner = scope_q(user, parent_ot.key, Operation.VIEW)
    if inner is None:
        return None
    return Q(**{f"{ot.scope_via}__in": parent_ot.model._default_manager.filter(inner).values("pk")})


def _owner_q(ot: registry.ObjectType, user: User, lvl: int) -> Q:
    owner = ot.owner_field
    if owner is None:
        # Records nobody owns (the catalogue) have no "own" or "department" to fall within: only
        # a scope of all records reaches them. (An empty Q() here would mean "every record".)
        return Q(pk__in=[])
    q = Q(**{owner: user})
    dept_path = _profile(user)["dept_path"] if lvl >= Scope.SUBTREE else None
    if dept_path is not None:
        q |= Q(department__path__startswith=dept_path)
    elif lvl >= Scope.DEPARTMENT and user.department_id:
        q |= Q(department_id=user.department_id)
    if lvl >= Scope.REGION and ot.region_field and user.territories:
        q |= Q(**{f"{ot.region_field}_id__in": territory_regions(ot, user)})
    return q


def territory_regions(ot: registry.ObjectType, user: User) -> list[Any]:
    """The user's territories and every region below them (the region model's own tree)."""
    model = ot.field(ot.region_field).related_model  # type: ignore[arg-type]
    expand = getattr(model, "with_descendants", None)
    ids = list(user.territories or [])
    return list(expand(ids)) if expand is not None else ids


def scope_q(user: User | None, object_type: str, op: str = Operation.VIEW) -> Q | None:
    """The filter for `op` on `object_type`, or None when the user may reach every record."""
    ot = registry.get(object_type)
    if not token_allows(user, object_type, op):
        return Q(pk__in=[])
    assert user is not None
    # Seeing a child (an interaction) follows seeing its parent (the account); changing it also
    # needs the type's own grant (e.g. only the interactions one logged).
    via = parent_q(user, ot) if user.is_authenticated else Q(pk__in=[])
    if ot.scope_via and op == Operation.VIEW:
        return via
    parts = grounds(user, ot, op, [(None, level(user, object_type, op))])
    if any(g.q is None for g in parts):
        return via
    grant = Q(pk__in=[])
    for g in parts:
        grant |= g.q  # type: ignore[operator]
    return grant if via is None else grant & via


def scope(
    user: User | None, model: type[models.Model] | str, op: str = Operation.VIEW, *, deleted: bool = False
) -> models.QuerySet[Any]:
    """Every live record of `model` the user may `op` (with `deleted`, those in the recycle bin
    instead); a record outside it must answer 404."""
    ot = registry.get(model) if isinstance(model, str) else registry.for_model(model)
    manager = ot.model.all_objects if deleted else ot.model.objects  # type: ignore[attr-defined]
    qs = manager.filter(deleted_at__isnull=False) if deleted else manager.all()
    if user is None or not user.is_authenticated:
        return cast("models.QuerySet[Any]", qs.none())
    q = scope_q(user, ot.key, op)
    return cast("models.QuerySet[Any]", qs if q is None else qs.filter(q))


def can(user: User | None, op: str, obj: models.Model) -> bool:
    """Whether the user may `op` this record (create is checked with `can_create`)."""
    ot = registry.for_model(obj)
    if user is None or not user.is_authenticated:
        return False
    q = scope_q(user, ot.key, op)
    if q is None:
        return True
    return ot.model._default_manager.filter(q, pk=obj.pk).exists()


def can_create(user: User | None, object_type: str) -> bool:
    return level(user, object_type, Operation.CREATE) > Scope.NONE


def can_any(user: User | None, object_type: str, op: str) -> bool:
    """Whether the user holds `op` on at least some records of the type (for menus and buttons)."""
    ot = registry.get(object_type)
    if ot.scope_via and op == Operation.VIEW:
        parent = registry.for_model(ot.field(ot.scope_via).related_model)  # type: ignore[arg-type]
        return token_allows(user, object_type, op) and level(user, parent.key, op) > Scope.NONE
    return level(user, object_type, op) > Scope.NONE


@dataclass(frozen=True)
class FieldRules:
    readable: frozenset[str]
    writable: frozenset[str]

    def can_read(self, name: str) -> bool:
        return name in self.readable

    def can_read_all(self, *names: str) -> bool:
        """Whether every one of these fields is readable: a figure drawn from a field (a sum of
        amounts on a dashboard, say) is shown only to whoever may read the field itself."""
        return all(name in self.readable for name in names)

    def can_write(self, name: str) -> bool:
        return name in self.writable


def _field_access(user: User, object_type: str) -> dict[str, str]:
    """field → the most generous access the user's roles give it, for fields some role restricts.
    A field that one of the user's roles does not restrict at all is editable."""
    return _profile(user)["fields"].get(object_type, {})


def _compute_field_access(roles: frozenset[int]) -> dict[str, dict[str, str]]:
    per_role: dict[int, dict[tuple[str, str], str]] = {r: {} for r in roles}
    for role_id, ot_key, name, access in FieldRule.objects.filter(role_id__in=roles).values_list(
        "role_id", "object_type", "field", "access"
    ):
        per_role[role_id][(ot_key, name)] = access
    rank: dict[str, int] = {FieldAccess.HIDDEN: 0, FieldAccess.READ: 1, FieldAccess.EDIT: 2}
    restricted = {key for rules in per_role.values() for key in rules}
    found: dict[str, dict[str, str]] = {}
    for ot_key, name in restricted:
        best = max((rules.get((ot_key, name), FieldAccess.EDIT) for rules in per_role.values()), key=rank.__getitem__)
        if best != FieldAccess.EDIT:
            found.setdefault(ot_key, {})[name] = best
    return found


def field_restriction(user: User | None, object_type: str, name: str) -> str | None:
    """ "hidden" or "read" when a field rule restricts this field for the user, else None."""
    if user is None or not user.is_authenticated or user.is_superuser:
        return None
    return _field_access(user, object_type).get(name)


def fields(user: User | None, model: type[models.Model] | str) -> FieldRules:
    """Fields the user may read and write on this object type (custom fields as `custom.<key>`).

    An allow-list: every caller asks whether a name is in it, so a field nobody has thought about
    is never shown or written by mistake. Per-role field rules take fields out of it (hidden) or
    out of the writable part (read-only); a superuser sees and writes every field.
    """

    ot = registry.get(model) if isinstance(model, str) else registry.for_model(model)
    customs = {f"custom.{cf.key}" for cf in custom_fields_for(ot.key)}
    names = {f.name for f in ot.model._meta.get_fields() if getattr(f, "concrete", False)} | customs
    editable = set(ot.form_fields) | customs
    if user is not None and user.is_authenticated and not user.is_superuser:
        for name, access in _field_access(user, ot.key).items():
            editable.discard(name)
            if access == FieldAccess.HIDDEN and name != ot.title_field:
                names.discard(name)
                names.difference_update(ot.derived.get(name, ()))
    return FieldRules(frozenset(names), frozenset(editable & names))


def locked_values(object_type: str) -> frozenset[str]:
    """Status values that lock a record of this type (cached; status locks change rarely)."""

    key = "access:status_locks"
    table: dict[str, list[str]] | None = cache.get(key)
    if table is None:
        table = {}
        for ot_key, value in StatusLock.objects.values_list("object_type", "value"):
            table.setdefault(ot_key, []).append(value)
        cache.set(key, table, 300)
    return frozenset(table.get(object_type, ()))


def forget_status_locks() -> None:

    cache.delete("access:status_locks")


def lock_status(obj: models.Model) -> str | None:
    """The locking status this record is in, or None when it is not locked."""
    ot = registry.for_model(obj)
    if ot.lock_field is None:
        return None
    value = getattr(obj, ot.lock_field, None)
    return str(value) if value is not None and str(value) in locked_values(ot.key) else None


def is_locked_for(user: User | None, obj: models.Model) -> bool:
    """Locked by its status, and the user does not hold `approve` on it."""
    return lock_status(obj) is not None and not (user is not None and can(user, Operation.APPROVE, obj))


def describe_scope(user: User, object_type: str) -> dict[str, Any]:
    """Scope labels per operation, for the demo login summary and the user page."""
    return {op.value: Scope(level(user, object_type, op)).label for op in Operation}


@dataclass
class Explanation:
    allowed: bool
    reasons: list[str]
    denials: list[str]
    field_rules: list[tuple[str, str]]  # (field, access) restrictions that apply to the user


def _share_lines(user: User, ot: registry.ObjectType, obj: models.Model, op: str) -> list[str]:

    lines = []
    target_q = Q(user=user) | (Q(department_id=user.department_id) if user.department_id else Q(pk__in=[]))
    shares = Share.objects.filter(target_q, object_type=ot.key, object_id=obj.pk).select_related("user", "department")
    for share in shares:
        if op == Operation.VIEW or share.can_edit:
            lines.append(
                _("Shared with {target} ({mode}).").format(
                    target=share.user or share.department, mode=_("can edit") if share.can_edit else _("read-only")
                )
            )
    return lines


def explain(user: User, op: str, obj: models.Model) -> Explanation:
    """Why the user may (or may not) `op` this record: each role, share or sharing rule that
    grants it, and what locks it. For the administrators' “explain access” page; the decision
    itself is always `can`, which this mirrors."""

    ot = registry.for_model(obj)
    reasons: list[str] = []
    denials: list[str] = []
    op_label = Operation(op).label
    if not user.is_active:
        denials.append(_("The account is deactivated."))
    elif user.is_superuser:
        reasons.append(_("{user} is a superuser.").format(user=user))
    else:
        # The same grounds `scope_q` ORs together, each asked about this one record.
        records = ot.model._default_manager.filter(pk=obj.pk)
        if ot.scope_via:
            parent = getattr(obj, ot.scope_via, None)
            via = parent_q(user, ot)
            if parent is not None:
                parent_ok = via is None or records.filter(via).exists()
                line = _("Seeing it follows seeing its {field} “{parent}”: {answer}.").format(
                    field=ot.field(ot.scope_via).verbose_name, parent=parent, answer=_("yes") if parent_ok else _("no")
                )
                (reasons if parent_ok else denials).append(line)
        roles = list(Role.objects.filter(users=user).prefetch_related("permissions"))
        levels = [
            (role, role_level({(p.object_type, p.operation): p.scope for p in role.permissions.all()}, ot.key, op))
            for role in roles
        ]
        for ground in grounds(user, ot, op, levels):
            covers = ground.q is None or records.filter(ground.q).exists()
            if ground.kind == "role":
                line = _("Role “{role}” grants {op} on {scope}: {answer}.").format(
                    role=ground.source,
                    op=op_label,
                    scope=Scope(ground.level or Scope.NONE).label.lower(),
                    answer=_("covers it") if covers else _("not this one"),
                )
                (reasons if covers else denials).append(line)
            elif ground.kind == "share" and covers:
                reasons += _share_lines(user, ot, obj, op)
            elif ground.kind == "rule" and covers:
                reasons.append(_("Sharing rule “{rule}” matches this record.").format(rule=ground.source))
    allowed = can(user, op, obj)
    if allowed and op in (Operation.EDIT, Operation.DELETE) and is_locked_for(user, obj):
        denials.append(
            _("It is locked in status “{status}” and {user} does not hold approve on it.").format(
                status=lock_status(obj), user=user
            )
        )
        allowed = False
    if allowed and op in (Operation.EDIT, Operation.DELETE):
        # Other apps' write guards (a pending approval) lock records too; asked as for a delete,
        # they only check and change nothing.

        for guard in write_guards():
            try:
                guard(ot, obj, op="delete", after=None, changes={}, actor=Actor(user))
            except PermissionDenied as exc:
                denials.append(str(exc))
                allowed = False

    restrictions = (
        sorted(
            (field_label(ot, name), str(FieldAccess(access).label))
            for name, access in _field_access(user, ot.key).items()
        )
        if not user.is_superuser
        else []
    )
    return Explanation(allowed, reasons, denials, restrictions)


def owner_department_scope(user: User | None, object_type: str) -> tuple[int | None, list[int] | None] | None:
    """What a user may see of a type when that is a matter of owners and departments alone:
    (None, None) for everything; (own user id or None, department ids or None) for "their own
    and/or these departments"; None when shares, sharing rules or territories widen it (running
    totals kept per owner and department cannot answer for them)."""

    if user is None or not user.is_authenticated:
        return None
    ot = registry.get(object_type)
    if ot.scope_via or ot.owner_field is None:
        return None
    lvl = level(user, object_type, Operation.VIEW)
    if lvl >= Scope.ALL:
        return (None, None)
    if lvl >= Scope.REGION and user.territories:
        return None
    if _rule_conditions(user, ot, Operation.VIEW):
        return None
    target = Q(user=user) | (Q(department_id=user.department_id) if user.department_id else Q(pk__in=[]))
    if Share.objects.filter(target, object_type=object_type).exists():
        return None
    if lvl <= Scope.NONE:
        return None
    departments: list[int] | None = None
    path = _profile(user)["dept_path"] if lvl >= Scope.SUBTREE and user.department_id else None
    if path is not None:
        departments = list(Department.objects.filter(path__startswith=path).values_list("pk", flat=True))
    elif lvl >= Scope.DEPARTMENT and user.department_id:
        departments = [user.department_id]
    return (user.pk, departments or [])


# --- linked records: whose name a user may see -----------------------------------------------------


class Sight:
    """Which linked records (the account of a deal, the parent of an account) a user may see, so a
    page, the API or an export shows the name of a link only when its record is visible and
    otherwise just that something is there. Asked in batches (a page primes the ids it shows) and
    remembered for the request; types outside the registry (users, regions) are always visible."""

    def __init__(self, user: User | None) -> None:
        self.user = user
        self._seen: dict[str, dict[Any, bool]] = {}

    def _key(self, model: type[models.Model]) -> str | None:
        ot = registry._by_model.get(model)
        return ot.key if ot is not None else None

    def prime(self, model: type[models.Model], ids: Any) -> None:
        key = self._key(model)
        if key is None:
            return
        known = self._seen.setdefault(key, {})
        missing = {i for i in ids if i is not None and i not in known}
        if not missing:
            return
        q = (
            scope_q(self.user, key, Operation.VIEW)
            if self.user is not None and self.user.is_authenticated
            else Q(pk__in=[])
        )
        if q is None:
            found = missing
        else:
            # The recycle bin's records too: a link to a deleted customer one could see keeps its name.
            found = set(model._base_manager.filter(q, pk__in=missing).values_list("pk", flat=True))
        for pk in missing:
            known[pk] = pk in found

    def visible(self, model: type[models.Model], pk: Any) -> bool:
        key = self._key(model)
        if key is None or pk is None:
            return True
        if pk not in self._seen.get(key, {}):
            self.prime(model, [pk])
        return self._seen[key].get(pk, False)


_sight: contextvars.ContextVar[Sight | None] = contextvars.ContextVar("guanxi_sight", default=None)


def current_sight() -> Sight | None:
    """The sight of the user this request (or job) acts for; None outside one: nothing is hidden."""
    return _sight.get()


@contextmanager
def seeing(sight: Sight | None) -> Iterator[None]:
    token = _sight.set(sight)
    try:
        yield
    finally:
        _sight.reset(token)
