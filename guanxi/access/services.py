"""Writes of the access app: departments, users, roles, shares and API tokens."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any, cast

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guanxi.core.actor import Actor

from .models import ApiToken, Department, Role, RolePermission, Share, User
from .seeds import ROLES


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
        if created:
            for object_type, ops in spec["grants"].items():  # type: ignore[attr-defined]
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


def create_token(*, user: User, name: str, actor: Actor, expires_at: datetime | None = None) -> tuple[ApiToken, str]:
    """Returns the stored token and the plain token, which is never stored and shown only now."""
    plain = "gx_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=plain[:10], digest=ApiToken.hash(plain), expires_at=expires_at
    )
    return token, plain


def revoke_token(token: ApiToken, *, actor: Actor) -> None:
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
