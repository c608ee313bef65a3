"""A hypothesis state machine over users, departments, roles, shares, sharing rules and records:
after any sequence of changes, what the API lets each user see and change equals an independent
oracle of the rules (written here from the rules' statement, not from the access layer)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, rule, run_state_machine_as_test

from guanxi.access.choices import Scope
from guanxi.access.models import Role, RolePermission, User
from guanxi.access.services import (
    create_token,
    create_user,
    save_department,
    save_sharing_rule,
    share_record,
    update_user,
)
from guanxi.core import registry
from guanxi.core.actor import SYSTEM

pytestmark = pytest.mark.django_db
EXAMPLES = 500
SCOPES = [Scope.NONE, Scope.OWN, Scope.DEPARTMENT, Scope.SUBTREE, Scope.ALL]
DEPTS = [None, "A", "A/B", "C"]  # A/B sits below A
STAGES = ["prospect", "customer", "lost"]
_names = itertools.count()


def under(child: str | None, parent: str | None) -> bool:
    return child is not None and parent is not None and (child == parent or child.startswith(parent + "/"))


@dataclass
class U:
    user: User
    token: str
    dept: str | None
    roles: set[int] = field(default_factory=set)


@dataclass
class R:
    pk: Any
    owner: U
    dept: str | None  # the owner's department when the record was last saved
    stage: str
    version: int = 1


class AccessMachine(RuleBasedStateMachine):
    examples = 0
    checks = 0
    users = Bundle("users")
    records = Bundle("records")
    roles = Bundle("roles")

    def __init__(self) -> None:
        super().__init__()
        AccessMachine.examples += 1
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        a = save_department(name="A", actor=SYSTEM)
        self.depts = {
            "A": a,
            "A/B": save_department(name="B", parent=a, actor=SYSTEM),
            "C": save_department(name="C", actor=SYSTEM),
        }
        self.role_scopes: dict[int, tuple[int, int]] = {}
        self.user_shares: set[tuple[Any, int, bool]] = set()  # (record, user pk, can edit)
        self.dept_shares: set[tuple[Any, str, bool]] = set()
        self.rules: list[tuple[str, bool, str, bool]] = []  # (dept, include below, stage, can edit)
        self.all_users: list[U] = []
        self.all_records: list[R] = []
        self.client = Client()

    def teardown(self) -> None:
        """At the end of every example, every user's list and every user × record edit is checked."""
        try:
            for u in self.all_users:
                self.api_list_matches_the_oracle(u)
                for r in self.all_records:
                    self.api_edit_matches_the_oracle(u, r)
        finally:
            transaction.set_rollback(True)
            self._atomic.__exit__(None, None, None)

    # --- changes ---------------------------------------------------------------------------
    @rule(target=roles, view=st.sampled_from(SCOPES), edit=st.sampled_from(SCOPES))
    def make_role(self, view: int, edit: int) -> int:
        role = Role.objects.create(key=f"r{next(_names)}", name="role")
        RolePermission.objects.create(role=role, object_type="account", operation="view", scope=view)
        RolePermission.objects.create(role=role, object_type="account", operation="edit", scope=edit)
        self.role_scopes[role.pk] = (view, edit)
        return role.pk

    @rule(target=users, dept=st.sampled_from(DEPTS), role=roles)
    def make_user(self, dept: str | None, role: int) -> U:
        user = create_user(
            username=f"u{next(_names)}",
            password="x",
            actor=SYSTEM,
            department=self.depts.get(dept or ""),
            roles=[Role.objects.get(pk=role)],
            validate=False,
        )
        u = U(user, create_token(user=user, name="sm", actor=SYSTEM, rate_limit=100_000)[1], dept, {role})
        self.all_users.append(u)
        return u

    @rule(u=users, role=roles)
    def grant(self, u: U, role: int) -> None:
        u.user.roles.add(role)
        u.roles.add(role)

    @rule(u=users, dept=st.sampled_from(DEPTS))
    def move(self, u: U, dept: str | None) -> None:
        u.user.refresh_from_db()
        update_user(u.user, {"department": self.depts.get(dept or "")}, actor=SYSTEM)
        u.dept = dept
        for r in self.all_records:  # an owner's records move with them
            if r.owner is u:
                r.dept = dept

    @rule(target=records, owner=users, stage=st.sampled_from(STAGES))
    def make_record(self, owner: U, stage: str) -> R:
        ot = registry.get("account")
        owner.user.refresh_from_db()
        obj = ot.service.create(
            {"name": f"客户{next(_names)}", "owner": owner.user, "lifecycle_stage": stage}, actor=SYSTEM
        )
        r = R(obj.pk, owner, owner.dept, stage)
        self.all_records.append(r)
        return r

    @rule(r=records, new_owner=users)
    def reassign(self, r: R, new_owner: U) -> None:
        ot = registry.get("account")
        new_owner.user.refresh_from_db()
        obj = ot.model.objects.get(pk=r.pk)
        before = obj.version
        obj = ot.service.update(obj, {"owner": new_owner.user}, actor=SYSTEM)
        r.owner, r.dept = new_owner, new_owner.dept
        r.version = obj.version if obj.version != before else r.version

    @rule(r=records, u=users, can_edit=st.booleans())
    def share_with_user(self, r: R, u: U, can_edit: bool) -> None:
        share_record(object_type="account", object_id=r.pk, user=u.user, can_edit=can_edit, actor=SYSTEM)
        self.user_shares = {s for s in self.user_shares if s[:2] != (r.pk, u.user.pk)}
        self.user_shares.add((r.pk, u.user.pk, can_edit))

    @rule(r=records, dept=st.sampled_from(DEPTS[1:]), can_edit=st.booleans())
    def share_with_department(self, r: R, dept: str, can_edit: bool) -> None:
        share_record(
            object_type="account", object_id=r.pk, department=self.depts[dept], can_edit=can_edit, actor=SYSTEM
        )
        self.dept_shares = {s for s in self.dept_shares if s[:2] != (r.pk, dept)}
        self.dept_shares.add((r.pk, dept, can_edit))

    @rule(dept=st.sampled_from(DEPTS[1:]), below=st.booleans(), stage=st.sampled_from(STAGES), can_edit=st.booleans())
    def sharing_rule(self, dept: str, below: bool, stage: str, can_edit: bool) -> None:
        save_sharing_rule(
            name=f"rule{next(_names)}",
            object_type="account",
            criteria={"lifecycle_stage": stage},
            department=self.depts[dept],
            include_subdepartments=below,
            can_edit=can_edit,
            actor=SYSTEM,
        )
        self.rules.append((dept, below, stage, can_edit))

    # --- the oracle --------------------------------------------------------------------------
    def _level(self, u: U, op: int) -> int:
        """The widest scope of the user's roles; whoever may edit a record may also see it."""
        ops = (0, 1) if op == 0 else (1,)
        return max((self.role_scopes[r][o] for r in u.roles for o in ops), default=Scope.NONE)

    def _granted(self, u: U, r: R, op: int) -> bool:
        lvl = self._level(u, op)
        if lvl >= Scope.ALL:
            return True
        if lvl >= Scope.OWN and r.owner.user.pk == u.user.pk:
            return True
        if lvl >= Scope.SUBTREE and u.dept is not None:
            return under(r.dept, u.dept)
        if lvl >= Scope.DEPARTMENT and u.dept is not None:
            return r.dept == u.dept
        return False

    def may(self, u: U, r: R, *, edit: bool) -> bool:
        if self._granted(u, r, 1 if edit else 0):
            return True
        if any(s[0] == r.pk and s[1] == u.user.pk and (s[2] or not edit) for s in self.user_shares):
            return True
        if any(s[0] == r.pk and s[1] == u.dept and (s[2] or not edit) for s in self.dept_shares):
            return True
        for dept, below, stage, can_edit in self.rules:
            reaches = u.dept == dept or (below and under(u.dept, dept))
            if reaches and stage == r.stage and (can_edit or not edit):
                return True
        return False

    # --- what the API answers ----------------------------------------------------------------
    @rule(u=users)
    def api_list_matches_the_oracle(self, u: U) -> None:
        r = self.client.get("/api/v1/accounts/", {"limit": 500, "fields": "name"}, headers=self._auth(u))
        assert r.status_code == 200, r.content
        AccessMachine.checks += 1
        seen = {i["id"] for i in r.json()["items"]}
        expected = {str(rec.pk) for rec in self.all_records if self.may(u, rec, edit=False)}
        assert seen == expected

    @rule(u=users, r=records)
    def api_edit_matches_the_oracle(self, u: U, r: R) -> None:
        # A PATCH that changes nothing: 200 if the user may edit, 403 if only see, 404 if not even that.
        response = self.client.patch(
            f"/api/v1/accounts/{r.pk}",
            {"lifecycle_stage": r.stage},
            content_type="application/json",
            headers={**self._auth(u), "If-Match": f'"{r.version}"'},
        )
        AccessMachine.checks += 1
        expected = 200 if self.may(u, r, edit=True) else 403 if self.may(u, r, edit=False) else 404
        assert response.status_code == expected, (response.status_code, expected, response.content)
        if response.status_code == 200:
            assert response["ETag"] == f'"{r.version}"'  # nothing changed, nothing was written

    @staticmethod
    def _auth(u: U) -> dict[str, str]:
        return {"Authorization": f"Bearer {u.token}"}


def test_api_answers_equal_the_oracle_of_the_rules(seeded: None) -> None:
    run_state_machine_as_test(
        AccessMachine,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=12,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        ),
    )
    print(f"access state machine: {AccessMachine.examples} examples, {AccessMachine.checks} API answers checked")
    assert AccessMachine.examples >= EXAMPLES and AccessMachine.checks >= EXAMPLES
