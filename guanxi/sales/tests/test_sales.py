"""Sales rules: currencies and rates, prices, and an opportunity's way through its pipeline —
defaults, stage requirements, probability, weighted amount, outcome, stage history, product lines
and the kanban board with its totals."""

from __future__ import annotations

import datetime
import re
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from guanxi.catalogue.models import PriceBook
from guanxi.catalogue.services import price_for, rate_on, save_exchange_rate, set_price, to_company
from guanxi.core import registry
from guanxi.core.actor import SYSTEM, Actor
from guanxi.core.choices import Source
from guanxi.core.testing import make
from guanxi.pipeline.models import Opportunity, OpportunityLine, Pipeline, Stage, StageChange
from guanxi.pipeline.services import set_lines

pytestmark = pytest.mark.django_db
D = datetime.date


def stage(key: str, pipeline: str = "default") -> Stage:
    return Stage.objects.get(pipeline__key=pipeline, key=key)


def deal(owner: Any, **data: Any) -> Opportunity:
    data.setdefault("name", "苏州工业园区智慧园区项目")
    if "account" not in data:
        data["account"] = make("account", owner, name="苏州工业园区科技发展有限公司")
    return registry.get("opportunity").service.create(data, actor=Actor(owner, Source.UI))


def move(obj: Opportunity, user: Any, **data: Any) -> Opportunity:
    return registry.get("opportunity").service.update(obj, data, actor=Actor(user, Source.UI))


def test_exchange_rates_apply_by_date(org: Any) -> None:
    save_exchange_rate(currency="USD", on_date=D(2026, 1, 1), rate=Decimal("7.10"), actor=SYSTEM)
    save_exchange_rate(currency="USD", on_date=D(2026, 7, 1), rate=Decimal("7.25"), actor=SYSTEM)
    assert rate_on("USD", D(2026, 3, 15)) == Decimal("7.10")
    assert rate_on("USD", D(2026, 7, 1)) == Decimal("7.25")
    assert rate_on("USD", D(2025, 6, 1)) == Decimal("7.10")  # before the first rate: the first
    assert rate_on("CNY", D(2026, 3, 15)) == 1
    assert to_company(Decimal("1000"), "USD", D(2026, 8, 1)) == Decimal("7250.00")
    with pytest.raises(ValidationError) as exc:
        rate_on("EUR", D(2026, 1, 1))
    assert "EUR" in exc.value.message_dict["currency"][0]
    with pytest.raises(ValidationError):
        save_exchange_rate(currency="CNY", on_date=D(2026, 1, 1), rate=Decimal("2"), actor=SYSTEM)


def test_price_books_by_customer_level_then_the_list_price(org: Any) -> None:
    product = make("product", org.admin, list_price=Decimal("10000"))
    general = registry.get("price_book").service.create({"name": "标准价"}, actor=SYSTEM)
    vip = registry.get("price_book").service.create({"name": "VIP", "customer_level": "vip"}, actor=SYSTEM)
    assert price_for(product, level="vip") == Decimal("10000.00")  # in no book yet: the list price
    set_price(price_book=general, product=product, price=Decimal("9500"), actor=SYSTEM)
    set_price(price_book=vip, product=product, price=Decimal("8800"), actor=SYSTEM)
    assert price_for(product, level="vip") == Decimal("8800")
    assert price_for(product, level="b") == Decimal("9500")
    PriceBook.objects.filter(pk=vip.pk).update(valid_until=D(2020, 1, 1))
    assert price_for(product, level="vip") == Decimal("9500")  # the VIP book expired
    save_exchange_rate(currency="USD", on_date=D(2020, 1, 1), rate=Decimal("8"), actor=SYSTEM)
    set_price(price_book=general, product=product, price=None, actor=SYSTEM)
    assert price_for(product, currency="USD") == Decimal("1250.00")


