"""Writes obey the rights as reads do: giving a record to someone else needs `assign`; a record a
write links to (the customer of an interaction, the parent of an account, a custom lookup) is
looked up through the access layer; and a write that succeeded says what happened, even when its
record left the writer's sight — never a 404 that hides a write that was made."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from guanxi.access.models import Role
from guanxi.access.services import save_department, share_record
from guanxi.automation.services import save_process
from guanxi.core import registry
from guanxi.core.actor import SYSTEM
from guanxi.core.testing import api_name, make
from guanxi.customers.models import Account, Contact, Interaction
from guanxi.studio.testing import CUSTOM_KEY, define_booth

pytestmark = pytest.mark.django_db


def test_giving_a_record_to_someone_else_needs_assign(org: Any, api: Any) -> None:
    rest = api(org.rep)
    deal = make("opportunity", org.rep)
    r = rest.patch(f"/api/v1/opportunities/{deal.pk}", {"owner": org.rep2.pk}, **{"If-Match": f'"{deal.version}"'})
    assert r.status_code == 403 and "owner" in r.json()["errors"]
    deal.refresh_from_db()
    assert deal.owner_id == org.rep.pk
    r = rest.patch(
        "/api/v1/opportunities/bulk", {"items": [{"id": str(deal.pk), "version": deal.version, "owner": org.rep2.pk}]}
    )
    assert r.status_code == 403
    deal.refresh_from_db()
    assert deal.owner_id == org.rep.pk
    r = rest.post("/api/v1/accounts/", {"name": "宁波港联物流有限公司", "owner": org.rep2.pk})
    assert r.status_code == 403 and not Account.objects.filter(name="宁波港联物流有限公司").exists()
    r = rest.post("/api/v1/accounts/", {"name": "宁波港联物流有限公司", "owner": org.rep.pk})
    assert r.status_code == 201  # naming oneself is no assignment
    web = Client()
    web.force_login(org.rep)
    web.post(
        f"/app/account/{r.json()['id']}/edit/", {"name": "宁波港联物流有限公司", "owner": org.rep2.pk, "version": 1}
    )
    assert Account.objects.get(pk=r.json()["id"]).owner_id == org.rep.pk


def test_a_write_that_takes_a_record_out_of_sight_says_so(org: Any, api: Any) -> None:
    """A manager gives a customer to a representative of another department: saved, and answered
    with what happened (202 and the record's id), not a 404."""
    account = make("account", org.rep)
    rest = api(org.manager)
    r = rest.patch(
        f"/api/v1/accounts/{account.pk}", {"owner": org.other_rep.pk}, **{"If-Match": f'"{account.version}"'}
    )
    assert r.status_code == 202, r.content
    body = r.json()
    assert body["status"] == "saved_out_of_sight" and body["id"] == str(account.pk) and body["version"] == 2
    account.refresh_from_db()
    assert account.owner_id == org.other_rep.pk
    r = rest.post("/api/v1/accounts/", {"name": "深圳湾科技有限公司", "owner": org.other_rep.pk})
    assert r.status_code == 202 and r.json()["status"] == "saved_out_of_sight"
    assert Account.objects.get(pk=r.json()["id"]).owner_id == org.other_rep.pk
    # Through the page: back to the list with a message, not a page that is not found.
    mine = make("account", org.rep)
    web = Client()
    web.force_login(org.manager)
    page = web.get(f"/app/account/{mine.pk}/edit/")
    form = page.context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list | dict)}
    data.update(owner=org.other_rep.pk, version=mine.version)
    r = web.post(f"/app/account/{mine.pk}/edit/", data)
    assert r.status_code == 302 and r["Location"] == "/app/account/", r.content.decode()[:2000]


