"""Approval pages: the panel on every record, the approvals inbox, and the decisions."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanxi.access.choices import Operation
from guanxi.access.http import AuthedRequest
from guanxi.access.models import User
from guanxi.access.scoping import can, fields
from guanxi.core import registry
from guanxi.core.actor import current_actor
from guanxi.core.errors import PermissionDenied
from guanxi.customization.selectors import field_label
from guanxi.web.templatetags.guanxi import field_value
from guanxi.web.views import get_record

from . import approvals
from .choices import ProcessKind
from .models import ApprovalRequest


def _user(request: AuthedRequest) -> User:
    return request.user


def proposed_rows(req: ApprovalRequest, obj: models.Model, user: User) -> list[dict[str, Any]]:
    """(label, current value, proposed value) for each field of a pending change the user may read."""
    ot = registry.get(req.object_type)
    rules = fields(user, ot.key)
    preview = copy.copy(obj)
    preview.custom = dict(getattr(obj, "custom", None) or {})  # type: ignore[attr-defined]
    rows = []
    for name, value in req.changes.items():
        if not rules.can_read(name):
            continue
        if name.startswith("custom."):
            preview.custom[name[7:]] = value  # type: ignore[attr-defined]
        else:
            field: models.Field = obj._meta.get_field(name)  # type: ignore[assignment]
            try:
                setattr(preview, field.attname, field.to_python(value))
            except ValidationError:
                setattr(preview, field.attname, value)
            if field.is_relation:
                preview._state.fields_cache.pop(name, None)
        rows.append({"label": field_label(ot, name), "old": field_value(obj, name), "new": field_value(preview, name)})
    return rows


def approval_panel(request: AuthedRequest, ot: registry.ObjectType, obj: models.Model) -> dict[str, Any] | None:
    """Shown on every record's page: the pending request (with the proposed change for those who
    may see it), the decision buttons, the trail, or a “submit for approval” button."""
    user = _user(request)
    req = approvals.pending(obj)
    recent = list(
        ApprovalRequest.objects.filter(object_type=ot.key, object_id=obj.pk)
        .exclude(status="pending")
        .select_related("process", "submitter")[:3]
    )
    process = approvals.required(obj) if req is None and can(user, Operation.EDIT, obj) else None
    if req is None and not recent and process is None:
        return None
    context: dict[str, Any] = {
        "template": "automation/_panel.html",
        "req": req,
        "recent": recent,
        "process": process,
        # A type with a submit action of its own (a quote, a trip) submits through it, in the
        # record's actions; the panel then only says that approval is needed.
        "own_submit": ot.action("submit") is not None,
    }
    if req is not None:
        visible = approvals.may_see(user, req)
        context.update(
            locks_record=True,
            visible=visible,
            rows=proposed_rows(req, obj, user) if visible else [],
            is_change=req.process.kind == ProcessKind.CHANGE,
            can_decide=approvals.may_decide(user, req),
            can_recall=req.submitter_id == user.pk,
            approvers=list(req.approvers.all()),
            trail=list(req.actions.select_related("actor")),
        )
    return context


@login_required
def inbox(request: AuthedRequest) -> HttpResponse:
    user = _user(request)
    waiting = list(approvals.inbox(user).order_by("created_at"))
    mine = list(approvals.submitted_by(user).order_by("-created_at")[:50])
    return render(request, "automation/inbox.html", {"waiting": waiting, "mine": mine})


def _request_for(request: AuthedRequest, request_id: int) -> ApprovalRequest:
    req = ApprovalRequest.objects.select_related("process", "submitter").filter(pk=request_id).first()
    if req is None or not approvals.may_see(_user(request), req):
        raise Http404
    return req


@login_required
def request_detail(request: AuthedRequest, request_id: int) -> HttpResponse:
    req = _request_for(request, request_id)
    ot = registry.get(req.object_type)
    obj = ot.all_records().get(pk=req.object_id)
    user = _user(request)
    return render(
        request,
        "automation/request.html",
        {
            "req": req,
            "record_type": ot,
            "obj": obj,
            "rows": proposed_rows(req, obj, user),
            "trail": list(req.actions.select_related("actor")),
            "approvers": list(req.approvers.all()),
            "can_decide": approvals.may_decide(user, req),
            "can_recall": req.submitter_id == user.pk and req.status == "pending",
            "can_open": can(user, Operation.VIEW, obj),
        },
    )


def _back(request: AuthedRequest, req: ApprovalRequest) -> HttpResponse:
    target = request.POST.get("next") or ""
    if target.startswith("/app/") and "//" not in target:
        return redirect(target)
    return redirect("automation:request", req.pk)


@login_required
@require_POST
def decide(request: AuthedRequest, request_id: int, decision: str) -> HttpResponse:
    req = _request_for(request, request_id)
    comment = request.POST.get("comment", "").strip()[:2000]
    actor = current_actor()
    try:
        if decision == "approve":
            req = approvals.approve(req, actor=actor, comment=comment)
            messages.success(request, _("Approved."))
        elif decision == "reject":
            req = approvals.reject(req, actor=actor, comment=comment)
            messages.success(request, _("Rejected; the submitter has been told why."))
        elif decision == "recall":
            req = approvals.recall(req, actor=actor)
            messages.success(request, _("Request recalled."))
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    return _back(request, req)


@login_required
@require_POST
def submit(request: AuthedRequest, key: str, pk: str) -> HttpResponse:
    ot = registry.maybe(key)
    if ot is None:
        raise Http404
    obj = get_record(request, ot, pk, Operation.EDIT)
    try:
        approvals.submit(obj, actor=current_actor(), comment=request.POST.get("comment", "").strip()[:2000])
        messages.success(request, _("Submitted for approval."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    return redirect("core:detail", key, obj.pk)
