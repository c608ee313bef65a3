"""Actions that ask for typed values — an invoice's payment (an amount, a date, a method from the
picklist) and closing a deal as lost (the reason from the picklist) — check each value the same way
on the page and in the API, name the field that is wrong, and write nothing then."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from guanxi.core.testing import make

pytestmark = pytest.mark.django_db


def _payments(invoice: Any) -> int:
    from guanxi.billing.models import Payment

    return Payment.objects.filter(invoice=invoice).count()


def test_a_payment_checks_its_amount_date_and_method_in_the_api(org: Any, api: Any) -> None:
    invoice = make("invoice", org.rep, amount=Decimal("8000.00"))
    rest = api(org.rep)
    url = f"/api/v1/invoices/{invoice.pk}/actions/pay"
    today = timezone.localdate().isoformat()
    cases = [
        ({"amount": "abc", "received_on": today}, "amount"),
        ({"amount": "12.345", "received_on": today}, "amount"),
        ({"amount": "100", "received_on": "31/12/2026"}, "received_on"),
        ({"amount": "100", "received_on": today, "method": "bitcoin"}, "method"),
        ({"received_on": today}, "amount"),
    ]
    for body, field in cases:
        r = rest.post(url, body)
        assert r.status_code == 422 and field in r.json()["errors"], (body, r.content)
    assert _payments(invoice) == 0
    r = rest.post(url, {"amount": "3000.50", "received_on": today, "method": "transfer", "reference": "回单 7"})
    assert r.status_code == 201, r.content
    assert r.json()["amount"] == "3000.50" and r.json()["method"] == "transfer"
    invoice.refresh_from_db()
    assert invoice.status == "partly_paid" and invoice.balance == Decimal("4999.50")


def test_the_invoice_page_offers_the_payment_with_the_balance_and_refuses_a_bad_date(
    org: Any, browser_client: Any
) -> None:
    invoice = make("invoice", org.rep, amount=Decimal("8000.00"))
    page = browser_client(org.rep)
    html = page.get(f"/app/invoice/{invoice.pk}/").content.decode()
    assert f'action="/app/invoice/{invoice.pk}/pay/"' in html
    assert 'name="amount"' in html and 'value="8000.00"' in html and 'type="date"' in html
    r = page.post(f"/app/invoice/{invoice.pk}/pay/", {"amount": "10", "received_on": "yesterday"}, follow=True)
    assert "YYYY-MM-DD" in r.content.decode() and _payments(invoice) == 0
    r = page.post(f"/app/invoice/{invoice.pk}/pay/", {"amount": "8000", "received_on": "2026-12-01"}, follow=True)
    invoice.refresh_from_db()
    assert invoice.status == "paid" and _payments(invoice) == 1
    # paid: the form is gone from the page
    assert f'action="/app/invoice/{invoice.pk}/pay/"' not in page.get(f"/app/invoice/{invoice.pk}/").content.decode()


def test_a_deal_is_closed_won_or_lost_with_the_reason(org: Any, api: Any, browser_client: Any) -> None:
    won, lost = make("opportunity", org.rep), make("opportunity", org.rep)
    html = browser_client(org.rep).get(f"/app/opportunity/{lost.pk}/").content.decode()
    assert f"/app/opportunity/{lost.pk}/won/" in html and f"/app/opportunity/{lost.pk}/lost/" in html
    assert '<select name="lost_reason" required' in html and 'value="price"' in html
    rest = api(org.rep)
    r = rest.post(f"/api/v1/opportunities/{lost.pk}/actions/lost", {})
    assert r.status_code == 422 and "lost_reason" in r.json()["errors"]
    r = rest.post(f"/api/v1/opportunities/{lost.pk}/actions/lost", {"lost_reason": "no such reason"})
    assert r.status_code == 422 and "lost_reason" in r.json()["errors"]
    r = rest.post(f"/api/v1/opportunities/{lost.pk}/actions/lost", {"lost_reason": "price"})
    assert r.status_code == 200 and r.json()["outcome"] == "lost" and r.json()["lost_reason"] == "price"
    r = rest.post(f"/api/v1/opportunities/{won.pk}/actions/won", {})
    assert r.status_code == 200 and r.json()["outcome"] == "won" and r.json()["closed_on"]
    assert r.json()["weighted_amount"] == r.json()["amount"]
    # closed: neither can be done again
    again = rest.post(f"/api/v1/opportunities/{won.pk}/actions/lost", {"lost_reason": "price"})
    assert again.status_code == 422 and "status" in again.json()["errors"]
