"""Money adds up exactly on both databases: payments of any amount settle an invoice to the cent
(SQLite once summed them as floats, so 0.10 or 335,293.80 was refused as "more than 2 decimal
places"), and sums of money columns equal the sum of their Decimals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guanxi.billing.models import Invoice, Payment
from guanxi.core import registry
from guanxi.core.actor import Actor
from guanxi.core.choices import Source
from guanxi.core.money import MoneySum, money_sum
from guanxi.core.testing import make

pytestmark = pytest.mark.django_db

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999.99"), places=2)


def pay(user: Any, invoice: Invoice, amount: Decimal | str) -> Any:
    data = {"invoice": invoice, "account": invoice.account, "amount": amount}
    return registry.get("payment").service.create(data, actor=Actor(user, Source.API))


def test_ordinary_amounts_are_accepted_and_settle_to_the_cent(org: Any) -> None:
    invoice = make("invoice", org.rep, amount=Decimal("335294.20"))
    for amount in ("0.10", "0.20", "335293.80"):
        pay(org.rep, invoice, amount)
    invoice.refresh_from_db()
    assert invoice.paid_amount == Decimal("335294.10")
    assert invoice.balance == Decimal("0.10") and invoice.status == "partly_paid"
    pay(org.rep, invoice, "0.10")
    invoice.refresh_from_db()
    assert invoice.balance == 0 and invoice.status == "paid"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payments=st.lists(amounts, min_size=1, max_size=6), extra=amounts)
def test_any_payments_leave_the_exact_balance(org: Any, payments: list[Decimal], extra: Decimal) -> None:
    total = sum(payments, Decimal(0))
    invoice = make("invoice", org.rep, amount=total + extra)
    for amount in payments:
        pay(org.rep, invoice, amount)
    invoice.refresh_from_db()
    assert invoice.paid_amount == total
    assert invoice.balance == extra
    assert money_sum(Payment.objects.filter(invoice=invoice), "amount") == total


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(amounts, min_size=1, max_size=12))
def test_money_sum_is_the_sum_of_the_decimals(org: Any, values: list[Decimal]) -> None:
    invoice = make("invoice", org.rep, amount=sum(values, Decimal(0)))
    Payment.objects.bulk_create(
        [Payment(invoice=invoice, account=invoice.account, currency_id=invoice.currency_id, amount=v) for v in values]
    )
    rows = Payment.objects.filter(invoice=invoice)
    assert money_sum(rows, "amount") == sum(values, Decimal(0))
    assert rows.aggregate(s=MoneySum("amount"))["s"] == sum(values, Decimal(0))