def test_a_new_deal_starts_in_the_default_pipeline_with_its_probability(org: Any) -> None:
    save_exchange_rate(currency="USD", on_date=D(2020, 1, 1), rate=Decimal("7"), actor=SYSTEM)
    opp = deal(org.rep, amount=Decimal("100000"), currency="USD")
    assert (
        opp.pipeline.key == "default"
        and opp.stage.key == "attention"
        and opp.stage.name_zh_hans == "发现市场机会并加入关注"
    )
    assert opp.probability == 10 and opp.outcome == "open" and opp.currency_id == "USD"
    assert opp.amount_company == Decimal("700000.00") and opp.weighted_amount == Decimal("70000.00")
    assert StageChange.objects.get(opportunity=opp).seconds_in_previous is None


def test_stage_requirements_probability_outcome_and_history(org: Any) -> None:
    opp = deal(org.rep)
    with pytest.raises(ValidationError) as exc:
        move(opp, org.rep, stage=stage("tender").pk)
    assert set(exc.value.message_dict) == {"amount", "expected_close"}
    assert "客户已立项" in exc.value.message_dict["amount"][0] or "tender" in exc.value.message_dict["amount"][0]
    assert Opportunity.objects.get(pk=opp.pk).stage.key == "attention"  # nothing written

    opp = move(opp, org.rep, stage=stage("tender").pk, amount=Decimal("500000"), expected_close=D(2027, 3, 31))
    assert opp.probability == 60 and opp.weighted_amount == Decimal("300000.00")
    opp = move(opp, org.rep, stage=stage("committed").pk, probability=80)
    assert opp.probability == 80  # given with the move, it wins over the stage's default

    with pytest.raises(ValidationError) as exc:
        move(opp, org.rep, stage=stage("lost").pk)
    assert list(exc.value.message_dict) == ["lost_reason"]
    opp = move(opp, org.rep, stage=stage("won").pk)
    assert opp.outcome == "won" and opp.closed_on == timezone.localdate()
    assert opp.weighted_amount == opp.amount_company == Decimal("500000.00")
    opp = move(opp, org.rep, stage=stage("committed").pk)
    assert opp.outcome == "open" and opp.closed_on is None

    path = list(StageChange.objects.filter(opportunity=opp).values_list("to_stage__key", flat=True))
    assert path == ["attention", "tender", "committed", "won", "committed"]
    assert all(c.seconds_in_previous is not None for c in StageChange.objects.filter(opportunity=opp)[1:])


def test_a_stage_of_another_pipeline_is_refused(org: Any) -> None:
    other = Pipeline.objects.create(key="projects", name_en="Projects", name_zh_hans="项目")
    foreign = Stage.objects.create(pipeline=other, key="scoping", name_en="Scoping", probability=20)
    opp = deal(org.rep)
    with pytest.raises(ValidationError) as exc:
        move(opp, org.rep, stage=foreign.pk)
    assert "stage" in exc.value.message_dict
    opp = move(opp, org.rep, pipeline=other.pk, stage=foreign.pk)
    assert opp.pipeline == other and opp.probability == 20


def test_product_lines_make_the_amount_and_bad_lines_write_nothing(org: Any, browser_client: Any) -> None:
    licence = make("product", org.admin, list_price=Decimal("12800"))
    service = make("product", org.admin, name="实施服务", list_price=Decimal("1500"), unit="hour")
    opp = deal(org.rep)
    opp = set_lines(
        opp,
        [
            {"product": licence.pk, "quantity": 10, "discount": 15},
            {"product": service, "quantity": 40, "unit_price": "1200"},
        ],
        actor=Actor(org.rep, Source.UI),
    )
    assert opp.amount == Decimal("108800.00") + Decimal("48000.00")
    assert [line.total for line in OpportunityLine.objects.filter(opportunity=opp)] == [
        Decimal("108800.00"),
        Decimal("48000.00"),
    ]
    with pytest.raises(ValidationError) as exc:
        set_lines(opp, [{"product": licence.pk, "quantity": 0}, {"product": 999999}], actor=SYSTEM)
    assert set(exc.value.message_dict) == {"lines.0.quantity", "lines.1.product"}
    assert OpportunityLine.objects.filter(opportunity=opp).count() == 2
    page = browser_client(org.rep).get(f"/app/opportunity/{opp.pk}/").content.decode()
    assert "108,800.00" in page and "156,800.00" in page  # each line and the amount, grouped