def test_links_in_a_write_go_through_the_access_layer(org: Any, api: Any) -> None:
    """Another representative's customer is "no such record" to a write that names it: no
    interaction, contact, activity, child account or custom lookup is made on it."""
    theirs = make("account", org.other_rep, name="深圳华联电子有限公司")
    rest = api(org.rep)
    cases = {
        "interaction": {"subject": "电话回访", "channel": "phone", "direction": "outbound", "account": str(theirs.pk)},
        "contact": {"name": "陈先生", "account": str(theirs.pk)},
        "activity": {"subject": "拜访", "kind": "visit", "activity_type": "visit", "account": str(theirs.pk)},
        "account": {"name": "华联电子（深圳）分公司", "parent": str(theirs.pk)},
    }
    for key, body in cases.items():
        before = registry.get(key).model.all_objects.count()
        r = rest.post(f"/api/v1/{api_name(key)}/", body)
        link = "parent" if key == "account" else "account"
        assert r.status_code == 422 and r.json()["errors"][link] == ["No such record."], (key, r.content)
        assert registry.get(key).model.all_objects.count() == before, key
        assert theirs.name not in r.content.decode()
    define_booth()
    r = rest.post(f"/api/v1/{api_name(CUSTOM_KEY)}/", {"name": "A-101", "custom": {"exhibitor": str(theirs.pk)}})
    assert r.status_code == 422 and "custom.exhibitor" in r.json()["errors"]
    assert (
        not Interaction.objects.filter(account=theirs).exists() and not Contact.objects.filter(account=theirs).exists()
    )
    # A deal on a colleague's customer is the ownership-conflict flow, not a refusal: it is made
    # (and the managers told), but the customer's name stays out of the representative's sight.
    r = rest.post("/api/v1/opportunities/", {"name": "华联扩容", "account": str(theirs.pk)})
    assert r.status_code == 201, r.content
    assert r.json()["account"] == {"id": str(theirs.pk), "label": ""} and theirs.name not in r.content.decode()
    deal = r.json()["id"]
    assert theirs.name not in rest.get(f"/api/v1/opportunities/{deal}").content.decode()
    assert theirs.name not in rest.get("/api/v1/opportunities/", {"fields": "id,account"}).content.decode()
    web = Client()
    web.force_login(org.rep)
    for page in (f"/app/opportunity/{deal}/", "/app/opportunity/", "/app/opportunity/export.csv"):
        response = web.get(page)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 200 and theirs.name not in body.decode("utf-8-sig"), page
    assert "not visible to you" in web.get(f"/app/opportunity/{deal}/").content.decode()
    r = rest.post("/api/v1/sales/quotes/with-lines", {"record": {"account": str(theirs.pk)}, "lines": []})
    assert r.status_code == 201 and theirs.name not in r.content.decode()
    quote = r.json()["id"]
    assert rest.get(f"/api/v1/sales/quotes/{quote}/pdf").status_code == 403  # it would print the customer
    assert web.get(f"/app/quote/{quote}/pdf/").status_code == 403
    page = web.get(f"/app/quote/{quote}/").content.decode()
    assert theirs.name not in page
    # A customer the representative may see (here shared read-only) is linked to as any other.
    share_record(object_type="account", object_id=theirs.pk, user=org.rep, actor=SYSTEM)
    r = rest.post("/api/v1/interactions/", cases["interaction"])
    assert r.status_code == 201, r.content
    assert rest.get(f"/api/v1/opportunities/{deal}").json()["account"]["label"] == theirs.name


def test_an_unchanged_link_stands_when_its_target_left_sight(org: Any, api: Any) -> None:
    account = make("account", org.rep)
    deal = make("opportunity", org.rep, account=account)
    registry.get("account").service.update(account, {"owner": org.other_rep}, actor=SYSTEM)
    rest = api(org.rep)
    r = rest.patch(f"/api/v1/opportunities/{deal.pk}", {"next_step": "发送方案"}, **{"If-Match": f'"{deal.version}"'})
    assert r.status_code == 200, r.content


def test_bulk_results_name_what_became_of_each_item(org: Any, api: Any) -> None:
    save_department(name=org.sales.name, manager=org.manager, actor=SYSTEM, instance=org.sales)
    save_process(
        {
            "name": "Customer renames",
            "object_type": "account",
            "kind": "change",
            "fields": ["name"],
            "roles": [Role.objects.get(key="sales_rep")],
            "steps": [{"approver_kind": "manager", "mode": "any"}],
        },
        actor=SYSTEM,
    )
    a = make("account", org.rep, name="杭州西湖茶业有限公司")
    b = make("account", org.rep, name="杭州灵隐文化传播有限公司")
    items = [
        {"id": str(a.pk), "version": a.version, "name": "杭州西湖龙井茶业集团"},
        {"id": str(b.pk), "version": b.version, "level": "b"},
    ]
    r = api(org.rep).patch("/api/v1/accounts/bulk", {"items": items})
    assert r.status_code == 200, r.content
    held, saved = r.json()["items"]
    assert held["result"] == "pending_approval" and held["id"] == str(a.pk) and held["approval_id"] > 0
    assert held["record"] is None
    assert saved["result"] == "saved" and saved["record"]["level"] == "b" and saved["version"] == b.version + 1


def test_board_cards_carry_only_what_they_read(org: Any, api: Any) -> None:
    """A card has the list's columns, its stage and the total field, not nulls for all the rest."""
    make("opportunity", org.rep)
    ot = registry.get("opportunity")
    board = api(org.rep).get("/api/v1/opportunities/board").json()
    cards = [card for column in board["columns"] for card in column["cards"]]
    allowed = {"id", "version", "custom", *ot.list_columns, ot.stage_field, board["total_field"]}
    assert cards and all(set(card) <= allowed for card in cards), cards[0]
