"""Approval processes: change approval of customers, multi-step submissions, locks and the trail."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from guanxi.access.models import Role
from guanxi.automation import approvals
from guanxi.automation.models import ApprovalRequest
from guanxi.automation.services import save_process
from guanxi.core import registry
from guanxi.core.actor import SYSTEM, Actor
from guanxi.core.choices import Source
from guanxi.core.errors import PermissionDenied
from guanxi.core.models import Notification
from guanxi.core.testing import make
from guanxi.history.models import ChangeEntry

pytestmark = pytest.mark.django_db


def customer_changes(**extra: Any) -> Any:
    return save_process(
        {
            "name": "Customer changes by representatives",
            "name_zh_hans": "销售代表修改客户需审批",
            "object_type": "account",
            "kind": "change",
            "fields": ["name", "level", "account_type"],
            "roles": [Role.objects.get(key="sales_rep")],
            "steps": [{"approver_kind": "manager", "mode": "any"}],
            **extra,
        },
        actor=SYSTEM,
    )


def _web(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_representative_change_waits_for_the_manager_and_everyone_sees_approved_values(managed: Any, api: Any) -> None:
    org = managed
    customer_changes()
    acct = make("account", org.rep, name="杭州西湖茶业有限公司")
    rest = api(org.rep)
    r = rest.patch(f"/api/v1/accounts/{acct.pk}", {"name": "杭州西湖龙井茶业集团"}, **{"If-Match": '"1"'})
    assert r.status_code == 202, r.content
    req_id = r.json()["approval_id"]
    # Until approved, everyone sees the approved values.
    assert rest.get(f"/api/v1/accounts/{acct.pk}").json()["name"] == "杭州西湖茶业有限公司"
    assert api(org.agent).get(f"/api/v1/accounts/{acct.pk}").json()["name"] == "杭州西湖茶业有限公司"
    # The pending change is visible to the editor and the approver, not to a bystander.
    assert rest.get(f"/api/v1/approvals/{req_id}").json()["changes"] == {"name": "杭州西湖龙井茶业集团"}
    inbox = api(org.manager).get("/api/v1/approvals/").json()
    assert [i["id"] for i in inbox] == [req_id] and inbox[0]["changes"]["name"] == "杭州西湖龙井茶业集团"
    assert api(org.agent).get(f"/api/v1/approvals/{req_id}").status_code == 404
    agent_page = _web(org.agent).get(f"/app/account/{acct.pk}/").content.decode()
    assert "杭州西湖龙井茶业集团" not in agent_page and "Waiting for approval" in agent_page
    history = _web(org.agent).get(f"/app/account/{acct.pk}/history/").content.decode()
    assert "杭州西湖龙井茶业集团" not in history
    manager_page = _web(org.manager).get(f"/app/account/{acct.pk}/").content.decode()
    assert "杭州西湖龙井茶业集团" in manager_page and "Approve" in manager_page
    # Locked while pending, on every entry point.
    r = rest.patch(f"/api/v1/accounts/{acct.pk}", {"website": "https://xihu.example.cn"}, **{"If-Match": '"1"'})
    assert r.status_code == 403 and "waiting for approval" in r.json()["detail"]
    assert Notification.objects.filter(recipient=org.manager, url="/app/approvals/").exists()
    # The manager approves: the change appears, written as the representative's, via approval.
    r = api(org.manager).post(f"/api/v1/approvals/{req_id}/approve", {"comment": "同意"})
    assert r.status_code == 200 and r.json()["status"] == "approved"
    fresh = acct.__class__.objects.get(pk=acct.pk)
    assert fresh.name == "杭州西湖龙井茶业集团" and fresh.version == 2
    actions = list(
        ChangeEntry.objects.filter(object_type="account", object_id=acct.pk)
        .order_by("at", "id")
        .values_list("action", "actor__username", "source")
    )
    assert actions == [
        ("created", "rep", "ui"),
        ("submitted", "rep", "api"),
        ("approved", "manager", "api"),
        ("updated", "rep", "approval"),
    ]
    assert Notification.objects.filter(recipient=org.rep, message__startswith="Approved").exists()
    # Unlocked again.
    r = rest.patch(f"/api/v1/accounts/{acct.pk}", {"website": "https://xihu.example.cn"}, **{"If-Match": '"2"'})
    assert r.status_code == 200


def test_fields_outside_the_process_and_approvers_own_edits_are_written_at_once(managed: Any, api: Any) -> None:
    org = managed
    customer_changes()
    acct = make("account", org.rep)
    r = api(org.rep).patch(f"/api/v1/accounts/{acct.pk}", {"website": "https://a.example"}, **{"If-Match": '"1"'})
    assert r.status_code == 200
    r = api(org.manager).patch(f"/api/v1/accounts/{acct.pk}", {"name": "经理改名"}, **{"If-Match": '"2"'})
    assert r.status_code == 200 and r.json()["name"] == "经理改名"


def test_rejection_needs_a_comment_and_leaves_the_record_unchanged(managed: Any) -> None:
    org = managed
    customer_changes()
    acct = make("account", org.rep, name="南京金陵制药")
    svc = registry.get("account").service
    held = svc.update(acct, {"level": "vip"}, actor=Actor(org.rep, Source.UI))
    req = held.pending_approval
    with pytest.raises(ValidationError):
        approvals.reject(req, actor=Actor(org.manager), comment="  ")
    with pytest.raises(PermissionDenied):
        approvals.reject(req, actor=Actor(org.rep2), comment="not mine to decide")
    approvals.reject(req, actor=Actor(org.manager), comment="级别需要财务确认")
    fresh = acct.__class__.objects.get(pk=acct.pk)
    assert fresh.level == "a" and fresh.version == 1
    assert Notification.objects.filter(recipient=org.rep, message__contains="级别需要财务确认").exists()
    with pytest.raises(ValidationError):
        approvals.approve(req, actor=Actor(org.manager))  # already decided


def test_only_the_submitter_recalls(managed: Any) -> None:
    org = managed
    customer_changes()
    acct = make("account", org.rep)
    req = registry.get("account").service.update(acct, {"name": "x"}, actor=Actor(org.rep)).pending_approval
    with pytest.raises(PermissionDenied):
        approvals.recall(req, actor=Actor(org.manager))
    approvals.recall(req, actor=Actor(org.rep))
    req.refresh_from_db()
    assert req.status == "recalled" and approvals.pending(acct) is None


def test_multi_step_submission_with_conditions_all_of_step_and_status_values(managed: Any) -> None:
    from guanxi.access.services import set_status_locks
    from guanxi.studio.services import save_custom_field

    org = managed
    save_custom_field(
        {"object_type": "lead", "key": "deal_size", "label": "Deal size", "field_type": "decimal"}, actor=SYSTEM
    )
    set_status_locks(object_type="lead", values=["qualified"], actor=SYSTEM)
    save_process(
        {
            "name": "Large deals",
            "object_type": "lead",
            "kind": "submission",
            "conditions": [{"field": "custom.deal_size", "op": "gt", "value": "50000"}],
            "on_submit": {"status": "working"},
            "on_approve": {"status": "qualified"},
            "on_reject": {"status": "new"},
            "steps": [
                {"approver_kind": "manager", "mode": "any"},
                {"approver_kind": "role", "role": Role.objects.get(key="administrator"), "mode": "all"},
            ],
        },
        actor=SYSTEM,
    )
    small = make("lead", org.rep, custom={"deal_size": "10000"})
    assert approvals.required(small) is None
    with pytest.raises(ValidationError):
        approvals.submit(small, actor=Actor(org.rep))
    big = make("lead", org.rep, custom={"deal_size": "80000"})
    req = approvals.submit(big, actor=Actor(org.rep), comment="请审批")
    big.refresh_from_db()
    assert big.status == "working"
    assert list(req.approvers.all()) == [org.manager]
    approvals.approve(req, actor=Actor(org.manager))
    req.refresh_from_db()
    assert req.step == 2 and list(req.approvers.all()) == [org.admin] and req.status == "pending"
    approvals.approve(req, actor=Actor(org.admin))
    req.refresh_from_db()
    big.refresh_from_db()
    assert req.status == "approved" and big.status == "qualified"
    # Approved → locked by its status: the representative can no longer change it.
    with pytest.raises(PermissionDenied):
        registry.get("lead").service.update(big, {"company": "x"}, actor=Actor(org.rep))


def test_process_validation_names_the_problem(org: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        save_process(
            {
                "name": "Broken",
                "object_type": "lead",
                "kind": "submission",
                "conditions": [{"field": "no_such", "op": "gt", "value": "1"}],
                "on_approve": {"status": "bogus"},
                "steps": [],
            },
            actor=SYSTEM,
        )
    errors = exc.value.message_dict
    assert {"conditions", "on_approve", "steps"} <= set(errors)


def test_manager_approves_on_the_page(managed: Any) -> None:
    org = managed
    customer_changes()
    acct = make("account", org.rep, name="合肥科大讯联")
    web = _web(org.rep)
    form = {"name": "合肥科大讯联股份", "kind": "organisation", "account_type": "customer"}
    form |= {"lifecycle_stage": "prospect", "owner": org.rep.pk, "level": "a", "version": 1}
    r = web.post(f"/app/account/{acct.pk}/edit/", form, follow=True)
    assert "waits for approval" in r.content.decode()
    req = ApprovalRequest.objects.get()
    manager = _web(org.manager)
    assert "合肥科大讯联" in manager.get("/app/approvals/").content.decode()
    r = manager.post(f"/app/approvals/{req.pk}/approve/", {"comment": "OK"})
    assert r.status_code == 302
    assert acct.__class__.objects.get(pk=acct.pk).name == "合肥科大讯联股份"


def test_explain_access_names_the_pending_approval_and_the_page_hides_edit(managed: Any) -> None:
    from guanxi.access.scoping import explain

    org = managed
    customer_changes()
    acct = make("account", org.rep)
    assert explain(org.rep, "edit", acct).allowed
    registry.get("account").service.update(acct, {"name": "新名称"}, actor=Actor(org.rep))
    result = explain(org.rep, "edit", acct)
    assert not result.allowed and any("waiting for approval" in d for d in result.denials)
    assert ApprovalRequest.objects.filter(status="pending").count() == 1  # explaining changed nothing
    page = _web(org.rep).get(f"/app/account/{acct.pk}/").content.decode()
    assert f"/app/account/{acct.pk}/edit/" not in page


def test_contact_points_of_a_record_waiting_for_approval_cannot_change(managed: Any, api: Any) -> None:
    org = managed
    customer_changes()
    acct = make("account", org.rep)
    rest = api(org.rep)
    assert (
        rest.post(f"/api/v1/accounts/{acct.pk}/contact-points", {"kind": "phone", "value": "021 6234 5678"}).status_code
        == 201
    )
    registry.get("account").service.update(acct, {"name": "待审批的新名称"}, actor=Actor(org.rep))
    r = rest.post(f"/api/v1/accounts/{acct.pk}/contact-points", {"kind": "email", "value": "sales@example.cn"})
    assert r.status_code == 403 and "waiting for approval" in r.json()["detail"]
    point = rest.get(f"/api/v1/accounts/{acct.pk}/contact-points").json()[0]
    assert rest.delete(f"/api/v1/accounts/{acct.pk}/contact-points/{point['id']}").status_code == 403
