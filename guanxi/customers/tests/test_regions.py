"""The region tree: preloaded from data packages, filters that follow the tree, administrators' own
sales regions."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from guanxi.core.actor import Actor
from guanxi.core.choices import Source
from guanxi.core.testing import make
from guanxi.customers import services
from guanxi.customers.models import Region
from guanxi.customers.seeds import load_regions

pytestmark = pytest.mark.django_db


@pytest.fixture
def regions(db: Any) -> dict[str, Region]:
    load_regions()
    return {r.code: r for r in Region.objects.all()}


def test_china_provinces_cities_and_countries_are_preloaded_in_three_languages(regions: dict[str, Region]) -> None:
    guangdong = regions["CN-440000"]
    shenzhen = regions["CN-440300"]
    assert (guangdong.name_zh_hans, guangdong.name_zh_hant, guangdong.name_en) == ("广东省", "廣東省", "Guangdong")
    assert shenzhen.parent == guangdong and shenzhen.name_en == "Shenzhen" and shenzhen.name_zh_hant == "深圳市"
    assert guangdong.parent == regions["CN"]
    assert regions["DE"].name_zh_hans == "德国" and regions["DE"].name_en == "Germany"
    assert sum(1 for r in regions.values() if r.kind == "province") == 34  # with Taiwan, Hong Kong, Macao
    assert sum(1 for r in regions.values() if r.kind == "city") > 290
    assert sum(1 for r in regions.values() if r.kind == "country") > 240
    # Groupings in the code table are not cities.
    assert not any(r.name_zh_hans in ("市辖区", "县") for r in regions.values())
    assert load_regions() == 0  # loading again adds nothing


def test_filtering_by_a_province_finds_accounts_in_its_cities(regions: dict[str, Region], org: Any, api: Any) -> None:
    in_shenzhen = make("account", org.admin, region=regions["CN-440300"])
    in_guangdong = make("account", org.admin, region=regions["CN-440000"])
    in_shanghai = make("account", org.admin, region=regions["CN-310000"])
    res = api(org.admin).get(f"/api/v1/accounts/?region={regions['CN-440000'].pk}")
    assert res.status_code == 200, res.content
    ids = {row["id"] for row in res.json()["items"]}
    assert ids == {str(in_shenzhen.pk), str(in_guangdong.pk)}
    assert str(in_shanghai.pk) not in ids


def test_administrator_adds_a_sales_region_that_groups_provinces(regions: dict[str, Region], org: Any) -> None:
    actor = Actor(org.admin, Source.UI)
    east = services.save_region({"code": "EAST", "name_zh_hans": "华东大区", "name_en": "East China"}, actor=actor)
    assert east.kind == "sales" and east.name_zh_hant == "华东大区"  # falls back to the Simplified name
    sub = services.save_region({"code": "EAST-SH", "name_en": "Shanghai team", "parent": east}, actor=actor)
    assert sub.parent == east
    with pytest.raises(ValidationError) as err:
        services.save_region({"code": "east", "name_en": "dup"}, actor=actor)
    assert "code" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        services.save_region({"code": "X!", "name_en": ""}, actor=actor)
    assert set(err.value.message_dict) == {"code", "name_en"}
    with pytest.raises(ValidationError) as err:
        services.save_region({"parent": sub, "name_en": "loop"}, actor=actor, instance=east)
    assert "parent" in err.value.message_dict
    with pytest.raises(ValidationError):
        services.save_region({"name_en": "Renamed"}, actor=actor, instance=regions["CN-440000"])
    with pytest.raises(ValidationError):  # it has a sub-region
        services.delete_region(east, actor=actor)
    make("account", org.admin, region=sub)
    with pytest.raises(ValidationError):  # a customer is in it
        services.delete_region(sub, actor=actor)
    assert Region.objects.filter(code="EAST-SH").exists()


def test_regions_page_is_for_administrators_only(regions: dict[str, Region], org: Any) -> None:
    admin, rep = Client(), Client()
    admin.force_login(org.admin)
    rep.force_login(org.rep)
    assert rep.get("/app/admin/regions/").status_code == 404
    page = admin.get("/app/admin/regions/")
    assert page.status_code == 200
    assert "Guangdong" in page.content.decode() and "Shenzhen" in page.content.decode()
    res = admin.post("/app/admin/regions/new/", {"code": "NORTH", "name_en": "North", "name_zh_hans": "华北大区"})
    assert res.status_code == 302
    assert Region.objects.get(code="NORTH").name_zh_hans == "华北大区"
    res = admin.post("/app/admin/regions/new/", {"code": "NORTH", "name_en": "Again"})
    assert res.status_code == 200 and "already exists" in res.content.decode()
    assert Region.objects.filter(code__iexact="north").count() == 1
