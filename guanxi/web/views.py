"""Generic pages for every registered object: list, kanban, detail, create/edit, history, export,
recycle bin, global search. Views parse input, call the access layer and services, and render."""

from __future__ import annotations

import contextlib
import html
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import models
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanxi.access.choices import Operation
from guanxi.access.http import AuthedRequest
from guanxi.access.models import User
from guanxi.access.scoping import Sight, can, can_any, can_create, current_sight, fields, scope
from guanxi.core import registry
from guanxi.core.actor import current_actor
from guanxi.core.errors import PermissionDenied, StaleVersion
from guanxi.core.models import Attachment, Note, Notification, RecentItem, SavedView, Tag
from guanxi.core.registry import ObjectType, Related
from guanxi.customization.choices import FieldType
from guanxi.customization.selectors import custom_fields_for, lookups_to
from guanxi.history.selectors import history_for
from guanxi.records import actions as record_actions
from guanxi.records import lists
from guanxi.records.services import add_note as add_note_to
from guanxi.records.services import save_attachment, tag_records, untag_record
from guanxi.web import exports
from guanxi.web.forms import AttachmentForm, NoteForm, RecordForm, TagForm
from guanxi.web.templatetags.guanxi import column_class, render_cells


def _ot(key: str) -> ObjectType:
    ot = registry.maybe(key)
    if ot is None:
        raise Http404
    return ot


def _user(request: AuthedRequest) -> User:
    return request.user


def get_record(request: AuthedRequest, ot: ObjectType, pk: Any, op: str = Operation.VIEW) -> models.Model:
    """The record if the user may `op` it; otherwise 404 — a hidden record does not exist for them."""
    try:
        obj = scope(_user(request), ot.key, op).filter(pk=pk).first()
    except ValidationError:
        obj = None
    if obj is None:
        raise Http404
    return cast("models.Model", obj)


def _columns(request: AuthedRequest, ot: ObjectType) -> list[str]:
    rules = fields(_user(request), ot.key)
    available = available_columns(ot)
    chosen = request.GET.get("columns")
    cols = [c for c in chosen.split(",") if c in available] if chosen else list(ot.list_columns)
    cols += [f"custom.{cf.key}" for cf in custom_fields_for(ot.key) if cf.show_in_list and not chosen]
    return [c for c in cols if rules.can_read(c)] or [ot.title_field]


def available_columns(ot: ObjectType) -> list[str]:
    names = list(dict.fromkeys([*ot.list_columns, *ot.all_detail_fields()]))
    names = [n for n in names if n not in ("description", "preferences", "body")]
    return names + [f"custom.{cf.key}" for cf in custom_fields_for(ot.key)]


def _options_html(choices: list[tuple[Any, str]], value: str) -> SafeString:
    """<option>s built in one pass: a filter over the region tree has hundreds of them."""
    parts = []
    for v, label in choices:
        v = str(v)
        selected = " selected" if v == value else ""
        parts.append(f'<option value="{html.escape(v)}"{selected}>{html.escape(str(label))}</option>')
    return mark_safe("".join(parts))  # noqa: S308 - every value and label is escaped above