def test_the_board_shows_one_pipeline_with_totals_and_moves_through_the_rules(org: Any, browser_client: Any) -> None:
    web = browser_client(org.rep)
    a = deal(org.rep, name="甲项目", amount=Decimal("120000"))
    deal(org.rep, name="乙项目", amount=Decimal("30000"))
    deal(org.other_rep, name="别人的项目", amount=Decimal("999999"))
    page = web.get("/app/opportunity/kanban/").content.decode()
    assert "发现市场机会并加入关注" not in page or "Opportunity spotted" in page
    assert "Opportunity spotted" in page and "甲项目" in page and "别人的项目" not in page
    assert 'data-total="150000.00"' in page  # the column sums what this user may see
    assert page.count("kanban-col folded") == 2  # won and lost
    r = web.post(f"/app/opportunity/{a.pk}/move/", {"value": stage("tender").pk, "version": a.version})
    assert (r.status_code == 422 and "expected" in r.content.decode().lower()) or "Fill this in" in r.content.decode()
    r = web.post(f"/app/opportunity/{a.pk}/move/", {"value": stage("intent").pk, "version": a.version})
    assert r.status_code == 200
    assert Opportunity.objects.get(pk=a.pk).probability == 30

    Pipeline.objects.create(key="renewals", name_en="Renewals", name_zh_hans="续约")
    page = web.get("/app/opportunity/kanban/").content.decode()
    assert 'name="pipeline"' in page and "Renewals" in page


def test_the_api_creates_with_defaults_and_the_customer_page_lists_deals(
    org: Any, api: Any, browser_client: Any
) -> None:
    account = make("account", org.rep, name="杭州海康数据有限公司")
    rest = api(org.rep)
    r = rest.post("/api/v1/opportunities/", {"name": "视频平台升级", "account": str(account.pk), "amount": "260000"})
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["stage"]["label"] == "Opportunity spotted" and body["probability"] == 10
    r = rest.patch(f"/api/v1/opportunities/{body['id']}", {"stage": stage("lost").pk}, **{"If-Match": '"1"'})
    assert r.status_code == 422 and "lost_reason" in r.json()["errors"]
    r = rest.patch(
        f"/api/v1/opportunities/{body['id']}",
        {"stage": stage("lost").pk, "lost_reason": "price"},
        **{"If-Match": '"1"'},
    )
    assert r.status_code == 200 and r.json()["outcome"] == "lost" and r.json()["weighted_amount"] == "0.00"
    page = browser_client(org.rep).get(f"/app/account/{account.pk}/").content.decode()
    assert "Opportunities" in page and "视频平台升级" in page


def test_representatives_read_the_catalogue_and_only_administrators_change_it(org: Any, api: Any) -> None:
    product = make("product", org.admin)
    assert api(org.rep).get(f"/api/v1/products/{product.pk}").status_code == 200
    r = api(org.rep).patch(f"/api/v1/products/{product.pk}", {"list_price": "1"}, **{"If-Match": '"1"'})
    assert r.status_code == 403
    assert api(org.rep).post("/api/v1/products/", {"name": "盗版软件", "list_price": "1"}).status_code == 403
    r = api(org.admin).patch(f"/api/v1/products/{product.pk}", {"list_price": "11800"}, **{"If-Match": '"1"'})
    assert r.status_code == 200 and r.json()["code"].startswith("P-")


