"""Territories: rules give new leads and accounts their owner by region (a province covers its
cities), industry or in turn within a team; a representative's own records stay theirs; a transfer
hands a person's customers over with what hangs on them, each record's history saying so."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from guanxi.core import registry
from guanxi.core.actor import SYSTEM, Actor
from guanxi.core.choices import Source
from guanxi.core.errors import PermissionDenied
from guanxi.core.testing import make
from guanxi.customers.models import Region
from guanxi.history.models import ChangeEntry
from guanxi.territories.models import Transfer
from guanxi.territories.services import delete_rule, save_rule, transfer

pytestmark = pytest.mark.django_db


def ui(user: Any) -> Actor:
    return Actor(user, Source.UI)


def region(code: str, name: str, parent: Region | None = None) -> Region:
    found = Region.objects.filter(code=code).first() or Region.objects.create(
        code=code, name_en=name, name_zh_hans=name, name_zh_hant=name, kind="province" if parent is None else "city",
        parent=parent,
    )  # fmt: skip
    Region.forget_cached()
    return found


def test_rules_assign_new_leads_by_region_industry_and_in_turn(org: Any) -> None:
    zhejiang = region("T-ZJ", "浙江省")
    hangzhou = region("T-HZ", "杭州市", zhejiang)
    save_rule(
        {"name": "浙江 → rep2", "object_type": "lead", "order": 1, "region": zhejiang, "user": org.rep2},
        actor=ui(org.admin),
    )
    save_rule(
        {"name": "银行业轮流", "object_type": "lead", "order": 2, "industry": "banking", "method": "round_robin",
         "team": org.sales},
        actor=ui(org.admin),
    )  # fmt: skip
    with pytest.raises(ValidationError):
        save_rule({"name": "缺团队", "object_type": "lead", "method": "round_robin"}, actor=ui(org.admin))
    with pytest.raises(PermissionDenied):
        save_rule({"name": "代表不能设", "object_type": "lead", "user": org.rep}, actor=ui(org.rep))
    leads = registry.get("lead").service
    assert leads.create({"name": "孙伟", "region": hangzhou}, actor=SYSTEM).owner == org.rep2  # a city of the province
    assert leads.create({"name": "钱芳", "region": hangzhou}, actor=ui(org.manager)).owner == org.rep2
    assert leads.create({"name": "自己的", "region": hangzhou}, actor=ui(org.rep)).owner == org.rep  # a rep's own
    assert leads.create({"name": "指定的", "region": hangzhou, "owner": org.rep}, actor=ui(org.admin)).owner == org.rep
    turns = [leads.create({"name": f"金融{i}", "industry": "banking"}, actor=SYSTEM).owner for i in range(4)]
    assert turns == [org.rep, org.rep2, org.rep, org.rep2]  # 销售部's representatives (华东 below it) in turn
    assert leads.create({"name": "无规则"}, actor=ui(org.manager)).owner == org.manager  # no rule: who entered it


def test_a_transfer_hands_customers_over_with_what_hangs_on_them(org: Any, browser_client: Any) -> None:
    from guanxi.activities.models import Activity
    from guanxi.pipeline.models import Opportunity

    shanghai = region("T-SH", "上海市")
    mine = make("account", org.rep, name="上海浦江物流有限公司", region=shanghai)
    other = make("account", org.rep, name="北方重工有限公司")
    contact = make("contact", org.rep, name="王磊", account=mine)
    deal = registry.get("opportunity").service.create(
        {"name": "仓储系统", "account": mine, "amount": Decimal("300000")}, actor=ui(org.rep)
    )
    planned = registry.get("activity").service.create(
        {"subject": "拜访王总", "account": mine, "starts_at": timezone.now() + datetime.timedelta(days=3)},
        actor=ui(org.rep),
    )
    with pytest.raises(ValidationError):
        transfer(from_user=org.rep, to_user=org.rep, actor=ui(org.manager))
    done = transfer(from_user=org.rep, to_user=org.rep2, region=shanghai.pk, reason="李娜调岗", actor=ui(org.manager))
    assert done.counts == {"account": 1, "contact": 1, "opportunity": 1, "quote": 0, "activity": 1}
    for obj in (mine, contact, deal, planned):
        obj.refresh_from_db()
        assert obj.owner == org.rep2
    other.refresh_from_db()
    assert other.owner == org.rep  # not in the region
    assert ChangeEntry.objects.filter(object_type="account", object_id=mine.pk, changes__has_key="owner").exists()
    assert Transfer.objects.get().reason == "李娜调岗"
    assert (
        Opportunity.objects.get(pk=deal.pk).department_id == org.east.pk
        and Activity.objects.filter(owner=org.rep2).count() == 1
    )

    assert browser_client(org.rep).get("/app/sales/territories/").status_code == 403
    from guanxi.access.services import save_department

    save_department(name=org.sales.name, manager=org.manager, actor=SYSTEM, instance=org.sales)
    assert "/app/sales/territories/" not in browser_client(org.rep).get("/app/").content.decode()
    assert "/app/sales/territories/" in browser_client(org.manager).get("/app/").content.decode()
    page = browser_client(org.admin).get("/app/sales/territories/").content.decode()
    assert "李娜调岗" in page


def test_rule_changes_are_audited_and_only_managers_remove_rules(org: Any, browser_client: Any) -> None:
    from guanxi.access.models import AuditEntry
    from guanxi.territories.models import AssignmentRule

    rule = save_rule({"name": "浙江线索", "object_type": "lead", "user": org.rep}, actor=ui(org.admin))
    save_rule({"industry": "banking"}, actor=ui(org.admin), instance=rule)
    with pytest.raises(PermissionDenied):
        delete_rule(rule, actor=ui(org.rep))
    r = browser_client(org.admin).post("/app/sales/territories/", {"form": "delete", "rule": rule.pk})
    assert r.status_code == 302 and not AssignmentRule.objects.filter(pk=rule.pk).exists()
    trail = list(AuditEntry.objects.filter(area="assignment_rule", target=str(rule.pk)).order_by("at", "pk"))
    assert [e.action for e in trail] == ["created", "changed", "deleted"]
    assert trail[1].details["before"]["industry"] == "" and trail[1].details["after"]["industry"] == "banking"
    assert trail[2].details["before"]["user"] == str(org.rep) and trail[2].actor == org.admin


def test_territories_and_conflicts_follow_the_role_grid(managed: Any, browser_client: Any) -> None:
    """Who manages territories is whoever may *assign* leads or accounts; who settles conflicts is
    whoever may *approve* on accounts — rows of the role grid, not a check on job titles."""
    from guanxi.access.models import Role
    from guanxi.access.scoping import forget
    from guanxi.access.services import set_grants
    from guanxi.pipeline.conflicts import may_settle_conflicts

    org = managed
    manager, rep = browser_client(org.manager), browser_client(org.rep)
    assert manager.get("/app/sales/territories/").status_code == 200
    assert rep.get("/app/sales/territories/").status_code == 403
    assert may_settle_conflicts(org.manager) and not may_settle_conflicts(org.rep)

    managers, reps = Role.objects.get(key="sales_manager"), Role.objects.get(key="sales_rep")
    set_grants(role=managers, grants={("lead", "assign"): 0, ("account", "assign"): 0}, actor=SYSTEM)
    set_grants(role=managers, grants={("account", "approve"): 0}, actor=SYSTEM)
    set_grants(role=reps, grants={("lead", "assign"): 10}, actor=SYSTEM)
    forget(org.manager)
    forget(org.rep)
    assert manager.get("/app/sales/territories/").status_code == 403
    assert "Territories" not in manager.get("/app/").content.decode()
    assert not may_settle_conflicts(org.manager)
    assert rep.get("/app/sales/territories/").status_code == 200
    with pytest.raises(PermissionDenied):
        save_rule({"name": "经理无权", "object_type": "lead", "user": org.rep}, actor=ui(org.manager))
