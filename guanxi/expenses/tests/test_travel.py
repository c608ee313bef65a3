"""Travel plans and expense reports: a trip approved by the manager, linked to the customers it is
for, recorded when done; an expense report with receipts submitted, rejected back to its author
with the comment, mended, approved by the manager and an administrator, then locked; totals by
person and by customer."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from guanxi.automation import approvals
from guanxi.catalogue.services import save_exchange_rate
from guanxi.core import registry
from guanxi.core.actor import SYSTEM, Actor
from guanxi.core.choices import Source
from guanxi.core.errors import PermissionDenied
from guanxi.core.models import Notification
from guanxi.core.testing import make
from guanxi.expenses.models import ExpenseLine, TravelLink
from guanxi.expenses.services import (
    add_expense,
    expense_totals,
    link_trip,
    remove_expense,
    submit_expenses,
    submit_trip,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def ui(user: Any) -> Actor:
    return Actor(user, Source.UI)


def test_a_trip_is_approved_linked_and_recorded(managed: Any) -> None:
    org = managed
    trips = registry.get("travel_plan").service
    data = {"purpose": "华南客户回访", "destination": "深圳", "starts_on": D(2026, 12, 7), "ends_on": D(2026, 12, 9)}
    with pytest.raises(ValidationError):
        trips.create({**data, "ends_on": D(2026, 12, 6)}, actor=ui(org.rep))
    trip = trips.create(data, actor=ui(org.rep))
    with pytest.raises(ValidationError):  # nobody approves by editing the status
        trips.update(trip, {"status": "approved"}, actor=ui(org.rep))
    mine = make("account", org.rep, name="深圳南山科技有限公司")
    theirs = make("account", org.other_rep, name="别人的客户")
    link_trip(trip, "account", mine.pk, actor=ui(org.rep))
    with pytest.raises(ValidationError):
        link_trip(trip, "account", theirs.pk, actor=ui(org.rep))
    assert TravelLink.objects.filter(plan=trip).count() == 1

    request = submit_trip(trip, actor=ui(org.rep), comment="年底回访")
    trip.refresh_from_db()
    assert trip.status == "review" and list(request.approvers.all()) == [org.manager]
    approvals.approve(request, actor=ui(org.manager))
    trip.refresh_from_db()
    assert trip.status == "approved"
    with pytest.raises(ValidationError) as exc:
        trips.update(trip, {"status": "done"}, actor=ui(org.rep))
    assert "report" in exc.value.message_dict
    trip = trips.update(trip, {"status": "done", "report": "拜访三家客户，签回一份意向书"}, actor=ui(org.rep))
    assert trip.status == "done"


def test_an_expense_report_goes_back_when_rejected_and_locks_when_approved(managed: Any) -> None:
    org = managed
    save_exchange_rate(currency="HKD", on_date=D(2026, 1, 1), rate=Decimal("0.92"), actor=SYSTEM)
    reports = registry.get("expense_report").service
    account = make("account", org.rep, name="香港维港贸易有限公司")
    report = reports.create({"title": "香港出差报销", "account": account}, actor=ui(org.rep))
    with pytest.raises(ValidationError):
        submit_expenses(report, actor=ui(org.rep))  # no lines yet
    receipt = SimpleUploadedFile("高铁票.pdf", b"%PDF-1.4 ticket", content_type="application/pdf")
    ticket = add_expense(
        report,
        {
            "category": "transport",
            "day": D(2026, 11, 2),
            "amount": Decimal("582.50"),
            "description": "深圳北—香港西九龙",
        },
        actor=ui(org.rep),
        receipt=receipt,
    )
    assert ticket.receipt is not None and ticket.receipt.object_type == "expense_report"
    add_expense(
        report,
        {"category": "lodging", "day": D(2026, 11, 2), "amount": Decimal("1200"), "currency": "HKD"},
        actor=ui(org.rep),
    )
    report.refresh_from_db()
    assert report.total == Decimal("1686.50")  # 582.50 + 1,200 HKD at 0.92
    with pytest.raises(ValidationError):
        add_expense(report, {"category": "meals", "day": timezone.localdate() + datetime.timedelta(days=2),
                             "amount": Decimal("1")}, actor=ui(org.rep))  # fmt: skip
    with pytest.raises(ValidationError):
        reports.update(report, {"status": "approved"}, actor=ui(org.rep))

    request = submit_expenses(report, actor=ui(org.rep))
    report.refresh_from_db()
    assert report.status == "review" and report.submitted_at is not None
    with pytest.raises(PermissionDenied):  # locked while it waits
        add_expense(report, {"category": "meals", "day": D(2026, 11, 3), "amount": Decimal("80")}, actor=ui(org.rep))
    approvals.reject(request, actor=ui(org.manager), comment="住宿超标，请附酒店发票")
    report.refresh_from_db()
    assert report.status == "rejected"
    assert Notification.objects.filter(recipient=org.rep, message__contains="住宿超标").exists()

    lodging = ExpenseLine.objects.get(report=report, category="lodging")
    remove_expense(report, lodging.pk, actor=ui(org.rep))
    add_expense(
        report,
        {"category": "lodging", "day": D(2026, 11, 2), "amount": Decimal("900"), "currency": "HKD"},
        actor=ui(org.rep),
        receipt=SimpleUploadedFile("hotel.pdf", b"%PDF-1.4 hotel"),
    )
    request = submit_expenses(report, actor=ui(org.rep), comment="已附酒店发票")
    approvals.approve(request, actor=ui(org.manager))
    request.refresh_from_db()
    assert request.status == "pending" and request.step == 2  # then an administrator
    approvals.approve(request, actor=ui(org.admin))
    report.refresh_from_db()
    assert report.status == "approved" and report.total == Decimal("1410.50")
    for attempt in (
        lambda: reports.update(report, {"title": "改标题"}, actor=ui(org.rep)),
        lambda: reports.update(report, {"notes": "管理员也不能改"}, actor=ui(org.admin)),
        lambda: add_expense(
            report, {"category": "meals", "day": D(2026, 11, 3), "amount": Decimal("1")}, actor=ui(org.rep)
        ),
    ):
        with pytest.raises(ValidationError):
            attempt()

    other = reports.create({"title": "杭州出差"}, actor=ui(org.rep2))  # a draft: not counted
    add_expense(other, {"category": "meals", "day": D(2026, 11, 5), "amount": Decimal("300")}, actor=ui(org.rep2))
    totals = expense_totals(type(report).objects.all())
    assert totals["total"] == Decimal("1410.50")  # only approved reports count
    assert [(r["owner__username"], r["total"]) for r in totals["by_person"]] == [("rep", Decimal("1410.50"))]
    assert totals["by_customer"][0]["account__name"] == "香港维港贸易有限公司"


def test_the_expense_pages(managed: Any, browser_client: Any) -> None:
    org = managed
    report = registry.get("expense_report").service.create({"title": "北京出差报销"}, actor=ui(org.rep))
    client = browser_client(org.rep)
    r = client.post(
        f"/app/expense_report/{report.pk}/add_line/",
        {
            "category": "transport",
            "day": "2026-11-10",
            "amount": "553.50",
            "receipt": SimpleUploadedFile("t.pdf", b"%PDF"),
        },
    )
    assert r.status_code == 302
    page = client.get(f"/app/expense_report/{report.pk}/").content.decode()
    assert "t.pdf" in page and "553.50" in page and "Submit for approval" in page
    client.post(f"/app/expense_report/{report.pk}/submit/", {"comment": "请审批"})
    report.refresh_from_db()
    assert report.status == "review"
    assert "北京出差报销" in browser_client(org.manager).get("/app/approvals/").content.decode()
    assert client.get("/app/sales/expenses/").status_code == 200


def test_changing_an_approved_trip_sends_it_back_for_approval(managed: Any, api: Any) -> None:
    """The manager approved a budget of 3,000: raising it to 999,999 is a new plan to approve,
    not a silent change. Writing the trip's record and closing it need no new approval."""
    org = managed
    trips = registry.get("travel_plan").service
    trip = make("travel_plan", org.rep, budget=Decimal("3000"))
    approvals.approve(submit_trip(trip, actor=ui(org.rep)), actor=ui(org.manager))
    trip.refresh_from_db()
    assert trip.status == "approved"
    r = api(org.rep).patch(f"/api/v1/travel_plans/{trip.pk}", {"budget": "999999"}, **{"If-Match": f'"{trip.version}"'})
    assert r.status_code == 200 and r.json()["status"] == "planned" and r.json()["budget"] == "999999.00"
    trip.refresh_from_db()
    request = submit_trip(trip, actor=ui(org.rep), comment="预算调整")
    assert list(request.approvers.all()) == [org.manager]
    approvals.approve(request, actor=ui(org.manager))
    trip.refresh_from_db()
    close = f"/api/v1/travel_plans/{trip.pk}/actions/close"
    r = api(org.rep).post(close, {})
    assert r.status_code == 422 and "report" in r.json()["errors"]  # the record of the trip first
    trip = trips.update(trip, {"report": "拜访三家客户，签下一单"}, actor=ui(org.rep))
    assert trip.status == "approved"
    r = api(org.rep).post(close, {})  # the record already written is enough
    assert r.status_code == 200 and r.json()["status"] == "done"
    assert "status" in api(org.rep).post(close, {}).json()["errors"]


