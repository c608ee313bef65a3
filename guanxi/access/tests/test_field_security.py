"""Field rules, status locks and criteria-based sharing: each enforced on every entry point."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from django.test import Client

from guanxi.access.choices import Operation, Scope
from guanxi.access.models import AuditEntry, Role, RolePermission
from guanxi.access.scoping import fields, forget
from guanxi.access.services import save_sharing_rule, set_field_rule, set_status_locks
from guanxi.core.actor import SYSTEM, Actor
from guanxi.core.choices import Source
from guanxi.core.errors import PermissionDenied
from guanxi.core.testing import make

pytestmark = pytest.mark.django_db


def _rep_role() -> Role:
    return Role.objects.get(key="sales_rep")


def _web(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _csv(response: Any) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_hidden_field_is_absent_from_page_list_export_api_and_history(org: Any, api: Any) -> None:
    from guanxi.core import registry

    acct = make("account", org.rep, name="苏州工业园区博远科技", level="a")
    set_field_rule(role=_rep_role(), object_type="account", field="level", access="hidden", actor=SYSTEM)
    # An administrator changes the level: the change must not reach the representative's history.
    registry.get("account").service.update(acct, {"level": "b"}, actor=Actor(org.admin, Source.UI))

    web = _web(org.rep)
    detail = web.get(f"/app/account/{acct.pk}/").content.decode()
    assert "苏州工业园区博远科技" in detail
    level_label = str(acct._meta.get_field("level").verbose_name).capitalize()
    assert level_label in _web(org.admin).get(f"/app/account/{acct.pk}/").content.decode()
    assert level_label not in detail
    listing = web.get("/app/account/", {"columns": "name,level"}).content.decode()
    assert "苏州工业园区博远科技" in listing and level_label not in listing
    rows = _csv(web.get("/app/account/export.csv", {"columns": "name,level"}))
    assert len(rows[0]) == 1 and rows[1] == ["苏州工业园区博远科技"]
    history = web.get(f"/app/account/{acct.pk}/history/").content.decode()
    assert level_label not in history

    rest = api(org.rep)
    body = rest.get(f"/api/v1/accounts/{acct.pk}").json()
    assert "level" not in body
    items = rest.get("/api/v1/accounts/", {"fields": "name,level"}).json()["items"]
    assert items and all("level" not in i for i in items)
    # Filtering by a hidden field would reveal it, one guess at a time.
    r = rest.get("/api/v1/accounts/", {"level": "b"})
    assert r.status_code == 422 and "level" in r.json()["errors"]
    # The administrator still sees it everywhere.
    assert api(org.admin).get(f"/api/v1/accounts/{acct.pk}").json()["level"] == "b"


def test_sorting_by_a_hidden_field_is_refused(org: Any, api: Any) -> None:
    set_field_rule(role=_rep_role(), object_type="account", field="created_at", access="hidden", actor=SYSTEM)
    make("account", org.rep)
    r = api(org.rep).get("/api/v1/accounts/", {"sort": "-created_at"})
    assert r.status_code == 422 and "sort" in r.json()["errors"]
    assert api(org.manager).get("/api/v1/accounts/", {"sort": "-created_at"}).status_code == 200


def test_read_only_field_write_is_a_403_naming_the_field(org: Any, api: Any) -> None:
    set_field_rule(role=_rep_role(), object_type="account", field="level", access="read", actor=SYSTEM)
    acct = make("account", org.admin, level="a")
    from guanxi.access.services import share_record

    share_record(object_type="account", object_id=acct.pk, user=org.rep, can_edit=True, actor=SYSTEM)
    rest = api(org.rep)
    assert rest.get(f"/api/v1/accounts/{acct.pk}").json()["level"] == "a"  # readable
    r = rest.patch(
        f"/api/v1/accounts/{acct.pk}", {"level": "c", "website": "https://boyuan.example.cn"}, **{"If-Match": '"1"'}
    )
    assert r.status_code == 403
    assert "level" in r.json()["errors"]
    fresh = acct.__class__.objects.get(pk=acct.pk)
    assert fresh.level == "a" and fresh.website == "" and fresh.version == 1  # nothing half-written
    # Other fields stay editable.
    r = rest.patch(f"/api/v1/accounts/{acct.pk}", {"website": "https://boyuan.example.cn"}, **{"If-Match": '"1"'})
    assert r.status_code == 200
    # Creating with a value for it is refused too; without it, creation works.
    r = rest.post("/api/v1/accounts/", {"name": "无锡新区华光电子", "level": "a"})
    assert r.status_code == 403 and "level" in r.json()["errors"]
    assert rest.post("/api/v1/accounts/", {"name": "无锡新区华光电子"}).status_code == 201


def test_read_only_field_is_disabled_on_the_form_and_a_forged_post_changes_nothing(org: Any) -> None:
    acct = make("account", org.rep, name="常州天合精工", level="a")
    set_field_rule(role=_rep_role(), object_type="account", field="level", access="read", actor=SYSTEM)
    web = _web(org.rep)
    page = web.get(f"/app/account/{acct.pk}/edit/").content.decode()
    tag = re.search(r"<select[^>]*name=\"level\"[^>]*>", page)
    assert tag is not None and "disabled" in tag.group(0)
    form = {"name": "常州天合精工股份", "level": "c", "kind": "organisation", "account_type": "customer"}
    form |= {"lifecycle_stage": "prospect", "owner": org.rep.pk}
    r = web.post(f"/app/account/{acct.pk}/edit/", {**form, "version": 1})
    assert r.status_code == 302
    fresh = acct.__class__.objects.get(pk=acct.pk)
    assert fresh.level == "a" and fresh.name == "常州天合精工股份"


def test_service_refuses_read_only_change_from_any_entry_point(org: Any) -> None:
    from guanxi.core import registry

    set_field_rule(role=_rep_role(), object_type="account", field="level", access="read", actor=SYSTEM)
    acct = make("account", org.admin, level="a")
    svc = registry.get("account").service
    with pytest.raises(PermissionDenied) as exc:
        svc.update(acct, {"level": "b"}, actor=Actor(org.rep, Source.IMPORT))
    assert exc.value.field == "level"
    # The system actor (a job, a migration) is not limited by a role's field rules.
    svc.update(acct, {"level": "b"}, actor=SYSTEM)


def test_most_generous_role_wins_and_superuser_sees_everything(org: Any) -> None:
    set_field_rule(role=_rep_role(), object_type="account", field="level", access="hidden", actor=SYSTEM)
    assert not fields(org.rep, "account").can_read("level")
    agent_role = Role.objects.get(key="service_agent")
    org.rep.roles.add(agent_role)
    forget(org.rep)
    assert fields(org.rep, "account").can_write("level")  # the agent role does not restrict it
    set_field_rule(role=agent_role, object_type="account", field="level", access="read", actor=SYSTEM)
    forget(org.rep)
    rules = fields(org.rep, "account")
    assert rules.can_read("level") and not rules.can_write("level")
    assert fields(org.admin, "account").can_write("level")


def test_field_rules_reach_custom_fields(org: Any, api: Any) -> None:
    from guanxi.studio.services import save_custom_field

    save_custom_field(
        {"object_type": "account", "key": "credit_limit", "label": "Credit limit", "field_type": "decimal"},
        actor=SYSTEM,
    )
    set_field_rule(role=_rep_role(), object_type="account", field="custom.credit_limit", access="hidden", actor=SYSTEM)
    acct = make("account", org.rep, custom={"credit_limit": "500000"})
    rest = api(org.rep)
    assert "credit_limit" not in rest.get(f"/api/v1/accounts/{acct.pk}").json()["custom"]
    r = rest.get("/api/v1/accounts/", {"custom.credit_limit": "500000"})
    assert r.status_code == 422
    r = rest.patch(f"/api/v1/accounts/{acct.pk}", {"custom": {"credit_limit": "1"}}, **{"If-Match": '"1"'})
    assert r.status_code == 403 and "custom.credit_limit" in r.json()["errors"]
    assert api(org.admin).get(f"/api/v1/accounts/{acct.pk}").json()["custom"]["credit_limit"] == "500000"


def test_search_does_not_match_on_a_hidden_field(org: Any, api: Any) -> None:
    lead = make("lead", org.rep, name="Wang Fang", company="Ningbo Haitian", phone="139 1234 5678")
    rest = api(org.rep)
    assert [i["id"] for i in rest.get("/api/v1/leads/", {"q": "13912345678"}).json()["items"]] == [str(lead.pk)]
    set_field_rule(role=_rep_role(), object_type="lead", field="phone", access="hidden", actor=SYSTEM)
    assert rest.get("/api/v1/leads/", {"q": "13912345678"}).json()["items"] == []
    assert [i["id"] for i in rest.get("/api/v1/leads/", {"q": "haitian"}).json()["items"]] == [str(lead.pk)]
    page = _web(org.rep).get("/app/search/", {"q": "13912345678"}).content.decode()
    assert f"/app/lead/{lead.pk}/" not in page


def test_the_name_cannot_be_hidden_and_rule_changes_are_audited(org: Any) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        set_field_rule(role=_rep_role(), object_type="account", field="name", access="hidden", actor=SYSTEM)
    with pytest.raises(ValidationError):
        set_field_rule(role=_rep_role(), object_type="account", field="no_such_field", access="read", actor=SYSTEM)
    set_field_rule(role=_rep_role(), object_type="account", field="website", access="read", actor=Actor(org.admin))
    entry = AuditEntry.objects.get(area="field_rule")
    assert entry.actor == org.admin and entry.details == {"old": "edit", "new": "read"}


# --- status locks --------------------------------------------------------------------------


def test_locked_status_refuses_edit_and_delete_except_to_approvers(org: Any, api: Any) -> None:
    set_status_locks(object_type="lead", values=["unqualified"], actor=SYSTEM)
    lead = make("lead", org.rep)
    rest = api(org.rep)
    r = rest.patch(f"/api/v1/leads/{lead.pk}", {"status": "unqualified"}, **{"If-Match": '"1"'})
    assert r.status_code == 200  # moving into a locked status is allowed
    r = rest.patch(f"/api/v1/leads/{lead.pk}", {"company": "x"}, **{"If-Match": '"2"'})
    assert r.status_code == 403 and "locked" in r.json()["detail"]
    assert rest.delete(f"/api/v1/leads/{lead.pk}").status_code == 403
    web = _web(org.rep)
    r = web.post(f"/app/lead/{lead.pk}/delete/", HTTP_REFERER=f"http://testserver/app/lead/{lead.pk}/")
    assert r.status_code == 302
    assert lead.__class__.objects.get(pk=lead.pk).deleted_at is None
    assert "locked" in web.get(f"/app/lead/{lead.pk}/").content.decode()
    # The manager holds `approve` over the department: the lock does not stop them.
    r = api(org.manager).patch(f"/api/v1/leads/{lead.pk}", {"status": "working"}, **{"If-Match": '"2"'})
    assert r.status_code == 200
    assert rest.patch(f"/api/v1/leads/{lead.pk}", {"company": "x"}, **{"If-Match": '"3"'}).status_code == 200


def test_status_lock_values_are_validated(org: Any) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        set_status_locks(object_type="lead", values=["closed-forever"], actor=SYSTEM)


# --- sharing rules -------------------------------------------------------------------------


def test_criteria_sharing_rule_shares_a_region_read_only_with_a_department(org: Any, api: Any) -> None:
    from guanxi.customers.models import Region
    from guanxi.customers.services import save_region

    east = save_region({"name_zh_hans": "华东", "code": "EAST"}, actor=SYSTEM)
    shanghai = save_region({"name_zh_hans": "上海片区", "code": "EAST-SH", "parent": east}, actor=SYSTEM)
    inside = make("account", org.rep, name="上海申通物流", region=shanghai)
    outside = make("account", org.rep, name="北京燕山石化")
    rest = api(org.other_rep)  # 华南销售部: no grant over 销售部's records
    assert rest.get(f"/api/v1/accounts/{inside.pk}").status_code == 404
    save_sharing_rule(
        name="华东客户共享给华南销售部",
        object_type="account",
        criteria={"region": str(east.pk)},
        department=org.south,
        actor=SYSTEM,
    )
    assert rest.get(f"/api/v1/accounts/{inside.pk}").status_code == 200
    assert rest.get(f"/api/v1/accounts/{outside.pk}").status_code == 404
    ids = {i["id"] for i in rest.get("/api/v1/accounts/").json()["items"]}
    assert str(inside.pk) in ids and str(outside.pk) not in ids
    r = rest.patch(f"/api/v1/accounts/{inside.pk}", {"website": "https://x.example"}, **{"If-Match": '"1"'})
    assert r.status_code == 403  # read-only
    assert Region.objects.filter(pk=shanghai.pk).exists()


def test_sharing_rule_by_role_with_edit(org: Any, api: Any) -> None:
    lead = make("lead", org.rep, source="web")
    save_sharing_rule(
        name="Web leads for service",
        object_type="lead",
        criteria={"source": "web"},
        role=Role.objects.get(key="service_agent"),
        can_edit=True,
        actor=SYSTEM,
    )
    RolePermission.objects.filter(role__key="service_agent", object_type="lead").update(scope=Scope.NONE)
    rest = api(org.agent)
    assert rest.get(f"/api/v1/leads/{lead.pk}").status_code == 200
    assert rest.patch(f"/api/v1/leads/{lead.pk}", {"company": "Web Co"}, **{"If-Match": '"1"'}).status_code == 200
    assert Operation.EDIT == "edit"


def test_sharing_rule_with_a_bad_condition_is_refused(org: Any) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        save_sharing_rule(
            name="bad",
            object_type="account",
            criteria={"lifecycle_stage": "no-such"},
            department=org.south,
            actor=SYSTEM,
        )
    assert "lifecycle_stage" in exc.value.message_dict


def test_points_behind_a_read_only_phone_cannot_be_changed(org: Any, api: Any) -> None:
    acct = make("account", org.rep)
    set_field_rule(role=_rep_role(), object_type="account", field="primary_phone", access="read", actor=SYSTEM)
    rest = api(org.rep)
    r = rest.post(f"/api/v1/accounts/{acct.pk}/contact-points", {"kind": "mobile", "value": "139 1234 5678"})
    assert r.status_code == 403 and "primary_phone" in r.json()["errors"]
    r = rest.post(f"/api/v1/accounts/{acct.pk}/contact-points", {"kind": "wechat", "value": "boyuan_sales"})
    assert r.status_code == 201


def test_territory_scope_reaches_the_regions_below_a_users_territories(org: Any, api: Any) -> None:
    from guanxi.access.services import update_user
    from guanxi.customers.services import save_region

    east = save_region({"name_zh_hans": "华东大区", "code": "T-EAST"}, actor=SYSTEM)
    shanghai = save_region({"name_zh_hans": "上海", "code": "T-EAST-SH", "parent": east}, actor=SYSTEM)
    south = save_region({"name_zh_hans": "华南大区", "code": "T-SOUTH"}, actor=SYSTEM)
    inside = make("account", org.other_rep, name="上海浦江物流", region=shanghai)
    outside = make("account", org.other_rep, name="广州白云贸易", region=south)
    contact = make("contact", org.other_rep)  # contacts have no region: the scope is the subtree's
    RolePermission.objects.filter(role__key="sales_manager", operation="view").update(scope=Scope.REGION)
    forget(org.manager)
    rest = api(org.manager)
    assert rest.get(f"/api/v1/accounts/{inside.pk}").status_code == 404  # no territories yet
    r = _web(org.admin).post(
        f"/app/admin/security/users/{org.manager.pk}/",
        {
            "display_name": "manager",
            "department": org.sales.pk,
            "roles": [r.pk for r in org.manager.roles.all()],
            "is_active": "on",
            "territories": [str(east.pk)],
        },
    )
    assert r.status_code == 302
    org.manager.refresh_from_db()
    assert org.manager.territories == [east.pk]
    assert rest.get(f"/api/v1/accounts/{inside.pk}").status_code == 200
    assert rest.get(f"/api/v1/accounts/{outside.pk}").status_code == 404
    assert rest.get(f"/api/v1/contacts/{contact.pk}").status_code == 404
    from guanxi.access.scoping import explain

    result = explain(org.manager, "view", inside)
    assert result.allowed and any("covers it" in line for line in result.reasons)
    update_user(org.manager, {"territories": []}, actor=SYSTEM)
    assert rest.get(f"/api/v1/accounts/{inside.pk}").status_code == 404
