"""The API names its collections in the plural (/api/v1/accounts/, /api/v1/opportunities/), as
the REST APIs users know do, while the object keys stay singular. A client written against the
singular addresses the API had before keeps working: every such address answers 308 to its plural,
which keeps the method and the body."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from guanxi.api.generic import api as ninja_api
from guanxi.core import registry
from guanxi.core.actor import SYSTEM
from guanxi.core.testing import make
from guanxi.core.text import plural_slug
from guanxi.studio.services import save_custom_object
from guanxi.studio.testing import define_booth

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("key", "plural"),
    [
        ("account", "accounts"),
        ("opportunity", "opportunities"),
        ("activity", "activities"),
        ("price_book", "price_books"),
        ("address", "addresses"),
        ("branch", "branches"),
        ("survey", "surveys"),
        ("booth", "booths"),
    ],
)
def test_a_key_has_an_english_plural(key: str, plural: str) -> None:
    assert plural_slug(key) == plural


def test_every_collection_is_plural_in_the_schema() -> None:
    paths = set(ninja_api.get_openapi_schema()["paths"])
    for ot in registry.all_types():
        if ot.custom:
            continue
        assert f"/api/v1/{ot.api_name}/" in paths, ot.key
        if ot.api_name != ot.key:
            assert f"/api/v1/{ot.key}/" not in paths, ot.key
    assert "/api/v1/accounts/{record_id}/360" in paths
    assert "/api/v1/leads/{record_id}/convert" in paths
    assert "/api/v1/sales/quotes/{record_id}/order" in paths


def _moved(response: Any, location: str) -> None:
    assert response.status_code == 308, response.content
    assert response["Location"] == location
    assert response["Deprecation"] == "true"


def test_old_singular_addresses_answer_308_to_the_plural_one(org: Any, api: Any) -> None:
    rest = api(org.admin)
    account = make("account", org.rep)
    lead = make("lead", org.rep)
    quote = make("quote", org.rep)
    _moved(rest.get("/api/v1/account/", {"limit": 5}), "/api/v1/accounts/?limit=5")
    _moved(rest.get(f"/api/v1/account/{account.pk}"), f"/api/v1/accounts/{account.pk}")
    _moved(
        rest.patch(f"/api/v1/account/{account.pk}", {"website": "https://x.example"}), f"/api/v1/accounts/{account.pk}"
    )
    _moved(rest.get(f"/api/v1/account/{account.pk}/360"), f"/api/v1/accounts/{account.pk}/360")
    _moved(rest.get(f"/api/v1/account/{account.pk}/contact-points"), f"/api/v1/accounts/{account.pk}/contact-points")
    _moved(rest.post(f"/api/v1/lead/{lead.pk}/convert", {}), f"/api/v1/leads/{lead.pk}/convert")
    _moved(rest.get(f"/api/v1/sales/quote/{quote.pk}/lines"), f"/api/v1/sales/quotes/{quote.pk}/lines")
    _moved(rest.post("/api/v1/opportunity/", {"name": "x"}), "/api/v1/opportunities/")
    # an address that never existed is still a plain 404
    missing = rest.get("/api/v1/no_such_type/")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/problem+json"


def test_a_client_that_follows_the_redirect_gets_the_same_answer(org: Any, api: Any) -> None:
    rest = api(org.admin)
    account = make("account", org.rep, name="杭州西湖茶业有限公司")
    headers = rest._headers({"If-Match": f'"{account.version}"'})
    # Django's test client, like requests and curl -L, repeats a 308's method and body.
    r = rest.client.patch(
        f"/api/v1/account/{account.pk}",
        {"website": "https://xihu.example.cn"},
        content_type="application/json",
        headers=headers,
        follow=True,
    )
    assert r.status_code == 200 and r.json()["website"] == "https://xihu.example.cn"
    assert r.redirect_chain == [(f"/api/v1/accounts/{account.pk}", 308)]


def test_a_custom_objects_collection_is_plural_too(org: Any, api: Any) -> None:
    define_booth()
    rest = api(org.admin)
    made = rest.post("/api/v1/booths/", {"name": "A-101"})
    assert made.status_code == 201, made.content
    assert rest.get(f"/api/v1/booths/{made.json()['id']}").status_code == 200
    _moved(rest.get("/api/v1/booth/"), "/api/v1/booths/")


def test_a_custom_object_cannot_take_a_key_whose_plural_is_an_address() -> None:
    # "sale" would answer at /api/v1/sales/, the sales module's endpoints.
    with pytest.raises(ValidationError) as refused:
        save_custom_object(
            {"key": "sale", "label": "Sale", "label_plural": "Sales", "name_label": "Name"}, actor=SYSTEM
        )
    assert "key" in refused.value.message_dict
