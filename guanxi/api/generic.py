"""The generic REST API: one router per registered object type, built from the registry.

No `from __future__ import annotations` here: django-ninja reads the annotations of the endpoint
functions, which are created per object type at import time.
"""

import datetime
import decimal
import importlib
import json
import logging
import re
import time
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Literal, Optional, cast

from django import forms
from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseRedirectBase
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Query, Router, Schema, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyHeader, HttpBearer
from ninja.utils import check_csrf
from pydantic import AfterValidator, BeforeValidator, ConfigDict, StrictBool, StrictInt, create_model
from pydantic import ValidationError as PydanticError

from guanxi.access import login
from guanxi.access.choices import Operation
from guanxi.access.models import ApiToken, User
from guanxi.access.scoping import FieldRules, Sight, can_create, fields, scope
from guanxi.core import registry
from guanxi.core.actor import Actor, acting_as
from guanxi.core.choices import Source
from guanxi.core.converters import MAX_ID
from guanxi.core.dates import storable_datetime
from guanxi.core.errors import PermissionDenied, RateLimited, StaleVersion
from guanxi.core.registry import ObjectAction, ObjectType
from guanxi.records import actions as record_actions
from guanxi.records import lists

logger = logging.getLogger("guanxi.access")


# A numeric id in an API path: any number a BIGINT holds (a larger one is a 422, not an overflow).
RowId = Annotated[int, Field(ge=1, le=MAX_ID)]


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        try:
            row = ApiToken.objects.select_related("user").get(digest=ApiToken.hash(token))
        except ApiToken.DoesNotExist:
            return None
        if not row.is_usable or not row.user.is_active:
            return None

        window = login.access_window(row.user, login.client_ip(request))
        if window == login.DENY:
            return None
        if login.requires_2fa(row.user) and not login.has_2fa(row.user):
            # A token is no way around the second factor the user's role requires.
            raise PermissionDenied(_("Your role requires two-step sign-in: set it up before using API tokens."))
        if window == login.READ_ONLY and request.method not in ("GET", "HEAD", "OPTIONS"):
            raise PermissionDenied(_("Outside your working hours you can look things up but not change them."))
        _count_request(row)
        now = timezone.now()
        if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        request.api_token = row  # type: ignore[attr-defined]
        row.user._guanxi_token = row  # type: ignore[attr-defined]  # the access layer narrows by its scopes
        return row.user


def _count_request(token: ApiToken) -> None:
    """A fixed one-minute window per token, counted in the shared cache (Redis in production,
    so every web process counts together)."""

    now = time.time()
    window = int(now // 60)
    key = f"api:rate:{token.pk}:{window}"
    cache.add(key, 0, 120)
    try:
        used = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, 120)
        used = 1
    if used > token.rate_limit:
        raise RateLimited(int((window + 1) * 60 - now) + 1)


def require_scope(request: HttpRequest, object_type: str, *, write: bool) -> None:
    """An API token's scopes narrow its user's rights per object type (a session is not narrowed)."""
    token: ApiToken | None = getattr(request, "api_token", None)
    if token is not None and not token.allows(object_type, write=write):
        message = _("This API token may not change {type}.") if write else _("This API token may not read {type}.")
        raise PermissionDenied(message.format(type=object_type))


class SessionAuth(APIKeyHeader):
    """The signed-in browser session (the interactive docs, pages' scripts). A write with a session
    must carry the CSRF token in the X-CSRFToken header and come from this site (Django's own
    check, with its Origin and Referer rules): django-ninja exempts its views from the CSRF
    middleware, so without this any site a user visited could write with their session."""

    param_name = "X-CSRFToken"

    def _get_key(self, request: HttpRequest) -> str | None:
        return "session"

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if request.method not in ("GET", "HEAD", "OPTIONS") and check_csrf(request) is not None:
            raise PermissionDenied(
                _("A change made with a signed-in session needs the CSRF token (X-CSRFToken header) of this site.")
            )
        return cast("User | None", user)


PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "description": "field → messages",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["title", "status"],
}
PROBLEM_RESPONSES = {
    "400": "The request could not be read",
    "401": "No valid API token",
    "403": "Not allowed (the body names the field or the reason)",
    "404": "No such record, or not visible to you",
    "422": "Invalid input (field-level errors)",
    "429": "Too many requests; see Retry-After",
}
WRITE_RESPONSES = {
    "409": "Conflicts with the record's state",
    "412": "The record changed since you read it",
    "428": "If-Match missing",
}


class GuanxiAPI(NinjaAPI):
    """The schema documents the problem responses every operation can give, so clients and the
    fuzzer know them."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        custom = custom_openapi(kwargs.get("path_prefix") or self.get_root_path(kwargs.get("path_params") or {}))
        schema["paths"].update(custom["paths"])
        schema.setdefault("components", {}).setdefault("schemas", {}).update(custom["schemas"])
        schema["components"]["schemas"]["Problem"] = PROBLEM_SCHEMA
        ref = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
        for item in schema.get("paths", {}).values():
            for method, operation in item.items():
                responses = operation.setdefault("responses", {})
                extra = dict(PROBLEM_RESPONSES)
                if method in ("patch", "put", "delete", "post"):
                    extra |= WRITE_RESPONSES
                for code, description in extra.items():
                    if code not in responses:
                        responses[code] = {"description": description, "content": ref}
                if "429" in responses:
                    responses["429"].setdefault(
                        "headers", {"Retry-After": {"schema": {"type": "integer"}, "description": "seconds"}}
                    )
        return schema


api = GuanxiAPI(
    title="Guanxi API",
    version="1",
    description="REST API of Guanxi CRM. Authenticate with `Authorization: Bearer <token>` "
    "(create one with `guanxi token create --user NAME`).",
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth()],
)


def api_user(request: HttpRequest) -> User:
    """The user the request authenticated as (token or session)."""
    return request.auth  # type: ignore[attr-defined,no-any-return]


def problem(request: HttpRequest, status: int, title: str, detail: str = "", **extra: Any) -> HttpResponse:
    """RFC 9457 problem details."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail or title, **extra}
    response = api.create_response(request, body, status=status)
    response["Content-Type"] = "application/problem+json"
    return response


