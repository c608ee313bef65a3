"""The generic write path of every registered object: validate, write, record history and emit an
event, all in one transaction. Domain services subclass `RecordService` to add their rules."""

from __future__ import annotations

import contextvars
import copy
import decimal
import mimetypes
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

import nh3
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guanxi.access.choices import Operation, Scope
from guanxi.access.scoping import can, fields, is_locked_for, level, lock_status, scope
from guanxi.core import registry
from guanxi.core.actor import Actor
from guanxi.core.choices import Source
from guanxi.core.dates import storable
from guanxi.core.errors import PermissionDenied, StaleVersion
from guanxi.core.events import Event, emit
from guanxi.core.guards import write_guards
from guanxi.core.models import Attachment, BaseModel, Note, Tag, TagLink
from guanxi.core.text import unstorable_text
from guanxi.customization.values import clean_custom_values
from guanxi.history.choices import Action
from guanxi.history.models import ChangeEntry
from guanxi.history.services import jsonable, record_change

if TYPE_CHECKING:
    from guanxi.core.models import BaseModel
from guanxi.core.registry import ObjectType

_inherited_owner: contextvars.ContextVar[bool] = contextvars.ContextVar("guanxi_inherited_owner", default=False)


@contextmanager
def owner_inherited() -> Iterator[None]:
    """Writes in this block carry an owner over from the record they come from (an order takes its
    quote's, a renewal its contract's): that is not the user giving the record away."""
    token = _inherited_owner.set(True)
    try:
        yield
    finally:
        _inherited_owner.reset(token)


_owner_resolvers: list[Any] = []


def add_owner_resolver(resolve: Any) -> None:
    """`resolve(object_type, record, actor) -> User | None`: who owns a new record created without
    an owner (sales' territory rules); the first answer wins, else the creator."""
    _owner_resolvers.append(resolve)


NOT_COMPARED = {"updated_at", "updated_by", "updated_source", "version", "search_text"}