def _filter_widgets(request: AuthedRequest, ot: ObjectType) -> list[dict[str, Any]]:
    widgets = []
    rules = fields(_user(request), ot.key)
    for name in ot.filter_fields:
        if not rules.can_read(name):
            continue
        field = ot.field(name)
        choices: list[tuple[Any, str]] | None = ot.choices(name)
        if choices is None and isinstance(field, models.ForeignKey) and field.related_model is User:
            choices = [(u.pk, str(u)) for u in User.objects.filter(is_active=True).order_by("username")]
        elif choices is None and isinstance(field, models.ForeignKey) and hasattr(field.related_model, "choice_tree"):
            choices = field.related_model.choice_tree()  # type: ignore[union-attr]
        if choices is None:
            continue
        value = request.GET.get(name, "")
        widgets.append(
            {
                "name": name,
                "label": ot.field_label(name),
                "options": _options_html(choices, value),
                "value": value,
            }
        )
    for cf in custom_fields_for(ot.key):
        if not rules.can_read(f"custom.{cf.key}"):
            continue
        if cf.field_type in (FieldType.CHOICE, FieldType.MULTI_CHOICE):
            choices = [(c["value"], cf.choice_label(c["value"])) for c in cf.choices]
        elif cf.field_type == FieldType.BOOLEAN:
            choices = [("true", _("Yes")), ("false", _("No"))]
        else:
            continue
        name = f"custom.{cf.key}"
        value = request.GET.get(name, "")
        widgets.append(
            {
                "name": name,
                "label": str(cf),
                "options": _options_html(choices, value),
                "value": value,
            }
        )
    return widgets


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    user = _user(request)
    recent = RecentItem.objects.filter(user=user).order_by("-viewed_at")[:10]
    sections = []
    for key in ("account", "lead"):
        ot = registry.maybe(key)
        if ot is None or not can_any(user, key, Operation.VIEW):
            continue
        qs = scope(user, key).filter(owner=user).order_by("-updated_at")
        sections.append({"ot": ot, "items": list(lists.select_for_list(ot, qs, ot.list_columns)[:8])})
    notifications = Notification.objects.filter(recipient=user, read_at__isnull=True)[:5]
    return render(request, "core/home.html", {"recent": recent, "sections": sections, "notifications": notifications})


@login_required
def record_list(request: AuthedRequest, key: str) -> HttpResponse:
    ot = _ot(key)
    user = _user(request)
    if not can_any(user, key, Operation.VIEW):
        raise Http404
    columns = _columns(request, ot)
    rules = fields(user, key)
    qs = scope(user, key)
    error = None
    try:
        qs = lists.apply_filters(ot, qs, request.GET, rules=rules)
        page = lists.page(
            ot,
            lists.defer_internal(ot, qs),
            sort=request.GET.get("sort"),
            cursor=request.GET.get("cursor"),
            rules=rules,
        )
        count, more = lists.bounded_count(qs)
    except ValidationError as exc:
        error = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
        page, count, more = lists.Page([], None, ot.default_sort), 0, False
    context = {
        "ot": ot,
        "page": page,
        "rows": render_cells(ot, page.items, columns),
        "columns": columns,
        "column_classes": {c: column_class(ot, c) for c in columns},
        "count": count,
        "count_more": more,
        "filters": _filter_widgets(request, ot),
        "q": request.GET.get("q", ""),
        "error": error,
        "available_columns": [c for c in available_columns(ot) if rules.can_read(c)],
        "saved_views": SavedView.objects.filter(user=user, object_type=key),
        "can_create": can_create(user, key),
        "can_export": can_any(user, key, Operation.EXPORT),
        "can_delete": can_any(user, key, Operation.DELETE),
        "can_assign": can_any(user, key, Operation.ASSIGN),
        "users": User.objects.filter(is_active=True).order_by("username") if ot.owner_field else [],
        "tags": Tag.objects.all()[:200],
        "sort": page.sort,
    }
    template = (
        "core/_list_rows.html" if request.headers.get("HX-Request") and request.GET.get("rows") else "core/list.html"
    )
    return render(request, template, context)


@login_required
def record_export(request: AuthedRequest, key: str, fmt: str) -> HttpResponseBase:
    ot = _ot(key)
    user = _user(request)
    if not can_any(user, key, Operation.EXPORT):
        raise Http404
    columns = _columns(request, ot)
    rules = fields(user, key)
    try:
        qs = lists.apply_filters(ot, scope(user, key, Operation.EXPORT), request.GET, rules=rules)
        name, desc = lists.resolve_sort(ot, request.GET.get("sort"), rules)
    except ValidationError as exc:
        return HttpResponseBadRequest(str(exc))
    qs = lists.select_for_list(ot, qs, tuple(columns)).order_by(("-" if desc else "") + name, "pk")
    filename = f"{ot.key}-{timezone.localdate().isoformat()}"
    sight = Sight(user)
    if fmt == "xlsx":
        return exports.export_xlsx(ot, qs, columns, filename, sight=sight)
    return exports.export_csv(ot, qs, columns, filename, sight=sight)