def test_converting_a_lead_can_create_its_first_opportunity(org: Any, api: Any, browser_client: Any) -> None:
    from guanxi.customers.models import Lead

    lead = make("lead", org.rep, company="宁波港联物流有限公司", source="trade_fair")
    web = browser_client(org.rep)
    page = web.get(f"/app/lead/{lead.pk}/convert/").content.decode()
    assert 'name="opportunity__name"' in page
    assert re.search(r'name="opportunity__name"[^>]*value="宁波港联物流有限公司"', page)  # the deal's name proposed
    r = web.post(
        f"/app/lead/{lead.pk}/convert/",
        {"account_name": "宁波港联物流有限公司", "opportunity__amount": "-5", "opportunity__name": ""},
    )
    assert r.status_code == 200  # a negative amount and an amount without a name: refused, nothing written
    assert Lead.objects.get(pk=lead.pk).status != "converted" and not Opportunity.objects.exists()
    r = web.post(
        f"/app/lead/{lead.pk}/convert/",
        {
            "account_name": "宁波港联物流有限公司",
            "opportunity__name": "仓储管理系统",
            "opportunity__amount": "380000",
            "opportunity__expected_close": "2027-02-28",
        },
    )
    assert r.status_code == 302
    opp = Opportunity.objects.get()
    assert opp.account.name == "宁波港联物流有限公司" and opp.contact is not None and opp.lead_id == lead.pk
    assert opp.amount == Decimal("380000") and opp.source == "trade_fair" and opp.owner == org.rep

    other = make("lead", org.rep, company="温州瓯江贸易")
    r = api(org.rep).post(
        f"/api/v1/leads/{other.pk}/convert", {"options": {"opportunity": {"name": "年度采购", "amount": "abc"}}}
    )
    assert r.status_code == 422 and "opportunity.amount" in r.json()["errors"]
    r = api(org.rep).post(f"/api/v1/leads/{other.pk}/convert", {"options": {"opportunity": {"name": "年度采购"}}})
    assert r.status_code == 201 and Opportunity.objects.filter(pk=r.json()["created"]["opportunity"]).exists()

    # An account of exactly the lead's company name is proposed on the page instead of a new twin;
    # a converted lead's page says it is converted.
    twin = make("lead", org.rep, company="宁波港联物流有限公司")
    page = web.get(f"/app/lead/{twin.pk}/convert/").content.decode()
    existing = Opportunity.objects.get(lead=lead).account_id
    assert f'value="{existing}" checked' in page and 'value="" checked' not in page
    r = web.get(f"/app/lead/{lead.pk}/convert/", follow=True)
    assert "This lead has already been converted." in r.content.decode() and "Also create" not in r.content.decode()

    # The same conversion as a record action, whose body is the conversion page's form.
    third = make("lead", org.rep, company="台州椒江机电")
    theirs = make("account", org.other_rep, name="深圳南山电子有限公司")
    action = f"/api/v1/leads/{third.pk}/actions/convert"
    r = api(org.rep).post(action, {"opportunity__name": "电机采购", "opportunity__amount": "-1"})
    assert r.status_code == 422 and "opportunity__amount" in r.json()["errors"]
    r = api(org.rep).post(action, {"account": str(theirs.pk)})
    assert r.status_code == 422 and "account" in r.json()["errors"]  # not an account they may edit
    assert Lead.objects.get(pk=third.pk).status != "converted"
    r = api(org.rep).post(action, {"account_name": "台州椒江机电有限公司", "opportunity__name": "电机采购"})
    assert r.status_code == 201 and r.json()["name"] == "台州椒江机电有限公司"
    assert Opportunity.objects.get(lead=third).account_id == uuid.UUID(r.json()["id"])
    assert "status" in api(org.rep).post(action, {}).json()["errors"]  # converted already


