"""Custom fields defined by an administrator appear in forms, API, filters, export and history,
and their values are validated on every write."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from guanxi.core import registry
from guanxi.core.actor import SYSTEM, Actor
from guanxi.core.choices import Source
from guanxi.core.testing import make
from guanxi.history.models import ChangeEntry
from guanxi.studio.services import save_custom_field

pytestmark = pytest.mark.django_db

FIELD_CASES = [
    ("text", {}, "统一社会信用代码", "统一社会信用代码", "x" * 300),
    ("number", {}, "42", 42, "4.5"),
    ("decimal", {}, "3.14159", "3.14159", "pi"),
    ("money", {}, "1999.5", "1999.50", "abc"),
    ("date", {}, "2026-03-01", "2026-03-01", "2026-02-30"),
    ("boolean", {}, "yes", True, "maybe"),
    ("choice", {"choices": [{"value": "gold", "label": "Gold"}]}, "gold", "gold", "silver"),
    (
        "multi_choice",
        {"choices": [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}]},
        ["a", "b"],
        ["a", "b"],
        ["c"],
    ),
    ("email", {}, "CFO@Example.com", "cfo@example.com", "nope"),
    ("phone", {}, "138 0013 8000", "+8613800138000", "123"),
    ("url", {}, "https://guanxi.example.cn", "https://guanxi.example.cn", "not a url"),
]


@pytest.mark.parametrize(("field_type", "extra", "good", "stored", "bad"), FIELD_CASES)
def test_every_field_type_validates_and_stores(
    field_type: str, extra: dict, good: Any, stored: Any, bad: Any, org: Any
) -> None:
    save_custom_field(
        {"object_type": "account", "key": "f", "label": "F", "field_type": field_type, **extra}, actor=SYSTEM
    )
    acc = make("account", org.admin, custom={"f": good})
    assert acc.custom["f"] == stored
    with pytest.raises(ValidationError) as exc:
        make("account", org.admin, custom={"f": bad})
    assert "custom.f" in exc.value.message_dict


def test_lookup_field_points_at_an_existing_record(org: Any) -> None:
    save_custom_field(
        {
            "object_type": "contact",
            "key": "referrer",
            "label": "Referred by",
            "field_type": "lookup",
            "lookup_object_type": "account",
        },
        actor=SYSTEM,
    )
    acc = make("account", org.admin)
    c = make("contact", org.admin, custom={"referrer": str(acc.pk)})
    assert c.custom["referrer"] == str(acc.pk)
    with pytest.raises(ValidationError):
        make("contact", org.admin, custom={"referrer": "00000000-0000-0000-0000-000000000000"})


def test_required_custom_field_and_unknown_keys(org: Any) -> None:
    save_custom_field(
        {"object_type": "account", "key": "tax_id", "label": "Tax ID", "field_type": "text", "required": True},
        actor=SYSTEM,
    )
    with pytest.raises(ValidationError) as exc:
        make("account", org.admin)
    assert "custom.tax_id" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        make("account", org.admin, custom={"tax_id": "91310000", "nope": 1})
    assert "custom.nope" in exc.value.message_dict


def test_bad_definitions_are_refused(org: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        save_custom_field(
            {"object_type": "account", "key": "Bad Key", "label": "x", "field_type": "text"}, actor=SYSTEM
        )
    assert "key" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        save_custom_field(
            {"object_type": "account", "key": "tier", "label": "Tier", "field_type": "choice"}, actor=SYSTEM
        )
    assert "choices" in exc.value.message_dict


def test_custom_field_in_api_schema_filter_history_and_export(org: Any, api: Any, browser_client: Any) -> None:
    save_custom_field(
        {
            "object_type": "account",
            "key": "tier",
            "label": "Tier",
            "label_zh_hans": "等级",
            "field_type": "choice",
            "show_in_list": True,
            "choices": [
                {"value": "gold", "label": "Gold", "label_zh_hans": "金牌"},
                {"value": "silver", "label": "Silver"},
            ],
        },
        actor=SYSTEM,
    )
    client = api(org.admin)
    r = client.post("/api/v1/accounts/", {"name": "厦门海天物流", "custom": {"tier": "gold"}})
    assert r.status_code == 201 and r.json()["custom"] == {"tier": "gold"}
    pk = r.json()["id"]
    make("account", org.admin, name="无等级客户")
    ids = [i["id"] for i in client.get("/api/v1/accounts/", {"custom.tier": "gold"}).json()["items"]]
    assert ids == [pk]
    r = client.post("/api/v1/accounts/", {"name": "x", "custom": {"tier": "bronze"}})
    assert r.status_code == 422 and "custom.tier" in r.json()["errors"]

    obj = registry.get("account").model.objects.get(pk=pk)
    registry.get("account").service.update(obj, {"custom": {"tier": "silver"}}, actor=Actor(org.admin, Source.UI))
    entry = ChangeEntry.objects.filter(object_id=pk, action="updated").latest("at")
    assert entry.changes["custom.tier"] == ["gold", "silver"]

    web = browser_client(org.admin)
    text = b"".join(web.get("/app/account/export.csv").streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert "Tier" in rows[0]
    assert "Silver" in [cell for row in rows for cell in row]
    page = web.get("/app/account/new/").content.decode()
    assert 'name="custom__tier"' in page


def test_custom_field_through_the_form_page(org: Any, browser_client: Any) -> None:
    save_custom_field(
        {"object_type": "account", "key": "employees", "label": "Employees", "field_type": "number"}, actor=SYSTEM
    )
    web = browser_client(org.admin)
    r = web.post(
        "/app/account/new/",
        {
            "name": "成都天府软件园",
            "kind": "organisation",
            "account_type": "customer",
            "lifecycle_stage": "prospect",
            "custom__employees": "many",
        },
    )
    assert r.status_code == 200 and "Enter a whole number." in r.content.decode()
    assert not registry.get("account").model.objects.filter(name="成都天府软件园").exists()
    r = web.post(
        "/app/account/new/",
        {
            "name": "成都天府软件园",
            "kind": "organisation",
            "account_type": "customer",
            "lifecycle_stage": "prospect",
            "custom__employees": "1200",
        },
    )
    assert r.status_code == 302
    assert registry.get("account").model.objects.get(name="成都天府软件园").custom == {"employees": 1200}


def test_admin_pages_create_a_field(org: Any, browser_client: Any) -> None:
    web = browser_client(org.admin)
    r = web.post(
        "/app/admin/fields/new/",
        {
            "object_type": "lead",
            "key": "budget",
            "label": "Budget",
            "label_zh_hans": "预算",
            "label_zh_hant": "預算",
            "field_type": "money",
            "order": 0,
        },
    )
    assert r.status_code == 302
    assert "Budget" in web.get("/app/admin/fields/").content.decode()
    assert browser_client(org.rep).get("/app/admin/fields/").status_code == 404


def test_stale_edit_in_the_form_shows_the_conflict(org: Any, browser_client: Any) -> None:
    acc = make("account", org.admin, name="青岛海景酒店")
    registry.get("account").service.update(acc, {"name": "青岛海景大酒店"}, actor=Actor(org.rep, Source.UI))
    web = browser_client(org.admin)
    r = web.post(
        f"/app/account/{acc.pk}/edit/",
        {
            "name": "青岛海景国际酒店",
            "kind": "organisation",
            "account_type": "prospect",
            "lifecycle_stage": "prospect",
            "version": "1",
        },
    )
    body = r.content.decode()
    assert r.status_code == 200 and "Someone else saved this record" in body and "青岛海景大酒店" in body
    acc.refresh_from_db()
    assert acc.name == "青岛海景大酒店"


def test_list_filters_on_custom_fields_match_by_type(org: Any, api: Any, browser_client: Any) -> None:
    for key, field_type, extra in [
        ("tax_id", "text", {}),
        ("vip", "boolean", {}),
        ("tier", "choice", {"choices": [{"value": "gold", "label": "Gold", "label_zh_hans": "金牌"}]}),
        ("tags", "multi_choice", {"choices": [{"value": "bank", "label": "Bank"}, {"value": "ins", "label": "Ins"}]}),
    ]:
        save_custom_field(
            {"object_type": "account", "key": key, "label": key, "field_type": field_type, **extra}, actor=SYSTEM
        )
    hit = make(
        "account", org.admin, custom={"tax_id": "91310000MA1FL", "vip": True, "tier": "gold", "tags": ["bank", "ins"]}
    )
    miss = make(
        "account", org.admin, name="普通保险代理有限公司", custom={"tax_id": "12345", "vip": False, "tags": ["ins"]}
    )
    client = api(org.admin)

    def found(query: str) -> set[str]:
        res = client.get(f"/api/v1/accounts/?{query}")
        assert res.status_code == 200, res.content
        return {row["id"] for row in res.json()["items"]}

    assert found("custom.tax_id=ma1f") == {str(hit.pk)}  # substring, any case
    assert found("custom.vip=yes") == {str(hit.pk)}
    assert found("custom.vip=false") == {str(miss.pk)}
    assert found("custom.tier=gold") == {str(hit.pk)}
    assert found("custom.tags=bank") == {str(hit.pk)}
    assert found("custom.tags=ins") == {str(hit.pk), str(miss.pk)}
    bad = client.get("/api/v1/accounts/?custom.vip=perhaps")
    assert bad.status_code == 422 and "custom.vip" in bad.text
    assert client.get("/api/v1/accounts/?custom.nope=1").status_code == 422
    page = browser_client(org.admin).get("/app/account/?custom.tier=gold")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="custom.tier"' in html and hit.name in html and miss.name not in html
