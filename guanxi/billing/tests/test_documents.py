"""Quotes, orders, contracts, invoices and payments: line totals with discounts and tax, numbering,
the discount approval, versions, orders from quotes, invoices settled by payments, overdue
receivables by age, contract renewal reminders and the contract ledger — and the printed quote,
rendered to PNG and looked at."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from guanxi.automation import approvals
from guanxi.billing.choices import ContractStatus, InvoiceStatus, OrderStatus, QuoteStatus
from guanxi.billing.models import Contract, Invoice, OrderLine, Quote, QuoteLine, SalesOrder
from guanxi.billing.services import (
    contract_ledger,
    create_with_lines,
    new_version,
    order_from_quote,
    receivables_ageing,
    renew_contract,
    send_contract_reminders,
    set_document_lines,
    submit_quote,
)
from guanxi.catalogue.services import save_exchange_rate
from guanxi.core import registry
from guanxi.core.actor import SYSTEM, Actor
from guanxi.core.choices import Source
from guanxi.core.errors import PermissionDenied
from guanxi.core.models import Notification
from guanxi.core.testing import make

pytestmark = pytest.mark.django_db
D = datetime.date
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def ui(user: Any) -> Actor:
    return Actor(user, Source.UI)


@pytest.fixture
def products(org: Any) -> dict[str, Any]:
    return {
        "licence": make("product", org.admin, name="企业版软件许可", list_price=Decimal("12800"), cost=Decimal("3000")),
        "service": make("product", org.admin, name="实施服务（人天）", unit="hour", list_price=Decimal("2000")),
    }


def quote_for(user: Any, products: dict[str, Any], discount: str = "0", **data: Any) -> Quote:
    data.setdefault("account", make("account", user, name="苏州工业园区科技发展有限公司"))
    lines = [
        {"product": products["licence"].pk, "quantity": 10, "discount": discount},
        {"product": products["service"].pk, "quantity": "20", "unit_price": "1800", "tax_rate": "6"},
    ]
    return create_with_lines("quote", data, lines, actor=ui(user))


def set_status(obj: Any, user: Any, status: str) -> Any:
    return registry.get(registry.for_model(obj).key).service.update(obj, {"status": status}, actor=ui(user))


def test_lines_make_the_totals_with_discount_and_tax(org: Any, products: dict[str, Any]) -> None:
    quote = quote_for(org.rep, products, discount="10")
    # 10 × 12,800 = 128,000 less 10% = 115,200, 13% tax 14,976; 20 × 1,800 = 36,000, 6% tax 2,160
    assert quote.subtotal == Decimal("164000.00")
    assert quote.discount_amount == Decimal("12800.00")
    assert quote.tax_amount == Decimal("17136.00")
    assert quote.total == Decimal("168336.00")
    assert quote.max_discount == Decimal("10")
    assert quote.total_company == quote.total and quote.currency_id == "CNY"
    year = timezone.localdate().year
    assert quote.number.startswith(f"QT-{year}-") and quote.valid_until == quote.quote_date + datetime.timedelta(30)
    assert quote.subject == "Quote for 苏州工业园区科技发展有限公司"
    line = QuoteLine.objects.get(quote=quote, product=products["licence"])
    assert (line.net, line.tax, line.unit_cost) == (Decimal("115200.00"), Decimal("14976.00"), Decimal("3000.00"))
    second = quote_for(org.rep, products)
    assert int(second.number[-6:]) == int(quote.number[-6:]) + 1

    with pytest.raises(ValidationError) as exc:
        set_document_lines(
            quote, [{"product": products["licence"].pk, "quantity": "0"}, {"product": "nope"}], actor=ui(org.rep)
        )
    assert set(exc.value.message_dict) == {"lines.0.quantity", "lines.1.product"}
    assert QuoteLine.objects.filter(quote=quote).count() == 2  # nothing half-written

    with pytest.raises(ValidationError) as exc:  # prices are in the quote's currency
        registry.get("quote").service.update(quote, {"currency": "USD"}, actor=ui(org.rep))
    assert "currency" in exc.value.message_dict


def test_foreign_currency_totals_convert_at_the_quote_date(org: Any, products: dict[str, Any]) -> None:
    save_exchange_rate(currency="USD", on_date=D(2020, 1, 1), rate=Decimal("7.20"), actor=SYSTEM)
    quote = quote_for(org.rep, products, currency="USD")
    line = QuoteLine.objects.get(quote=quote, product=products["licence"])
    assert line.unit_price == Decimal("1777.78")  # the CNY list price at 7.20
    assert line.unit_cost is None  # the cost is in another currency: not mixed in
    assert quote.total_company == (quote.total * Decimal("7.20")).quantize(Decimal("0.01"))


def test_a_large_discount_is_approved_by_the_manager_before_the_quote_goes_out(
    managed: Any, products: dict[str, Any]
) -> None:
    org = managed
    quote = quote_for(org.rep, products, discount="20")
    with pytest.raises(ValidationError) as exc:
        set_status(quote, org.rep, QuoteStatus.SENT)
    assert "20% needs approval" in exc.value.message_dict["status"][0]
    with pytest.raises(ValidationError):
        set_status(quote, org.rep, QuoteStatus.APPROVED)  # nobody approves by editing the status

    request = submit_quote(quote, actor=ui(org.rep), comment="战略客户，首单")
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.REVIEW
    assert list(request.approvers.all()) == [org.manager]
    with pytest.raises(PermissionDenied):  # locked while it waits
        set_document_lines(quote, [], actor=ui(org.rep))

    approvals.approve(request, actor=ui(org.manager), comment="同意")
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.APPROVED
    quote = set_status(quote, org.rep, QuoteStatus.SENT)
    order = order_from_quote(quote, actor=ui(org.rep))
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.ACCEPTED
    assert order.number.startswith("SO-") and order.quote_id == quote.pk and order.total == quote.total
    assert OrderLine.objects.filter(order=order).count() == 2
    with pytest.raises(ValidationError) as exc:
        order_from_quote(quote, actor=ui(org.rep))
    assert order.number in exc.value.message_dict["quote"][0]


def test_a_rejected_discount_goes_back_to_draft_and_a_small_one_needs_no_approval(
    managed: Any, products: dict[str, Any]
) -> None:
    org = managed
    quote = quote_for(org.rep, products, discount="25")
    request = submit_quote(quote, actor=ui(org.rep))
    approvals.reject(request, actor=ui(org.manager), comment="折扣过高，最多 15%")
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.DRAFT
    assert Notification.objects.filter(recipient=org.rep, message__contains="折扣过高").exists()
    lines = [{"product": products["licence"].pk, "quantity": 10, "discount": "15"}]
    quote = set_document_lines(quote, lines, actor=ui(org.rep))
    with pytest.raises(ValidationError):
        submit_quote(quote, actor=ui(org.rep))  # 15% is within the threshold
    assert set_status(quote, org.rep, QuoteStatus.SENT).status == QuoteStatus.SENT


def test_a_new_version_supersedes_the_old_and_an_expired_quote_cannot_be_accepted(
    org: Any, products: dict[str, Any]
) -> None:
    old = quote_for(org.rep, products, quote_date=D(2026, 1, 5), valid_until=D(2026, 2, 4))
    old = set_status(old, org.rep, QuoteStatus.SENT)
    with pytest.raises(ValidationError) as exc:
        set_status(old, org.rep, QuoteStatus.ACCEPTED)
    assert "expired" in exc.value.message_dict["valid_until"][0]
    with pytest.raises(ValidationError):
        set_document_lines(old, [], actor=ui(org.rep))  # a sent quote's lines are fixed

    new = new_version(old, actor=ui(org.rep))
    old.refresh_from_db()
    assert old.status == QuoteStatus.SUPERSEDED
    assert (new.number, new.revision, new.previous_id, new.status) == (old.number, 2, old.pk, QuoteStatus.DRAFT)
    assert str(new) == f"{old.number} v2" and new.total == old.total
    assert QuoteLine.objects.filter(quote=new).count() == 2
    with pytest.raises(ValidationError):
        set_status(old, org.rep, QuoteStatus.DRAFT)
    with pytest.raises(ValidationError):
        new_version(old, actor=ui(org.rep))
    assert set_status(new, org.rep, QuoteStatus.ACCEPTED).status == QuoteStatus.ACCEPTED


def test_orders_keep_their_lines_and_cannot_be_cancelled_under_invoices(org: Any, products: dict[str, Any]) -> None:
    account = make("account", org.rep, name="杭州云栖数据有限公司")
    lines = [{"product": products["licence"].pk, "quantity": 3}]
    order = create_with_lines("order", {"account": account, "order_date": D(2026, 3, 2)}, lines, actor=ui(org.rep))
    assert order.status == OrderStatus.CONFIRMED and order.total == Decimal("43392.00")
    with pytest.raises(ValidationError):
        registry.get("order").service.update(order, {"delivery_date": D(2026, 3, 1)}, actor=ui(org.rep))
    invoice = registry.get("invoice").service.create({"order": order}, actor=ui(org.rep))
    assert (invoice.account_id, invoice.amount, invoice.currency_id) == (account.pk, order.total, "CNY")
    assert invoice.due_on == invoice.issued_on + datetime.timedelta(30)
    with pytest.raises(ValidationError) as exc:
        set_status(order, org.rep, OrderStatus.CANCELLED)
    assert "invoices" in exc.value.message_dict["status"][0]
    order = set_status(order, org.rep, OrderStatus.DELIVERED)
    assert order.delivered_on == timezone.localdate()
    with pytest.raises(ValidationError):
        set_document_lines(order, lines, actor=ui(org.rep))
    with pytest.raises(ValidationError) as exc:
        registry.get("invoice").service.create(
            {"order": order, "account": make("account", org.rep, name="别家公司")}, actor=ui(org.rep)
        )
    assert "order" in exc.value.message_dict


def test_payments_settle_the_invoice_and_cannot_overpay(org: Any) -> None:
    account = make("account", org.rep, name="南京紫金山制药有限公司")
    invoices = registry.get("invoice").service
    payments = registry.get("payment").service
    invoice = invoices.create({"account": account, "amount": Decimal("100000")}, actor=ui(org.rep))
    assert invoice.number.startswith("INV-") and invoice.status == InvoiceStatus.OPEN

    first = payments.create(
        {"invoice": invoice, "amount": Decimal("40000"), "received_on": D(2026, 5, 1)}, actor=ui(org.rep)
    )
    invoice.refresh_from_db()
    assert first.account_id == account.pk and first.currency_id == "CNY"
    assert (invoice.status, invoice.paid_amount, invoice.balance) == (
        InvoiceStatus.PARTLY_PAID,
        Decimal("40000.00"),
        Decimal("60000.00"),
    )
    with pytest.raises(ValidationError) as exc:
        payments.create({"invoice": invoice, "amount": Decimal("60000.01")}, actor=ui(org.rep))
    assert "60000.00" in exc.value.message_dict["amount"][0]
    with pytest.raises(ValidationError) as exc:
        payments.create({"invoice": invoice, "amount": Decimal("1"), "currency": "USD"}, actor=ui(org.rep))
    assert "currency" in exc.value.message_dict
    other = make("account", org.rep, name="别家公司")
    with pytest.raises(ValidationError) as exc:
        payments.create({"invoice": invoice, "account": other, "amount": Decimal("1")}, actor=ui(org.rep))
    assert "invoice" in exc.value.message_dict

    second = payments.create(
        {"invoice": invoice, "amount": Decimal("60000"), "received_on": D(2026, 5, 20)}, actor=ui(org.rep)
    )
    invoice.refresh_from_db()
    assert (invoice.status, invoice.balance, invoice.paid_on) == (InvoiceStatus.PAID, 0, D(2026, 5, 20))
    with pytest.raises(ValidationError):  # less than what was received
        invoices.update(invoice, {"amount": Decimal("90000")}, actor=ui(org.rep))
    with pytest.raises(ValidationError):
        invoices.update(invoice, {"status": InvoiceStatus.CANCELLED}, actor=ui(org.rep))

    payments.delete(second, actor=ui(org.rep))  # to the recycle bin: the invoice is open again
    invoice.refresh_from_db()
    assert (invoice.status, invoice.balance, invoice.paid_on) == (InvoiceStatus.PARTLY_PAID, Decimal("60000"), None)
    payments.restore(second, actor=ui(org.rep))
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID


def test_overdue_receivables_by_age_and_customer(org: Any) -> None:
    today = D(2026, 11, 25)
    invoices = registry.get("invoice").service
    big = make("account", org.rep, name="北京长城钢铁集团")
    small = make("account", org.rep, name="成都天府物流有限公司")
    theirs = make("account", org.other_rep, name="广州南方电器有限公司")

    def invoice(account: Any, amount: str, due: datetime.date, owner: Any = org.rep) -> Invoice:
        data = {"account": account, "amount": Decimal(amount), "issued_on": due - datetime.timedelta(30), "due_on": due}
        return invoices.create(data, actor=ui(owner))

    invoice(big, "1000", today + datetime.timedelta(5))  # not yet due
    invoice(big, "2000", today - datetime.timedelta(1))  # 1 day
    invoice(big, "3000", today - datetime.timedelta(45))  # 31–60
    invoice(big, "4000", today - datetime.timedelta(75))  # 61–90
    partly = invoice(small, "5000", today - datetime.timedelta(120))  # over 90, partly paid
    registry.get("payment").service.create({"invoice": partly, "amount": Decimal("1500")}, actor=ui(org.rep))
    paid = invoice(small, "9000", today - datetime.timedelta(10))
    registry.get("payment").service.create({"invoice": paid, "amount": Decimal("9000")}, actor=ui(org.rep))
    invoice(theirs, "7000", today - datetime.timedelta(10), owner=org.other_rep)

    everyone = receivables_ageing(Invoice.objects.all(), today)
    assert everyone["totals"]["current"] == Decimal("1000")
    assert everyone["totals"]["d1"] == Decimal("9000")  # 2,000 + 7,000
    assert (everyone["totals"]["d31"], everyone["totals"]["d61"], everyone["totals"]["d91"]) == (3000, 4000, 3500)
    assert everyone["totals"]["overdue"] == Decimal("19500")

    from guanxi.access.scoping import scope

    mine = receivables_ageing(scope(org.rep, "invoice"), today)
    assert [r["account__name"] for r in mine["rows"]] == ["北京长城钢铁集团", "成都天府物流有限公司"]
    assert mine["rows"][0]["overdue"] == Decimal("9000") and mine["totals"]["overdue"] == Decimal("12500")


def test_contracts_come_into_force_signed_remind_before_renewal_and_expire(managed: Any) -> None:
    org = managed
    contracts = registry.get("contract").service
    account = make("account", org.rep, name="上海浦江保险股份有限公司")
    data = {"name": "核心系统维保", "account": account, "starts_on": D(2026, 1, 1), "ends_on": D(2026, 12, 31)}
    contract = contracts.create({**data, "value": Decimal("480000"), "notice_days": 45}, actor=ui(org.rep))
    assert contract.number.startswith("CT-2026-") and contract.renewal_date == D(2026, 12, 31)
    with pytest.raises(ValidationError) as exc:
        contracts.update(contract, {"status": ContractStatus.ACTIVE}, actor=ui(org.rep))
    assert "signed_on" in exc.value.message_dict
    with pytest.raises(ValidationError):
        contracts.create({**data, "ends_on": D(2025, 12, 31)}, actor=ui(org.rep))
    contract = contracts.update(
        contract, {"status": ContractStatus.ACTIVE, "signed_on": D(2025, 12, 20)}, actor=ui(org.rep)
    )

    def at(day: datetime.date) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))

    assert send_contract_reminders(at(D(2026, 11, 15))) == (0, 0)  # 46 days before
    assert send_contract_reminders(at(D(2026, 11, 16))) == (1, 0)
    assert send_contract_reminders(at(D(2026, 11, 17))) == (0, 0)  # once
    told = set(
        Notification.objects.filter(message__contains=contract.number).values_list("recipient__username", flat=True)
    )
    assert told == {"rep", "manager"}
    contract = contracts.update(contract, {"renewal_date": D(2026, 12, 20)}, actor=ui(org.rep))
    assert send_contract_reminders(at(D(2026, 11, 17))) == (1, 0)  # a moved date reminds again

    renewal = renew_contract(contract, actor=ui(org.rep))
    assert (renewal.starts_on, renewal.ends_on, renewal.status) == (D(2027, 1, 1), D(2027, 12, 31), "draft")
    assert renewal.renewal_of_id == contract.pk and renewal.value == contract.value
    with pytest.raises(ValidationError):
        renew_contract(contract, actor=ui(org.rep))
    assert send_contract_reminders(at(D(2027, 1, 1))) == (0, 1)
    contract.refresh_from_db()
    assert contract.status == ContractStatus.EXPIRED


def test_the_contract_ledger_adds_up_invoices_and_payments(org: Any) -> None:
    account = make("account", org.rep, name="深圳前海证券有限公司")
    contract = registry.get("contract").service.create(
        {
            "name": "交易系统采购合同",
            "account": account,
            "starts_on": D(2026, 2, 1),
            "ends_on": D(2027, 1, 31),
            "value": Decimal("900000"),
        },
        actor=ui(org.rep),
    )
    invoices = registry.get("invoice").service
    first = invoices.create({"contract": contract, "amount": Decimal("300000")}, actor=ui(org.rep))
    invoices.create({"contract": contract, "amount": Decimal("300000")}, actor=ui(org.rep))
    cancelled = invoices.create({"contract": contract, "amount": Decimal("50000")}, actor=ui(org.rep))
    invoices.update(cancelled, {"status": InvoiceStatus.CANCELLED}, actor=ui(org.rep))
    registry.get("payment").service.create({"invoice": first, "amount": Decimal("300000")}, actor=ui(org.rep))
    row = contract_ledger(Contract.objects.filter(pk=contract.pk)).get()
    assert (row.invoiced, row.received, row.outstanding) == (600000, 300000, 600000)
    from guanxi.billing.services import ledger_totals

    assert ledger_totals(Contract.objects.filter(pk=contract.pk)) == {
        "value": Decimal("900000.00"),
        "invoiced": Decimal("600000.00"),
        "received": Decimal("300000.00"),
        "outstanding": Decimal("600000.00"),
    }


def test_the_quote_pages_approval_pdf_receivables_and_ledger(
    managed: Any, products: dict[str, Any], browser_client: Any
) -> None:
    org = managed
    quote = quote_for(org.rep, products, discount="20")
    rep = browser_client(org.rep)
    page = rep.get(f"/app/quote/{quote.pk}/").content.decode()
    assert "needs approval" in page and "Submit for approval" in page and "168,336" not in page
    r = rep.post(f"/app/quote/{quote.pk}/add_line/", {"product": products["service"].pk, "quantity": "2"})
    assert r.status_code == 302
    assert QuoteLine.objects.filter(quote=quote).count() == 3
    rep.post(f"/app/quote/{quote.pk}/submit/", {"comment": "首单"})
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.REVIEW
    manager = browser_client(org.manager)
    assert quote.subject in manager.get("/app/approvals/").content.decode()
    pdf = rep.get(f"/app/quote/{quote.pk}/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert browser_client(org.other_rep).get(f"/app/quote/{quote.pk}/pdf/").status_code == 404
    listing = rep.get("/app/quote/", {"columns": "number,total,valid_until,status"}).content.decode()
    assert f'<td class="num nowrap">{quote.total:,}</td>' in listing  # amounts right-aligned, unbroken
    assert '<td class="nowrap"><a class="row-link"' in listing and '<th class="num nowrap">' in listing

    order = SalesOrder.objects.create(
        account=quote.account, owner=org.rep, number="SO-T-1", currency_id="CNY", total=Decimal("10")
    )
    invoice = registry.get("invoice").service.create(
        {"order": order, "due_on": D(2026, 1, 31), "issued_on": D(2026, 1, 1)}, actor=ui(org.rep)
    )
    page = rep.get("/app/sales/receivables/").content.decode()
    assert quote.account.name in page
    assert quote.account.name not in browser_client(org.other_rep).get("/app/sales/receivables/").content.decode()
    r = rep.post(f"/app/invoice/{invoice.pk}/pay/", {"amount": "4", "received_on": "2026-02-03", "method": "transfer"})
    invoice.refresh_from_db()
    assert r.status_code == 302 and invoice.status == InvoiceStatus.PARTLY_PAID
    contract = registry.get("contract").service.create(
        {"name": "框架协议", "account": quote.account, "starts_on": D(2026, 1, 1), "ends_on": D(2026, 12, 31)},
        actor=ui(org.rep),
    )
    ledger = rep.get("/app/sales/ledger/").content.decode()
    assert contract.number in ledger
    assert contract.number not in browser_client(org.other_rep).get("/app/sales/ledger/").content.decode()
    csv_body = rep.get("/app/sales/ledger/?format=csv").content.decode("utf-8-sig")
    assert "框架协议" in csv_body.splitlines()[1]


@pytest.mark.parametrize("language", ["zh-hans", "zh-hant", "en"])
def test_the_printed_quote_shows_chinese_in_every_language(language: str, org: Any, products: dict[str, Any]) -> None:
    """Render the PDF to PNG (PDFium) and look: the customer's Chinese name comes back as text, and
    its glyphs are drawn (ink, not empty boxes — two different names draw differently)."""
    pdfium = pytest.importorskip("pypdfium2")
    from guanxi.billing.pdf import quote_pdf

    ARTIFACTS.mkdir(exist_ok=True)

    def render(name: str) -> tuple[str, Any, Any]:
        account = make("account", org.rep, name=name)
        quote = quote_for(org.rep, products, discount="5", account=account, language=language)
        registry.get("quote").service.update(quote, {"notes": "含三年原厂维保；按季度开票。"}, actor=ui(org.rep))
        quote.refresh_from_db()
        page = pdfium.PdfDocument(quote_pdf(quote))[0]
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        left, bottom, right, top = textpage.get_charbox(text.index(name[0]))
        scale, height = 2, page.get_height()
        image = page.render(scale=scale).to_pil().convert("L")
        box = (
            int(left * scale) - 2,
            int((height - top) * scale) - 2,
            int(right * scale) + 2,
            int((height - bottom) * scale) + 2,
        )
        return text, image, image.crop(box)

    text, image, glyph = render("苏州工业园区科技发展有限公司")
    image.save(ARTIFACTS / f"quote-{language}.png")
    assert "苏州工业园区科技发展有限公司" in text and "含三年原厂维保" in text
    assert ("Enterprise licence" if language == "en" else "企业版软件许可") in text  # the product in its language
    assert {"en": "Quotation", "zh-hans": "报价单", "zh-hant": "報價單"}[language] in text
    other_text, _other, other_glyph = render("廣州南方電器有限公司")
    assert "廣州南方電器有限公司" in other_text
    # 苏 and 廣 drawn at the same place: each leaves ink, and they differ — a missing glyph would be
    # blank or the same empty box for both.
    from PIL import ImageChops

    for crop in (glyph, other_glyph):
        assert sum(crop.histogram()[:128]) > 20, "no ink where the character should be"
    assert ImageChops.difference(glyph, other_glyph).getbbox() is not None


def test_the_api_creates_documents_with_lines_and_runs_the_quote_flow(
    managed: Any, products: dict[str, Any], api: Any
) -> None:
    org = managed
    client = api(org.rep)
    account = make("account", org.rep, name="武汉光谷通信有限公司")
    lines = [{"product": str(products["licence"].pk), "quantity": "10", "discount": "20"}]
    r = client.post("/api/v1/sales/quotes/with-lines", {"record": {"account": str(account.pk)}, "lines": lines})
    assert r.status_code == 201, r.content
    quote = r.json()
    assert quote["total"] == "115712.00" and quote["number"].startswith("QT-")
    r = client.post(
        "/api/v1/sales/quotes/with-lines",
        {"record": {"account": str(account.pk)}, "lines": [{"product": str(uuid4())}]},
    )
    assert r.status_code == 422 and "lines.0.product" in r.json()["errors"]
    r = client.post(
        "/api/v1/sales/quotes/with-lines",
        {"record": {"account": str(account.pk)}, "lines": [{"product": str(products["licence"].pk), "quantity": "-1"}]},
    )
    assert r.status_code == 422

    r = client.get(f"/api/v1/sales/quotes/{quote['id']}/lines")
    assert r.status_code == 200 and r.json()[0]["product_code"] == products["licence"].code
    r = client.client.put(
        f"/api/v1/sales/quotes/{quote['id']}/lines",
        {"lines": [*lines, {"product": str(products["service"].pk), "quantity": "4"}]},
        content_type="application/json",
        headers=client._headers({}),
    )
    assert r.status_code == 428
    r = client.client.put(
        f"/api/v1/sales/quotes/{quote['id']}/lines",
        {"lines": [*lines, {"product": str(products["service"].pk), "quantity": "4"}]},
        content_type="application/json",
        headers=client._headers({"If-Match": f'"{quote["version"]}"'}),
    )
    assert r.status_code == 200, r.content
    assert r.json()["total"] == "124752.00"

    r = client.patch(f"/api/v1/quotes/{quote['id']}", {"status": "sent"}, **{"If-Match": f'"{r.json()["version"]}"'})
    assert r.status_code == 422 and "needs approval" in r.json()["errors"]["status"][0]
    r = client.post(f"/api/v1/sales/quotes/{quote['id']}/submit", {"comment": "首单"})
    assert r.status_code == 201
    approval = r.json()["approval_id"]
    r = api(org.manager).post(f"/api/v1/approvals/{approval}/approve", {"comment": "同意"})
    assert r.status_code == 200
    r = client.post(f"/api/v1/sales/quotes/{quote['id']}/order")
    assert r.status_code == 201 and r.json()["number"].startswith("SO-") and r.json()["total"] == "124752.00"
    assert client.get(f"/api/v1/sales/quotes/{quote['id']}/pdf")["Content-Type"] == "application/pdf"
    assert api(org.other_rep).get(f"/api/v1/sales/quotes/{quote['id']}/lines").status_code == 404

    r = client.get("/api/v1/sales/receivables")
    assert r.status_code == 200 and r.json()["currency"] == "CNY"


def test_the_account_360_shows_orders_deals_and_what_is_owed(org: Any, products: dict[str, Any], api: Any) -> None:
    from guanxi.access.services import share_record

    account = make("account", org.rep, name="青岛海港物流集团")
    lines = [{"product": products["licence"].pk, "quantity": 1, "tax_rate": "0"}]
    mine = create_with_lines("order", {"account": account, "order_date": D(2026, 6, 1)}, lines, actor=ui(org.rep))
    share_record(object_type="account", object_id=account.pk, user=org.other_rep, actor=SYSTEM)
    create_with_lines("order", {"account": account, "order_date": D(2026, 7, 1)}, lines, actor=ui(org.other_rep))
    registry.get("invoice").service.create(
        {"order": mine, "issued_on": D(2026, 6, 1), "due_on": D(2026, 7, 1)}, actor=ui(org.rep)
    )
    body = api(org.rep).get(f"/api/v1/accounts/{account.pk}/360").json()["sections"]["sales"]
    assert [o["number"] for o in body["orders"]] == [mine.number]  # not the colleague's order
    assert (body["order_count"], body["order_total"], body["last_order"]) == (1, "12800.00", "2026-06-01")
    assert body["receivable"] == body["overdue"] == "12800.00"
    assert len(api(org.admin).get(f"/api/v1/accounts/{account.pk}/360").json()["sections"]["sales"]["orders"]) == 2


def test_targets_attainment_and_the_dashboard(managed: Any, products: dict[str, Any], browser_client: Any) -> None:
    """Targets for a person, their department and the company against what was won and received;
    the dashboard's figures for the representative and the manager's team."""
    from guanxi.pipeline.models import Stage
    from guanxi.sales.dashboard import dashboard
    from guanxi.targets.models import Target
    from guanxi.targets.services import actual, monthly, period_bounds

    org = managed
    today = timezone.localdate()
    quarter_start = period_bounds("quarter", today)[0]
    targets = registry.get("target").service
    mine = targets.create(
        {"owner": org.rep, "metric": "won_amount", "period": "quarter", "starts_on": today, "value": Decimal("500000")},
        actor=ui(org.manager),
    )
    assert mine.starts_on == quarter_start and mine.department_id == org.sales.pk and str(org.rep) in mine.name
    team = targets.create(
        {"scope": "department", "team": org.sales, "metric": "won_amount", "period": "quarter", "starts_on": today,
         "value": Decimal("2000000")},
        actor=ui(org.manager),
    )  # fmt: skip
    assert team.owner_id is None and team.department_id == org.sales.pk
    with pytest.raises(ValidationError):  # one per person, measure and period
        targets.create(
            {"owner": org.rep, "metric": "won_amount", "period": "quarter", "starts_on": quarter_start,
             "value": Decimal("1")},
            actor=ui(org.manager),
        )  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        targets.create({"scope": "department", "metric": "won_count", "period": "month", "starts_on": today,
                        "value": Decimal("3")}, actor=ui(org.manager))  # fmt: skip
    assert "team" in exc.value.message_dict

    won_stage = Stage.objects.get(pipeline__key="default", key="won")
    account = make("account", org.rep, name="厦门海沧港务有限公司")
    for owner, amount in ((org.rep, "300000"), (org.rep2, "150000"), (org.other_rep, "999999")):
        deal = registry.get("opportunity").service.create(
            {"name": "港口调度系统", "account": account, "amount": Decimal(amount)}, actor=ui(owner)
        )
        registry.get("opportunity").service.update(deal, {"stage": won_stage}, actor=ui(owner))
    assert actual(mine) == Decimal("300000.00")
    assert actual(team) == Decimal("450000.00")  # 销售部 and 华东销售组 below it, not 华南
    months = monthly(Target.objects.all(), "won_amount", Q(owner_id=org.rep.pk), today.year)
    assert months[today.month - 1]["actual"] == Decimal("300000.00")
    spread = monthly(Target.objects.filter(pk=team.pk), "won_amount", Q(), today.year)  # a quarter's third a month
    assert spread[quarter_start.month - 1]["target"] == Decimal("666666.67")
    assert spread[(quarter_start.month + 2) % 12]["target"] is None  # the month after the quarter: none

    overdue = registry.get("activity").service.create(
        {"subject": "回访王总", "kind": "call", "starts_at": timezone.now() - datetime.timedelta(days=2)},
        actor=ui(org.rep),
    )
    late = today - datetime.timedelta(days=3)
    open_deal = registry.get("opportunity").service.create(
        {"name": "二期扩容", "account": account, "amount": Decimal("80000"), "expected_close": late}, actor=ui(org.rep)
    )
    rep_view = dashboard(org.rep, team=False)
    assert rep_view["won"] == Decimal("300000.00") and rep_view["target"] == Decimal("500000")
    assert rep_view["attained"] == Decimal("60.0")
    assert [a.pk for a in rep_view["overdue_tasks"]] == [overdue.pk]
    assert [o.pk for o in rep_view["at_risk"]] == [open_deal.pk]
    assert rep_view["funnel"][0]["count"] == 1
    manager_view = dashboard(org.manager, team=True)
    assert manager_view["won"] == Decimal("450000.00") and manager_view["target"] == Decimal("2000000")

    page = browser_client(org.rep).get("/app/sales/").content.decode()
    assert 'data-kpi="won"' in page and "300,000" in page and "echarts.min.js" in page
    assert "My team" not in page  # a representative has no team view
    page = browser_client(org.manager).get("/app/sales/?view=team").content.decode()
    assert "450,000" in page
    targets_page = browser_client(org.rep).get("/app/sales/targets/").content.decode()
    assert mine.name in targets_page and team.name not in targets_page  # the rep sees their own target
    assert "60.0%" in targets_page
    csv_body = browser_client(org.manager).get("/app/sales/targets/?format=csv").content.decode("utf-8-sig")
    assert team.name in csv_body and mine.name in csv_body


def test_sales_entered_by_others_are_credited_to_the_customers_representative(
    managed: Any, products: dict[str, Any], browser_client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from guanxi.billing.models import Payment
    from guanxi.pipeline.models import OwnershipConflict

    org = managed

    account = make("account", org.rep, name="合肥高新区智能装备有限公司")
    lines = [{"product": products["licence"].pk, "quantity": 2}]
    # The manager enters an order, the administrator invoices it and records the payment: all the rep's.
    with django_capture_on_commit_callbacks(execute=True):
        order = create_with_lines("order", {"account": account}, lines, actor=ui(org.manager))
        invoice = registry.get("invoice").service.create({"order": order}, actor=ui(org.admin))
        payment = registry.get("payment").service.create({"invoice": invoice, "amount": "1000"}, actor=ui(org.admin))
    assert order.owner == invoice.owner == payment.owner == org.rep
    assert order.department_id == org.rep.department_id
    assert not OwnershipConflict.objects.exists()

    # What a document comes from wins over the customer: rep2's invoice, so rep2's payment.
    with django_capture_on_commit_callbacks(execute=True):
        theirs = registry.get("invoice").service.create(
            {"account": account, "amount": "5000", "owner": org.rep2}, actor=ui(org.admin)
        )
        paid = registry.get("payment").service.create({"invoice": theirs, "amount": "5000"}, actor=ui(org.admin))
    assert Payment.objects.get(pk=paid.pk).owner == org.rep2

    # A representative's own entry stays theirs, and an order of rep2's on the rep's customer is a
    # conflict the managers see, on the order's page too.
    own = make("account", org.rep2, name="芜湖长江物流有限公司")
    mine = create_with_lines("quote", {"account": own}, lines, actor=ui(org.rep2))
    assert mine.owner == org.rep2
    with django_capture_on_commit_callbacks(execute=True):
        clash = create_with_lines("order", {"account": account, "owner": org.rep2}, lines, actor=ui(org.admin))
    conflict = OwnershipConflict.objects.get(object_type="order", object_id=clash.pk)
    assert (conflict.owner, conflict.customer_owner, conflict.customer_id) == (org.rep2, org.rep, account.pk)
    assert conflict.get_reason_display() == "Sales on another owner's customer"
    assert "Ownership conflict" in browser_client(org.admin).get(f"/app/order/{clash.pk}/").content.decode()
    assert clash.number in browser_client(org.manager).get("/app/sales/conflicts/").content.decode()


def test_a_service_given_text_types_it_or_names_the_field(org: Any) -> None:
    account = make("account", org.rep, name="温州瓯海眼镜有限公司")
    invoices = registry.get("invoice").service
    invoice = invoices.create({"account": account, "amount": "12000.50", "issued_on": "2026-11-02"}, actor=ui(org.rep))
    assert invoice.amount == invoice.balance == Decimal("12000.50") and invoice.due_on == D(2026, 12, 2)
    with pytest.raises(ValidationError) as exc:
        invoices.create({"account": account, "amount": "一万二", "issued_on": "11/02"}, actor=ui(org.rep))
    assert set(exc.value.message_dict) == {"amount", "issued_on"}
    assert Invoice.objects.filter(account=account).count() == 1  # nothing half-written


def test_a_documents_lines_are_added_and_removed_one_by_one_through_the_api(
    org: Any, products: dict[str, Any], api: Any
) -> None:
    quote = quote_for(org.rep, products)
    rest = api(org.rep)
    base = f"/api/v1/quotes/{quote.pk}/actions"
    r = rest.post(f"{base}/add_line", {"product": str(uuid4()), "quantity": "1"})
    assert r.status_code == 422 and "product" in r.json()["errors"]
    r = rest.post(f"{base}/add_line", {"product": str(products["service"].pk), "quantity": "-1"})
    assert r.status_code == 422 and "quantity" in r.json()["errors"]
    r = rest.post(f"{base}/add_line", {"product": str(products["service"].pk), "quantity": "3", "discount": "10"})
    assert r.status_code == 200 and QuoteLine.objects.filter(quote=quote).count() == 3
    total = Decimal(r.json()["total"])
    assert rest.post(f"{base}/remove_line", {"line": 9}).json()["errors"]["line"] == ["There is no line 9."]
    r = rest.post(f"{base}/remove_line", {"line": 3})
    assert r.status_code == 200 and Decimal(r.json()["total"]) < total
    assert QuoteLine.objects.filter(quote=quote).count() == 2
    registry.get("quote").service.update(quote, {"status": "sent"}, actor=Actor(org.rep, Source.UI))
    r = rest.post(f"{base}/add_line", {"product": str(products["service"].pk), "quantity": "1"})
    assert r.status_code == 422 and "status" in r.json()["errors"]  # a sent quote's lines are fixed


def test_a_deal_becomes_a_quote_with_its_lines_and_ordering_it_wins_the_deal(
    org: Any, products: dict[str, Any], api: Any, settings: Any
) -> None:
    from guanxi.pipeline.models import Opportunity
    from guanxi.pipeline.services import set_lines

    deal = make("opportunity", org.rep, name="苏州园区 CRM 项目")
    set_lines(deal, [{"product": products["licence"].pk, "quantity": 10, "discount": "5"}], actor=SYSTEM)
    rest = api(org.rep)
    r = rest.post(f"/api/v1/opportunities/{deal.pk}/actions/make_quote", {})
    assert r.status_code == 201, r.content
    quote = Quote.objects.get(pk=r.json()["id"])
    assert (quote.opportunity_id, quote.account_id, quote.subject) == (deal.pk, deal.account_id, "苏州园区 CRM 项目")
    line = QuoteLine.objects.get(quote=quote)
    assert (line.product_id, line.quantity, line.discount) == (products["licence"].pk, 10, 5)
    assert quote.subtotal == Decimal("128000.00")

    r = rest.post(f"/api/v1/quotes/{quote.pk}/actions/order", {})
    assert r.status_code == 201, r.content
    deal = Opportunity.objects.get(pk=deal.pk)
    assert deal.outcome == "won" and deal.closed_on == timezone.localdate()  # the customer ordered
    assert "status" in rest.post(f"/api/v1/opportunities/{deal.pk}/actions/make_quote", {}).json()["errors"]

    settings.GUANXI_ORDER_WINS_DEAL = False
    other = make("opportunity", org.rep, name="第二个项目")
    quote = Quote.objects.get(pk=rest.post(f"/api/v1/opportunities/{other.pk}/actions/make_quote", {}).json()["id"])
    set_document_lines(quote, [{"product": products["service"].pk, "quantity": 2}], actor=SYSTEM)
    assert rest.post(f"/api/v1/quotes/{quote.pk}/actions/order", {}).status_code == 201
    assert Opportunity.objects.get(pk=other.pk).outcome == "open"