@login_required
@require_POST
def save_view(request: AuthedRequest, key: str) -> HttpResponse:
    _ot(key)
    name = request.POST.get("name", "").strip()[:100]
    query = request.POST.get("query", "")
    if not name:
        messages.error(request, _("Give the view a name."))
    else:
        SavedView.objects.update_or_create(
            user=_user(request), object_type=key, name=name, defaults={"params": {"query": query}}
        )
        messages.success(request, _("View “{name}” saved.").format(name=name))
    return redirect(reverse("core:list", args=[key]) + ("?" + query if query else ""))


def _valid_ids(ot: ObjectType, raw: list[str]) -> list[Any]:
    """The ids a form sent that can be ids of this type at all (others are ignored, not a crash)."""
    pk_field = ot.model._meta.pk
    assert pk_field is not None
    valid = []
    for value in raw[:1000]:
        try:
            valid.append(pk_field.to_python(value))
        except ValidationError:
            continue
    return valid


def safe_next(request: HttpRequest, fallback: str) -> str:
    """Where a form says to go afterwards, if that is on this site; else `fallback`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


@login_required
@require_POST
def bulk_action(request: AuthedRequest, key: str) -> HttpResponse:
    """Delete, assign or tag the chosen records: each needs the same right as its one-record form
    (delete, assign, edit); records the user may not touch are counted as refused."""
    ot = _ot(key)
    user = _user(request)
    ids = _valid_ids(ot, request.POST.getlist("ids"))
    action = request.POST.get("action")
    actor = current_actor()
    done, refused = 0, 0
    if action == "delete":
        for obj in scope(user, key, Operation.DELETE).filter(pk__in=ids):
            try:
                ot.service.delete(obj, actor=actor)
            except PermissionDenied:
                refused += 1
                continue
            done += 1
    elif action == "assign" and ot.owner_field:
        raw_owner = request.POST.get("owner") or ""
        owner = User.objects.filter(pk=int(raw_owner), is_active=True).first() if raw_owner.isdigit() else None
        if owner is None:
            messages.error(request, _("Choose the new owner."))
        else:
            for obj in scope(user, key, Operation.ASSIGN).filter(pk__in=ids):
                try:
                    ot.service.update(obj, {ot.owner_field: owner}, actor=actor)
                except (PermissionDenied, ValidationError):
                    refused += 1
                    continue
                done += 1
    elif action == "tag":
        name = request.POST.get("tag", "").strip()[:60]
        if name:
            # Tagging is an edit of the record, as on its own page.
            allowed = list(scope(user, key, Operation.EDIT).filter(pk__in=ids).values_list("pk", flat=True))
            if allowed:
                done = tag_records(key, allowed, name, actor=actor)
            refused = len(set(ids)) - len(allowed)
    messages.success(request, _("{n} records updated.").format(n=done))
    if refused:
        messages.error(request, _("{n} records were locked or refused the change.").format(n=refused))
    return redirect(safe_next(request, reverse("core:list", args=[key])))


def _remember(request: AuthedRequest, ot: ObjectType, obj: models.Model) -> None:
    RecentItem.objects.update_or_create(
        user=_user(request),
        object_type=ot.key,
        object_id=obj.pk,
        defaults={"label": ot.title(obj)[:255], "viewed_at": timezone.now()},
    )


def _lookup_relations(ot: ObjectType) -> list[Related]:
    """Related lists from custom lookup fields of any object type that point at this one."""

    found = []
    for cf in lookups_to(ot.key):
        source = registry.maybe(cf.object_type)
        if source is not None:
            found.append(Related(cf.object_type, f"custom.{cf.key}", f"{source.label_plural.capitalize()} · {cf}"))
    return found


def detail_context(request: AuthedRequest, ot: ObjectType, obj: models.Model) -> dict[str, Any]:
    user = _user(request)
    rules = fields(user, ot.key)
    field_names = [f for f in ot.all_detail_fields() if rules.can_read(f)]
    lists.prime_links(ot, [obj], field_names, current_sight())
    custom_names = [f"custom.{cf.key}" for cf in custom_fields_for(ot.key) if rules.can_read(f"custom.{cf.key}")]
    related = []
    for rel in [*ot.related, *_lookup_relations(ot)]:
        rel_ot = registry.maybe(rel.object_type)
        if rel_ot is None or not can_any(user, rel.object_type, Operation.VIEW):
            continue
        if rel.via.startswith("custom."):
            if not fields(user, rel.object_type).can_read(rel.via):
                continue  # the link itself is hidden from this user
            qs = scope(user, rel.object_type).filter(**{f"custom__{rel.via[7:]}": str(obj.pk)})
        else:
            qs = scope(user, rel.object_type).filter(**{rel.via: obj})
        cols = [c for c in (rel.columns or rel_ot.list_columns) if fields(user, rel_ot.key).can_read(c)]
        rows = list(lists.select_for_list(rel_ot, qs, tuple(cols)).order_by(rel_ot.default_sort, "pk")[:20])
        lists.prime_links(rel_ot, rows, cols, current_sight())
        count, more = lists.bounded_count(qs, 1000)
        related.append({"rel": rel, "ot": rel_ot, "rows": rows, "columns": cols, "count": count, "more": more})
    tags = Tag.objects.filter(links__object_type=ot.key, links__object_id=obj.pk)
    panels = [ctx for panel in registry.panels_for(ot.key) if (ctx := panel.render(request, ot, obj)) is not None]
    return {
        "panels": panels,
        "actions": record_actions.offered(user, ot, obj),
        "ot": ot,
        "obj": obj,
        "field_names": field_names,
        "custom_names": custom_names,
        "readable": rules.readable,
        "related": related,
        "tags": tags,
        "notes": Note.objects.filter(object_type=ot.key, object_id=obj.pk).select_related("author")[:50],
        "attachments": Attachment.objects.filter(object_type=ot.key, object_id=obj.pk),
        # A panel that locks the record (a pending approval) hides the edit and delete buttons.
        "can_edit": can(user, Operation.EDIT, obj) and not any(p.get("locks_record") for p in panels),
        "can_delete": can(user, Operation.DELETE, obj) and not any(p.get("locks_record") for p in panels),
        "note_form": NoteForm(),
        "attachment_form": AttachmentForm(),
        "tag_form": TagForm(),
        "history": history_for(obj, limit=20),
    }


@login_required
def record_detail(request: AuthedRequest, key: str, pk: str) -> HttpResponse:
    ot = _ot(key)
    obj = get_record(request, ot, pk)
    _remember(request, ot, obj)
    context = detail_context(request, ot, obj)
    for hook in ot.extra.get("detail_hooks", ()):
        context.update(hook(request, obj))
    template = ot.extra.get("detail_template", "core/detail.html")
    return render(request, template, context)


@login_required
def record_history(request: AuthedRequest, key: str, pk: str) -> HttpResponse:
    ot = _ot(key)
    obj = get_record(request, ot, pk)
    rules = fields(_user(request), ot.key)
    entries = []
    for entry in history_for(obj, limit=500):
        changes = [(k, v) for k, v in entry.changes.items() if rules.can_read(k) or k.startswith("contact_point.")]
        entries.append({"entry": entry, "changes": changes})
    return render(request, "core/history.html", {"ot": ot, "obj": obj, "entries": entries})


def _form_page(request: AuthedRequest, ot: ObjectType, obj: models.Model | None) -> HttpResponse:
    user = _user(request)
    rules = fields(user, ot.key)
    writable, readable = rules.writable, rules.readable
    conflict = None
    if request.method == "POST":
        form = RecordForm(ot, request.POST, instance=obj, writable=writable, readable=readable)
        if form.is_valid():
            data = form.service_data()
            actor = current_actor()
            try:
                if obj is None:
                    obj = ot.service.create(data, actor=actor)
                    messages.success(
                        request, _("{label} “{name}” created.").format(label=ot.label.capitalize(), name=ot.title(obj))
                    )
                else:
                    obj = ot.service.update(obj, data, actor=actor, expected_version=form.cleaned_data.get("version"))
                    if getattr(obj, "pending_approval", None) is not None:
                        messages.info(
                            request,
                            _("Your change waits for approval. Until it is approved, the record keeps its values."),
                        )
                    else:
                        messages.success(request, _("Changes saved."))
                if not scope(user, ot.key).filter(pk=obj.pk).exists():
                    # Given to someone outside the user's view: say so, rather than a page not found.
                    messages.info(
                        request, _("It now belongs to someone outside your view, so it no longer shows to you.")
                    )
                    return redirect("core:list", ot.key)
                return redirect("core:detail", ot.key, obj.pk)
            except ValidationError as exc:
                form.add_service_errors(exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages})
            except PermissionDenied as exc:
                form.add_service_errors({exc.field or "__all__": [str(exc)]})
            except StaleVersion as exc:
                assert obj is not None
                current = type(obj).objects.get(pk=obj.pk)  # type: ignore[attr-defined]
                conflict = {"version": exc.current_version, "fields": sorted(exc.changed), "current": current}
                form.add_error(
                    None,
                    _(
                        "Someone else saved this record while you were editing it. "
                        "Their values are shown below; review them and save again."
                    ),
                )
                post = request.POST.copy()
                post["version"] = str(exc.current_version)
                form = RecordForm(ot, post, instance=obj, writable=writable, readable=readable)
                form.is_valid()
                form.add_error(
                    None,
                    _(
                        "Someone else saved this record while you were editing it. "
                        "Their values are shown below; review them and save again."
                    ),
                )
    else:
        initial: dict[str, Any] = {k: v for k, v in request.GET.items() if k in ot.form_fields}
        if obj is None and ot.owner_field in ot.form_fields:
            initial.setdefault(ot.owner_field, user.pk)  # a new record is its creator's unless they choose
        form = RecordForm(ot, instance=obj, writable=writable, readable=readable, initial=initial)
    return render(request, "core/form.html", {"ot": ot, "obj": obj, "form": form, "conflict": conflict})


@login_required
def record_create(request: AuthedRequest, key: str) -> HttpResponse:
    ot = _ot(key)
    if not can_create(_user(request), key):
        raise Http404
    return _form_page(request, ot, None)


@login_required
def record_edit(request: AuthedRequest, key: str, pk: str) -> HttpResponse:
    ot = _ot(key)
    return _form_page(request, ot, get_record(request, ot, pk, Operation.EDIT))


@login_required
@require_POST
def record_delete(request: AuthedRequest, key: str, pk: str) -> HttpResponse:
    ot = _ot(key)
    obj = get_record(request, ot, pk, Operation.DELETE)
    ot.service.delete(obj, actor=current_actor())
    messages.success(request, _("“{name}” moved to the recycle bin.").format(name=ot.title(obj)))
    return redirect("core:list", key)


@login_required
@require_POST
def record_action(request: AuthedRequest, key: str, pk: str, name: str) -> HttpResponse:
    """Run one of the type's actions (registry.ObjectAction) from the record's page: the same
    checks and service as the API (records.actions.perform), answered with a message; back to the
    record's page, or to the page of this site the form names in `next` (a list it was run from)."""
    ot = _ot(key)
    action = ot.action(name)
    if action is None:
        raise Http404
    obj = get_record(request, ot, pk)
    try:  # a refusal (PermissionDenied) is answered 403 by the middleware
        made = record_actions.perform(
            _user(request), action, obj, request.POST, actor=current_actor(), files=request.FILES
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(safe_next(request, reverse("core:detail", args=[key, obj.pk])))
    messages.success(request, str(action.done or _("Done.")))
    made_ot = registry.maybe_for_model(made) if isinstance(made, models.Model) else None
    if action.follow and made_ot is not None:
        return redirect("core:detail", made_ot.key, made.pk)
    return redirect(safe_next(request, reverse("core:detail", args=[key, obj.pk])))


@login_required
def kanban(request: AuthedRequest, key: str) -> HttpResponse:
    ot = _ot(key)
    user = _user(request)
    rules = fields(user, key)
    if ot.stage_field is None or not can_any(user, key, Operation.VIEW) or not rules.can_read(ot.stage_field):
        raise Http404
    board = ot.kanban(request.GET)
    qs = scope(user, key).filter(**board.filters)
    with contextlib.suppress(ValidationError):  # a bad filter shows the unfiltered board
        qs = lists.apply_filters(ot, qs, request.GET, rules=rules)
    total_field = board.total_field if board.total_field and rules.can_read(board.total_field) else None
    known = lists.known_totals(ot, user, request.GET, board) if total_field else None
    columns = lists.board_columns(ot, qs, board.columns, board.folded, total_field, known)
    card_fields = [c for c in ot.list_columns[1:] if c != ot.stage_field and rules.can_read(c)][:2]
    lists.prime_links(ot, [card for c in columns for card in c["cards"]], card_fields, current_sight())
    context = {
        "ot": ot,
        "columns": columns,
        "can_edit": can_any(user, key, Operation.EDIT),
        "switch": board.switch,
        "total_field": total_field,
        # Under each card's title: the next two readable columns (its column already says the stage).
        "card_fields": card_fields,
    }
    return render(request, "core/kanban.html", context)


@login_required
@require_POST
def kanban_move(request: AuthedRequest, key: str, pk: str) -> HttpResponse:
    ot = _ot(key)
    if ot.stage_field is None:
        raise Http404
    obj = get_record(request, ot, pk, Operation.EDIT)
    raw_version = request.POST.get("version", "")
    if raw_version and not (raw_version.isdigit() and len(raw_version) <= 9):
        return HttpResponse(_("The version must be a whole number."), status=400)
    try:
        ot.service.update(
            obj,
            {ot.stage_field: request.POST.get("value", "")},
            actor=current_actor(),
            expected_version=int(raw_version) if raw_version else None,
        )
    except ValidationError as exc:
        return HttpResponse(" ".join(m for ms in exc.message_dict.values() for m in ms), status=422)
    except PermissionDenied as exc:
        return HttpResponse(str(exc), status=403)
    except StaleVersion:
        return HttpResponse(_("Someone else changed this record; reload the board."), status=409)
    obj.refresh_from_db()
    return HttpResponse(str(obj.version))  # type: ignore[attr-defined]


@login_required
def autocomplete(request: AuthedRequest, key: str) -> HttpResponse:
    ot = _ot(key)
    q = request.GET.get("q", "").strip()
    user = _user(request)
    results = []
    if q:
        with contextlib.suppress(ValidationError):
            qs = lists.apply_filters(ot, scope(user, key), {"q": q}, rules=fields(user, key))
            results = list(qs.order_by("-updated_at")[:10])
    return render(
        request, "core/_autocomplete.html", {"ot": ot, "results": results, "field": request.GET.get("field", "")}
    )


@login_required
def global_search(request: AuthedRequest) -> HttpResponse:
    user = _user(request)
    q = request.GET.get("q", "").strip()[:200]
    groups = []
    if q:
        for ot in registry.all_types():
            if not ot.search_fields or not can_any(user, ot.key, Operation.VIEW):
                continue
            rules = fields(user, ot.key)
            try:
                qs = lists.apply_filters(ot, scope(user, ot.key), {"q": q}, rules=rules)
            except ValidationError:
                continue
            cols = tuple(c for c in ot.list_columns[:4] if rules.can_read(c))
            rows = list(lists.select_for_list(ot, qs, cols).order_by("-updated_at")[:8])
            lists.prime_links(ot, rows, cols, current_sight())
            if rows:
                groups.append({"ot": ot, "rows": rows, "columns": cols})
    template = "core/_search_results.html" if request.headers.get("HX-Request") else "core/search.html"
    return render(request, template, {"q": q, "groups": groups})


@login_required
@require_POST
def add_note(request: AuthedRequest, key: str, pk: str) -> HttpResponse:
    ot = _ot(key)
    obj = get_record(request, ot, pk)
    form = NoteForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"body": [_("A note cannot be empty.")]})
        add_note_to(key, obj, form.cleaned_data["body"], actor=current_actor())
    except ValidationError:
        messages.error(request, _("A note cannot be empty."))
    return redirect("core:detail", key, obj.pk)


