"""Behaviour of the customer hub's services: contact points, phone lookup, search in any script,
lead conversion, hierarchy and lifecycle."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from guanxi.core import registry
from guanxi.core.actor import Actor
from guanxi.core.choices import Source
from guanxi.core.testing import make
from guanxi.customers import services
from guanxi.customers.models import Account, AccountContact, Contact, ContactPoint, Lead, LifecycleChange
from guanxi.history.models import ChangeEntry

pytestmark = pytest.mark.django_db


def _actor(user: Any) -> Actor:
    return Actor(user, Source.UI)


@pytest.mark.parametrize("raw", ["138 0013 8000", "+86 138-0013-8000", "(+86)13800138000", "0086 13800138000"])
def test_mobile_in_any_format_is_stored_as_e164(raw: str, org: Any) -> None:
    acc = make("account", org.rep)
    point = services.save_contact_point(acc, {"kind": "mobile", "value": raw}, actor=_actor(org.rep))
    assert point.normalized == "+8613800138000"
    acc.refresh_from_db()
    assert acc.primary_phone.replace(" ", "") == "13800138000"


def test_landline_with_area_code_is_normalised(org: Any) -> None:
    acc = make("account", org.rep)
    point = services.save_contact_point(acc, {"kind": "phone", "value": "021-6234 5678"}, actor=_actor(org.rep))
    assert point.normalized == "+862162345678"


def test_invalid_phone_is_refused_with_a_field_error(org: Any) -> None:
    acc = make("account", org.rep)
    with pytest.raises(ValidationError) as exc:
        services.save_contact_point(acc, {"kind": "mobile", "value": "12345"}, actor=_actor(org.rep))
    assert "value" in exc.value.message_dict
    assert not ContactPoint.objects.filter(object_id=acc.pk).exists()


def test_email_is_validated_and_lower_cased(org: Any) -> None:
    acc = make("account", org.rep)
    point = services.save_contact_point(acc, {"kind": "email", "value": " Sales@Example.COM "}, actor=_actor(org.rep))
    assert point.value == "sales@example.com"
    with pytest.raises(ValidationError):
        services.save_contact_point(acc, {"kind": "email", "value": "not-an-email"}, actor=_actor(org.rep))


def test_chinese_address_is_formatted_in_chinese_order(org: Any) -> None:
    acc = make("account", org.rep)
    point = services.save_contact_point(
        acc,
        {
            "kind": "address",
            "address_order": "cn",
            "country": "中国",
            "province": "上海市",
            "city": "上海市",
            "district": "浦东新区",
            "street": "世纪大道100号",
            "postcode": "200120",
        },
        actor=_actor(org.rep),
    )
    assert point.value == "中国上海市上海市浦东新区世纪大道100号 200120"
    western = services.save_contact_point(
        acc,
        {
            "kind": "address",
            "address_order": "western",
            "street": "1 Main St",
            "city": "Springfield",
            "postcode": "12345",
            "country": "USA",
        },
        actor=_actor(org.rep),
    )
    assert western.value == "1 Main St, Springfield, 12345, USA"


def test_only_one_primary_phone(org: Any) -> None:
    acc = make("account", org.rep)
    a = services.save_contact_point(
        acc, {"kind": "mobile", "value": "13800138000", "is_primary": True}, actor=_actor(org.rep)
    )
    b = services.save_contact_point(
        acc, {"kind": "phone", "value": "02162345678", "is_primary": True}, actor=_actor(org.rep)
    )
    a.refresh_from_db()
    assert not a.is_primary and b.is_primary


def test_invalidating_a_point_records_reason_and_time(org: Any) -> None:
    acc = make("account", org.rep)
    p = services.save_contact_point(acc, {"kind": "mobile", "value": "13800138000"}, actor=_actor(org.rep))
    p = services.save_contact_point(acc, {"is_valid": False, "invalid_reason": "空号"}, actor=_actor(org.rep), point=p)
    assert not p.is_valid and p.invalid_reason == "空号" and p.invalid_since is not None


def test_contact_point_changes_are_in_the_parents_history(org: Any) -> None:
    acc = make("account", org.rep)
    services.save_contact_point(acc, {"kind": "mobile", "value": "13800138000"}, actor=_actor(org.rep))
    entry = ChangeEntry.objects.filter(object_type="account", object_id=acc.pk, action="updated").latest("at")
    assert any(k.startswith("contact_point.") for k in entry.changes)


def test_phone_lookup_finds_a_customer_from_any_format(org: Any, api: Any) -> None:
    acc = make("account", org.admin, name="杭州西湖茶业有限公司")
    services.save_contact_point(acc, {"kind": "mobile", "value": "13912345678"}, actor=_actor(org.admin))
    client = api(org.admin)
    for raw in ("+86 139 1234 5678", "139-1234-5678", "008613912345678"):
        ids = [i["id"] for i in client.get("/api/v1/accounts/", {"phone": raw}).json()["items"]]
        assert ids == [str(acc.pk)], raw
    r = client.get("/api/v1/accounts/", {"phone": "abc"})
    assert r.status_code == 422 and "phone" in r.json()["errors"]


@pytest.mark.parametrize(
    "query", ["明德", "上海明", "贸易有限", "mingde", "MINGDE", "138 0013", "13800138000", "+86 138-0013-8000"]
)
def test_search_by_chinese_or_latin_substring_or_phone(query: str, org: Any, api: Any) -> None:
    acc = make("account", org.admin, name="上海明德贸易有限公司", website="https://www.mingde-trade.cn")
    services.save_contact_point(acc, {"kind": "mobile", "value": "13800138000"}, actor=_actor(org.admin))
    make("account", org.admin, name="北京华联商厦")
    ids = [i["id"] for i in api(org.admin).get("/api/v1/accounts/", {"q": query}).json()["items"]]
    assert ids == [str(acc.pk)]


def test_global_search_page_groups_results_by_object(org: Any, browser_client: Any) -> None:
    acc = make("account", org.admin, name="苏州工业园区恒通科技")
    contact = make("contact", org.admin, name="恒通 王经理")
    page = browser_client(org.admin).get("/app/search/", {"q": "恒通"}).content.decode()
    assert f"/app/account/{acc.pk}/" in page and f"/app/contact/{contact.pk}/" in page


def test_lead_conversion_creates_account_and_contact_and_keeps_history(org: Any) -> None:
    lead = make("lead", org.rep, name="周杰", company="杭州联合科技", phone="13800138000", email="zhou@lianhe.cn")
    from guanxi.core.models import Note

    Note.objects.create(object_type="lead", object_id=lead.pk, body="展会上认识，对 CRM 感兴趣", author=org.rep)
    account, contact = services.convert_lead(lead, actor=_actor(org.rep), contact_role="技术负责人")
    lead.refresh_from_db()
    assert lead.status == "converted" and lead.converted_account == account and lead.converted_contact == contact
    assert account.name == "杭州联合科技" and account.owner == org.rep
    assert AccountContact.objects.get(account=account, contact=contact).role == "技术负责人"
    assert {p.normalized for p in services.points_of(contact)} == {"+8613800138000", "zhou@lianhe.cn"}
    assert Note.objects.filter(object_type="contact", object_id=contact.pk, body__contains="展会").exists()
    assert ChangeEntry.objects.filter(object_type="lead", object_id=lead.pk, action="converted").exists()
    with pytest.raises(ValidationError):
        services.convert_lead(lead, actor=_actor(org.rep))


def test_lead_conversion_offers_likely_duplicates_and_links_to_one(org: Any) -> None:
    existing = make("account", org.rep, name="杭州联合科技")
    services.save_contact_point(existing, {"kind": "phone", "value": "057188886666"}, actor=_actor(org.rep))
    by_name = make("lead", org.rep, name="周杰", company="杭州联合科技")
    by_phone = make("lead", org.rep, name="吴芳", company="联合科技(杭州)", phone="0571-8888 6666")
    visible = Account.objects.all()
    assert services.likely_duplicates(by_name, visible) == [existing]
    assert services.likely_duplicates(by_phone, visible) == [existing]
    account, contact = services.convert_lead(by_phone, actor=_actor(org.rep), account=existing)
    assert account == existing and Account.objects.count() == 1
    assert contact.account == existing


def test_lead_conversion_through_the_api(org: Any, api: Any) -> None:
    lead = make("lead", org.rep, name="Li Wei", company="Nanjing Orbit Ltd")
    r = api(org.rep).post(f"/api/v1/leads/{lead.pk}/convert", {"contact_role": "CTO"})
    assert r.status_code == 201
    assert (
        Contact.objects.get(pk=r.json()["contact_id"]).account_id == Account.objects.get(pk=r.json()["account_id"]).pk
    )


def test_account_cannot_be_its_own_ancestor(org: Any) -> None:
    ot = registry.get("account")
    parent = make("account", org.admin, name="集团总部")
    child = make("account", org.admin, name="华东子公司", parent=parent)
    with pytest.raises(ValidationError) as exc:
        ot.service.update(parent, {"parent": child}, actor=_actor(org.admin))
    assert "parent" in exc.value.message_dict


def test_lifecycle_stage_changes_are_dated(org: Any) -> None:
    ot = registry.get("account")
    acc = make("account", org.admin, lifecycle_stage="prospect")
    ot.service.update(acc, {"lifecycle_stage": "customer"}, actor=_actor(org.admin))
    first, change = LifecycleChange.objects.filter(account=acc).order_by("at", "id")
    assert first.stage == "prospect" and not first.previous
    assert change.previous == "prospect" and change.stage == "customer"


def test_360_payload_has_profile_contacts_points_interactions_and_group(org: Any, api: Any) -> None:
    head = make("account", org.admin, name="中信集团")
    sub = make("account", org.admin, name="中信银行", parent=head)
    contact = make("contact", org.admin, name="王强", account=head)
    services.save_contact_point(head, {"kind": "phone", "value": "01065558888"}, actor=_actor(org.admin))
    make("interaction", org.admin, account=head, contact=contact, subject="年度业务回顾会议")
    body = api(org.admin).get(f"/api/v1/accounts/{head.pk}/360").json()
    assert body["account"]["name"] == "中信集团"
    assert [c["name"] for c in body["contacts"]] == ["王强"]
    assert body["contact_points"][0]["normalized"] == "+861065558888"
    assert body["interactions"][0]["subject"] == "年度业务回顾会议"
    assert body["children"] == [{"id": str(sub.pk), "name": "中信银行"}]
    assert body["stats"]["group_accounts"] == 2


def test_interaction_contact_must_belong_to_the_account(org: Any) -> None:
    a = make("account", org.admin)
    stranger = make("contact", org.admin)
    with pytest.raises(ValidationError) as exc:
        make("interaction", org.admin, account=a, contact=stranger)
    assert "contact" in exc.value.message_dict


def test_picklist_values_are_checked(org: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        make("account", org.admin, level="platinum")
    assert "level" in exc.value.message_dict


def test_lead_phone_is_normalised_and_bad_phone_refused(org: Any) -> None:
    lead = make("lead", org.rep, phone="139 1234 5678")
    assert lead.phone == "+8613912345678"
    with pytest.raises(ValidationError) as exc:
        make("lead", org.rep, phone="555")
    assert "phone" in exc.value.message_dict
    assert Lead.objects.count() == 1
