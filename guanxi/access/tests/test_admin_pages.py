"""The security administration pages: what an administrator does there takes effect, and nobody
else reaches them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from guanxi.access.models import AuditEntry, FieldRule, Role, RolePermission, SharingRule, StatusLock
from guanxi.access.scoping import fields, forget, level
from guanxi.core.testing import make

pytestmark = pytest.mark.django_db

PAGES = [
    "/app/admin/security/",
    "/app/admin/security/status-locks/",
    "/app/admin/security/sharing-rules/",
    "/app/admin/security/sharing-rules/new/",
    "/app/admin/security/audit/",
    "/app/admin/security/explain/",
    "/app/admin/approvals/",
    "/app/admin/approvals/new/",
]


def _web(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_only_administrators_reach_the_pages(org: Any) -> None:
    role = Role.objects.get(key="sales_rep")
    for path in [*PAGES, f"/app/admin/security/roles/{role.pk}/"]:
        assert _web(org.admin).get(path).status_code == 200, path
        assert _web(org.manager).get(path).status_code == 404, path


def test_role_page_sets_scopes_and_field_rules(org: Any) -> None:
    role = Role.objects.get(key="sales_rep")
    web = _web(org.admin)
    page = web.get(f"/app/admin/security/roles/{role.pk}/").content.decode()
    assert 'name="g:account:delete"' in page and 'name="f:account:level"' in page
    post = {"g:*:view": "10", "g:*:create": "50", "g:*:edit": "10", "g:*:export": "10"}
    post |= {"g:account:delete": "10", "f:account:level": "hidden", "f:account:website": "read"}
    r = web.post(f"/app/admin/security/roles/{role.pk}/", post)
    assert r.status_code == 302
    assert RolePermission.objects.get(role=role, object_type="account", operation="delete").scope == 10
    forget(org.rep)
    assert level(org.rep, "account", "delete") == 10
    rules = fields(org.rep, "account")
    assert not rules.can_read("level") and rules.can_read("website") and not rules.can_write("website")
    assert AuditEntry.objects.filter(area="role", target="sales_rep").exists()
    assert AuditEntry.objects.filter(area="field_rule").count() == 2
    # Setting the field back to editable removes the rule.
    post["f:account:level"] = "edit"
    web.post(f"/app/admin/security/roles/{role.pk}/", post)
    assert not FieldRule.objects.filter(role=role, field="level").exists()


def test_a_grant_set_back_to_the_default_is_removed_and_audited(org: Any) -> None:
    """ "As default" removes the type's own row so the "*" row applies again, and the audit log
    says which row went and what it was; the grid and the field rules save together or not at all."""
    role = Role.objects.get(key="sales_rep")
    web = _web(org.admin)
    base = {"g:*:view": "10", "g:*:create": "50", "g:*:edit": "10", "g:*:export": "10"}
    assert RolePermission.objects.get(role=role, object_type="lead", operation="delete").scope == 10
    web.post(f"/app/admin/security/roles/{role.pk}/", {**base, "g:lead:delete": ""})
    assert not RolePermission.objects.filter(role=role, object_type="lead", operation="delete").exists()
    forget(org.rep)
    assert level(org.rep, "lead", "delete") == 0  # the "*" row: representatives delete nothing
    entry = AuditEntry.objects.filter(area="role", target="sales_rep").latest("at")
    assert {"object_type": "lead", "operation": "delete", "old": 10, "new": None} in entry.details["grants"]

    # A bad field rule in the same post: nothing of it is saved, the scope change included.
    r = web.post(f"/app/admin/security/roles/{role.pk}/", {**base, "g:lead:delete": "10", "f:lead:phone": "bogus"})
    assert r.status_code == 200
    assert not RolePermission.objects.filter(role=role, object_type="lead", operation="delete").exists()


def test_status_locks_page(org: Any) -> None:
    web = _web(org.admin)
    r = web.post("/app/admin/security/status-locks/", {"lock:lead": ["converted", "unqualified"]})
    assert r.status_code == 302
    assert set(StatusLock.objects.filter(object_type="lead").values_list("value", flat=True)) == {
        "converted",
        "unqualified",
    }


def test_sharing_rule_form_reports_bad_criteria_and_saves_good_ones(org: Any) -> None:
    web = _web(org.admin)
    bad = {"name": "坏规则", "object_type": "account", "criteria": "lifecycle_stage=nope", "department": org.south.pk}
    r = web.post("/app/admin/security/sharing-rules/new/", bad)
    assert r.status_code == 200 and "nope" in r.content.decode()
    good = {**bad, "criteria": "lifecycle_stage=customer", "active": "on", "include_subdepartments": "on"}
    r = web.post("/app/admin/security/sharing-rules/new/", good)
    assert r.status_code == 302
    rule = SharingRule.objects.get()
    assert rule.criteria == {"lifecycle_stage": "customer"} and rule.department == org.south and not rule.can_edit


def test_explain_access_names_the_role_and_the_share(org: Any) -> None:
    from guanxi.access.services import share_record
    from guanxi.core.actor import SYSTEM

    acct = make("account", org.rep, name="厦门鹭岛航运")
    web = _web(org.admin)
    page = web.get(
        "/app/admin/security/explain/",
        {"user": org.manager.pk, "op": "edit", "object_type": "account", "record": acct.pk},
    ).content.decode()
    assert "may do this" in page and "Sales manager" in page
    page = web.get(
        "/app/admin/security/explain/",
        {"user": org.other_rep.pk, "op": "view", "object_type": "account", "record": acct.pk},
    ).content.decode()
    assert "may not do this" in page
    share_record(object_type="account", object_id=acct.pk, user=org.other_rep, actor=SYSTEM)
    page = web.get(
        "/app/admin/security/explain/",
        {"user": org.other_rep.pk, "op": "view", "object_type": "account", "record": acct.pk},
    ).content.decode()
    assert "may do this" in page and "Shared with other_rep" in page


def test_approval_process_form(org: Any) -> None:
    from guanxi.automation.models import ApprovalProcess

    web = _web(org.admin)
    role = Role.objects.get(key="sales_rep")
    post = {
        "name": "Customer changes",
        "object_type": "account",
        "kind": "change",
        "fields_text": "name, level",
        "roles": [role.pk],
        "order": 0,
        "active": "on",
        "step_kind_0": "manager",
        "step_mode_0": "any",
    }
    r = web.post("/app/admin/approvals/new/", {**post, "step_kind_0": ""})
    assert r.status_code == 200 and "at least one approval step" in r.content.decode()
    r = web.post("/app/admin/approvals/new/", post)
    assert r.status_code == 302
    p = ApprovalProcess.objects.get(name="Customer changes")
    assert p.fields == ["name", "level"] and list(p.roles.all()) == [role] and p.steps.count() == 1
    assert "Customer changes" in web.get("/app/admin/approvals/").content.decode()


def test_users_departments_and_login_policy_pages(org: Any) -> None:
    from guanxi.access.login import policy
    from guanxi.access.models import Department, User

    web = _web(org.admin)
    for path in ("/app/admin/security/users/", "/app/admin/security/departments/", "/app/admin/security/login/"):
        assert web.get(path).status_code == 200, path
        assert _web(org.manager).get(path).status_code == 404, path
    rep_role = Role.objects.get(key="sales_rep")
    new = {"username": "zhou.min", "display_name": "周敏", "department": org.east.pk, "roles": [rep_role.pk]}
    r = web.post("/app/admin/security/users/new/", {**new, "password": "short", "is_active": "on"})
    assert r.status_code == 200 and "password" in r.content.decode()
    assert not User.objects.filter(username="zhou.min").exists()
    r = web.post("/app/admin/security/users/new/", {**new, "password": "蓝色港湾-2026-春天", "is_active": "on"})
    assert r.status_code == 302
    user = User.objects.get(username="zhou.min")
    assert user.department == org.east and list(user.roles.all()) == [rep_role]
    r = web.post(f"/app/admin/security/users/{user.pk}/", {"display_name": "周敏", "department": org.east.pk})
    assert r.status_code == 302 and not User.objects.get(pk=user.pk).is_active  # unticked: deactivated
    r = web.post(f"/app/admin/security/users/{org.admin.pk}/", {"display_name": "admin"})
    assert r.status_code == 200 and "cannot deactivate yourself" in r.content.decode()
    r = web.post(
        "/app/admin/security/departments/", {"name": "华北销售组", "parent": org.sales.pk, "manager": org.manager.pk}
    )
    assert r.status_code == 302
    north = Department.objects.get(name="华北销售组")
    assert north.parent == org.sales and north.manager == org.manager and north.path.startswith(org.sales.path)
    r = web.post(
        "/app/admin/security/login/",
        {"max_failures": "3", "lockout_minutes": "30", "idle_minutes": "20", "absolute_hours": "8"},
    )
    assert r.status_code == 302
    p = policy()
    assert (p.max_failures, p.lockout_minutes, p.idle_minutes, p.absolute_hours) == (3, 30, 20, 8)
    r = web.post(
        "/app/admin/security/login/",
        {"max_failures": "0", "lockout_minutes": "30", "idle_minutes": "20", "absolute_hours": "8"},
    )
    assert r.status_code == 200
    assert AuditEntry.objects.filter(area="user", target="zhou.min").count() == 2
    assert AuditEntry.objects.filter(area="login_policy").count() == 1


def test_role_sign_in_rules_are_validated(org: Any) -> None:
    web = _web(org.admin)
    role = Role.objects.get(key="sales_rep")
    r = web.post(
        f"/app/admin/security/roles/{role.pk}/login/", {"allowed_networks": "10.0.0.0/8\nnot-an-ip", "weekdays": ["1"]}
    )
    assert r.status_code == 302
    role.refresh_from_db()
    assert role.allowed_networks == ""
    r = web.post(
        f"/app/admin/security/roles/{role.pk}/login/",
        {
            "require_2fa": "on",
            "allowed_networks": "10.0.0.0/8",
            "hours_start": "08:30",
            "hours_end": "18:00",
            "weekdays": ["1", "2", "3", "4", "5"],
            "outside_hours": "read_only",
        },
    )
    role.refresh_from_db()
    assert role.require_2fa and role.weekdays == "12345" and role.outside_hours == "read_only"
    assert str(role.hours_start) == "08:30:00"


def test_moving_a_user_moves_their_records(org: Any) -> None:
    acct = make("account", org.rep)
    lead = make("lead", org.rep)
    assert acct.department_id == org.sales.pk
    r = _web(org.admin).post(
        f"/app/admin/security/users/{org.rep.pk}/",
        {
            "display_name": "rep",
            "department": org.south.pk,
            "roles": [r.pk for r in org.rep.roles.all()],
            "is_active": "on",
        },
    )
    assert r.status_code == 302
    acct.refresh_from_db()
    lead.refresh_from_db()
    assert acct.department_id == org.south.pk and lead.department_id == org.south.pk
