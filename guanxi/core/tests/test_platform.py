"""Generated tests: every registered object type gets the same CRUD, page, API, history, recycle
bin, stale-version and export behaviour from the platform. Adding an object type adds its cases."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from guanxi.core import registry
from guanxi.core.actor import SYSTEM, Actor
from guanxi.core.choices import Source
from guanxi.core.errors import StaleVersion
from guanxi.core.testing import EDITS, SAMPLES, api_name, api_value, make
from guanxi.history.models import ChangeEntry
from guanxi.studio.testing import CUSTOM_KEY, define_booth

# Every registered type, and a custom object an administrator defines at run time.
TYPES = [ot.key for ot in registry.all_types()] + [CUSTOM_KEY]
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _custom_object_defined(request: pytest.FixtureRequest) -> None:
    params = getattr(request.node, "callspec", None)
    if params is not None and params.params.get("key") == CUSTOM_KEY:
        request.getfixturevalue("org")
        define_booth()


def test_every_registered_type_has_samples_api_and_pages() -> None:
    from django.urls import reverse

    from guanxi.api.generic import api

    paths = api.get_openapi_schema()["paths"]
    for key in TYPES[:-1]:
        assert key in SAMPLES, f"{key} has no sample data for the generated tests"
        assert f"/api/v1/{api_name(key)}/" in paths
        assert reverse("core:list", args=[key])


@pytest.mark.parametrize("key", TYPES)
def test_service_crud_records_history_and_recycle_bin(key: str, org) -> None:
    ot = registry.get(key)
    actor = Actor(org.admin, Source.UI)
    obj = make(key, org.admin)
    assert obj.version == 1
    assert obj.created_source == "ui"
    created = ChangeEntry.objects.get(object_type=key, object_id=obj.pk, action="created")
    assert created.actor == org.admin and created.changes

    field, value = EDITS[key]
    obj = ot.service.update(obj, {field: value}, actor=actor, expected_version=1)
    assert obj.version == 2
    entry = ChangeEntry.objects.filter(object_type=key, object_id=obj.pk, action="updated").latest("at")
    assert field in entry.changes and entry.changes[field][1] == api_value(value)

    ot.service.delete(obj, actor=actor)
    assert not ot.model.objects.filter(pk=obj.pk).exists()
    assert ot.model.all_objects.get(pk=obj.pk).deleted_by == org.admin
    ot.service.restore(ot.model.all_objects.get(pk=obj.pk), actor=actor)
    assert ot.model.objects.filter(pk=obj.pk).exists()
    actions = list(ChangeEntry.objects.filter(object_type=key, object_id=obj.pk).values_list("action", flat=True))
    assert set(actions) >= {"created", "updated", "deleted", "restored"}


@pytest.mark.parametrize("key", TYPES)
def test_stale_version_is_refused_and_nothing_is_written(key: str, org) -> None:
    ot = registry.get(key)
    actor = Actor(org.admin, Source.UI)
    obj = make(key, org.admin)
    field, value = EDITS[key]
    ot.service.update(obj, {field: value}, actor=actor, expected_version=1)
    with pytest.raises(StaleVersion) as exc:
        ot.service.update(obj, {field: "someone else"}, actor=actor, expected_version=1)
    assert field in exc.value.changed
    assert getattr(ot.model.objects.get(pk=obj.pk), field) != "someone else"


@pytest.mark.parametrize("key", TYPES)
def test_invalid_input_gets_field_errors_and_writes_nothing(key: str, org) -> None:
    ot = registry.get(key)
    before = ot.model.all_objects.count()
    with pytest.raises(ValidationError) as exc:
        ot.service.create({ot.title_field: ""}, actor=Actor(org.admin, Source.UI))
    title = ot.model._meta.get_field(ot.title_field)
    if not title.blank:  # an assigned title (a document number) may be left empty
        assert ot.title_field in exc.value.message_dict
    required = [
        f.name
        for f in ot.model._meta.concrete_fields
        if f.is_relation and not f.blank and not f.null and f.name in ot.form_fields
    ]
    for name in required:  # a required link left out is named too, not a database error
        assert name in exc.value.message_dict
    assert ot.model.all_objects.count() == before


@pytest.mark.parametrize("key", TYPES)
def test_api_crud_round_trip(key: str, org, api) -> None:
    ot = registry.get(key)
    client = api(org.admin)
    data = {k: api_value(v) for k, v in SAMPLES[key](org.admin).items()}
    r = client.post(f"/api/v1/{api_name(key)}/", data)
    assert r.status_code == 201, r.content
    body = r.json()
    pk, version = body["id"], body["version"]

    r = client.get(f"/api/v1/{api_name(key)}/{pk}")
    assert r.status_code == 200 and r["ETag"] == f'"{version}"'

    field, value = EDITS[key]
    r = client.patch(f"/api/v1/{api_name(key)}/{pk}", {field: api_value(value)})
    assert r.status_code == 428
    r = client.patch(f"/api/v1/{api_name(key)}/{pk}", {field: api_value(value)}, **{"If-Match": f'"{version}"'})
    assert r.status_code == 200, r.content
    assert r.json()["version"] == version + 1
    r = client.patch(f"/api/v1/{api_name(key)}/{pk}", {field: "stale"}, **{"If-Match": f'"{version}"'})
    assert r.status_code == 412
    assert r["Content-Type"] == "application/problem+json"
    assert field in r.json()["changed"]

    r = client.get(f"/api/v1/{api_name(key)}/", {"limit": 5})
    assert r.status_code == 200 and any(item["id"] == pk for item in r.json()["items"])

    assert client.delete(f"/api/v1/{api_name(key)}/{pk}").status_code == 204
    assert client.get(f"/api/v1/{api_name(key)}/{pk}").status_code == 404
    r = client.post(f"/api/v1/{api_name(key)}/{pk}/restore")
    assert r.status_code == 200, r.content
    assert client.get(f"/api/v1/{api_name(key)}/{pk}").status_code == 200
    assert ot.model.objects.filter(pk=pk).exists()


@pytest.mark.parametrize("key", TYPES)
def test_api_rejects_bad_input_with_field_errors(key: str, org, api) -> None:
    ot = registry.get(key)
    client = api(org.admin)
    r = client.post(f"/api/v1/{api_name(key)}/", {ot.title_field: "", "no_such_field": 1})
    assert r.status_code == 422
    assert r["Content-Type"] == "application/problem+json"
    assert "errors" in r.json()
    r = client.get(f"/api/v1/{api_name(key)}/", {"sort": "nope"})
    assert r.status_code == 422 and "sort" in r.json()["errors"]
    assert ot.model.all_objects.count() == 0 or key in ("contact", "interaction")


@pytest.mark.parametrize("key", TYPES)
@pytest.mark.parametrize("bad", ["NUL\x00inside", "half \ud83d surrogate"])
def test_text_no_database_can_store_is_a_field_error(key: str, bad: str, org, api) -> None:
    # PostgreSQL refuses NUL and UTF-8 cannot encode a lone surrogate: the API must answer 422 on
    # the field (not 500), write nothing, and filters and search must not crash either.
    ot = registry.get(key)
    client = api(org.admin)
    good = {k: api_value(v) for k, v in SAMPLES[key](org.admin).items()}
    before = ot.model.all_objects.count()
    r = client.post(f"/api/v1/{api_name(key)}/", {**good, ot.title_field: bad})
    assert r.status_code == 422, r.content
    assert ot.title_field in r.json()["errors"]
    r = client.post(f"/api/v1/{api_name(key)}/bulk", {"items": [good, {**good, ot.title_field: bad}]})
    assert r.status_code == 422 and f"items.1.{ot.title_field}" in r.json()["errors"]
    assert ot.model.all_objects.count() == before
    r = client.get(f"/api/v1/{api_name(key)}/", {"q": "a\x00b"})
    assert r.status_code == 422 and "q" in r.json()["errors"]


def _required_given(ot, good: dict) -> str:
    """A field of the sample that must not be empty: its title, or (where the title is assigned
    when empty, like a document number) the first required field the sample gives."""
    for name in (ot.title_field, *good):
        if name in good and not ot.model._meta.get_field(name).blank:
            return name
    raise AssertionError(f"{ot.key}: the sample gives no required field")


@pytest.mark.parametrize("key", TYPES)
def test_api_bulk_create_is_all_or_nothing(key: str, org, api) -> None:
    ot = registry.get(key)
    client = api(org.admin)
    good = {k: api_value(v) for k, v in SAMPLES[key](org.admin).items()}
    before = ot.model.all_objects.count()
    r = client.post(f"/api/v1/{api_name(key)}/bulk", {"items": [good, {**good, _required_given(ot, good): ""}]})
    assert r.status_code == 422
    assert any(k.startswith("items.1.") for k in r.json()["errors"])
    assert ot.model.all_objects.count() == before
    other = {k: api_value(v) for k, v in SAMPLES[key](org.admin).items()}
    r = client.post(f"/api/v1/{api_name(key)}/bulk", {"items": [good, other]})
    assert r.status_code == 201 and len(r.json()["items"]) == 2, r.content


@pytest.mark.parametrize("key", TYPES)
def test_pages_list_detail_create_edit_history(key: str, org, browser_client) -> None:
    ot = registry.get(key)
    client = browser_client(org.admin)
    obj = make(key, org.admin)
    assert client.get(f"/app/{key}/").status_code == 200
    r = client.get(f"/app/{key}/{obj.pk}/")
    assert r.status_code == 200 and ot.title(obj).encode() in r.content
    assert client.get(f"/app/{key}/new/").status_code == 200
    assert client.get(f"/app/{key}/{obj.pk}/edit/").status_code == 200
    assert client.get(f"/app/{key}/{obj.pk}/history/").status_code == 200
    if ot.stage_field:
        assert client.get(f"/app/{key}/kanban/").status_code == 200


# As an administrator (no scope at all) and as a representative (scoped to their own records,
# with field rules and shares in play): the cost must not grow with the rows either way.
VIEWERS = ("admin", "rep")


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("key", TYPES)
def test_list_page_runs_a_constant_number_of_queries(key: str, viewer: str, org, browser_client) -> None:
    user = getattr(org, viewer)
    client = browser_client(user)
    make(key, user)
    client.get(f"/app/{key}/")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/app/{key}/")
    for _ in range(15):
        make(key, user)
    with CaptureQueriesContext(connection) as many:
        client.get(f"/app/{key}/")
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("key", TYPES)
def test_api_list_runs_a_constant_number_of_queries(key: str, viewer: str, org, api) -> None:
    user = getattr(org, viewer)
    client = api(user)
    make(key, user)
    client.get(f"/api/v1/{api_name(key)}/")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/api/v1/{api_name(key)}/")
    for _ in range(10):
        make(key, user)
    with CaptureQueriesContext(connection) as many:
        client.get(f"/api/v1/{api_name(key)}/")
    assert len(many) == len(few)


def _related_cases() -> list[tuple[str, str, str]]:
    return [(parent.key, rel.object_type, rel.via) for parent in registry.all_types() for rel in parent.related]


@pytest.mark.parametrize(("key", "child", "via"), _related_cases())
def test_record_page_runs_a_constant_number_of_queries(key: str, child: str, via: str, org, browser_client) -> None:
    """A record's page with one related record or seven costs the same queries: related lists,
    their links' names and the panels are read per list, not per row. As a representative, whose
    page goes through every scope, share and field rule (an administrator's skips them)."""
    user = org.rep
    client = browser_client(user)
    parent = make(key, user)
    if key == "order":  # an order with something to invoice, so its invoices can be made
        from decimal import Decimal

        from guanxi.billing.services import set_document_lines

        product = make("product", org.admin, list_price=Decimal("1000000"))
        parent = set_document_lines(parent, [{"product": product.pk, "quantity": 10}], actor=SYSTEM)

    def add_child() -> None:
        data = {via: parent}
        if via != "account" and "account" in {f.name for f in registry.get(child).model._meta.concrete_fields}:
            data["account"] = getattr(parent, "account", None) or make("account", user)
        make(child, user, **data)

    add_child()
    client.get(f"/app/{key}/{parent.pk}/")
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"/app/{key}/{parent.pk}/").status_code == 200
    for _ in range(6):
        add_child()
    with CaptureQueriesContext(connection) as many:
        client.get(f"/app/{key}/{parent.pk}/")
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


