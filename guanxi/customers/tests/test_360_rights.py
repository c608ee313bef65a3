"""The 360° view tells a user only what they may see: an API token's scopes reach every nested
object (a token for accounts reads no contacts, interactions or orders), the group's figures count
the visible part of the group, and a parent company out of sight is not named."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from guanxi.access.services import create_token
from guanxi.billing.services import create_with_lines
from guanxi.core import registry
from guanxi.core.actor import SYSTEM
from guanxi.core.testing import make
from guanxi.customers.services import save_contact_point

pytestmark = pytest.mark.django_db


def _get(token: str, path: str) -> Any:
    return Client().get(path, headers={"Authorization": f"Bearer {token}"})


def test_a_token_for_accounts_reads_nothing_nested_of_other_types(org: Any) -> None:
    account = make("account", org.rep, name="苏州工业园区科技发展有限公司")
    make("contact", org.rep, name="周敏", account=account)
    make("interaction", org.rep, subject="电话回访", account=account)
    save_contact_point(account, {"kind": "phone", "value": "0512 6288 1234"}, actor=SYSTEM)
    product = make("product", org.admin, list_price=Decimal("1000"))
    create_with_lines("order", {"account": account}, [{"product": product.pk}], actor=SYSTEM)
    narrow = create_token(user=org.rep, name="accounts only", actor=SYSTEM, scopes={"account": "read"})[1]
    wide = create_token(user=org.rep, name="all", actor=SYSTEM, scopes={"*": "read"})[1]

    full = _get(wide, f"/api/v1/accounts/{account.pk}/360").json()
    assert full["contacts"] and full["interactions"] and full["sections"]["sales"]["order_count"] == 1

    body = _get(narrow, f"/api/v1/accounts/{account.pk}/360").json()
    assert body["account"]["name"] == "苏州工业园区科技发展有限公司"
    assert body["contacts"] == [] and body["interactions"] == []
    assert body["sections"]["sales"]["orders"] == [] and body["sections"]["sales"]["order_count"] == 0
    assert "group_contacts" not in body["stats"] and "group_interactions" not in body["stats"]
    # The account's own phone numbers are part of the account the token may read.
    assert [p["kind"] for p in body["contact_points"]] == ["phone"]
    assert _get(narrow, "/api/v1/contacts/").status_code == 403
    assert _get(narrow, f"/api/v1/accounts/{account.pk}/contact-points").status_code == 200


def test_the_group_counts_and_names_only_what_the_user_sees(org: Any, api: Any) -> None:
    # A group structure an administrator entered: the holding and one subsidiary are a colleague's.
    group = make("account", org.other_rep, name="华联控股集团有限公司")
    parent = make("account", org.rep, name="华联电子（华东）有限公司")
    mine = make("account", org.rep, name="华联电子（苏州）有限公司", parent=parent)
    theirs = make("account", org.other_rep, name="华联电子（无锡）有限公司")
    make("account", org.rep, name="华联电子（昆山）有限公司", parent=mine)
    accounts = registry.get("account").service
    accounts.update(parent, {"parent": group}, actor=SYSTEM)
    accounts.update(theirs, {"parent": mine}, actor=SYSTEM)
    make("contact", org.other_rep, by=org.admin, name="别人的联系人", account=mine)
    body = api(org.rep).get(f"/api/v1/accounts/{mine.pk}/360").json()
    assert body["stats"]["group_accounts"] == 2  # mine and its visible subsidiary, not the invisible one
    assert body["stats"]["group_contacts"] == 0
    assert body["ancestors"] == [{"id": str(group.pk), "name": ""}, {"id": str(parent.pk), "name": parent.name}]
    assert "华联控股集团有限公司" not in api(org.rep).get(f"/api/v1/accounts/{parent.pk}").content.decode()
    web = Client()
    web.force_login(org.rep)
    page = web.get(f"/app/account/{parent.pk}/").content.decode()
    assert "华联控股集团有限公司" not in page and "not visible to you" in page
    assert "华联控股集团有限公司" not in web.get(f"/app/account/{mine.pk}/").content.decode()
