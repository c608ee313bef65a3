"""The discount rule holds whatever way a price is lowered and on every document with lines: a
discount is judged against the customer's price (their price book, else the list price), so a low
unit price needs the manager as a discount field does; an order entered directly at a large
discount waits for approval as a quote does, and so does a confirmed order given a larger one."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from guanxi.automation import approvals
from guanxi.billing.choices import OrderStatus, QuoteStatus
from guanxi.billing.services import create_with_lines, line_data, order_from_quote, set_document_lines, submit_quote
from guanxi.catalogue.models import PriceBook, PriceBookEntry
from guanxi.core import registry
from guanxi.core.actor import Actor
from guanxi.core.choices import Source
from guanxi.core.testing import make

pytestmark = pytest.mark.django_db


def ui(user: Any) -> Actor:
    return Actor(user, Source.UI)


@pytest.fixture
def server(org: Any) -> Any:
    return make("product", org.admin, code="GX-0014", name="数据库一体机", list_price=Decimal("128000"))


def test_a_low_unit_price_is_a_discount_that_needs_approval(managed: Any, server: Any, api: Any) -> None:
    org = managed
    account = make("account", org.rep)
    client = api(org.rep)
    body = {"record": {"account": str(account.pk)}, "lines": [{"product": str(server.pk), "unit_price": "1.00"}]}
    r = client.post("/api/v1/sales/quotes/with-lines", body)
    assert r.status_code == 201, r.content
    quote = registry.get("quote").model.objects.get(pk=r.json()["id"])
    assert quote.total == Decimal("1.13") and quote.max_discount == Decimal("100.00")
    r = client.patch(f"/api/v1/quotes/{quote.pk}", {"status": "accepted"}, **{"If-Match": str(quote.version)})
    assert r.status_code == 422 and "needs approval" in r.json()["errors"]["status"][0]
    r = client.post(f"/api/v1/sales/quotes/{quote.pk}/order")
    assert r.status_code == 422
    assert not registry.get("order").model.objects.filter(quote=quote).exists()
    request = submit_quote(quote, actor=ui(org.rep))
    assert list(request.approvers.all()) == [org.manager]


def test_the_customers_own_price_book_is_no_discount(org: Any, server: Any) -> None:
    book = make("price_book", org.admin, name="VIP", customer_level="vip")
    PriceBookEntry.objects.create(price_book=PriceBook.objects.get(pk=book.pk), product=server, price=Decimal("96000"))
    vip = make("account", org.rep, level="vip")
    quote = create_with_lines(
        "quote", {"account": vip}, [{"product": server.pk, "unit_price": "96000"}], actor=ui(org.rep)
    )
    assert quote.max_discount == 0
    other = make("account", org.rep)
    quote = create_with_lines(
        "quote", {"account": other}, [{"product": server.pk, "unit_price": "96000"}], actor=ui(org.rep)
    )
    assert quote.max_discount == Decimal("25.00")  # 96,000 is a quarter off the list price for everyone else


def test_an_order_entered_at_a_large_discount_waits_for_the_manager(managed: Any, server: Any, api: Any) -> None:
    org = managed
    account = make("account", org.rep)
    client = api(org.rep)
    lines = [{"product": str(server.pk), "discount": "90"}]
    r = client.post(
        "/api/v1/sales/orders/with-lines",
        {"record": {"account": str(account.pk), "status": "confirmed"}, "lines": lines},
    )
    assert r.status_code == 422 and "needs approval" in r.json()["errors"]["status"][0]
    r = client.post("/api/v1/sales/orders/with-lines", {"record": {"account": str(account.pk)}, "lines": lines})
    assert r.status_code == 201 and r.json()["status"] == "draft"
    order = registry.get("order").model.objects.get(pk=r.json()["id"])
    r = client.patch(f"/api/v1/orders/{order.pk}", {"status": "shipped"}, **{"If-Match": str(order.version)})
    assert r.status_code == 422
    request = approvals.submit(order, actor=ui(org.rep))
    assert list(request.approvers.all()) == [org.manager]
    approvals.approve(request, actor=ui(org.manager), comment="同意")
    order.refresh_from_db()
    assert order.status == OrderStatus.CONFIRMED and order.approved_discount == Decimal("90.00")


def test_a_larger_discount_on_a_confirmed_order_sends_it_back_to_draft(managed: Any, server: Any) -> None:
    org = managed
    order = create_with_lines(
        "order", {"account": make("account", org.rep)}, [{"product": server.pk}], actor=ui(org.rep)
    )
    assert order.status == OrderStatus.CONFIRMED
    order = set_document_lines(order, [*line_data(order), {"product": server.pk, "discount": "60"}], actor=ui(org.rep))
    assert order.status == OrderStatus.DRAFT and order.discount_to_approve == Decimal("60.00")
    with pytest.raises(ValidationError):
        registry.get("order").service.update(order, {"status": OrderStatus.CONFIRMED}, actor=ui(org.rep))
    assert approvals.required(order) is not None


def test_an_order_from_an_approved_quote_carries_its_approval(managed: Any, server: Any) -> None:
    org = managed
    quote = create_with_lines(
        "quote", {"account": make("account", org.rep)}, [{"product": server.pk, "discount": "20"}], actor=ui(org.rep)
    )
    approvals.approve(submit_quote(quote, actor=ui(org.rep)), actor=ui(org.manager))
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.APPROVED
    order = order_from_quote(quote, actor=ui(org.rep))
    assert order.status == OrderStatus.CONFIRMED and order.discount_to_approve == 0
    # Within what was approved, the lines may still change without a new approval.
    order = set_document_lines(order, [{"product": server.pk, "discount": "20", "quantity": 2}], actor=ui(org.rep))
    assert order.status == OrderStatus.CONFIRMED