def test_date_pickers_show_their_default_in_every_language(org: Any, browser_client: Any) -> None:
    """A date input takes only ISO dates: the Chinese page's default day must not be 2026/12/03."""
    import re

    org.rep.language = "zh-hans"
    org.rep.save(update_fields=["language"])
    report = make("expense_report", org.rep)
    invoice = make("invoice", org.rep)
    web = browser_client(org.rep)
    today = timezone.localdate().isoformat()
    for url, name in ((f"/app/expense_report/{report.pk}/", "day"), (f"/app/invoice/{invoice.pk}/", "received_on")):
        page = web.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        assert "费用" in page or "发票" in page  # the page is in Chinese
        field = re.search(rf'<input type="date" name="{name}" value="([^"]*)"', page)
        assert field is not None and field.group(1) == today, (url, field and field.group(0))


def test_a_trips_links_and_a_reports_lines_are_written_and_removed_through_the_api_too(managed: Any, api: Any) -> None:
    org = managed
    rest = api(org.rep)
    trip = make("travel_plan", org.rep)
    mine = make("account", org.rep, name="深圳南山科技有限公司")
    theirs = make("account", org.other_rep, name="别人的客户")
    base = f"/api/v1/travel_plans/{trip.pk}/actions"

    r = rest.post(f"{base}/link", {})
    assert r.status_code == 422 and "account" in r.json()["errors"]  # neither a customer nor an activity
    r = rest.post(f"{base}/link", {"account": str(theirs.pk)})
    assert r.status_code == 422 and "account" in r.json()["errors"]  # not a customer they may see
    assert not TravelLink.objects.filter(plan=trip).exists()
    r = rest.post(f"{base}/link", {"account": str(mine.pk)})
    assert r.status_code == 200, r.content
    link = TravelLink.objects.get(plan=trip)
    assert (link.object_type, link.object_id) == ("account", mine.pk)
    r = rest.post(f"{base}/unlink", {"link": link.pk + 1000})
    assert r.status_code == 422 and "link" in r.json()["errors"]
    assert rest.post(f"{base}/unlink", {"link": link.pk}).status_code == 200
    assert not TravelLink.objects.filter(plan=trip).exists()
    assert "link" in rest.post(f"{base}/unlink", {"link": link.pk}).json()["errors"]  # removed already

    report = make("expense_report", org.rep)
    base = f"/api/v1/expense_reports/{report.pk}/actions"
    line = {"category": "transport", "day": "2026-11-10", "amount": "553.50", "description": "高铁"}
    r = rest.post(f"{base}/add_line", {"category": "transport", "day": "2026-11-10"})
    assert r.status_code == 422 and "amount" in r.json()["errors"]
    r = rest.post(f"{base}/add_line", {**line, "category": "no-such-category"})
    assert r.status_code == 422 and "category" in r.json()["errors"]
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    r = rest.post(f"{base}/add_line", {**line, "day": tomorrow})
    assert r.status_code == 422 and "day" in r.json()["errors"]  # claimed before it was spent
    r = rest.post(f"{base}/add_line", {**line, "currency": "xyz"})
    assert r.json()["errors"]["currency"] == ["“XYZ” is not a currency Guanxi knows (e.g. CNY, USD, HKD)."]
    assert not report.lines.exists()
    r = rest.post(f"{base}/add_line", line)
    assert r.status_code == 200 and r.json()["total"] == "553.50", r.content
    ticket = report.lines.get()
    assert (ticket.amount, ticket.currency_id, ticket.description) == (Decimal("553.50"), "CNY", "高铁")

    r = rest.post(f"{base}/remove_line", {"line": ticket.pk + 1000})
    assert r.status_code == 422 and "line" in r.json()["errors"]
    r = rest.post(f"{base}/remove_line", {"line": ticket.pk})
    assert r.status_code == 200 and r.json()["total"] == "0.00"
    assert "line" in rest.post(f"{base}/remove_line", {"line": ticket.pk}).json()["errors"]  # removed already

    assert rest.post(f"{base}/add_line", line).status_code == 200
    assert rest.post(f"{base}/submit", {"comment": "请审批"}).status_code == 200
    r = rest.post(f"{base}/add_line", line)
    assert r.status_code == 422 and "status" in r.json()["errors"]  # waiting for approval
    r = rest.post(f"{base}/remove_line", {"line": report.lines.get().pk})
    assert r.status_code == 422 and "status" in r.json()["errors"]
    assert report.lines.count() == 1


