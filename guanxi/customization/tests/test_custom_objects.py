"""Custom objects: an administrator defines an object type in the UI and it gets what a core object
has — pages, kanban, the API with its schema, search, history, the recycle bin, permissions with
field rules, lookups from other objects and export — with no schema change."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from guanxi.access.models import Role
from guanxi.access.services import set_field_rule
from guanxi.core import registry
from guanxi.core.actor import SYSTEM, Actor
from guanxi.core.choices import Source
from guanxi.core.testing import make
from guanxi.customization.models import CustomObject, CustomRecord
from guanxi.history.models import ChangeEntry
from guanxi.studio import objects
from guanxi.studio.services import parse_choices, save_custom_field, save_custom_object
from guanxi.studio.testing import STATUSES, define_booth

pytestmark = pytest.mark.django_db


def test_an_administrator_defines_an_object_in_the_ui_and_uses_it(org: Any, browser_client: Any) -> None:
    web = browser_client(org.admin)
    form = {
        "key": "booth",
        "label": "Booth",
        "label_zh_hans": "展位",
        "label_plural": "Booths",
        "label_plural_zh_hans": "展位",
        "name_label": "Booth number",
        "name_label_zh_hans": "展位号",
        "statuses_text": STATUSES,
        "icon": "▦",
        "order": "300",
        "active": "on",
    }
    r = web.post("/app/admin/objects/new/", form)
    assert r.status_code == 302, r.content.decode()[:2000]
    assert CustomObject.objects.get(key="booth").statuses[1]["label_zh_hans"] == "已确认"
    r = web.post(
        "/app/admin/fields/new/",
        {"object_type": "booth", "key": "hall", "label": "Hall", "field_type": "text", "order": "0"},
    )
    assert r.status_code == 302 and r["Location"] == "/app/admin/objects/booth/"

    home = web.get("/app/").content.decode()
    assert 'href="/app/booth/"' in home  # in the menu, with its plural label
    assert "Booths" in home
    page = web.get("/app/booth/new/").content.decode()
    assert "Booth number" in page and "Hall" in page and "Confirmed" in page
    r = web.post(
        "/app/booth/new/", {"name": "A-101", "status": "reserved", "owner": org.admin.pk, "custom__hall": "1H"}
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    booth = registry.get("booth").model.objects.get(name="A-101")
    assert booth.custom == {"hall": "1H"} and booth.object_type == "booth"
    detail = web.get(f"/app/booth/{booth.pk}/").content.decode()
    assert "Booth number" in detail and "A-101" in detail and "1H" in detail and "Reserved" in detail
    board = web.get("/app/booth/kanban/").content.decode()
    assert "Reserved" in board and "Confirmed" in board and "A-101" in board
    r = web.post(f"/app/booth/{booth.pk}/move/", {"value": "confirmed", "version": booth.version})
    assert r.status_code == 200
    booth.refresh_from_db()
    assert booth.status == "confirmed"
    r = web.post(f"/app/booth/{booth.pk}/move/", {"value": "sold-out", "version": booth.version})
    assert r.status_code == 422  # not one of its statuses
    history = web.get(f"/app/booth/{booth.pk}/history/").content.decode()
    assert "Status" in history
    # In Chinese the labels are the administrator's own.
    org.admin.language = "zh-hans"
    org.admin.save(update_fields=["language"])
    zh = web.get("/app/booth/").content.decode()
    assert "展位号" in zh and "已确认" in zh


def test_definition_errors_are_named_and_nothing_is_half_written(org: Any, browser_client: Any) -> None:
    # Module pages' words come from the URL resolver: /app/calendar/, /app/sales/…, /api/v1/approvals/…
    taken = [(k, "taken") for k in ("account", "admin", "calendar", "sales", "approvals", "trash", "search")]
    for key, expected in [*taken, ("9lives", "lower-case"), ("a", "lower-case")]:
        with pytest.raises(ValidationError) as exc:
            save_custom_object({"key": key, "label": "X", "label_plural": "Xs"}, actor=SYSTEM)
        assert expected in " ".join(exc.value.message_dict["key"])
    with pytest.raises(ValidationError) as exc:
        save_custom_object(
            {"key": "visit", "label": "Visit", "label_plural": "", "statuses": parse_choices("a|A\na|B")}, actor=SYSTEM
        )
    assert set(exc.value.message_dict) == {"label_plural", "statuses"}
    assert not CustomObject.objects.exists() and registry.maybe("visit") is None

    web = browser_client(org.admin)
    r = web.post("/app/admin/objects/new/", {"key": "bad key", "label": "", "label_plural": "X", "order": "1"})
    assert r.status_code == 200 and "This field is required." in r.content.decode()

    definition = define_booth()
    make("booth", org.rep, name="B-1", status="confirmed")
    with pytest.raises(ValidationError) as exc:
        save_custom_object({"statuses": parse_choices("reserved|Reserved")}, actor=SYSTEM, instance=definition)
    assert "confirmed" in exc.value.message_dict["statuses"][0]
    with pytest.raises(ValidationError) as exc:
        save_custom_object({"key": "stand"}, actor=SYSTEM, instance=CustomObject.objects.get(key="booth"))
    assert "key" in exc.value.message_dict


def test_the_api_serves_and_documents_each_custom_object(org: Any, api: Any) -> None:
    define_booth()
    account = make("account", org.admin, name="华为技术有限公司")
    rest = api(org.admin)
    r = rest.post(
        "/api/v1/booths/",
        {"name": "C-310", "custom": {"hall": "3", "area": "36", "exhibitor": str(account.pk)}},
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["status"] == "reserved"  # the first status is the default
    assert body["custom"] == {"hall": "3", "area": "36", "exhibitor": str(account.pk)}
    pk = body["id"]

    bad = rest.post("/api/v1/booths/", {"name": "", "status": "sold", "custom": {"area": "big"}})
    assert bad.status_code == 422, bad.content
    assert {"status"} <= set(bad.json()["errors"])  # the schema refuses a status it does not list
    bad = rest.post("/api/v1/booths/", {"name": "C-311", "custom": {"area": "big"}})
    assert bad.status_code == 422 and set(bad.json()["errors"]) == {"custom.area"}
    broken = rest.client.post(
        "/api/v1/booths/", b"{not json", content_type="application/json", headers=rest._headers(None)
    )
    assert broken.status_code == 400 and broken["Content-Type"] == "application/problem+json"
    assert registry.get("booth").model.objects.count() == 1  # nothing half-written

    got = rest.get(f"/api/v1/booths/{pk}")
    assert got.status_code == 200 and got["ETag"] == '"1"'
    r = rest.patch(f"/api/v1/booths/{pk}", {"status": "confirmed"}, **{"If-Match": '"1"'})
    assert r.status_code == 200 and r.json()["status"] == "confirmed" and r["ETag"] == '"2"'
    assert rest.patch(f"/api/v1/booths/{pk}", {"name": "C-312"}, **{"If-Match": '"1"'}).status_code == 412
    assert rest.patch(f"/api/v1/booths/{pk}", {"name": "C-312"}).status_code == 428

    listed = rest.get("/api/v1/booths/", {"status": "confirmed"}).json()
    assert [i["id"] for i in listed["items"]] == [pk]
    assert rest.get("/api/v1/booths/", {"status": "sold"}).status_code == 422
    assert [i["id"] for i in rest.get("/api/v1/booths/", {"q": "C-310"}).json()["items"]] == [pk]
    assert [i["id"] for i in rest.get("/api/v1/booths/", {"custom.hall": "3"}).json()["items"]] == [pk]

    assert rest.delete(f"/api/v1/booths/{pk}").status_code == 204
    assert rest.get(f"/api/v1/booths/{pk}").status_code == 404
    assert rest.post(f"/api/v1/booths/{pk}/restore").status_code == 200
    assert rest.get("/api/v1/no_such_type/").status_code == 404

    bulk = rest.post("/api/v1/booths/bulk", {"items": [{"name": "D-1"}, {"name": "D-2", "status": "cancelled"}]})
    assert bulk.status_code == 201 and len(bulk.json()["items"]) == 2

    schema = rest.get("/api/openapi.json").json()
    assert {"/api/v1/booths/", "/api/v1/booths/{record_id}", "/api/v1/booths/bulk"} <= set(schema["paths"])
    create = schema["components"]["schemas"]["BoothCreate"]
    assert create["properties"]["name"]["description"] == "Booth number"
    assert "reserved" in str(create["properties"]["status"])
    assert schema["paths"]["/api/v1/booths/"]["get"]["operationId"] == "list_booth"


def test_search_history_recycle_bin_and_export(org: Any, browser_client: Any) -> None:
    define_booth()
    web = browser_client(org.admin)
    booth = make("booth", org.admin, name="E-501", custom={"hall": "Pavilion Nord"})
    results = web.get("/app/search/", {"q": "pavilion nord"}).content.decode()
    assert f"/app/booth/{booth.pk}/" in results  # its text fields are searched too
    results = web.get("/app/search/", {"q": "E-501"}).content.decode()
    assert f"/app/booth/{booth.pk}/" in results

    ot = registry.get("booth")
    ot.service.update(booth, {"custom": {"hall": "5"}}, actor=Actor(org.admin, Source.UI))
    entry = ChangeEntry.objects.filter(object_type="booth", object_id=booth.pk).order_by("-at").first()
    assert entry is not None and entry.changes["custom.hall"] == ["Pavilion Nord", "5"]

    export = web.get("/app/booth/export.csv")
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert "Booth number" in rows[0] and "Hall" in rows[0]
    assert any("E-501" in row and "5" in row for row in rows[1:])

    web.post(f"/app/booth/{booth.pk}/delete/")
    assert not ot.model.objects.filter(pk=booth.pk).exists()
    assert f"/app/booth/{booth.pk}/" in web.get("/app/trash/").content.decode()
    web.post(f"/app/booth/{booth.pk}/restore/")
    assert ot.model.objects.filter(pk=booth.pk).exists()


def test_each_object_sees_only_its_own_records(org: Any) -> None:
    define_booth()
    save_custom_object({"key": "visit_plan", "label": "Visit plan", "label_plural": "Visit plans"}, actor=SYSTEM)
    booth = make("booth", org.admin, name="F-1")
    plan = make("visit_plan", org.admin, name="F-1")
    assert list(registry.get("booth").model.objects.all()) == [booth]
    assert list(registry.get("visit_plan").model.objects.all()) == [plan]
    assert registry.for_model(plan).key == "visit_plan" and registry.get("visit_plan").stage_field is None
    assert CustomRecord.objects.count() == 2


def test_permissions_and_field_rules_apply(org: Any, api: Any, browser_client: Any) -> None:
    define_booth()
    mine = make("booth", org.rep, name="G-1", custom={"area": "18"})
    theirs = make("booth", org.other_rep, name="G-2")
    rep_api = api(org.rep)
    ids = {i["id"] for i in rep_api.get("/api/v1/booths/").json()["items"]}
    assert ids == {str(mine.pk)}  # the role's "all objects" grants: own records only
    assert rep_api.get(f"/api/v1/booths/{theirs.pk}").status_code == 404
    assert api(org.manager).get(f"/api/v1/booths/{mine.pk}").status_code == 200  # the manager's subtree

    role = Role.objects.get(key="sales_rep")
    set_field_rule(role=role, object_type="booth", field="custom.area", access="hidden", actor=SYSTEM)
    set_field_rule(role=role, object_type="booth", field="status", access="read", actor=SYSTEM)
    got = rep_api.get(f"/api/v1/booths/{mine.pk}").json()
    assert "area" not in got["custom"]
    r = rep_api.patch(f"/api/v1/booths/{mine.pk}", {"status": "confirmed"}, **{"If-Match": f'"{mine.version}"'})
    assert r.status_code == 403 and "status" in r.json()["errors"]
    page = browser_client(org.rep).get(f"/app/booth/{mine.pk}/").content.decode()
    assert "Area (m²)" not in page
    assert rep_api.get("/api/v1/booths/", {"sort": "name"}).status_code == 200


def test_lookups_link_custom_objects_and_customers_both_ways(org: Any, browser_client: Any) -> None:
    define_booth()
    account = make("account", org.rep, name="比亚迪股份有限公司")
    mine = make("booth", org.rep, name="H-1", custom={"exhibitor": str(account.pk)})
    # Entered by an administrator for another representative, whose booth names rep's customer.
    hidden = registry.get("booth").service.create(
        {"name": "H-2", "owner": org.other_rep, "custom": {"exhibitor": str(account.pk)}}, actor=Actor(org.admin)
    )
    page = browser_client(org.rep).get(f"/app/account/{account.pk}/").content.decode()
    assert "Booths · Exhibitor" in page  # a related list from the lookup field
    assert f"/app/booth/{mine.pk}/" in page
    assert f"/app/booth/{hidden.pk}/" not in page  # through the access layer like any related list
    detail = browser_client(org.rep).get(f"/app/booth/{mine.pk}/").content.decode()
    assert f'href="/app/account/{account.pk}/"' in detail and "比亚迪股份有限公司" in detail
    listing = browser_client(org.rep).get("/app/booth/", {"columns": "name,custom.exhibitor"}).content.decode()
    assert f'<a href="/app/account/{account.pk}/">比亚迪股份有限公司</a>' in listing
    history = ChangeEntry.objects.get(object_type="booth", object_id=mine.pk)
    assert "object_type" not in history.changes and "custom.exhibitor" in history.changes

    # And a core object can point at a custom one.
    save_custom_field(
        {
            "object_type": "account",
            "key": "main_booth",
            "label": "Main booth",
            "field_type": "lookup",
            "lookup_object_type": "booth",
        },
        actor=SYSTEM,
    )
    changed = registry.get("account").service.update(
        account, {"custom": {"main_booth": str(mine.pk)}}, actor=Actor(org.rep, Source.UI)
    )
    assert changed.custom["main_booth"] == str(mine.pk)


def test_another_process_follows_definitions_through_the_shared_cache(org: Any, browser_client: Any) -> None:
    define_booth()
    web = browser_client(org.admin)
    objects.forget_all()  # as a process that has not seen the definition yet
    assert registry.maybe_loaded("booth") is None
    assert web.get("/app/booth/").status_code == 200  # the request syncs the registry

    # Another process deactivates it: its row changes and the shared version moves on.
    CustomObject.objects.filter(key="booth").update(active=False)
    cache.set(objects.VERSION_KEY, "someone-else", None)
    assert web.get("/app/booth/").status_code == 404
    assert registry.maybe_loaded("booth") is None
    assert web.get("/api/v1/booths/").status_code in (401, 404)


def test_status_locks_and_the_recycle_bin_purge_cover_custom_objects(org: Any, api: Any) -> None:
    from guanxi.access.services import set_status_locks
    from guanxi.history.tasks import purge_recycle_bin

    define_booth()
    set_status_locks(object_type="booth", values=["confirmed"], actor=SYSTEM)
    booth = make("booth", org.rep, name="J-1", status="confirmed")
    r = api(org.rep).patch(f"/api/v1/booths/{booth.pk}", {"name": "J-2"}, **{"If-Match": f'"{booth.version}"'})
    assert r.status_code == 403 and "locked" in r.json()["detail"]
    assert (
        api(org.manager).patch(f"/api/v1/booths/{booth.pk}", {"name": "J-2"}, **{"If-Match": '"1"'}).status_code == 200
    )
    with pytest.raises(ValidationError):
        set_status_locks(object_type="booth", values=["sold"], actor=SYSTEM)

    registry.get("booth").service.delete(booth, actor=SYSTEM)
    objects.forget_all()  # a worker process that never served a request
    assert purge_recycle_bin(days=-1) == 1
    assert not CustomRecord.all_objects.filter(pk=booth.pk).exists()