class PermanentRedirectKeepingMethod(HttpResponseRedirectBase):
    """308: the client repeats the same method and body at the new address."""

    status_code = 308


class MovedToPlural(Exception):
    """An old singular address (/api/v1/booth/…) reached a route that takes the collection as a
    parameter: answered with a redirect to the plural one."""


@api.exception_handler(MovedToPlural)
def _moved(request: HttpRequest, exc: MovedToPlural) -> HttpResponse:
    return moved_response(request, request.path.removeprefix("/api/")) or problem(request, 404, _("Not found"))


def moved_response(request: HttpRequest, rest: str) -> HttpResponse | None:
    """For an address of the singular paths the API had before its collections took plural names
    (/api/v1/account/…): a permanent redirect to the plural one that keeps the method and body (308)."""
    moved = plural_address(rest)
    if moved is None:
        return None
    query = request.META.get("QUERY_STRING", "")
    response = PermanentRedirectKeepingMethod(f"/api/{moved}" + (f"?{query}" if query else ""))
    response["Deprecation"] = "true"
    return response


def plural_address(rest: str) -> str | None:
    """The address an old singular API path has now ("v1/account/42" → "v1/accounts/42",
    "v1/sales/quote/…" → "v1/sales/quotes/…"), or None when `rest` names no object type's key."""
    parts = rest.split("/")
    at = 2 if parts[:2] == ["v1", "sales"] else 1
    if parts[:1] != ["v1"] or len(parts) <= at:
        return None
    ot = registry.maybe(parts[at])
    if ot is None or ot.api_name == parts[at]:
        return None
    parts[at] = ot.api_name
    return "/".join(parts)


