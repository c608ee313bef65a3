"""The permission matrix: every object type × every role × own / same department / sub-department /
other department records × every entry point (list page, detail page, search, API list, API get,
export). An independent oracle of the seed roles says what each user may see; any difference is a leak
(or a record wrongly hidden)."""

from __future__ import annotations

import csv
import io
import uuid
from typing import Any

import pytest

from guanxi.core import registry
from guanxi.core.testing import make

pytestmark = pytest.mark.django_db
TYPES = [ot.key for ot in registry.all_types()]


def oracle(viewer: str, owner_user: Any, org: Any, key: str) -> bool:
    """What the seed roles promise, written independently of the access layer."""
    if viewer == "admin":
        return True
    if viewer == "agent":
        return key != "lead"
    viewer_user = getattr(org, viewer)
    if viewer == "manager":  # department 销售部 and everything below it
        dept = owner_user.department
        return owner_user == viewer_user or (dept is not None and dept.path.startswith(org.sales.path))
    return owner_user == viewer_user  # representatives: their own records only


def _records(org: Any, key: str) -> dict[str, Any]:
    """One record per owner, each with a unique, searchable title."""
    ot = registry.get(key)
    out = {}
    for name, user in org.all().items():
        title = f"Leak{key}{name}{uuid.uuid4().hex[:6]}"
        out[name] = make(key, user, **{ot.title_field: title})
    return out


@pytest.mark.parametrize("key", TYPES)
def test_no_leaks_on_any_entry_point(key: str, org: Any, api: Any, browser_client: Any) -> None:
    ot = registry.get(key)
    records = _records(org, key)
    cases = 0
    for viewer in org.all():
        user = getattr(org, viewer)
        web = browser_client(user)
        rest = api(user)
        list_html = web.get(f"/app/{key}/").content.decode()
        api_ids = {i["id"] for i in rest.get(f"/api/v1/{key}/", {"limit": 500}).json().get("items", [])}
        export = web.get(f"/app/{key}/export.csv")
        exported = (
            b"".join(export.streaming_content).decode("utf-8-sig")
            if export.status_code == 200 and hasattr(export, "streaming_content")
            else ""
        )
        exported_titles = {cell for row in csv.reader(io.StringIO(exported)) for cell in row}
        for owner_name, obj in records.items():
            owner_user = getattr(org, owner_name)
            expected = oracle(viewer, owner_user, org, key)
            title = ot.title(obj)
            where = f"{viewer} viewing {owner_name}'s {key}"
            assert (f"/app/{key}/{obj.pk}/" in list_html) == expected, f"list page: {where}"
            assert (str(obj.pk) in api_ids) == expected, f"API list: {where}"
            status = web.get(f"/app/{key}/{obj.pk}/").status_code
            assert status == (200 if expected else 404), f"detail page: {where}"
            status = rest.get(f"/api/v1/{key}/{obj.pk}").status_code
            assert status == (200 if expected else 404), f"API get: {where}"
            if ot.search_fields:
                found = {i["id"] for i in rest.get(f"/api/v1/{key}/", {"q": title}).json().get("items", [])}
                assert (str(obj.pk) in found) == expected, f"API search: {where}"
                page = web.get("/app/search/", {"q": title}).content.decode()
                assert (f"/app/{key}/{obj.pk}/" in page) == expected, f"global search: {where}"
            if exported:
                assert (title in exported_titles) == expected, f"export: {where}"
            cases += 7
    print(f"{key}: {cases} leak-matrix cases")


@pytest.mark.parametrize("key", TYPES)
def test_forbidden_writes_are_refused(key: str, org: Any, api: Any) -> None:
    """A representative cannot change, delete or restore a colleague's record through the API."""
    ot = registry.get(key)
    theirs = make(key, org.rep2)
    rest = api(org.rep)
    title = ot.title_field
    r = rest.patch(f"/api/v1/{key}/{theirs.pk}", {title: "hijacked"}, **{"If-Match": '"1"'})
    assert r.status_code == 404
    assert rest.delete(f"/api/v1/{key}/{theirs.pk}").status_code == 404
    fresh = ot.model.objects.get(pk=theirs.pk)
    assert getattr(fresh, title) != "hijacked" and fresh.deleted_at is None


def test_sales_rep_may_create_and_edit_accounts_but_not_delete_them(org: Any, api: Any) -> None:
    rest = api(org.rep)
    r = rest.post("/api/v1/account/", {"name": "宁波港联物流有限公司"})
    assert r.status_code == 201
    pk = r.json()["id"]
    r = rest.patch(f"/api/v1/account/{pk}", {"level": "b"}, **{"If-Match": '"1"'})
    assert r.status_code == 200
    r = rest.delete(f"/api/v1/account/{pk}")
    assert r.status_code == 403


def test_explicit_share_makes_a_record_visible(org: Any, api: Any) -> None:
    from guanxi.access.services import share_record
    from guanxi.core.actor import SYSTEM

    theirs = make("account", org.other_rep, name="深圳华联电子有限公司")
    rest = api(org.rep)
    assert rest.get(f"/api/v1/account/{theirs.pk}").status_code == 404
    share_record(object_type="account", object_id=theirs.pk, user=org.rep, actor=SYSTEM)
    assert rest.get(f"/api/v1/account/{theirs.pk}").status_code == 200
    # Read-only share: editing is still refused.
    r = rest.patch(f"/api/v1/account/{theirs.pk}", {"name": "x"}, **{"If-Match": '"1"'})
    assert r.status_code == 403


def test_department_share_reaches_every_member(org: Any, api: Any) -> None:
    from guanxi.access.services import share_record
    from guanxi.core.actor import SYSTEM

    theirs = make("account", org.other_rep, name="广州粤海贸易有限公司")
    share_record(object_type="account", object_id=theirs.pk, department=org.east, actor=SYSTEM, can_edit=True)
    assert api(org.rep2).get(f"/api/v1/account/{theirs.pk}").status_code == 200
    r = api(org.rep2).patch(f"/api/v1/account/{theirs.pk}", {"level": "a"}, **{"If-Match": '"1"'})
    assert r.status_code == 200
    assert api(org.rep).get(f"/api/v1/account/{theirs.pk}").status_code == 404


def test_anonymous_gets_nothing(org: Any, client: Any) -> None:
    assert client.get("/api/v1/account/").status_code == 401
    assert client.get("/app/account/").status_code == 302
