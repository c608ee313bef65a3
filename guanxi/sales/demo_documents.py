"""Demo quotes, orders, contracts, invoices and payments, bulk-inserted: three years of orders with
their lines, shaped as real order books are — seasonal (quiet at the Spring Festival, busy at the
year end), and a mix of loyal customers who order every month or two, fading ones who stopped a
while ago, occasional ones and one-off buyers. The analytics (RFM, churn, lifetime value) mine it."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone

from guanxi.billing.choices import ContractStatus, InvoiceStatus, OrderStatus, QuoteStatus
from guanxi.billing.models import Contract, DocumentCounter, Invoice, OrderLine, Payment, Quote, QuoteLine, SalesOrder
from guanxi.catalogue.models import Product
from guanxi.core.ids import uuid7
from guanxi.pipeline.choices import Outcome
from guanxi.pipeline.models import Opportunity

CENT = Decimal("0.01")
# Orders per month relative to the average: quiet around the Spring Festival, busy at the year end.
SEASON = {1: 0.8, 2: 0.45, 3: 1.0, 4: 1.0, 5: 1.0, 6: 1.2, 7: 0.9, 8: 0.85, 9: 1.05, 10: 0.95, 11: 1.25, 12: 1.55}
SERVICE_UNITS = {"hour", "year"}


def _stamp(owner_id: Any, department_id: Any, at: datetime.datetime) -> dict[str, Any]:
    return {
        "owner_id": owner_id,
        "department_id": department_id,
        "created_at": at,
        "updated_at": at,
        "created_by_id": owner_id,
        "updated_by_id": owner_id,
        "created_source": "import",
        "updated_source": "import",
    }


class Numbers:
    """Document numbers per kind and year, left in the counters for the numbers that follow."""

    def __init__(self) -> None:
        self.last: dict[tuple[str, int], int] = defaultdict(int)
        for row in DocumentCounter.objects.all():
            self.last[(row.prefix, row.year)] = row.last

    def next(self, prefix: str, day: datetime.date) -> str:
        self.last[(prefix, day.year)] += 1
        return f"{prefix}-{day.year}-{self.last[(prefix, day.year)]:06d}"

    def save(self) -> None:
        for (prefix, year), last in self.last.items():
            DocumentCounter.objects.update_or_create(prefix=prefix, year=year, defaults={"last": last})


def _lines(
    rng: random.Random, products: list[Product], line_model: type, max_lines: int = 4
) -> tuple[list[Any], dict[str, Decimal]]:
    rows = []
    totals = {"subtotal": Decimal(0), "discount_amount": Decimal(0), "tax_amount": Decimal(0), "total": Decimal(0)}
    biggest = Decimal(0)
    for sort, product in enumerate(rng.sample(products, k=rng.randint(1, max_lines))):
        quantity = Decimal(rng.choice([1, 1, 2, 3, 5, 10, 20]))
        price = product.list_price
        discount = Decimal(rng.choice([0, 0, 0, 5, 8, 10, 12]))
        tax_rate = Decimal(6 if product.unit in SERVICE_UNITS else 13)
        gross = (quantity * price).quantize(CENT)
        net = (gross * (100 - discount) / 100).quantize(CENT, ROUND_HALF_UP)
        tax = (net * tax_rate / 100).quantize(CENT, ROUND_HALF_UP)
        rows.append(
            line_model(
                product_id=product.pk,
                quantity=quantity,
                unit_price=price,
                discount=discount,
                tax_rate=tax_rate,
                unit_cost=product.cost,
                net=net,
                tax=tax,
                total=net + tax,
                sort=sort,
            )
        )
        totals["subtotal"] += gross
        totals["discount_amount"] += gross - net
        totals["tax_amount"] += tax
        totals["total"] += net + tax
        biggest = max(biggest, discount)
    return rows, {**totals, "max_discount": biggest}


def _seasonal_day(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    span = max((end - start).days, 1)
    while True:
        day = start + datetime.timedelta(days=rng.randrange(span))
        if rng.random() < SEASON[day.month] / 1.55:
            return day


def create_demo_documents(
    rng: random.Random,
    accounts: list[Any],
    products: list[Product],
    deals: list[Opportunity],
    *,
    orders: int = 30000,
    quotes: int = 2000,
) -> dict[str, int]:
    today = timezone.localdate()
    now = timezone.now()
    start = today - datetime.timedelta(days=3 * 365)
    numbers = Numbers()
    customers = list(accounts)
    rng.shuffle(customers)
    n = len(customers)
    loyal, fading = customers[: n // 5], customers[n // 5 : 2 * n // 5]
    occasional, one_off = customers[2 * n // 5 : 3 * n // 4], customers[3 * n // 4 :]
    stopped = {a.pk: today - datetime.timedelta(days=rng.randint(150, 540)) for a in fading}
    plan: list[tuple[Any, datetime.date]] = [(a, _seasonal_day(rng, start, today)) for a in one_off[:orders]]
    while len(plan) < orders:
        group = rng.choices([loyal, fading, occasional], weights=[62, 23, 15])[0] or customers
        account = rng.choice(group)
        end = stopped.get(account.pk, today)
        plan.append((account, _seasonal_day(rng, start, end)))

    order_rows: list[SalesOrder] = []
    line_rows: list[OrderLine] = []
    bills = Bills(rng, numbers, today)
    for account, day in sorted(plan, key=lambda p: p[1]):
        age = (today - day).days
        status = (
            OrderStatus.CANCELLED
            if rng.random() < 0.03
            else OrderStatus.DELIVERED
            if age > 30
            else rng.choice([OrderStatus.CONFIRMED, OrderStatus.SHIPPED])
        )
        order_id = uuid7()
        lines, totals = _lines(rng, products, OrderLine)
        for line in lines:
            line.order_id = order_id
        line_rows.extend(lines)
        at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(rng.randint(9, 17), rng.randint(0, 59))))
        number = numbers.next("SO", day)
        delivered = day + datetime.timedelta(days=rng.randint(3, 25)) if status == OrderStatus.DELIVERED else None
        order_rows.append(
            SalesOrder(
                id=order_id,
                number=number,
                account_id=account.pk,
                status=status,
                order_date=day,
                delivery_date=day + datetime.timedelta(days=14),
                delivered_on=min(delivered, today) if delivered else None,
                currency_id="CNY",
                total_company=totals["total"],
                search_text=number.lower(),
                **{k: v for k, v in totals.items() if k != "max_discount"},
                **_stamp(account.owner_id, account.department_id, at),
            )
        )
        # What was shipped is invoiced; most is paid, some late, a little overdue.
        if status in (OrderStatus.DELIVERED, OrderStatus.SHIPPED):
            issued = min(delivered or day + datetime.timedelta(days=5), today)
            bills.add(account, issued, totals["total"], at, order_id=order_id)
    SalesOrder.objects.bulk_create(order_rows, batch_size=1000)
    OrderLine.objects.bulk_create(line_rows, batch_size=2000)
    contracts = _contracts(rng, loyal, numbers, today, bills)
    Invoice.objects.bulk_create(bills.invoices, batch_size=1000)
    Payment.objects.bulk_create(bills.payments, batch_size=1000)
    quote_count = _quotes(rng, deals, products, numbers, quotes, now)
    numbers.save()
    return {
        "orders": len(order_rows),
        "order lines": len(line_rows),
        "invoices": len(bills.invoices),
        "payments": len(bills.payments),
        "contracts": contracts,
        "quotes": quote_count,
    }


class Bills:
    """Invoices and the payments that settled them: paid on time or a little late; the longer ago
    one fell due, the less likely it is still open."""

    def __init__(self, rng: random.Random, numbers: Numbers, today: datetime.date) -> None:
        self.rng, self.numbers, self.today = rng, numbers, today
        self.invoices: list[Invoice] = []
        self.payments: list[Payment] = []

    def add(self, account: Any, issued: datetime.date, amount: Decimal, at: datetime.datetime, **link: Any) -> None:
        rng, today = self.rng, self.today
        due = issued + datetime.timedelta(days=30)
        late = (today - due).days
        still_open = 0.2 if late < 60 else 0.05 if late < 180 else 0.01
        roll = rng.random()
        if due > today:
            paid = Decimal(0) if roll < 0.8 else amount
        elif roll >= still_open:
            paid = amount
        else:
            paid = (amount / 2).quantize(CENT) if roll < still_open / 3 else Decimal(0)
        paid_on = min(due + datetime.timedelta(days=rng.randint(-20, 40)), today) if paid else None
        balance = amount - paid
        invoice_id = uuid7()
        number = self.numbers.next("INV", issued)
        stamp = _stamp(account.owner_id, account.department_id, at)
        self.invoices.append(
            Invoice(
                id=invoice_id,
                number=number,
                account_id=account.pk,
                issued_on=issued,
                due_on=due,
                amount=amount,
                currency_id="CNY",
                amount_company=amount,
                paid_amount=paid,
                balance=balance,
                balance_company=balance,
                status=InvoiceStatus.PAID if not balance else InvoiceStatus.PARTLY_PAID if paid else InvoiceStatus.OPEN,
                paid_on=paid_on if not balance else None,
                search_text=number.lower(),
                **link,
                **stamp,
            )
        )
        if paid and paid_on is not None:
            reference = f"回单{rng.randint(100000, 999999)}"
            self.payments.append(
                Payment(
                    account_id=account.pk,
                    invoice_id=invoice_id,
                    received_on=paid_on,
                    amount=paid,
                    currency_id="CNY",
                    amount_company=paid,
                    method=rng.choices(["transfer", "acceptance", "online", "cheque"], weights=[70, 15, 10, 5])[0],
                    reference=reference,
                    search_text=reference.lower(),
                    **stamp,
                )
            )


def _contracts(rng: random.Random, loyal: list[Any], numbers: Numbers, today: datetime.date, bills: Bills) -> int:
    """Annual maintenance contracts of the loyal customers, billed quarterly: past years expired,
    this one in force (some coming up for renewal soon)."""
    rows = []
    for account in loyal:
        first = today - datetime.timedelta(days=rng.randint(400, 1000))
        starts = first
        value = Decimal(rng.choice([36000, 72000, 120000, 240000, 480000]))
        while starts <= today:
            ends = starts + datetime.timedelta(days=364)
            active = ends >= today
            number = numbers.next("CT", starts)
            name = f"{account.name[:30]} {starts.year} 年度维保合同"
            at = timezone.make_aware(datetime.datetime.combine(starts - datetime.timedelta(days=10), datetime.time(10)))
            rows.append(
                Contract(
                    number=number,
                    name=name,
                    account_id=account.pk,
                    contract_type="maintenance",
                    status=ContractStatus.ACTIVE if active else ContractStatus.EXPIRED,
                    signed_on=starts - datetime.timedelta(days=rng.randint(3, 20)),
                    starts_on=starts,
                    ends_on=ends,
                    value=value,
                    currency_id="CNY",
                    value_company=value,
                    renewal_date=ends,
                    notice_days=30,
                    search_text=f"{number} {name}".lower(),
                    **_stamp(account.owner_id, account.department_id, at),
                )
            )
            contract_id = rows[-1].id
            for quarter in range(4):
                issued = starts + datetime.timedelta(days=91 * quarter)
                if issued <= today:
                    bills.add(account, issued, (value / 4).quantize(CENT), at, contract_id=contract_id)
            starts = ends + datetime.timedelta(days=1)
            value = (value * Decimal("1.05")).quantize(Decimal("1"))
    Contract.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _quotes(
    rng: random.Random,
    deals: list[Opportunity],
    products: list[Product],
    numbers: Numbers,
    count: int,
    now: datetime.datetime,
) -> int:
    """Quotes on deals: drafts and sent ones on open deals, accepted ones on won deals, declined on
    lost ones; some were revised, and the older version is kept, superseded."""
    if not deals:
        return 0
    rows: list[Quote] = []
    lines: list[QuoteLine] = []
    while len(rows) < count:
        deal = rng.choice(deals)
        status = {
            Outcome.WON: QuoteStatus.ACCEPTED,
            Outcome.LOST: QuoteStatus.DECLINED,
        }.get(Outcome(deal.outcome)) or rng.choice([QuoteStatus.DRAFT, QuoteStatus.SENT, QuoteStatus.SENT])
        day = min(deal.created_at + datetime.timedelta(days=rng.randint(5, 60)), now).date()
        number = numbers.next("QT", day)
        revisions = 2 if rng.random() < 0.2 else 1
        previous = None
        for revision in range(1, revisions + 1):
            quote_id = uuid7()
            quote_lines, totals = _lines(rng, products, QuoteLine, max_lines=3)
            for line in quote_lines:
                line.quote_id = quote_id
            lines.extend(quote_lines)
            at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(11)))
            subject = f"{deal.name[:60]} 报价"
            rows.append(
                Quote(
                    id=quote_id,
                    number=number,
                    revision=revision,
                    previous_id=previous,
                    subject=subject,
                    account_id=deal.account_id,
                    opportunity_id=deal.pk,
                    status=status if revision == revisions else QuoteStatus.SUPERSEDED,
                    quote_date=day,
                    valid_until=day + datetime.timedelta(days=30),
                    currency_id="CNY",
                    total_company=totals["total"],
                    language="zh-hans",
                    search_text=f"{number} {subject}".lower(),
                    **totals,
                    **_stamp(deal.owner_id, deal.department_id, at),
                )
            )
            previous = quote_id
            day = min(day + datetime.timedelta(days=rng.randint(3, 15)), now.date())
    Quote.objects.bulk_create(rows, batch_size=1000)
    QuoteLine.objects.bulk_create(lines, batch_size=2000)
    return len(rows)