@api.exception_handler(NinjaValidationError)
def _pydantic_errors(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    moved = moved_response(request, request.path.removeprefix("/api/"))
    if moved is not None:  # an old singular address whose collection a route checks (/sales/quote/…)
        return moved
    errors: dict[str, list[str]] = {}
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path", "payload", "filters")]
        errors.setdefault(".".join(loc) or "__all__", []).append(str(err.get("msg", "")))
    return problem(request, 422, _("Invalid input"), _("Some fields are not valid."), errors=errors)


@api.exception_handler(ValidationError)
def _django_errors(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return problem(request, 422, _("Invalid input"), _("Some fields are not valid."), errors=errors)


@api.exception_handler(StaleVersion)
def _stale(request: HttpRequest, exc: StaleVersion) -> HttpResponse:
    return problem(
        request,
        412,
        _("The record changed since you read it"),
        _("Someone saved a newer version; reload it and apply your change again."),
        current_version=exc.current_version,
        changed=sorted(exc.changed),
    )


@api.exception_handler(PermissionDenied)
def _denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    user = getattr(request, "auth", None) or getattr(request, "user", None)
    logger.warning("access denied: user=%s path=%s reason=%s", getattr(user, "username", "-"), request.path, exc)
    extra = {"errors": {exc.field: [str(exc)]}} if exc.field else {}
    return problem(request, 403, _("Forbidden"), str(exc) or _("You may not do this."), **extra)


@api.exception_handler(RateLimited)
def _rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    response = problem(
        request,
        429,
        _("Too many requests"),
        _("This API token made too many requests this minute; try again in {n} seconds.").format(n=exc.retry_after),
    )
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem(request, 401, _("Not signed in"), _("Give a valid API token."))


@api.exception_handler(IntegrityError)
def _integrity(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
    """A rule only the database could check (a link to a record deleted a moment ago, say): the
    transaction was rolled back, nothing was written."""
    logger.warning("integrity error: path=%s %s", request.path, exc)
    return problem(
        request,
        409,
        _("Conflicts with other records"),
        _("Nothing was saved: the change conflicts with other records (one it refers to may have just been removed)."),
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem(request, exc.status_code, str(exc))


# --- schemas built from the registry ------------------------------------------------------------


class Ref(Schema):
    id: str
    label: str


class CursorPage(Schema):
    items: list[dict[str, Any]]
    next_cursor: str | None = None
    count: int
    count_is_estimate: bool = Field(False, description="true when there are more rows than counted")


def _not_a_number(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(_("Give a date as text, e.g. 2026-11-25."))
    return value


def _storable_datetime(value: datetime.datetime) -> datetime.datetime:
    try:
        return storable_datetime(value)
    except ValidationError as exc:
        raise ValueError(exc.messages[0]) from None


def _py_type(field: models.Field[Any, Any], *, for_input: bool) -> Any:
    if isinstance(field, models.ForeignKey):
        target = field.target_field
        return _py_type(target, for_input=True) if for_input else Optional[Ref]
    if field.choices and not isinstance(field, models.BooleanField):
        values = tuple(str(k) for k, _label in field.flatchoices)
        if isinstance(field, models.IntegerField):
            return Literal[tuple(int(v) for v in values)]
        if field.blank:
            values = ("", *values)
        return Literal[values]
    if for_input and isinstance(field, models.DateTimeField):
        # Text (ISO 8601), and a time the database can store once in UTC.
        return Annotated[datetime.datetime, BeforeValidator(_not_a_number), AfterValidator(_storable_datetime)]
    if for_input and isinstance(field, models.DateField):
        # A date is written as text (ISO 8601); a bare number is not a date.
        return Annotated[datetime.date, BeforeValidator(_not_a_number)]
    mapping: list[tuple[type[models.Field[Any, Any]], Any]] = [
        (models.BooleanField, bool),
        (models.UUIDField, uuid.UUID),
        (models.DateTimeField, datetime.datetime),
        (models.DateField, datetime.date),
        (models.DecimalField, decimal.Decimal),
        (models.PositiveIntegerField, int),
        (models.IntegerField, int),
        (models.AutoField, int),
        (models.JSONField, Any),
    ]
    for cls, typ in mapping:
        if isinstance(field, cls):
            if for_input and typ is int:
                return StrictInt  # JSON numbers only: `false` is not an id
            if for_input and typ is bool:
                return StrictBool
            return typ
    return str


def _own_choices(ot: ObjectType, name: str) -> Any:
    """A Literal of the values this object type allows in a shared choice field (custom objects)."""
    values = tuple(v for v, _label in ot.choices(name) or [])
    if ot.field(name).blank:
        values = ("", *values)
    return Literal[values] if values else str


def _input_field(ot: ObjectType, name: str, *, partial: bool) -> tuple[Any, Any]:
    field = ot.field(name)
    typ = _own_choices(ot, name) if name in ot.field_choices else _py_type(field, for_input=True)
    constraints: dict[str, Any] = {"description": ot.field_label(name)}
    free = not field.choices and name not in ot.field_choices  # a choice's values say it all
    if isinstance(field, models.CharField) and field.max_length and free:
        constraints["max_length"] = field.max_length
    if isinstance(field, models.CharField | models.TextField) and not field.blank and free:
        constraints["min_length"] = 1
    if isinstance(field, models.PositiveIntegerField | models.PositiveSmallIntegerField) and free:
        constraints["ge"] = 0
        constraints["le"] = 2_147_483_647
    optional = partial or field.null or field.blank or field.has_default()
    if field.null or (isinstance(field, models.ForeignKey)):
        typ = Optional[typ]
    if optional:
        return (typ, Field(None, **constraints))
    return (typ, Field(..., **constraints))


def output_fields(ot: ObjectType) -> list[str]:
    names = list(dict.fromkeys([*ot.all_detail_fields(), *ot.list_columns, "created_at", "updated_at"]))
    return [n for n in names if n not in ("id", "version", "custom")]


def build_schemas(ot: ObjectType) -> tuple[type[Schema], type[Schema], type[Schema]]:
    name = "".join(p.title() for p in ot.key.split("_"))
    out_fields: dict[str, Any] = {"id": (uuid.UUID, ...), "version": (int, ...)}
    for fname in output_fields(ot):
        field = ot.field(fname)
        typ = _own_choices(ot, fname) if fname in ot.field_choices else _py_type(field, for_input=False)
        out_fields[fname] = (Optional[typ], None)
    out_fields["custom"] = (dict[str, Any], Field(default_factory=dict))
    out_model = create_model(f"{name}Out", __base__=Schema, **out_fields)
    config = ConfigDict(extra="forbid")
    create_fields = {f: _input_field(ot, f, partial=False) for f in ot.form_fields}
    create_fields["custom"] = (Optional[dict[str, Any]], Field(None, description=_("custom field values")))
    in_model = create_model(f"{name}Create", __config__=config, **create_fields)  # type: ignore[call-overload]
    patch_fields = {f: _input_field(ot, f, partial=True) for f in ot.form_fields}
    patch_fields["custom"] = (Optional[dict[str, Any]], Field(None))
    patch_model = create_model(f"{name}Patch", __config__=config, **patch_fields)  # type: ignore[call-overload]
    return out_model, in_model, patch_model


def serialize(
    ot: ObjectType,
    obj: models.Model,
    user: User,
    only: set[str] | None = None,
    *,
    rules: FieldRules | None = None,
    labels: dict[str, dict[Any, str]] | None = None,
) -> dict[str, Any]:
    """One record as the API returns it. Lists pass the field rules and the foreign keys' labels,
    computed once per page, so a page costs the same whatever it shows. A link to a record the user
    may not see keeps its id and has an empty label (its name is not theirs to read)."""
    rules = rules or fields(user, ot.key)
    if labels is None:
        fks = [f for f, _a, is_fk in _output_plan(ot) if is_fk and (only is None or f in only) and rules.can_read(f)]
        labels = _labels_as_seen(ot, [obj], fks, user)
    data: dict[str, Any] = {"id": obj.pk, "version": getattr(obj, "version", 1)}
    for fname, attname, is_fk in _output_plan(ot):
        if (only is not None and fname not in only) or not rules.can_read(fname):
            continue
        if is_fk:
            pk = getattr(obj, attname)
            if pk is None:
                data[fname] = None
            elif labels is not None and fname in labels:
                data[fname] = {"id": str(pk), "label": labels[fname].get(pk, "")}
            else:
                data[fname] = {"id": str(pk), "label": str(getattr(obj, fname))}
        else:
            data[fname] = getattr(obj, attname)
    data["custom"] = {k: v for k, v in (getattr(obj, "custom", None) or {}).items() if rules.can_read(f"custom.{k}")}
    return data


def serialize_page(ot: ObjectType, rows: list[models.Model], user: User, only: set[str] | None) -> list[dict[str, Any]]:
    rules = fields(user, ot.key)
    fks = [f for f, _a, is_fk in _output_plan(ot) if is_fk and (only is None or f in only) and rules.can_read(f)]
    labels = _labels_as_seen(ot, rows, fks, user)
    return [serialize(ot, o, user, only, rules=rules, labels=labels) for o in rows]


def _labels_as_seen(ot: ObjectType, rows: list[models.Model], fks: list[str], user: User) -> dict[str, dict[Any, str]]:
    """The foreign keys' labels, from the related objects already loaded where a query joined them,
    emptied for records the user may not see (one query per target type, none for a user who sees
    the whole type)."""
    sight = Sight(user)
    labels: dict[str, dict[Any, str]] = {}
    missing = []
    for name in fks:
        field = ot.field(name)
        assert isinstance(field, models.ForeignKey)
        if rows and all(field.is_cached(r) or getattr(r, field.attname) is None for r in rows):
            labels[name] = {getattr(r, field.attname): str(getattr(r, name)) for r in rows if getattr(r, field.attname)}
            ids = list(labels[name])
            sight.prime(field.related_model, ids)  # type: ignore[arg-type]
            labels[name] = {pk: (v if sight.visible(field.related_model, pk) else "") for pk, v in labels[name].items()}  # type: ignore[arg-type]
        else:
            missing.append(name)
    if missing:
        labels |= lists.fk_labels(ot, rows, missing, sight=sight)
    return labels


_PLANS: dict[str, tuple[ObjectType, list[tuple[str, str, bool]]]] = {}


def _output_plan(ot: ObjectType) -> list[tuple[str, str, bool]]:
    """(field, attribute, is a foreign key) for each field the API returns, worked out once per
    registration (a custom object registers again when its definition changes)."""
    found = _PLANS.get(ot.key)
    if found is None or found[0] is not ot:
        plan = [(f, ot.field(f).attname, isinstance(ot.field(f), models.ForeignKey)) for f in output_fields(ot)]
        found = _PLANS[ot.key] = (ot, plan)
    return found[1]


def _actor(request: HttpRequest) -> Actor:
    return Actor(api_user(request), Source.API)


def _payload_dict(payload: Schema, *, partial: bool) -> dict[str, Any]:
    data = payload.model_dump(exclude_unset=partial)
    if not partial:
        data = {k: v for k, v in data.items() if k in payload.model_fields_set or v is not None}
    if data.get("custom") is None:
        data.pop("custom", None)
    return data


def _check_writable(ot: ObjectType, user: User, data: dict[str, Any]) -> None:
    rules = fields(user, ot.key)
    for name in data:
        if name == "custom":
            for key in data["custom"] or {}:
                if not rules.can_write(f"custom.{key}"):
                    raise PermissionDenied(_("You may not change this field."), field=f"custom.{key}")
        elif not rules.can_write(name):
            raise PermissionDenied(_("You may not change this field."), field=name)


def _get(ot: ObjectType, user: User, pk: uuid.UUID, op: str = Operation.VIEW) -> models.Model:
    obj = lists.select_for_list(ot, scope(user, ot.key, op), tuple(output_fields(ot))).filter(pk=pk).first()
    if obj is None:
        if op != Operation.VIEW and scope(user, ot.key, Operation.VIEW).filter(pk=pk).exists():
            raise PermissionDenied(_("You may not do this to this record."))
        raise HttpError(404, _("Not found"))
    return cast("models.Model", obj)


def _parse_if_match(request: HttpRequest) -> int:
    header = request.headers.get("If-Match")
    if not header:
        raise HttpError(428, _("Send the If-Match header with the version (ETag) you read."))
    try:
        return int(header.strip().removeprefix("W/").strip('"'))
    except ValueError:
        raise HttpError(400, _('If-Match must be the ETag you read, e.g. "3".')) from None


def _filter_pattern(ot: ObjectType, name: str) -> str:
    """What a filter accepts: one value or several separated by commas (any of them)."""

    field = ot.field(name)
    target = field.target_field if isinstance(field, models.ForeignKey) else field
    if name in ot.field_choices:
        one = "(?:" + "|".join(re.escape(v) for v, _label in ot.choices(name) or [] if v) + ")"
    elif isinstance(target, models.UUIDField):
        one = "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"
    elif isinstance(target, models.IntegerField | models.AutoField):
        one = "[0-9]{1,9}"
    elif field.choices and not isinstance(field, models.BooleanField):
        one = "(?:" + "|".join(re.escape(str(k)) for k, _label in field.flatchoices if str(k)) + ")"
    elif isinstance(field, models.BooleanField):
        one = "(?:true|false|1|0|yes|no)"
    else:
        one = "[A-Za-z0-9_.-]{1,60}"  # picklist values and codes
    first = f"(?:null|{one})" if field.null else one
    return f"^{first}(?:,{one})*$"


def _filter_help(ot: ObjectType, name: str) -> str:
    return ot.field_label(name) + " · " + _("several values separated by commas mean any of them")


def _filter_model(ot: ObjectType) -> type[Schema]:
    params: dict[str, Any] = {
        "q": (Optional[str], Field(None, max_length=200, description=_("search text, phone or email"))),
        "sort": (
            Optional[Literal[(*ot.sort_fields, *[f"-{s}" for s in ot.sort_fields])]],
            Field(None, description=_("field to sort by; a leading minus sorts descending")),
        ),
        "cursor": (
            Optional[str],
            Field(None, max_length=500, pattern=r"^[A-Za-z0-9_-]+$", description=_("next_cursor of the page before")),
        ),
        "limit": (int, Field(50, ge=1, le=500)),
        "fields": (Optional[str], Field(None, description=_("comma-separated fields to return"))),
    }
    for fname in ot.filter_fields:
        params[fname] = (
            Optional[str],
            Field(None, max_length=500, pattern=_filter_pattern(ot, fname), description=_filter_help(ot, fname)),
        )
    for fname in ot.extra.get("filters", {}):
        params[fname] = (Optional[str], Field(None, max_length=100))
    name = "".join(p.title() for p in ot.key.split("_"))
    return create_model(f"{name}Filters", __base__=Schema, **params)


class HeldForApproval(Schema):
    status: Literal["pending_approval"] = "pending_approval"
    id: uuid.UUID
    approval_id: int
    detail: str


class OutOfSight(Schema):
    """A write that succeeded, whose record the caller may no longer see (given to someone outside
    their scope, say): what happened, never a 404 that would read as "nothing was written"."""

    status: Literal["saved_out_of_sight"] = "saved_out_of_sight"
    id: uuid.UUID
    version: int
    detail: str


class BulkItem(Schema):
    """What became of one item of a bulk request, in the order sent."""

    id: uuid.UUID
    result: Literal["saved", "pending_approval", "saved_out_of_sight"]
    version: int
    record: Optional[dict[str, Any]] = Field(None, description=_("the record, when saved and visible to you"))
    approval_id: Optional[int] = Field(None, description=_("the approval request holding the change"))


class BulkResult(Schema):
    items: list[BulkItem]


def _written(request: HttpRequest, ot: ObjectType, obj: models.Model) -> tuple[models.Model | None, dict[str, Any]]:
    """The record as the caller now sees it and its API form; (None, an OutOfSight body) when the
    write took it out of their sight."""
    user = api_user(request)
    try:
        seen = _get(ot, user, obj.pk)
    except HttpError:
        detail = _("Saved. You can no longer see this record (it now belongs to someone outside your view).")
        version = getattr(obj, "version", 1)
        return None, {"status": "saved_out_of_sight", "id": obj.pk, "version": version, "detail": detail}
    return seen, serialize(ot, seen, user)


def _bulk_item(request: HttpRequest, ot: ObjectType, obj: models.Model) -> dict[str, Any]:
    held = getattr(obj, "pending_approval", None)
    version = getattr(obj, "version", 1)
    if held is not None:
        return {"id": obj.pk, "result": "pending_approval", "version": version, "approval_id": held.pk}
    seen, body = _written(request, ot, obj)
    if seen is None:
        return {"id": obj.pk, "result": "saved_out_of_sight", "version": version}
    return {"id": obj.pk, "result": "saved", "version": version, "record": body}


# --- the operations, shared by the typed routers of core objects and the custom objects' router ---


def list_records(request: HttpRequest, ot: ObjectType, params: dict[str, Any]) -> dict[str, Any]:
    require_scope(request, ot.key, write=False)
    # Custom fields filter as `custom.<key>=value`; they vary at run time, so they are read directly.
    params.update({k: v for k, v in request.GET.items() if k.startswith("custom.")})
    user = api_user(request)
    rules = fields(user, ot.key)
    qs = lists.apply_filters(ot, scope(user, ot.key), params, rules=rules)
    only = set(params["fields"].split(",")) if params.get("fields") else None
    pg = lists.page(
        ot,
        lists.defer_internal(ot, qs),
        sort=params.get("sort"),
        cursor=params.get("cursor"),
        limit=params.get("limit"),
        rules=rules,
    )
    count, more = lists.bounded_count(qs)
    return {
        "items": serialize_page(ot, pg.items, user, only),
        "next_cursor": pg.next_cursor,
        "count": count,
        "count_is_estimate": more,
    }


def board_records(request: HttpRequest, ot: ObjectType, params: dict[str, Any]) -> dict[str, Any]:
    """The kanban board the pages show, for the API: each stage's first 50 records, count and total."""
    require_scope(request, ot.key, write=False)
    user = api_user(request)
    rules = fields(user, ot.key)
    if ot.stage_field is None or not rules.can_read(ot.stage_field):
        raise HttpError(404, _("Not found"))
    params = {k: v for k, v in params.items() if v not in (None, "")}
    params.update({k: v for k, v in request.GET.items() if k.startswith("custom.")})
    board = ot.kanban(params)
    qs = lists.apply_filters(ot, scope(user, ot.key).filter(**board.filters), params, rules=rules)
    total_field = board.total_field if board.total_field and rules.can_read(board.total_field) else None
    known = lists.known_totals(ot, user, params, board) if total_field else None
    # A card carries the list's columns (and its stage and total); the whole record is one GET away.
    shown = {name for name in (*ot.list_columns, ot.stage_field, total_field) if name and rules.can_read(name)}
    concrete = {f.name for f in ot.model._meta.concrete_fields}
    read = tuple(sorted(n for n in shown | {"version", "updated_at", "custom"} if n in concrete))
    columns = lists.board_columns(ot, qs, board.columns, board.folded, total_field, known, only=read)
    # One serialisation for every card: the foreign keys' labels are read once for the whole board.
    serialized = iter(serialize_page(ot, [card for c in columns for card in c["cards"]], user, shown))
    return {
        "total_field": total_field,
        "switch": {
            "param": board.switch[0],
            "options": [{"value": v, "label": lb} for v, lb in board.switch[1]],
            "chosen": board.switch[2],
        }
        if board.switch
        else None,
        "columns": [
            {
                "value": c["value"],
                "label": str(c["label"]),
                "count": c["count"],
                "total": c["total"],
                "folded": c["folded"],
                "cards": [next(serialized) for _card in c["cards"]],
            }
            for c in columns
        ],
    }


def create_record(request: HttpRequest, ot: ObjectType, payload: Schema) -> Status[Any]:
    require_scope(request, ot.key, write=True)
    if not can_create(api_user(request), ot.key):
        raise PermissionDenied(_("You may not create this kind of record."))
    data = _payload_dict(payload, partial=False)
    _check_writable(ot, api_user(request), data)
    with acting_as(_actor(request)):
        obj = ot.service.create(data, actor=_actor(request))
    seen, body = _written(request, ot, obj)
    return Status(201 if seen is not None else 202, body)


def bulk_create(request: HttpRequest, ot: ObjectType, items: list[Schema]) -> Status[Any]:
    require_scope(request, ot.key, write=True)
    if not can_create(api_user(request), ot.key):
        raise PermissionDenied(_("You may not create this kind of record."))
    created = []
    errors: dict[str, list[str]] = {}
    with transaction.atomic():
        for i, item in enumerate(items):
            data = _payload_dict(item, partial=False)
            try:
                _check_writable(ot, api_user(request), data)
                created.append(ot.service.create(data, actor=_actor(request)))
            except ValidationError as exc:
                for k, v in exc.message_dict.items():
                    errors[f"items.{i}.{k}"] = v
        if errors:
            transaction.set_rollback(True)
            raise ValidationError(errors)
    return Status(201, {"items": [_bulk_item(request, ot, o) for o in created]})


def bulk_update(request: HttpRequest, ot: ObjectType, items: list[Schema]) -> dict[str, Any]:
    require_scope(request, ot.key, write=True)
    updated = []
    errors: dict[str, list[str]] = {}
    with transaction.atomic():
        for i, item in enumerate(items):
            data = _payload_dict(item, partial=True)
            pk, version = data.pop("id"), data.pop("version")
            try:
                _check_writable(ot, api_user(request), data)
                obj = _get(ot, api_user(request), pk, Operation.EDIT)
                updated.append(ot.service.update(obj, data, actor=_actor(request), expected_version=version))
            except ValidationError as exc:
                for k, v in exc.message_dict.items():
                    errors[f"items.{i}.{k}"] = v
            except StaleVersion as exc:
                transaction.set_rollback(True)
                raise exc
        if errors:
            transaction.set_rollback(True)
            raise ValidationError(errors)
    return {"items": [_bulk_item(request, ot, o) for o in updated]}


def get_record(request: HttpRequest, ot: ObjectType, record_id: uuid.UUID, response: HttpResponse) -> dict[str, Any]:
    require_scope(request, ot.key, write=False)
    obj = _get(ot, api_user(request), record_id)
    response["ETag"] = f'"{obj.version}"'  # type: ignore[attr-defined]
    return serialize(ot, obj, api_user(request))


def update_record(
    request: HttpRequest, ot: ObjectType, record_id: uuid.UUID, payload: Schema, response: HttpResponse
) -> Any:
    require_scope(request, ot.key, write=True)
    expected = _parse_if_match(request)
    obj = _get(ot, api_user(request), record_id, Operation.EDIT)
    data = _payload_dict(payload, partial=True)
    _check_writable(ot, api_user(request), data)
    obj = ot.service.update(obj, data, actor=_actor(request), expected_version=expected)
    response["ETag"] = f'"{obj.version}"'
    held = getattr(obj, "pending_approval", None)
    if held is not None:
        detail = _("The change waits for approval; the record keeps its approved values until then.")
        return Status(202, {"status": "pending_approval", "id": obj.pk, "approval_id": held.pk, "detail": detail})
    seen, body = _written(request, ot, obj)
    return body if seen is not None else Status(202, body)


def delete_record(request: HttpRequest, ot: ObjectType, record_id: uuid.UUID) -> Status[Any]:
    require_scope(request, ot.key, write=True)
    obj = _get(ot, api_user(request), record_id, Operation.DELETE)
    ot.service.delete(obj, actor=_actor(request))
    return Status(204, None)


def restore_record(request: HttpRequest, ot: ObjectType, record_id: uuid.UUID) -> dict[str, Any]:
    require_scope(request, ot.key, write=True)
    obj = scope(api_user(request), ot.key, Operation.DELETE, deleted=True).filter(pk=record_id).first()
    if obj is None:
        raise HttpError(404, _("Not found"))
    ot.service.restore(obj, actor=_actor(request))
    return serialize(ot, _get(ot, api_user(request), record_id), api_user(request))


IF_MATCH_DOC = {
    "parameters": [
        {
            "in": "header",
            "name": "If-Match",
            "required": True,
            "description": _('the ETag (version) you read, e.g. "3"'),
            "schema": {"type": "string", "pattern": r'^(W/)?"?[0-9]{1,9}"?$'},
        }
    ],
    "responses": {412: {"description": _("Stale version")}, 428: {"description": _("If-Match missing")}},
}


@dataclass
class TypeSchemas:
    """The request and response models of one object type, built from its registry entry."""

    out: type[Schema]
    create: type[Schema]
    patch: type[Schema]
    filters: type[Schema]
    bulk_create: type[Schema]
    bulk_patch: type[Schema]


def type_schemas(ot: ObjectType) -> TypeSchemas:
    out_model, in_model, patch_model = build_schemas(ot)
    bulk_create_model = create_model(f"{in_model.__name__}Bulk", items=(list[in_model], Field(..., max_length=500)))  # type: ignore[valid-type]
    patch_item = create_model(
        f"{patch_model.__name__}Item", __base__=patch_model, id=(uuid.UUID, ...), version=(int, ...)
    )
    bulk_patch_model = create_model(f"{patch_model.__name__}Bulk", items=(list[patch_item], Field(..., max_length=500)))  # type: ignore[valid-type]
    return TypeSchemas(out_model, in_model, patch_model, _filter_model(ot), bulk_create_model, bulk_patch_model)  # type: ignore[arg-type]


def build_router(ot: ObjectType) -> Router:
    """The typed endpoints of one object type: ninja validates the input and documents the schema."""
    ts = type_schemas(ot)
    out_model, in_model, patch_model, filter_model = ts.out, ts.create, ts.patch, ts.filters
    bulk_create_model, bulk_patch_model = ts.bulk_create, ts.bulk_patch
    router = Router(tags=[ot.label_plural])

    @router.get("/", response=CursorPage, operation_id=f"list_{ot.key}", summary=_("List"))
    def list_view(request: HttpRequest, filters: Query[filter_model]) -> dict[str, Any]:  # type: ignore[valid-type]
        return list_records(request, ot, filters.model_dump())  # type: ignore[attr-defined]

    @router.post(
        "/",
        response={201: out_model, 202: OutOfSight},
        operation_id=f"create_{ot.key}",
        summary=_("Create"),
        exclude_unset=True,
    )
    def create_view(request: HttpRequest, payload: in_model) -> Status[Any]:  # type: ignore[valid-type]
        return create_record(request, ot, payload)

    @router.post("/bulk", response={201: BulkResult}, operation_id=f"bulk_create_{ot.key}", summary=_("Create many"))
    def bulk_create_view(request: HttpRequest, payload: bulk_create_model) -> Status[Any]:  # type: ignore[valid-type]
        return bulk_create(request, ot, payload.items)  # type: ignore[attr-defined]

    @router.patch("/bulk", response=BulkResult, operation_id=f"bulk_update_{ot.key}", summary=_("Update many"))
    def bulk_update_view(request: HttpRequest, payload: bulk_patch_model) -> dict[str, Any]:  # type: ignore[valid-type]
        return bulk_update(request, ot, payload.items)  # type: ignore[attr-defined]

    if ot.stage_field is not None:
        column_model = create_model(
            f"{out_model.__name__}BoardColumn",
            __base__=Schema,
            value=(Any, ...),
            label=(str, ...),
            count=(int, ...),
            total=(Optional[decimal.Decimal], None),
            folded=(bool, False),
            cards=(list[out_model], ...),  # type: ignore[valid-type]
        )
        board_model = create_model(
            f"{out_model.__name__}Board",
            __base__=Schema,
            total_field=(Optional[str], None),
            switch=(Optional[dict[str, Any]], None),
            columns=(list[column_model], ...),  # type: ignore[valid-type]
        )

        @router.get(
            "/board",
            response=board_model,
            operation_id=f"board_{ot.key}",
            summary=_("Board: each stage's first 50 records, count and total"),
            description=_(
                "A card carries the list's columns, its stage and the total field; GET the record for the rest."
            ),
            exclude_unset=True,
        )
        def board_view(request: HttpRequest, filters: Query[filter_model]) -> dict[str, Any]:  # type: ignore[valid-type]
            return board_records(request, ot, filters.model_dump())  # type: ignore[attr-defined]

    @router.get("/{record_id}", response=out_model, operation_id=f"get_{ot.key}", summary=_("Get"), exclude_unset=True)
    def get_view(request: HttpRequest, record_id: uuid.UUID, response: HttpResponse) -> dict[str, Any]:
        return get_record(request, ot, record_id, response)

    @router.patch(
        "/{record_id}",
        response={200: out_model, 202: HeldForApproval | OutOfSight},
        operation_id=f"update_{ot.key}",
        summary=_("Update"),
        exclude_unset=True,
        openapi_extra=IF_MATCH_DOC,
    )
    def update_view(
        request: HttpRequest,
        record_id: uuid.UUID,
        payload: patch_model,  # type: ignore[valid-type]
        response: HttpResponse,
    ) -> dict[str, Any]:
        return update_record(request, ot, record_id, payload, response)  # type: ignore[no-any-return]

    @router.delete(
        "/{record_id}", response={204: None}, operation_id=f"delete_{ot.key}", summary=_("Delete (to the recycle bin)")
    )
    def delete_view(request: HttpRequest, record_id: uuid.UUID) -> Status[Any]:
        return delete_record(request, ot, record_id)

    @router.post(
        "/{record_id}/restore",
        response=out_model,
        operation_id=f"restore_{ot.key}",
        summary=_("Restore from the recycle bin"),
        exclude_unset=True,
    )
    def restore_view(request: HttpRequest, record_id: uuid.UUID) -> dict[str, Any]:
        return restore_record(request, ot, record_id)

    for action in ot.actions:
        _action_route(router, ot, action)
    return router


_INPUT_TYPES: dict[str, Any] = {"text": str, "choice": str, "decimal": Decimal, "date": datetime.date}


def _form_field_type(form_field: forms.Field) -> Any:
    """The JSON type of an action form's field (its choices and lookups are checked by the form)."""
    for form_class, kind in (  # DecimalField and FloatField are kinds of IntegerField: first
        (forms.BooleanField, bool),
        (forms.UUIDField, uuid.UUID),
        (forms.DecimalField, Decimal),
        (forms.FloatField, float),
        (forms.IntegerField, int),
        (forms.DateTimeField, datetime.datetime),
        (forms.DateField, datetime.date),
        (forms.TimeField, datetime.time),
        (forms.MultipleChoiceField, list[str]),
    ):
        if isinstance(form_field, form_class):
            return kind
    return str


def _action_input_model(ot: ObjectType, action: ObjectAction) -> type[Schema]:
    """The body of POST …/actions/<name>: each input with its type (a choice's values are checked
    when the action runs: they are a picklist's, which an administrator edits)."""
    fields_: dict[str, Any] = {}
    if action.form is not None:
        for name, form_field in action.form().fields.items():  # with the fields it adds itself
            if isinstance(form_field, forms.FileField):
                continue  # a file comes from a page's upload; a JSON body carries none
            kind = _form_field_type(form_field)
            fields_[name] = (
                kind if form_field.required else Optional[kind],
                Field(
                    ... if form_field.required else None,
                    description=str(form_field.label or name),
                    max_length=getattr(form_field, "max_length", None) if kind is str else None,
                ),
            )
    for spec in action.inputs:
        kind = _INPUT_TYPES.get(spec.kind, str)
        fields_[spec.name] = (
            kind if spec.required else Optional[kind],
            Field(
                ... if spec.required else None,
                description=str(spec.label),
                max_length=spec.max_length if kind is str else None,
            ),
        )
    return create_model(f"{ot.model.__name__}{action.name.title().replace('_', '')}In", __base__=Schema, **fields_)


def run_action(
    request: HttpRequest, ot: ObjectType, action: ObjectAction, record_id: uuid.UUID, data: Any
) -> Status[Any]:
    """POST /v1/<plural>/{id}/actions/<name>: 404 for a record the caller cannot see, 403 without the
    right the action needs, 422 naming the field when the record's state or an input does not
    allow it; else the record made (201) or the record as it is now (200)."""
    require_scope(request, ot.key, write=True)
    for key in action.creates:
        require_scope(request, key, write=True)
    user = api_user(request)
    obj = _get(ot, user, record_id)
    made = record_actions.perform(user, action, obj, data, actor=_actor(request))
    if isinstance(made, models.Model) and registry.maybe_for_model(made) is not None and made.pk != obj.pk:
        made_ot = registry.for_model(made)
        return Status(201, serialize(made_ot, _get(made_ot, user, made.pk), user))
    return Status(200, serialize(ot, _get(ot, user, record_id), user))


def _action_route(router: Router, ot: ObjectType, action: ObjectAction) -> None:
    body = _action_input_model(ot, action)

    def view(request: HttpRequest, record_id: uuid.UUID, payload: body) -> Status[Any]:  # type: ignore[valid-type]
        return run_action(request, ot, action, record_id, payload.model_dump())  # type: ignore[attr-defined]

    needs = _("Needs the “{op}” right on the record").format(op=Operation(action.operation).label)
    if action.creates:
        needs += _(" and may create: {types}").format(types=", ".join(action.creates))
    router.add_api_operation(
        f"/{{record_id}}/actions/{action.name}",
        ["POST"],
        view,
        response={200: dict, 201: dict},
        operation_id=f"{action.name}_{ot.key}",
        summary=str(action.summary or action.label),
        description=f"{needs}.",
    )


# --- custom objects: one router for every type defined at run time ------------------------------
# Their types come and go while the server runs, so the routes take the type from the path and
# validate with models built from the current definition; the schema documents each type on its own.

custom_router = Router()
_CUSTOM_SCHEMAS: dict[str, tuple[ObjectType, TypeSchemas]] = {}


def _custom(name: str) -> tuple[ObjectType, TypeSchemas]:
    """The custom object whose collection is /api/v1/<name>/, with its schemas."""
    ot = registry.by_api_name(name)
    if ot is None and registry.maybe(name) is not None:
        raise MovedToPlural
    if ot is None or not ot.custom:
        raise HttpError(404, _("No such API address."))
    key = ot.key
    cached = _CUSTOM_SCHEMAS.get(key)
    if cached is None or cached[0] is not ot:  # the definition changed: build its models again
        cached = _CUSTOM_SCHEMAS[key] = (ot, type_schemas(ot))
    return cached


def _validated(model: type[Schema], data: Any) -> Any:

    try:
        return model.model_validate(data)
    except PydanticError as exc:
        raise NinjaValidationError([dict(e) for e in exc.errors()]) from None


def _body(request: HttpRequest) -> Any:

    try:
        return json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        raise HttpError(400, _("The request body is not valid JSON.")) from None
    except RecursionError:
        raise HttpError(400, _("The request body is nested too deeply.")) from None


def _respond(request: HttpRequest, result: Any, temporal: HttpResponse | None = None) -> HttpResponse:
    status, body = (result.status_code, result.value) if isinstance(result, Status) else (200, result)
    response = HttpResponse(status=204) if status == 204 else api.create_response(request, body, status=status)
    if temporal is not None and temporal.has_header("ETag"):
        response["ETag"] = temporal["ETag"]
    return response


@custom_router.get("/{key}/", include_in_schema=False)
def custom_list(request: HttpRequest, key: str) -> HttpResponse:
    ot, ts = _custom(key)
    names = ts.filters.model_fields
    params = _validated(ts.filters, {k: v for k, v in request.GET.items() if k in names}).model_dump()
    return _respond(request, list_records(request, ot, params))


@custom_router.post("/{key}/", include_in_schema=False)
def custom_create(request: HttpRequest, key: str) -> HttpResponse:
    ot, ts = _custom(key)
    return _respond(request, create_record(request, ot, _validated(ts.create, _body(request))))


@custom_router.post("/{key}/bulk", include_in_schema=False)
def custom_bulk_create(request: HttpRequest, key: str) -> HttpResponse:
    ot, ts = _custom(key)
    return _respond(request, bulk_create(request, ot, _validated(ts.bulk_create, _body(request)).items))


@custom_router.patch("/{key}/bulk", include_in_schema=False)
def custom_bulk_update(request: HttpRequest, key: str) -> HttpResponse:
    ot, ts = _custom(key)
    return _respond(request, bulk_update(request, ot, _validated(ts.bulk_patch, _body(request)).items))


@custom_router.get("/{key}/board", include_in_schema=False)
def custom_board(request: HttpRequest, key: str) -> HttpResponse:
    ot, ts = _custom(key)
    if ot.stage_field is None:
        raise HttpError(404, _("No such API address."))
    filters = _validated(ts.filters, dict(request.GET.items()))
    return _respond(request, board_records(request, ot, filters.model_dump()))


@custom_router.get("/{key}/{record_id}", include_in_schema=False)
def custom_get(request: HttpRequest, key: str, record_id: uuid.UUID) -> HttpResponse:
    ot, _ts = _custom(key)
    temporal = HttpResponse()
    return _respond(request, get_record(request, ot, record_id, temporal), temporal)


@custom_router.patch("/{key}/{record_id}", include_in_schema=False)
def custom_update(request: HttpRequest, key: str, record_id: uuid.UUID) -> HttpResponse:
    ot, ts = _custom(key)
    temporal = HttpResponse()
    payload = _validated(ts.patch, _body(request))
    return _respond(request, update_record(request, ot, record_id, payload, temporal), temporal)


@custom_router.delete("/{key}/{record_id}", include_in_schema=False)
def custom_delete(request: HttpRequest, key: str, record_id: uuid.UUID) -> HttpResponse:
    ot, _ts = _custom(key)
    return _respond(request, delete_record(request, ot, record_id))


@custom_router.post("/{key}/{record_id}/restore", include_in_schema=False)
def custom_restore(request: HttpRequest, key: str, record_id: uuid.UUID) -> HttpResponse:
    ot, _ts = _custom(key)
    return _respond(request, restore_record(request, ot, record_id))


def custom_openapi(prefix: str) -> dict[str, Any]:
    """Paths and component schemas documenting each custom object as if it had its own router."""
    paths: dict[str, Any] = {}
    components: dict[str, Any] = {}
    for ot in registry.all_types():
        if not ot.custom:
            continue
        one = NinjaAPI(urls_namespace=f"custom-{ot.key}", auth=api.auth, docs_url=None, openapi_url=None)
        one.add_router(f"/v1/{ot.api_name}/", build_router(ot))
        schema = one.get_openapi_schema(path_prefix=prefix)
        paths.update(schema["paths"])
        components.update(schema.get("components", {}).get("schemas", {}))
    return {"paths": paths, "schemas": components}


def mount_all() -> None:

    for config in apps.get_app_configs():
        if config.name.startswith("guanxi.") and config.name != "guanxi.core":
            try:
                importlib.import_module(f"{config.name}.api")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.api":
                    raise
    for ot in registry.all_types():
        api.add_router(f"/v1/{ot.api_name}/", build_router(ot))
    for hook in registry.api_hooks():
        hook(api)
    api.add_router("/v1/", custom_router)  # last: every fixed address wins over /v1/<custom object>/