def test_the_trip_and_expense_panels_post_to_their_actions(managed: Any, browser_client: Any) -> None:
    org = managed
    web = browser_client(org.rep)
    trip = make("travel_plan", org.rep)
    mine = make("account", org.rep, name="深圳南山科技有限公司")
    page = web.get(f"/app/travel_plan/{trip.pk}/").content.decode()
    assert f'action="/app/travel_plan/{trip.pk}/link/"' in page
    assert web.post(f"/app/travel_plan/{trip.pk}/link/", {"account": str(mine.pk)}).status_code == 302
    link = TravelLink.objects.get(plan=trip)
    page = web.get(f"/app/travel_plan/{trip.pk}/").content.decode()
    assert "深圳南山科技有限公司" in page and f'name="link" value="{link.pk}"' in page
    web.post(f"/app/travel_plan/{trip.pk}/unlink/", {"link": str(link.pk)})
    assert not TravelLink.objects.filter(plan=trip).exists()

    report = make("expense_report", org.rep)
    line = add_expense(report, {"category": "meals", "day": D(2026, 11, 3), "amount": Decimal("80")}, actor=ui(org.rep))
    page = web.get(f"/app/expense_report/{report.pk}/").content.decode()
    assert f'action="/app/expense_report/{report.pk}/remove_line/"' in page and f'value="{line.pk}"' in page
    web.post(f"/app/expense_report/{report.pk}/remove_line/", {"line": str(line.pk)})
    assert not report.lines.exists()