def test_ownership_conflicts_are_found_kept_for_the_managers_and_settled(
    org: Any, browser_client: Any, api: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from guanxi.access.models import AuditEntry
    from guanxi.core.models import Notification
    from guanxi.customers.services import save_contact_point
    from guanxi.pipeline.conflicts import company_key
    from guanxi.pipeline.models import OwnershipConflict

    assert company_key("上海明德贸易有限公司") == company_key("上海 明德贸易") == "上海明德贸易"
    assert company_key("Acme Trading Co., Ltd.") == company_key("ACME trading") == "acmetrading"
    Department = type(org.sales)
    Department.objects.filter(pk=org.south.pk).update(manager=org.admin)
    Department.objects.filter(pk=org.sales.pk).update(manager=org.manager)
    with django_capture_on_commit_callbacks(execute=True):
        theirs = make("account", org.other_rep, name="上海明德贸易有限公司")
        save_contact_point(theirs, {"kind": "phone", "value": "021 6288 1234"}, actor=SYSTEM)
    with django_capture_on_commit_callbacks(execute=True):
        mine = make("account", org.rep, name="上海明德贸易")  # the same company, written without its legal form
    conflict = OwnershipConflict.objects.get(object_type="account", object_id=mine.pk)
    assert conflict.customer == theirs and conflict.reason == "same_name" and conflict.customer_owner == org.other_rep
    assert Notification.objects.filter(recipient=org.manager, url="/app/sales/conflicts/").exists()

    with django_capture_on_commit_callbacks(execute=True):
        deal(org.rep, name="明德仓储项目", account=theirs)
    assert OwnershipConflict.objects.filter(object_type="opportunity", reason="others_customer").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        make("account", org.other_rep, name="上海明德贸易有限公司 浦东分公司")
    assert OwnershipConflict.objects.count() == 2  # a different name of the same owner: no conflict
    with django_capture_on_commit_callbacks(execute=True):
        by_phone = make("account", org.rep2, name="明德国际物流")
        save_contact_point(by_phone, {"kind": "phone", "value": "+86 21 6288 1234"}, actor=SYSTEM)
        registry.get("account").service.update(by_phone, {"name": "明德国际物流（上海）"}, actor=SYSTEM)
    assert OwnershipConflict.objects.get(object_id=by_phone.pk).reason == "same_phone"

    page = browser_client(org.rep).get(f"/app/account/{mine.pk}/").content.decode()
    assert "Ownership conflict" in page and "上海明德贸易有限公司" in page
    manager = browser_client(org.manager)
    listing = manager.get("/app/sales/conflicts/").content.decode()
    assert "上海明德贸易" in listing and 'name="resolution"' in listing
    theirs_view = browser_client(org.rep2).get("/app/sales/conflicts/").content.decode()
    assert "明德国际物流" in theirs_view and 'name="resolution"' not in theirs_view  # sees their own, cannot settle
    settle = f"/app/{conflict.object_type}/{conflict.object_id}/settle_conflict/"
    assert f'action="{settle}"' in listing  # the list's form runs the record's action
    body = {"conflict": conflict.pk, "resolution": "我的"}
    rep_api = api(org.rep).post(f"/api/v1/accounts/{conflict.object_id}/actions/settle_conflict", body)
    assert rep_api.status_code in (403, 404)  # not the owners' manager
    r = manager.post(settle, {"conflict": conflict.pk, "resolution": " ", "next": "/app/sales/conflicts/"})
    conflict.refresh_from_db()
    assert r["Location"] == "/app/sales/conflicts/" and conflict.resolved_at is None  # say how, or nothing
    r = manager.post(settle, {"conflict": conflict.pk, "resolution": "归李娜跟进", "next": "/app/sales/conflicts/"})
    assert r.status_code == 302 and r["Location"] == "/app/sales/conflicts/"
    conflict.refresh_from_db()
    assert conflict.resolved_by == org.manager and conflict.resolution == "归李娜跟进"
    assert AuditEntry.objects.filter(area="ownership_conflict", action="settled", actor=org.manager).exists()
    assert "Ownership conflict" not in browser_client(org.rep).get(f"/app/account/{mine.pk}/").content.decode()


def test_competitors_with_strengths_and_weaknesses(org: Any, browser_client: Any) -> None:
    opp = deal(org.rep)
    rival = make("account", org.rep, name="某竞争对手科技有限公司", account_type="competitor")
    customer = make("account", org.rep, name="不是竞争对手的客户")
    web = browser_client(org.rep)
    web.post(f"/app/opportunity/{opp.pk}/add_competitor/", {"competitor": str(customer.pk)})
    web.post(
        f"/app/opportunity/{opp.pk}/add_competitor/",
        {"competitor": str(rival.pk), "strengths": "价格低", "weaknesses": "实施能力弱"},
    )
    page = web.get(f"/app/opportunity/{opp.pk}/").content.decode()
    assert "某竞争对手科技有限公司" in page and "实施能力弱" in page and "不是竞争对手的客户" not in page
    web.post(f"/app/opportunity/{opp.pk}/remove_competitor/", {"competitor": str(rival.pk)})
    assert "某竞争对手科技有限公司" not in web.get(f"/app/opportunity/{opp.pk}/").content.decode()
    theirs = deal(org.other_rep)
    r = web.post(f"/app/opportunity/{theirs.pk}/add_competitor/", {"competitor": str(rival.pk)})
    assert r.status_code == 404


def test_people_in_the_deal_with_their_roles(org: Any, browser_client: Any) -> None:
    opp = deal(org.rep)
    buyer = make("contact", org.rep, name="周采购")
    hidden = make("contact", org.other_rep, name="别人的联系人")
    web = browser_client(org.rep)
    web.post(f"/app/opportunity/{opp.pk}/add_contact/", {"contact": str(buyer.pk), "role": "decision_maker"})
    web.post(f"/app/opportunity/{opp.pk}/add_contact/", {"contact": str(hidden.pk), "role": "user"})
    web.post(f"/app/opportunity/{opp.pk}/add_contact/", {"contact": str(buyer.pk), "role": "no-such-role"})
    page = web.get(f"/app/opportunity/{opp.pk}/").content.decode()
    assert "周采购" in page and "Decision maker" in page and "别人的联系人" not in page
    web.post(f"/app/opportunity/{opp.pk}/remove_contact/", {"contact": str(buyer.pk)})
    assert "周采购" not in web.get(f"/app/opportunity/{opp.pk}/").content.decode()


def test_the_board_through_the_api(org: Any, api: Any) -> None:
    """The pages' board as JSON: each stage's first cards, count and total in the company currency,
    only the deals the user may see."""
    mine = deal(org.rep, amount=Decimal("100000"))
    deal(org.other_rep, amount=Decimal("50000"))
    body = api(org.rep).get("/api/v1/opportunities/board").json()
    first = body["columns"][0]
    assert body["total_field"] == "amount_company" and first["count"] == 1
    assert Decimal(first["total"]) == Decimal("100000") and first["cards"][0]["id"] == str(mine.pk)
    assert [c["folded"] for c in body["columns"]][-2:] == [True, True]
    everyone = api(org.admin).get("/api/v1/opportunities/board").json()["columns"][0]
    assert everyone["count"] == 2 and Decimal(everyone["total"]) == Decimal("150000")


def test_the_quarter_forecast_adds_won_and_weighted_open_deals(org: Any, api: Any) -> None:
    from guanxi.core.dates import parse_quarter, quarter_bounds
    from guanxi.pipeline.services import forecast

    assert quarter_bounds(D(2026, 11, 25)) == (D(2026, 10, 1), D(2026, 12, 31))
    assert quarter_bounds(D(2026, 2, 1)) == (D(2026, 1, 1), D(2026, 3, 31))
    assert parse_quarter("2027-q2") == (D(2027, 4, 1), D(2027, 6, 30))
    with pytest.raises(ValidationError):
        parse_quarter("2027Q5")
    deal(org.rep, amount=Decimal("100000"), expected_close=D(2026, 11, 30))  # 10%: 10,000 weighted
    deal(org.rep, amount=Decimal("200000"), expected_close=D(2026, 12, 15), stage=stage("committed"))  # 90%
    deal(org.rep, amount=Decimal("999999"), expected_close=D(2027, 1, 15))  # next quarter
    won = deal(org.rep2, amount=Decimal("50000"), expected_close=D(2026, 10, 20))
    move(won, org.rep2, stage=stage("won"))
    Opportunity.objects.filter(pk=won.pk).update(closed_on=D(2026, 10, 20))
    deal(org.other_rep, amount=Decimal("70000"), expected_close=D(2026, 12, 1))

    result = forecast(Opportunity.objects.filter(owner__in=[org.rep, org.rep2]), D(2026, 10, 1), D(2026, 12, 31))
    assert result["open"] == {"count": 2, "amount": Decimal("300000.00"), "weighted": Decimal("190000.00")}
    assert result["won"] == {"count": 1, "amount": Decimal("50000.00")}
    assert result["forecast"] == Decimal("240000.00")
    owners = {r["owner"]: r for r in result["by_owner"]}
    assert owners[org.rep.pk]["forecast"] == Decimal("190000.00") and owners[org.rep2.pk]["won"] == Decimal("50000.00")

    body = api(org.rep).get("/api/v1/sales/forecast", {"quarter": "2026Q4"}).json()
    assert body["open"]["count"] == 2 and body["forecast"] == "190000.00"  # only what the rep sees
    assert api(org.rep).get("/api/v1/sales/forecast", {"quarter": "soon"}).status_code == 422


def test_running_totals_follow_every_write_and_answer_the_board_and_forecast(org: Any, api: Any) -> None:
    """Creating, moving, re-pricing, reassigning, deleting and restoring deals keeps the running
    totals equal to a fresh count; the administrator's board and forecast read them and agree with
    the live figures."""
    from guanxi.core.dates import quarter_bounds
    from guanxi.pipeline import rollups
    from guanxi.pipeline.models import OpportunityRollup
    from guanxi.pipeline.services import forecast

    def snapshot() -> set[tuple[Any, ...]]:
        return {(r.key, r.n, r.amount, r.weighted) for r in OpportunityRollup.objects.exclude(n=0)}

    today = timezone.localdate()
    a = deal(org.rep, amount=Decimal("100000"), expected_close=today)
    b = deal(org.rep2, amount=Decimal("40000"), expected_close=today + datetime.timedelta(days=40))
    c = deal(org.other_rep, amount=Decimal("70000"), expected_close=today)
    move(a, org.rep, stage=stage("tender"))
    move(b, org.rep2, amount=Decimal("45000"))
    move(c, org.other_rep, stage=stage("won"))
    move(a, org.admin, owner=org.rep2)
    registry.get("opportunity").service.delete(b, actor=Actor(org.rep2, Source.UI))
    kept = snapshot()
    rollups.rebuild()
    assert snapshot() == kept
    registry.get("opportunity").service.restore(b, actor=Actor(org.rep2, Source.UI))
    kept = snapshot()
    rollups.rebuild()
    assert snapshot() == kept

    board = api(org.admin).get("/api/v1/opportunities/board").json()["columns"]
    live = {s: sum(1 for o in Opportunity.objects.filter(stage_id=s)) for s in [col["value"] for col in board]}
    assert {col["value"]: col["count"] for col in board} == live
    start, end = quarter_bounds(today)
    body = api(org.admin).get("/api/v1/sales/forecast").json()
    expected = forecast(Opportunity.objects.all(), start, end)
    assert Decimal(body["forecast"]) == expected["forecast"] and body["open"]["count"] == expected["open"]["count"]
    assert Decimal(body["won"]["amount"]) == expected["won"]["amount"] == Decimal("70000.00")


def test_running_totals_answer_for_owners_and_departments_but_not_past_a_share(org: Any, api: Any) -> None:
    """A representative's and a manager's board and forecast come from the running totals of what
    they see; once a deal is shared with the representative, their figures are counted live and
    include it."""
    from guanxi.access.services import share_record
    from guanxi.pipeline import rollups

    today = timezone.localdate()
    deal(org.rep, amount=Decimal("100000"), expected_close=today)
    deal(org.rep2, amount=Decimal("40000"), expected_close=today)
    theirs = deal(org.other_rep, amount=Decimal("70000"), expected_close=today)
    assert rollups.visible(org.rep) is not None and rollups.visible(org.manager) is not None

    def first_column(user: Any) -> tuple[int, Decimal]:
        column = api(user).get("/api/v1/opportunities/board").json()["columns"][0]
        return column["count"], Decimal(column["total"])

    assert first_column(org.rep) == (1, Decimal("100000"))
    assert first_column(org.manager) == (2, Decimal("140000"))  # 销售部 and 华东销售组 below it
    assert api(org.manager).get("/api/v1/sales/forecast").json()["open"]["count"] == 2
    share_record(object_type="opportunity", object_id=theirs.pk, user=org.rep, actor=SYSTEM)
    assert rollups.visible(org.rep) is None
    assert first_column(org.rep) == (2, Decimal("170000"))
    assert api(org.rep).get("/api/v1/sales/forecast").json()["open"]["count"] == 2


def test_funnel_conversion_and_velocity_come_from_the_stage_history(org: Any, api: Any, browser_client: Any) -> None:
    from guanxi.core.money import cents
    from guanxi.pipeline.services import conversion, default_pipeline

    def aged(opp: Opportunity, days: int) -> Opportunity:  # as if it entered its stage `days` ago
        Opportunity.all_objects.filter(pk=opp.pk).update(
            stage_changed_at=timezone.now() - datetime.timedelta(days=days)
        )
        return Opportunity.objects.get(pk=opp.pk)

    close = {"expected_close": timezone.localdate() + datetime.timedelta(days=30)}
    a = deal(org.rep, amount=Decimal("100000"), **close)  # attention 10 d → intent 20 d → tender 30 d → won
    a = move(aged(a, 10), org.rep, stage=stage("intent").pk)
    a = move(aged(a, 20), org.rep, stage=stage("tender").pk)
    move(aged(a, 30), org.rep, stage=stage("won").pk)
    b = deal(org.rep, name="无锡新区数据中心项目")  # attention 4 d → intent 6 d → lost
    b = move(aged(b, 4), org.rep, stage=stage("intent").pk)
    move(aged(b, 6), org.rep, stage=stage("lost").pk, lost_reason="price")
    deal(org.rep, name="常州武进园区项目")  # still at its first stage
    d = deal(org.rep, amount=Decimal("300000"), stage=stage("committed"), **close)  # straight in, won 2 d later
    move(aged(d, 2), org.rep, stage=stage("won").pk)
    old = deal(org.rep, name="南通港口项目", amount=Decimal("999999"), stage=stage("committed"), **close)
    move(old, org.rep, stage=stage("won").pk)
    Opportunity.all_objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=800))
    deal(org.other_rep, name="杭州滨江项目", amount=Decimal("50000"))  # not the rep's to see

    since = timezone.localdate() - datetime.timedelta(days=365)
    from guanxi.access.scoping import scope

    result = conversion(scope(org.rep, "opportunity"), default_pipeline(), since)
    rows = {r["name"]: r for r in result["stages"]}
    assert [r["stage"] for r in result["stages"]] == [
        stage(k).pk for k in ("attention", "intent", "tender", "committed", "won")
    ]  # lost is not on the way
    table = [(r["reached"], r["went_on"], r["rate"], r["days"]) for r in result["stages"]]
    assert table == [
        (4, 3, Decimal("75.0"), Decimal("7.0")),  # the first stage: left after 10 and 4 days
        (3, 2, Decimal("66.7"), Decimal("13.0")),  # left for tender after 20 days, for lost after 6
        (2, 2, Decimal("100.0"), Decimal("30.0")),  # d came in past it: it counts as reached
        (2, 2, Decimal("100.0"), Decimal("2.0")),
        (2, None, None, None),
    ], rows
    assert (result["won"], result["lost"], result["win_rate"], result["open"]) == (2, 1, Decimal("66.7"), 1)
    assert result["average_won"] == Decimal("200000.00") and result["cycle_days"] == Decimal("31.0")
    assert result["velocity"] == cents(Decimal("66.7") / 100 * Decimal("200000") / Decimal("31.0"))

    body = api(org.rep).get("/api/v1/sales/conversion", {"months": 12}).json()
    assert body["won"] == 2 and body["win_rate"] == "66.7" and body["stages"][0]["reached"] == 4
    everyone = api(org.admin).get("/api/v1/sales/conversion", {"months": 36}).json()
    assert everyone["won"] == 3 and everyone["stages"][0]["reached"] == 6  # the old deal and other_rep's too
    assert api(org.rep).get("/api/v1/sales/conversion", {"months": 0}).status_code == 422
    assert api(org.rep).get("/api/v1/sales/conversion", {"pipeline": 999999}).status_code == 404

    page = browser_client(org.rep).get("/app/sales/?view=mine").content.decode()
    assert 'data-kpi="win-rate">66.7%' in page and "31.0" in page


def test_an_amount_too_large_for_its_field_is_the_fields_error(org: Any, api: Any) -> None:
    account = make("account", org.rep, name="厦门海沧港务有限公司")
    r = api(org.rep).post(
        "/api/v1/opportunities/", {"name": "港区扩建", "account": str(account.pk), "amount": -1.7976931348623157e308}
    )
    assert r.status_code == 422 and list(r.json()["errors"]) == ["amount"], r.content  # schemathesis found a 500
    assert not Opportunity.objects.filter(account=account).exists()
