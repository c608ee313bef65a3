"""Rules that read a total and then change it hold when many people act at the same moment: each
test sends its requests from parallel threads, each with its own database connection, so on
PostgreSQL they really overlap (SQLite serialises writers, which is why the suite once missed it).

Twenty payments of 60 % of a balance make one payment; twenty orders from one quote make one
order; the same for invoicing an order, renewing a contract, submitting for approval and a
person's work log of a day."""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connections
from django.test import Client

from guanxi.access.services import create_token
from guanxi.activities.models import WorkLog
from guanxi.automation.models import ApprovalRequest
from guanxi.billing.models import Contract, Invoice, Payment, SalesOrder
from guanxi.billing.services import create_with_lines
from guanxi.core import registry
from guanxi.core.actor import SYSTEM, Actor
from guanxi.core.choices import Source
from guanxi.core.money import money_sum
from guanxi.core.testing import make

pytestmark = pytest.mark.django_db(transaction=True)
PARALLEL = 20


def in_parallel(n: int, work: Callable[[int], Any]) -> list[Any]:
    """Run `work(i)` in n threads released at the same instant; what each returned or raised."""
    barrier = threading.Barrier(n)
    results: list[Any] = [None] * n

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[i] = work(i)
        except Exception as exc:
            results[i] = exc
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def api_clients(user: Any, n: int) -> list[tuple[Client, str]]:
    return [(Client(), create_token(user=user, name=f"t{i}", actor=SYSTEM, rate_limit=10_000)[1]) for i in range(n)]


def post(client: Client, token: str, path: str, body: dict[str, Any]) -> Any:
    return client.post(path, body, content_type="application/json", headers={"Authorization": f"Bearer {token}"})


def test_parallel_payments_never_overpay_an_invoice(org: Any) -> None:
    invoice = make("invoice", org.rep, amount=Decimal("59592.80"))
    share = str((invoice.amount * Decimal("0.6")).quantize(Decimal("0.01")))
    clients = api_clients(org.rep, PARALLEL)

    def pay(i: int) -> int:
        client, token = clients[i]
        body = {"account": str(invoice.account_id), "invoice": str(invoice.pk), "amount": share}
        return int(post(client, token, "/api/v1/payments/", body).status_code)

    statuses = in_parallel(PARALLEL, pay)
    assert sorted(statuses) == [201] + [422] * (PARALLEL - 1), statuses
    invoice = Invoice.objects.get(pk=invoice.pk)
    received = money_sum(Payment.objects.filter(invoice=invoice), "amount")
    assert received == Decimal(share) == invoice.paid_amount
    assert invoice.balance == invoice.amount - received and invoice.status == "partly_paid"


def test_parallel_orders_from_one_quote_make_one_order(org: Any) -> None:
    product = make("product", org.admin, list_price=Decimal("1000"))
    account = make("account", org.rep)
    quote = create_with_lines(
        "quote", {"account": account}, [{"product": product.pk, "quantity": 3}], actor=Actor(org.rep, Source.UI)
    )
    clients = api_clients(org.rep, PARALLEL)

    def order(i: int) -> int:
        client, token = clients[i]
        return int(post(client, token, f"/api/v1/sales/quotes/{quote.pk}/order", {}).status_code)

    statuses = in_parallel(PARALLEL, order)
    assert sorted(statuses) == [201] + [422] * (PARALLEL - 1), statuses
    assert SalesOrder.all_objects.filter(quote=quote).count() == 1


def test_parallel_invoicing_of_an_order_invoices_it_once(org: Any) -> None:
    product = make("product", org.admin, list_price=Decimal("1000"))
    order = create_with_lines(
        "order", {"account": make("account", org.rep)}, [{"product": product.pk}], actor=Actor(org.rep, Source.UI)
    )
    clients = [Client() for _ in range(PARALLEL)]
    for c in clients:
        c.force_login(org.rep)

    def invoice(i: int) -> int:
        return int(clients[i].post(f"/app/order/{order.pk}/invoice/").status_code)

    in_parallel(PARALLEL, invoice)
    invoices = Invoice.objects.filter(order=order)
    assert invoices.count() == 1 and invoices.get().amount == order.total


def test_parallel_invoices_never_invoice_more_than_the_order(org: Any) -> None:
    product = make("product", org.admin, list_price=Decimal("1000"))
    order = create_with_lines(
        "order", {"account": make("account", org.rep)}, [{"product": product.pk}], actor=Actor(org.rep, Source.UI)
    )
    clients = api_clients(org.rep, PARALLEL)
    half = str((order.total * Decimal("0.6")).quantize(Decimal("0.01")))

    def invoice(i: int) -> int:
        client, token = clients[i]
        body = {"account": str(order.account_id), "order": str(order.pk), "amount": half}
        return int(post(client, token, "/api/v1/invoices/", body).status_code)

    statuses = in_parallel(PARALLEL, invoice)
    assert sorted(statuses) == [201] + [422] * (PARALLEL - 1), statuses
    assert money_sum(Invoice.objects.filter(order=order), "amount") == Decimal(half)


def test_parallel_renewals_of_a_contract_make_one(org: Any) -> None:
    from django.utils import timezone

    contract = make("contract", org.rep, status="active", signed_on=timezone.localdate())
    clients = [Client() for _ in range(PARALLEL)]
    for c in clients:
        c.force_login(org.rep)
    in_parallel(PARALLEL, lambda i: clients[i].post(f"/app/contract/{contract.pk}/renew/").status_code)
    assert Contract.objects.filter(renewal_of=contract).count() == 1


def test_parallel_submissions_open_one_approval_request(org: Any) -> None:
    from guanxi.access.services import save_department

    save_department(name=org.sales.name, manager=org.manager, actor=SYSTEM, instance=org.sales)
    plan = make("travel_plan", org.rep)
    clients = api_clients(org.rep, PARALLEL)

    def submit(i: int) -> int:
        client, token = clients[i]
        body = {"object_type": "travel_plan", "object_id": str(plan.pk)}
        return int(post(client, token, "/api/v1/approvals/submit", body).status_code)

    statuses = in_parallel(PARALLEL, submit)
    assert statuses.count(201) == 1, statuses
    assert all(s in (201, 403, 422) for s in statuses), statuses
    assert ApprovalRequest.objects.filter(object_type="travel_plan", object_id=plan.pk).count() == 1


def test_parallel_work_logs_of_one_day_make_one(org: Any) -> None:
    clients = api_clients(org.rep, PARALLEL)

    def log(i: int) -> int:
        client, token = clients[i]
        return int(
            post(client, token, "/api/v1/work_logs/", {"day": "2026-11-30", "summary": f"第 {i} 次"}).status_code
        )

    statuses = in_parallel(PARALLEL, log)
    assert sorted(statuses) == [201] + [422] * (PARALLEL - 1), statuses
    assert WorkLog.objects.filter(owner=org.rep, day="2026-11-30").count() == 1
    assert registry.get("work_log").model.objects.count() == 1