@pytest.mark.parametrize("key", TYPES)
def test_export_csv_and_xlsx_contain_what_the_list_shows(key: str, org, browser_client) -> None:
    from openpyxl import load_workbook

    ot = registry.get(key)
    client = browser_client(org.admin)
    obj = make(key, org.admin)
    r = client.get(f"/app/{key}/export.csv")
    assert r.status_code == 200
    text = b"".join(r.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 2
    assert ot.title(obj) in rows[1]
    r = client.get(f"/app/{key}/export.xlsx")
    sheet = load_workbook(io.BytesIO(r.content)).active
    values = [c.value for c in sheet[2]]
    assert ot.title(obj) in values


@pytest.mark.parametrize("key", TYPES)
def test_keyset_pagination_walks_every_record_once(key: str, org, api) -> None:
    client = api(org.admin)
    ids = {str(make(key, org.admin).pk) for _ in range(7)}
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        body = client.get(f"/api/v1/{api_name(key)}/", params).json()
        seen += [i["id"] for i in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert ids <= set(seen) and len(seen) == len(set(seen))


def test_a_record_created_on_a_form_is_its_creators_unless_another_owner_is_chosen(org, browser_client) -> None:
    web = browser_client(org.rep)
    page = web.get("/app/account/new/").content.decode()
    assert f'<option value="{org.rep.pk}" selected>' in page
    r = web.post(
        "/app/account/new/",
        {
            "name": "嘉兴禾丰农业有限公司",
            "kind": "organisation",
            "account_type": "prospect",
            "lifecycle_stage": "prospect",
            "owner": "",
        },
    )
    assert r.status_code == 302
    account = registry.get("account").model.objects.get(name="嘉兴禾丰农业有限公司")
    assert account.owner == org.rep and web.get(r["Location"]).status_code == 200


def test_every_search_index_survives_the_migrations(db) -> None:
    """SQLite copies a table into a new one for some schema changes, dropping the search index's
    triggers with the old table: every searchable table must still have its index after migrating."""
    from guanxi.core.search import index_problems

    assert index_problems() == []


def test_exports_speak_the_readers_language_and_xlsx_keeps_dates_and_numbers(org, browser_client) -> None:
    """The CSV is streamed after the request ends; it stays in the reader's language and formats
    (it came out in English, with "5:36 a.m." dates, for a Chinese reader)."""
    import datetime
    from decimal import Decimal

    from django.utils import translation
    from openpyxl import load_workbook

    from guanxi.customization.selectors import field_label
    from guanxi.pipeline.choices import Outcome

    org.rep.language = "zh-hans"
    org.rep.save(update_fields=["language"])
    ot = registry.get("opportunity")
    deal = make("opportunity", org.rep, name="宁波港联 WMS", amount=Decimal("380000"))
    registry.get("opportunity").service.update(
        deal, {"expected_close": datetime.date(2027, 2, 28)}, actor=Actor(org.rep, Source.UI)
    )
    columns = ["name", "outcome", "amount", "expected_close", "created_at"]
    client = browser_client(org.rep)
    r = client.get("/app/opportunity/export.csv", {"columns": ",".join(columns)})
    rows = list(csv.reader(io.StringIO(b"".join(r.streaming_content).decode("utf-8-sig"))))
    with translation.override("zh-hans"):
        headers = [str(field_label(ot, c)) for c in columns]
        open_label = str(Outcome.OPEN.label)
    assert rows[0] == headers and headers != columns
    name, outcome, amount, close, created = rows[1]
    assert amount.replace(",", "").startswith("380000")
    assert name == "宁波港联 WMS" and outcome == open_label and "2027" in close
    assert "年" in created and "a.m." not in created and "p.m." not in created

    r = client.get("/app/opportunity/export.xlsx", {"columns": ",".join(columns)})
    sheet = load_workbook(io.BytesIO(r.content)).active
    header, row = [c.value for c in sheet[1]], [c.value for c in sheet[2]]
    assert header == headers
    assert row[2] == 380000 and isinstance(row[2], (int, float))
    assert row[3] == datetime.datetime(2027, 2, 28) and isinstance(row[4], datetime.datetime)