@login_required
@require_POST
def add_tag(request: AuthedRequest, key: str, pk: str) -> HttpResponse:
    ot = _ot(key)
    obj = get_record(request, ot, pk, Operation.EDIT)
    form = TagForm(request.POST)
    if form.is_valid():
        tag_records(key, [obj.pk], form.cleaned_data["name"], actor=current_actor())
    return redirect("core:detail", key, obj.pk)


@login_required
@require_POST
def remove_tag(request: AuthedRequest, key: str, pk: str, tag_id: int) -> HttpResponse:
    ot = _ot(key)
    obj = get_record(request, ot, pk, Operation.EDIT)
    untag_record(key, obj, tag_id, actor=current_actor())
    return redirect("core:detail", key, obj.pk)


@login_required
@require_POST
def add_attachment(request: AuthedRequest, key: str, pk: str) -> HttpResponse:

    ot = _ot(key)
    obj = get_record(request, ot, pk, Operation.EDIT)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to upload."))
    else:
        try:
            save_attachment(key, obj, form.cleaned_data["file"], user=_user(request))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
    return redirect("core:detail", key, obj.pk)


@login_required
def download_attachment(request: AuthedRequest, attachment_id: str) -> FileResponse:
    attachment = Attachment.objects.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    ot = _ot(attachment.object_type)
    get_record(request, ot, attachment.object_id)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def recycle_bin(request: AuthedRequest) -> HttpResponse:
    user = _user(request)
    groups = []
    for ot in registry.all_types():
        if not can_any(user, ot.key, Operation.DELETE):
            continue
        rows = list(
            scope(user, ot.key, Operation.DELETE, deleted=True)
            .select_related("deleted_by")
            .order_by("-deleted_at")[:100]
        )
        if rows:
            groups.append({"ot": ot, "rows": rows})

    return render(
        request, "core/recycle_bin.html", {"groups": groups, "retention": settings.GUANXI_RECYCLE_RETENTION_DAYS}
    )


@login_required
@require_POST
def restore(request: AuthedRequest, key: str, pk: str) -> HttpResponse:
    ot = _ot(key)
    obj = scope(_user(request), key, Operation.DELETE, deleted=True).filter(pk=pk).first()
    if obj is None:
        raise Http404
    ot.service.restore(obj, actor=current_actor())
    messages.success(request, _("“{name}” restored.").format(name=ot.title(obj)))
    return redirect("core:detail", key, obj.pk)


@login_required
def notifications(request: AuthedRequest) -> HttpResponse:
    user = _user(request)
    items = list(Notification.objects.filter(recipient=user)[:100])
    Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
    return render(request, "core/notifications.html", {"items": items})