def snapshot(obj: models.Model, names: Iterable[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in names:
        field = obj._meta.get_field(name)
        if isinstance(field, models.ForeignKey):
            values[name] = getattr(obj, field.attname)
        else:
            values[name] = getattr(obj, name)
    for key, value in (getattr(obj, "custom", None) or {}).items():
        values[f"custom.{key}"] = value
    return values


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    changes = {}
    for key in set(before) | set(after):
        if key in NOT_COMPARED:
            continue
        old, new = before.get(key), after.get(key)
        if isinstance(old, decimal.Decimal) and isinstance(new, decimal.Decimal) and old == new:
            continue  # 0 and 0.00 are the same amount
        if jsonable(old) != jsonable(new):
            changes[key] = (old, new)
    return changes


def _refuse_if_locked(user: Any, obj: models.Model, *, deleting: bool = False) -> None:
    """A record in a locking status may be changed or deleted only by holders of `approve`."""

    if is_locked_for(user, obj):
        message = (
            _("This record is locked in status “{status}”; only an approver can delete it.")
            if deleting
            else _("This record is locked in status “{status}”; only an approver can change it.")
        )
        raise PermissionDenied(message.format(status=lock_status(obj)))


def _unique_sets(model: type[models.Model]) -> list[tuple[str, ...]]:
    """The field sets the database keeps unique over every row, the recycle bin's included."""
    sets: list[tuple[str, ...]] = [(f.name,) for f in model._meta.concrete_fields if f.unique and not f.primary_key]
    sets += [tuple(names) for names in model._meta.unique_together]
    sets += [
        tuple(c.fields)
        for c in model._meta.constraints
        if isinstance(c, models.UniqueConstraint) and c.condition is None and c.fields and not c.expressions
    ]
    return list(dict.fromkeys(sets))


def recycled_clashes(obj: models.Model) -> dict[str, list[str]]:
    """Unique values this record shares with a record in the recycle bin. Django's own check looks
    at live records only (the default manager), while the database counts deleted rows too: without
    this, reusing a deleted product's code was a server error instead of a clear message."""
    model = type(obj)
    if not any(f.name == "deleted_at" for f in model._meta.concrete_fields):
        return {}
    errors: dict[str, list[str]] = {}
    for names in _unique_sets(model):
        lookup: dict[str, Any] = {}
        for name in names:
            field = model._meta.get_field(name)
            value = getattr(obj, field.attname)  # type: ignore[union-attr]
            if value is None:
                break  # NULLs never clash
            lookup[field.attname] = value  # type: ignore[union-attr]
        else:
            if model._base_manager.filter(deleted_at__isnull=False, **lookup).exclude(pk=obj.pk).exists():
                labels = ", ".join(str(getattr(model._meta.get_field(n), "verbose_name", n)) for n in names)
                message = _(
                    "A record in the recycle bin has the same {fields}; restore it, or change the value."
                ).format(fields=labels)
                errors.setdefault(names[0] if len(names) == 1 else "__all__", []).append(message)
    return errors


def _save(obj: models.Model, **kwargs: Any) -> None:
    """Save in a savepoint, so that a unique value taken by a write committed a moment ago is a
    field error on this one, not a server error (and the outer transaction stays usable)."""
    try:
        with transaction.atomic():
            obj.save(**kwargs)
    except IntegrityError:
        errors: dict[str, list[str]] = {}
        try:
            obj.validate_unique()
            obj.validate_constraints()
        except ValidationError as exc:
            errors = exc.message_dict
        errors = errors or recycled_clashes(obj)
        raise ValidationError(
            errors
            or {"__all__": [_("Another record was saved with the same values a moment ago; check and save again.")]}
        ) from None


# Looks a link up as the system does: that it exists, whoever may see it (ObjectType.open_links).
SYSTEM_LOOKUP = Actor(None, Source.SYSTEM)


def looks_through_access(actor: Actor) -> bool:
    """Whether a write's links are looked up as the actor sees records: a person's writes are; the
    system's (jobs, migrations) and approved changes (checked when proposed) are not."""
    return actor.user is not None and actor.source != Source.APPROVAL


def linked_record(field: models.ForeignKey[Any, Any], value: Any, actor: Actor) -> models.Model:
    """The record a write links to, looked up through the access layer for a person: a customer
    (or deal, quote…) they may not see is "no such record" — the interaction, contact or child
    account is not written, and nothing tells them the record exists or what it is called."""

    model = field.related_model
    pk = value.pk if isinstance(value, models.Model) else value
    target = registry._by_model.get(model)  # type: ignore[arg-type]
    if target is None or not looks_through_access(actor):
        return value if isinstance(value, models.Model) else model._default_manager.get(pk=pk)  # type: ignore[union-attr]
    found = scope(actor.user, target.key).filter(pk=pk).first()
    if found is None:
        raise ObjectDoesNotExist(pk)
    return value if isinstance(value, models.Model) else found


def record_visible(actor: Actor, object_type: str, pk: Any) -> bool:
    """For links kept outside foreign keys (custom lookup fields): may the actor see that record?"""

    if not looks_through_access(actor):
        return True
    try:
        return scope(actor.user, object_type).filter(pk=pk).exists()
    except (ValueError, ValidationError):
        return False


M = TypeVar("M", bound=BaseModel)


class RecordService(Generic[M]):
    """Create, update, delete and restore for one object type (of model M). Override the hooks, not
    the flow."""

    object_type: ObjectType  # set by registry.register

    # --- hooks for domain rules --------------------------------------------------------------
    def prepare(self, obj: M, data: dict[str, Any], *, actor: Actor, creating: bool) -> None:
        """Normalise and derive fields before validation (e.g. copy the owner's department)."""
        if hasattr(obj, "owner_id") and hasattr(obj, "department_id"):
            # A new record nobody is named to own belongs to its creator (an empty owner on a form
            # too: a representative's new customer must not vanish from their own lists).
            if creating and obj.owner_id is None and not data.get("owner"):
                # Other apps' rules first (sales territories), then the creator.
                found = next(
                    (u for u in (resolve(self.object_type, obj, actor) for resolve in _owner_resolvers) if u), None
                )
                if found is not None or actor.user is not None:
                    obj.owner = found or actor.user  # type: ignore[attr-defined]
            owner = getattr(obj, "owner", None)
            obj.department_id = owner.department_id if owner is not None else None

    def validate(self, obj: M, *, actor: Actor, creating: bool) -> None:
        """Business rules beyond field validation; raise ValidationError({field: [message]})."""

    def after_write(self, obj: M, action: str, changes: dict[str, tuple[Any, Any]], *, actor: Actor) -> None:
        """Side writes in the same transaction (e.g. derived rows)."""

    def search_text(self, obj: M) -> str:
        parts = [str(getattr(obj, name, "") or "") for name in self.object_type.search_fields]
        return " ".join(p for p in parts if p)

    # --- the flow ----------------------------------------------------------------------------
    def _writable(self) -> tuple[str, ...]:
        return self.object_type.form_fields

    def _assign(self, obj: M, data: dict[str, Any], *, creating: bool, actor: Actor) -> None:
        errors: dict[str, list[str]] = {}
        writable = set(self._writable()) | set(self.object_type.extra.get("service_fields", ()))
        for name, value in data.items():
            if name == "custom":
                continue
            if name not in writable:
                errors[name] = [_("This field cannot be set.")]
                continue
            reason = unstorable_text(value)
            if reason:
                errors[name] = [reason]
                continue
            field = obj._meta.get_field(name)
            if isinstance(field, models.ForeignKey):
                if value is None or value == "":
                    setattr(obj, field.attname, None)
                    continue
                pk = value.pk if isinstance(value, models.Model) else value
                if not creating and str(getattr(obj, field.attname)) == str(pk):
                    continue  # unchanged: a link made earlier stands even if its target is out of sight now
                try:
                    seen_by = actor if name not in self.object_type.open_links else SYSTEM_LOOKUP
                    setattr(obj, name, linked_record(field, value, seen_by))
                except (ObjectDoesNotExist, ValueError, ValidationError):
                    # The same answer for a record that does not exist and one the user may not see.
                    errors[name] = [_("No such record.")]
            else:
                if value is None and isinstance(field, models.CharField | models.TextField) and not field.null:
                    value = ""
                elif value is not None and isinstance(field, models.Field) and not isinstance(value, list | dict):
                    # Typed and checked now, as full_clean would later, so a service's rules see a
                    # number as a number whichever way it came ("5000" from an import, 5000 from the
                    # API), and never one too large for its field.
                    try:
                        value = storable(field.to_python(value))
                        field.run_validators(value)
                    except ValidationError as exc:
                        errors[name] = list(exc.messages)
                        continue
                setattr(obj, name, value)
        if errors:
            raise ValidationError(errors)

    def _clean(self, obj: M, data: dict[str, Any], *, actor: Actor, creating: bool) -> None:

        errors: dict[str, list[str]] = {}
        try:
            self.prepare(obj, data, actor=actor, creating=creating)
            # A foreign key the caller did not give is either unchanged or set by the service itself:
            # checking that its target exists would cost one query each for nothing.
            # An empty one is still checked, so a required link left out is named, not a database error.
            untouched = [
                f.name
                for f in obj._meta.concrete_fields
                if isinstance(f, models.ForeignKey) and f.name not in data and getattr(obj, f.attname) is not None
            ]
            obj.full_clean(exclude=untouched, validate_unique=True, validate_constraints=True)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if "custom" in data or creating:
            custom_in = data.get("custom") or {}
            if not isinstance(custom_in, dict):
                errors["custom"] = [_("Give custom fields as an object.")]
            else:
                try:
                    obj.custom = clean_custom_values(
                        self.object_type.key,
                        custom_in,
                        existing=obj.custom,
                        partial=not creating,
                        visible=lambda key, pk: record_visible(actor, key, pk),
                    )
                except ValidationError as exc:
                    errors.update(exc.message_dict)
        if not errors:
            errors.update(recycled_clashes(obj))
        if not errors:
            try:
                self.validate(obj, actor=actor, creating=creating)
            except ValidationError as exc:
                errors.update(exc.message_dict)
        if errors:
            raise ValidationError(errors)

    def _stamp(self, obj: M, *, actor: Actor, creating: bool) -> None:
        now = timezone.now()
        obj.updated_at = now
        obj.updated_by = actor.user
        obj.updated_source = actor.source
        if creating:
            obj.created_at = now
            obj.created_by = actor.user
            obj.created_source = actor.source
        if hasattr(obj, "search_text"):
            obj.search_text = self.search_text(obj).lower()[:4000]

    def _check_rights(
        self, obj: M, data: dict[str, Any], changes: dict[str, tuple[Any, Any]] | None, *, actor: Actor
    ) -> None:
        """Field rules and status locks, enforced here so that pages, the API, imports and
        workflows all obey them. A change to a field the user may not write is refused with the
        field named (never silently dropped); the system actor (jobs, migrations) is not limited."""

        user = actor.user
        if user is None or actor.source == Source.APPROVAL:
            return  # approved values were checked when proposed, or are the process's own settings
        if changes is not None:
            _refuse_if_locked(user, obj)
        self._check_owner(obj, data, changes, user=user)
        rules = fields(user, self.object_type.key)
        internal = {"custom", *self.object_type.extra.get("service_fields", ())}  # set by services, not people
        given = {k for k in data if k not in internal} | {f"custom.{k}" for k in (data.get("custom") or {})}
        touched = given if changes is None else given & set(changes)
        for name in sorted(touched):
            if rules.can_write(name):
                continue
            if changes is None and data.get(name) in (None, "", [], {}):
                continue  # creating: an empty value is no write
            if name == self.object_type.owner_field and changes is not None and can(user, Operation.ASSIGN, obj):
                continue  # reassigning is the `assign` right, whatever the owner field's rule
            raise PermissionDenied(_("You may not change the field “{name}”.").format(name=name), field=name)

    def link(self, name: str, value: Any, *, actor: Actor) -> models.Model:
        """The record a write's link `name` names, as `_assign` looks it up (through the access
        layer unless the type lets it point out of sight), or a ValidationError on that field."""
        field = self.object_type.field(name)
        assert isinstance(field, models.ForeignKey)
        seen_by = actor if name not in self.object_type.open_links else SYSTEM_LOOKUP
        try:
            return linked_record(field, value, seen_by)
        except (ObjectDoesNotExist, ValueError, ValidationError):
            raise ValidationError({name: [_("No such record.")]}) from None

    def _check_owner(
        self, obj: M, data: dict[str, Any], changes: dict[str, tuple[Any, Any]] | None, *, user: Any
    ) -> None:
        """Giving a record to someone else — a new one, or by changing its owner — needs `assign`
        (for an existing record, on that record), checked before anything is written. An owner a
        service carries over from the record it derives from (an order from its quote) is no
        choice of the user's and is not checked (see `owner_inherited`)."""

        name = self.object_type.owner_field
        if name is None or name not in data or _inherited_owner.get():
            return
        value = data[name]
        given = value.pk if isinstance(value, models.Model) else value
        if changes is None:
            if given in (None, "") or str(given) == str(user.pk):
                return
            if level(user, self.object_type.key, Operation.ASSIGN) > Scope.NONE:
                return
            raise PermissionDenied(_("You may not create records for someone else."), field=name)
        if name in changes and not can(user, Operation.ASSIGN, obj):
            raise PermissionDenied(_("Changing the owner needs the right to assign this record."), field=name)

    def check_writable(self, obj: M, *, actor: Actor) -> None:
        """For changes made beside the record's own fields (its contact points, say): the status
        lock and other apps' guards (a pending approval) apply as to an edit of the record."""

        if actor.user is None or actor.source == Source.APPROVAL:
            return
        _refuse_if_locked(actor.user, obj)
        for guard in write_guards():
            guard(self.object_type, obj, op="touch", after=None, changes={}, actor=actor)

    def _names(self, obj: M) -> list[str]:
        return [
            f.name
            for f in obj._meta.concrete_fields
            if f.name not in {"id", "custom", "created_at", "created_by", "created_source", "deleted_at", "deleted_by"}
        ]

    def build(self, data: dict[str, Any]) -> M:
        return cast(M, self.object_type.model())

    def create(self, data: dict[str, Any], *, actor: Actor) -> M:
        with transaction.atomic():
            obj = self.build(data)
            self._check_rights(obj, data, None, actor=actor)
            self._assign(obj, data, creating=True, actor=actor)
            self._clean(obj, data, actor=actor, creating=True)
            self._stamp(obj, actor=actor, creating=True)
            _save(obj, force_insert=True)
            changes = diff({}, snapshot(obj, self._names(obj)))
            changes = {k: v for k, v in changes.items() if v[1] not in (None, "", [], {})}
            record_change(
                object_type=self.object_type.key,
                obj=obj,
                action=Action.CREATED,
                changes=changes,
                actor=actor,
                label=self.object_type.title(obj),
            )
            self.after_write(obj, Action.CREATED, changes, actor=actor)
            emit(Event("created", self.object_type.key, str(obj.pk), actor.user_id))
        return obj

    def update(self, obj: M, data: dict[str, Any], *, actor: Actor, expected_version: int | None = None) -> M:
        with transaction.atomic():
            # Lock the row so two concurrent edits serialise and the second sees the first's version.
            model = type(obj)
            current = model.all_objects.select_for_update().get(pk=obj.pk)
            if current.deleted_at is not None:
                raise ValidationError({"__all__": [_("This record is in the recycle bin.")]})
            names = self._names(current)
            before = snapshot(current, names)
            if expected_version is not None and current.version != expected_version:
                raise StaleVersion(current.version, self._changed_since(current, expected_version))
            locked = self._lock_check_target(current)
            self._assign(current, data, creating=False, actor=actor)
            self._clean(current, data, actor=actor, creating=False)
            changes = diff(before, snapshot(current, names))
            if not changes:
                return cast(M, current)
            self._check_rights(locked, data, changes, actor=actor)
            for guard in write_guards():
                held = guard(self.object_type, locked, op="update", after=current, changes=changes, actor=actor)
                if held is not None:
                    # Nothing is written: the record stays as stored and the caller learns why.
                    locked.pending_approval = held  # type: ignore[attr-defined]
                    return locked
            current.version += 1
            self._stamp(current, actor=actor, creating=False)
            _save(current)
            record_change(
                object_type=self.object_type.key,
                obj=current,
                action=Action.UPDATED,
                changes=changes,
                actor=actor,
                label=self.object_type.title(current),
            )
            self.after_write(current, Action.UPDATED, changes, actor=actor)
            emit(Event("updated", self.object_type.key, str(current.pk), actor.user_id, {"fields": sorted(changes)}))
        return cast(M, current)

    def _lock_check_target(self, current: M) -> M:
        """A copy of the record as stored, so the lock is judged on the status before the change.
        The record being changed keeps it as `_stored`: a service's rules may compare with it
        (has the stage moved? was the quote approved?)."""

        stored = copy.copy(current)
        current._stored = stored  # type: ignore[attr-defined]
        return stored

    def _changed_since(self, obj: M, version: int) -> dict[str, Any]:
        """Fields written after `version`, with their newest values, read from the change log."""

        changed: dict[str, Any] = {}
        entries = ChangeEntry.objects.filter(
            object_type=self.object_type.key, object_id=obj.pk, version__gt=version
        ).order_by("at", "id")
        for entry in entries:
            for key, (_old, new) in entry.changes.items():
                changed[key] = new
        return changed

    def delete(self, obj: M, *, actor: Actor) -> None:
        with transaction.atomic():
            if actor.user is not None:
                _refuse_if_locked(actor.user, obj, deleting=True)
            for guard in write_guards():
                guard(self.object_type, obj, op="delete", after=None, changes={}, actor=actor)
            now = timezone.now()
            updated = (
                type(obj)
                ._default_manager.filter(pk=obj.pk, deleted_at__isnull=True)
                .update(deleted_at=now, deleted_by=actor.user, version=models.F("version") + 1)
            )
            if not updated:
                return
            obj.refresh_from_db()
            record_change(
                object_type=self.object_type.key,
                obj=obj,
                action=Action.DELETED,
                changes={},
                actor=actor,
                label=self.object_type.title(obj),
            )
            self.after_write(obj, Action.DELETED, {}, actor=actor)
            emit(Event("deleted", self.object_type.key, str(obj.pk), actor.user_id))

    def restore(self, obj: M, *, actor: Actor) -> M:
        with transaction.atomic():
            # A live record may have taken its code or number meanwhile: say so, write nothing.
            obj.validate_unique()
            try:
                with transaction.atomic():
                    updated = (
                        type(obj)
                        ._base_manager.filter(pk=obj.pk, deleted_at__isnull=False)
                        .update(
                            deleted_at=None, deleted_by=None, version=models.F("version") + 1, updated_at=timezone.now()
                        )
                    )
            except IntegrityError:
                raise ValidationError(
                    {"__all__": [_("A live record now has the same values; change it before restoring this one.")]}
                ) from None
            obj.refresh_from_db()
            if updated:
                record_change(
                    object_type=self.object_type.key,
                    obj=obj,
                    action=Action.RESTORED,
                    changes={},
                    actor=actor,
                    label=self.object_type.title(obj),
                )
                self.after_write(obj, Action.RESTORED, {}, actor=actor)
                emit(Event("restored", self.object_type.key, str(obj.pk), actor.user_id))
        return obj

    def purge(self, obj: M, *, actor: Actor) -> None:
        """Remove for good a record already in the recycle bin (retention or an administrator)."""
        with transaction.atomic():
            record_change(
                object_type=self.object_type.key,
                obj=obj,
                action=Action.PURGED,
                changes={},
                actor=actor,
                label=self.object_type.title(obj),
            )
            obj.delete()


SAFE_NAME = re.compile(r"[^\w.\- ]+", re.UNICODE)


def save_attachment(key: str, obj: models.Model, upload: Any, *, user: Any) -> Any:
    """Keep an uploaded file on a record (the caller has checked the user may edit it): refused above
    GUANXI_MAX_ATTACHMENT_BYTES, its name made safe for every file system."""

    if upload.size > settings.GUANXI_MAX_ATTACHMENT_BYTES:
        limit = settings.GUANXI_MAX_ATTACHMENT_BYTES // (1024 * 1024)
        raise ValidationError({"file": [_("The file is larger than {n} MB.").format(n=limit)]})
    name = SAFE_NAME.sub("_", upload.name)[-200:] or "file"
    return Attachment.objects.create(
        object_type=key,
        object_id=obj.pk,
        file=upload,
        name=name,
        size=upload.size,
        content_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
        uploaded_by=user,
    )


# --- tags and notes: written beside a record, through here, with the actor and a history entry ------


def _tag_names(key: str, pk: Any) -> list[str]:

    return sorted(Tag.objects.filter(links__object_type=key, links__object_id=pk).values_list("name", flat=True))


def tag_records(key: str, ids: Iterable[Any], name: str, *, actor: Actor) -> int:
    """Put the tag `name` on each of these records (the caller chose them through the access layer
    with the `edit` right, as tagging one record needs); each record's history says so."""

    name = name.strip()[:60]
    if not name:
        raise ValidationError({"name": [_("Give the tag a name.")]})
    ot = _registry_get(key)
    done = 0
    with transaction.atomic():
        tag, _created = Tag.objects.get_or_create(name=name)
        records = ot.model._default_manager.filter(pk__in=list(ids))
        if actor.user is not None:
            records = scope(actor.user, key, Operation.EDIT).filter(pk__in=list(ids))
        for obj in records:
            before = _tag_names(key, obj.pk)
            _link, created = TagLink.objects.get_or_create(tag=tag, object_type=key, object_id=obj.pk)
            if created:
                record_change(
                    object_type=key,
                    obj=obj,
                    action=Action.UPDATED,
                    changes={"tags": (before, sorted({*before, tag.name}))},
                    actor=actor,
                    label=ot.title(obj),
                )
            done += 1
    return done


def untag_record(key: str, obj: models.Model, tag_id: Any, *, actor: Actor) -> None:

    if actor.user is not None and not can(actor.user, Operation.EDIT, obj):
        raise PermissionDenied(_("You may not change this record."))
    with transaction.atomic():
        before = _tag_names(key, obj.pk)
        removed, _rows = TagLink.objects.filter(tag_id=tag_id, object_type=key, object_id=obj.pk).delete()
        if removed:
            after = _tag_names(key, obj.pk)
            record_change(
                object_type=key,
                obj=obj,
                action=Action.UPDATED,
                changes={"tags": (before, after)},
                actor=actor,
                label=_registry_get(key).title(obj),
            )


def add_note(key: str, obj: models.Model, body: str, *, actor: Actor) -> Any:
    """A note on a record. Whoever may see a record may comment on it (a service agent on a
    customer they serve): a note adds to the record and changes none of its fields."""

    if actor.user is not None and not can(actor.user, Operation.VIEW, obj):
        raise PermissionDenied(_("You may not see this record."))
    text = nh3.clean(str(body or ""), tags=set()).strip()
    if not text:
        raise ValidationError({"body": [_("A note cannot be empty.")]})
    return Note.objects.create(object_type=key, object_id=obj.pk, body=text[:20000], author=actor.user)


def _registry_get(key: str) -> ObjectType:

    return registry.get(key)


def visible_record(actor: Actor, key: str, pk: Any, *, field: str) -> Any:
    """The `key` record with this id (or the record itself) that the actor may see — any, for the
    system — or a ValidationError on `field`."""
    records = scope(actor.user, key) if actor.user is not None else registry.get(key).model._default_manager.all()
    try:
        found = records.filter(pk=getattr(pk, "pk", pk)).first()
    except (ValueError, ValidationError):
        found = None
    if found is None:
        raise ValidationError({field: [_("No such record.")]})
    return found
