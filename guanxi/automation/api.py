"""Approval endpoints: the inbox, one request with its proposed change, and the decisions.

No `from __future__ import annotations`: django-ninja reads these annotations at import time.
"""

import datetime
import uuid
from typing import Any, Literal, Optional

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Router, Schema, Status
from ninja.errors import HttpError

from guanxi.access.choices import Operation
from guanxi.access.scoping import fields, scope
from guanxi.api.generic import RowId, api_user, require_scope
from guanxi.core import registry
from guanxi.core.actor import Actor, acting_as
from guanxi.core.choices import Source

from . import approvals
from .models import ApprovalRequest


class ActionOut(Schema):
    decision: str
    actor: Optional[str]
    comment: str
    step: int
    at: datetime.datetime


class RequestOut(Schema):
    id: int
    process: str
    kind: str
    object_type: str
    object_id: uuid.UUID
    object_label: str
    status: str
    step: int
    submitter: str
    approvers: list[str]
    changes: dict[str, Any] = Field(description="proposed values, for those who may see them")
    comment: str
    created_at: datetime.datetime
    decided_at: Optional[datetime.datetime]
    actions: list[ActionOut]


class DecisionIn(Schema):
    comment: str = Field("", max_length=2000)


class SubmitIn(Schema):
    object_type: str = Field(..., max_length=60)
    object_id: uuid.UUID
    comment: str = Field("", max_length=2000)


def request_out(req: ApprovalRequest, user: Any) -> dict[str, Any]:
    visible = approvals.may_see(user, req)
    rules = fields(user, req.object_type)
    return {
        "id": req.pk,
        "process": str(req.process),
        "kind": req.process.kind,
        "object_type": req.object_type,
        "object_id": req.object_id,
        "object_label": req.object_label,
        "status": req.status,
        "step": req.step,
        "submitter": req.submitter.username,
        "approvers": [u.username for u in req.approvers.all()] if req.status == "pending" else [],
        "changes": {k: v for k, v in req.changes.items() if rules.can_read(k)} if visible else {},
        "comment": req.comment if visible else "",
        "created_at": req.created_at,
        "decided_at": req.decided_at,
        "actions": [
            {
                "decision": a.decision,
                "actor": a.actor.username if a.actor else None,
                "comment": a.comment if visible else "",
                "step": a.step,
                "at": a.at,
            }
            for a in req.actions.select_related("actor")
        ],
    }


def _actor(request: HttpRequest) -> Actor:
    return Actor(api_user(request), Source.API)


def _request(request: HttpRequest, request_id: int, *, write: bool = False) -> ApprovalRequest:
    req = ApprovalRequest.objects.select_related("process", "submitter").filter(pk=request_id).first()
    if req is None or not approvals.may_see(api_user(request), req):
        raise HttpError(404, _("Not found"))
    require_scope(request, req.object_type, write=write)
    return req


def build_router() -> Router:
    router = Router(tags=[_("Approvals")])

    @router.get("/", response=list[RequestOut], operation_id="list_approvals", summary=_("Approval requests"))
    def list_requests(
        request: HttpRequest, box: Literal["inbox", "mine"] = "inbox", limit: int = 50
    ) -> list[dict[str, Any]]:
        user = api_user(request)
        limit = max(1, min(limit, 500))
        qs = approvals.inbox(user) if box == "inbox" else approvals.submitted_by(user)
        token = getattr(request, "api_token", None)
        if token is not None:  # a token scoped to some object types sees only their requests
            readable = [ot.key for ot in registry.all_types() if token.allows(ot.key, write=False)]
            qs = qs.filter(object_type__in=readable)
        return [request_out(r, user) for r in qs.order_by("-created_at")[:limit]]

    @router.get("/{id:request_id}", response=RequestOut, operation_id="get_approval", summary=_("One approval request"))
    def get_request(request: HttpRequest, request_id: RowId) -> dict[str, Any]:
        return request_out(_request(request, request_id), api_user(request))

    @router.post("/{id:request_id}/approve", response=RequestOut, operation_id="approve_approval", summary=_("Approve"))
    def approve(request: HttpRequest, request_id: RowId, payload: DecisionIn) -> dict[str, Any]:
        with acting_as(_actor(request)):
            req = approvals.approve(
                _request(request, request_id, write=True), actor=_actor(request), comment=payload.comment
            )
        return request_out(req, api_user(request))

    @router.post("/{id:request_id}/reject", response=RequestOut, operation_id="reject_approval", summary=_("Reject"))
    def reject(request: HttpRequest, request_id: RowId, payload: DecisionIn) -> dict[str, Any]:
        with acting_as(_actor(request)):
            req = approvals.reject(
                _request(request, request_id, write=True), actor=_actor(request), comment=payload.comment
            )
        return request_out(req, api_user(request))

    @router.post("/{id:request_id}/recall", response=RequestOut, operation_id="recall_approval", summary=_("Recall"))
    def recall(request: HttpRequest, request_id: RowId) -> dict[str, Any]:
        with acting_as(_actor(request)):
            req = approvals.recall(_request(request, request_id, write=True), actor=_actor(request))
        return request_out(req, api_user(request))

    @router.post("/submit", response={201: RequestOut}, operation_id="submit_approval", summary=_("Submit a record"))
    def submit(request: HttpRequest, payload: SubmitIn) -> Status:
        ot = registry.maybe(payload.object_type)
        if ot is None:
            raise HttpError(404, _("Not found"))
        require_scope(request, ot.key, write=True)
        obj = scope(api_user(request), ot.key, Operation.EDIT).filter(pk=payload.object_id).first()
        if obj is None:
            raise HttpError(404, _("Not found"))
        with acting_as(_actor(request)):
            req = approvals.submit(obj, actor=_actor(request), comment=payload.comment)
        return Status(201, request_out(req, api_user(request)))

    return router


@registry.api_hook
def mount(api: NinjaAPI) -> None:
    api.add_router("/v1/approvals/", build_router())
