"""Every page action (a POST on a record's page) needs the operation its service needs, for every
role: who lacks it is refused and nothing is written; who holds it gets the change. The rights
come from one table below, checked against the access layer per role, and a test makes sure that
every record route of every app is in it, so a new action cannot be left out.

(A read-only service agent once recorded payments on another representative's invoice through the
invoice page, which asked only for "view", while the API refused the same with 403.)"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from guanxi.access.choices import Operation
from guanxi.access.scoping import can, can_create, scope
from guanxi.billing.services import create_with_lines
from guanxi.core import registry
from guanxi.core.actor import SYSTEM, Actor
from guanxi.core.choices import Source
from guanxi.core.models import Tag, TagLink
from guanxi.core.testing import api_name, make
from guanxi.customers.models import ContactPoint
from guanxi.customers.services import save_contact_point
from guanxi.pipeline.conflicts import ON_CUSTOMER
from guanxi.pipeline.models import Stage
from guanxi.records.services import tag_records

pytestmark = pytest.mark.django_db

Right = tuple[str, Any]  # (operation, record) or ("create", object type key)


@dataclass
class Target:
    url: str
    data: dict[str, Any] = field(default_factory=dict)
    rights: list[Right] = field(default_factory=list)
    # A right the access layer cannot phrase as one operation on one record (a deleted record).
    allowed: Callable[[Any], bool] | None = None
    # A bulk action goes back to the list and counts what it refused: refusing writes nothing.
    bulk: bool = False


def _stage(obj: Any, other_than: Any) -> Any:
    return Stage.objects.filter(pipeline_id=obj.pipeline_id, outcome="open").exclude(pk=other_than).first()


def _product(org: Any) -> Any:
    return make("product", org.admin, name="企业版软件许可", list_price=Decimal("12800"))


def _document(org: Any, key: str, **data: Any) -> Any:
    product = _product(org)
    account = make("account", org.rep)
    lines = [{"product": product.pk, "quantity": 2}]
    return create_with_lines(key, {"account": account, **data}, lines, actor=Actor(org.rep, Source.UI))


def _url(name: str, *args: Any) -> str:
    return reverse(name, args=args)


# Each action: how to make its record (owned by the representative `rep`) and what the POST sends.
def edit_account(org: Any) -> Target:
    obj = make("account", org.rep, name="苏州工业园区科技发展有限公司")
    data = {"name": "苏州工业园区科技发展股份有限公司", "account_type": obj.account_type, "version": obj.version}
    data.update({"kind": obj.kind, "owner": org.rep.pk, "lifecycle_stage": obj.lifecycle_stage})
    return Target(_url("core:edit", "account", obj.pk), data, [(Operation.EDIT, obj)])


def delete_account(org: Any) -> Target:
    obj = make("lead", org.rep)
    return Target(_url("core:delete", "lead", obj.pk), {}, [(Operation.DELETE, obj)])


def restore_lead(org: Any) -> Target:
    obj = make("lead", org.rep)
    registry.get("lead").service.delete(obj, actor=SYSTEM)

    def allowed(user: Any) -> bool:
        return scope(user, "lead", Operation.DELETE, deleted=True).filter(pk=obj.pk).exists()

    return Target(_url("core:restore", "lead", obj.pk), {}, allowed=allowed)


def move_opportunity(org: Any) -> Target:
    obj = make("opportunity", org.rep)
    stage = _stage(obj, obj.stage_id)
    return Target(_url("core:move", "opportunity", obj.pk), {"value": stage.pk}, [(Operation.EDIT, obj)])


def add_note(org: Any) -> Target:
    obj = make("account", org.rep)
    return Target(_url("core:add_note", "account", obj.pk), {"body": "客户希望下周安排演示"}, [(Operation.VIEW, obj)])


def add_tag(org: Any) -> Target:
    obj = make("account", org.rep)
    return Target(_url("core:add_tag", "account", obj.pk), {"name": "重点客户"}, [(Operation.EDIT, obj)])


def remove_tag(org: Any) -> Target:
    obj = make("account", org.rep)
    tag_records("account", [obj.pk], "重点客户", actor=SYSTEM)
    tag = Tag.objects.get(name="重点客户")
    return Target(_url("core:remove_tag", "account", obj.pk, tag.pk), {}, [(Operation.EDIT, obj)])


def add_attachment(org: Any) -> Target:
    from django.core.files.uploadedfile import SimpleUploadedFile

    obj = make("account", org.rep)
    upload = SimpleUploadedFile("合同扫描件.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    return Target(_url("core:add_attachment", "account", obj.pk), {"file": upload}, [(Operation.EDIT, obj)])


def bulk_delete(org: Any) -> Target:
    obj = make("lead", org.rep)
    data = {"action": "delete", "ids": [obj.pk]}
    return Target(_url("core:bulk", "lead"), data, [(Operation.DELETE, obj)], bulk=True)


def bulk_assign(org: Any) -> Target:
    obj = make("account", org.rep)
    data = {"action": "assign", "ids": [obj.pk], "owner": org.manager.pk}
    return Target(_url("core:bulk", "account"), data, [(Operation.ASSIGN, obj)], bulk=True)


def bulk_tag(org: Any) -> Target:
    obj = make("account", org.rep)
    data = {"action": "tag", "ids": [obj.pk], "tag": "重点客户"}
    return Target(_url("core:bulk", "account"), data, [(Operation.EDIT, obj)], bulk=True)


def add_point(org: Any) -> Target:
    obj = make("account", org.rep)
    data = {"kind": "phone", "value": "021-6888 1234", "consent": "unknown"}
    return Target(_url("customers:add_point", "account", obj.pk), data, [(Operation.EDIT, obj)])


def _with_point(org: Any) -> tuple[Any, ContactPoint]:
    obj = make("account", org.rep)
    point = save_contact_point(obj, {"kind": "email", "value": "buyer@example.cn"}, actor=SYSTEM)
    return obj, point


def delete_point(org: Any) -> Target:
    obj, point = _with_point(org)
    return Target(_url("customers:delete_point", "account", obj.pk, point.pk), {}, [(Operation.EDIT, obj)])


def invalidate_point(org: Any) -> Target:
    obj, point = _with_point(org)
    url = _url("customers:invalidate_point", "account", obj.pk, point.pk)
    return Target(url, {"reason": "邮件被退回"}, [(Operation.EDIT, obj)])


def log_interaction(org: Any) -> Target:
    obj = make("account", org.rep)
    data = {"channel": "phone", "direction": "inbound", "subject": "来电咨询维保续约"}
    return Target(
        _url("customers:log_interaction", "account", obj.pk), data, [(Operation.VIEW, obj), ("create", "interaction")]
    )


def convert_lead(org: Any) -> Target:
    obj = make("lead", org.rep)
    rights = [(Operation.EDIT, obj), ("create", "account"), ("create", "contact")]
    return Target(_url("customers:convert_lead", obj.pk), {"account_name": "宁波港联物流有限公司"}, rights)


def lead_convert(org: Any) -> Target:
    # The generic action address: the conversion page posts to its own route (above), the API to
    # the action's; all three run the same action.
    obj = make("lead", org.rep)
    rights = [(Operation.EDIT, obj), ("create", "account"), ("create", "contact")]
    data = {"account_name": "宁波港联物流有限公司", "opportunity__name": "港联物流 WMS 项目"}
    return Target(_url("core:action", "lead", obj.pk, "convert"), data, rights)


def activity_link(org: Any) -> Target:
    obj = make("activity", org.rep)
    other = make("account", org.rep)
    return Target(_url("core:action", "activity", obj.pk, "link"), {"account": other.pk}, [(Operation.EDIT, obj)])


def opportunity_line(org: Any) -> Target:
    obj = make("opportunity", org.rep)
    data = {"product": _product(org).pk, "quantity": "2", "discount": "0"}
    return Target(_url("core:action", "opportunity", obj.pk, "add_line"), data, [(Operation.EDIT, obj)])


def opportunity_line_remove(org: Any) -> Target:
    from guanxi.pipeline.services import set_lines

    obj = make("opportunity", org.rep)
    set_lines(obj, [{"product": _product(org).pk, "quantity": 1}], actor=SYSTEM)
    return Target(_url("core:action", "opportunity", obj.pk, "remove_line"), {"line": 1}, [(Operation.EDIT, obj)])


def competitor(org: Any) -> Target:
    obj = make("opportunity", org.rep)
    rival = make("account", org.rep, name="竞品科技有限公司", account_type="competitor")
    data = {"competitor": rival.pk, "strengths": "价格低"}
    return Target(_url("core:action", "opportunity", obj.pk, "add_competitor"), data, [(Operation.EDIT, obj)])


def competitor_remove(org: Any) -> Target:
    from guanxi.pipeline.services import save_competitor

    obj = make("opportunity", org.rep)
    rival = make("account", org.rep, name="竞品科技有限公司", account_type="competitor")
    save_competitor(obj, actor=SYSTEM, competitor=rival.pk)
    url = _url("core:action", "opportunity", obj.pk, "remove_competitor")
    return Target(url, {"competitor": rival.pk}, [(Operation.EDIT, obj)])


def contact_role(org: Any) -> Target:
    obj = make("opportunity", org.rep)
    person = make("contact", org.rep, account=obj.account)
    data = {"contact": person.pk, "role": "decision_maker"}
    return Target(_url("core:action", "opportunity", obj.pk, "add_contact"), data, [(Operation.EDIT, obj)])


def contact_role_remove(org: Any) -> Target:
    from guanxi.pipeline.services import save_contact_role

    obj = make("opportunity", org.rep)
    person = make("contact", org.rep, account=obj.account)
    save_contact_role(obj, actor=SYSTEM, contact=person.pk, role="decision_maker")
    url = _url("core:action", "opportunity", obj.pk, "remove_contact")
    return Target(url, {"contact": person.pk}, [(Operation.EDIT, obj)])


def document_item(key: str) -> Callable[[Any], Target]:
    def build(org: Any) -> Target:
        obj = _document(org, key)
        data = {"product": _product(org).pk, "quantity": "1", "discount": "0"}
        return Target(_url("core:action", key, obj.pk, "add_line"), data, [(Operation.EDIT, obj)])

    return build


def document_item_remove(key: str) -> Callable[[Any], Target]:
    def build(org: Any) -> Target:
        obj = _document(org, key)
        return Target(_url("core:action", key, obj.pk, "remove_line"), {"line": 1}, [(Operation.EDIT, obj)])

    return build


def quote_submit(org: Any) -> Target:
    product = _product(org)
    quote = create_with_lines(
        "quote",
        {"account": make("account", org.rep)},
        [{"product": product.pk, "discount": "30"}],
        actor=Actor(org.rep, Source.UI),
    )
    return Target(_url("core:action", "quote", quote.pk, "submit"), {"comment": "战略客户"}, [(Operation.EDIT, quote)])


def quote_status(org: Any) -> Target:
    quote = _document(org, "quote")
    return Target(_url("core:action", "quote", quote.pk, "send"), {}, [(Operation.EDIT, quote)])


def quote_decline(org: Any) -> Target:
    quote = _document(org, "quote")
    registry.get("quote").service.update(quote, {"status": "sent"}, actor=Actor(org.rep, Source.UI))
    return Target(_url("core:action", "quote", quote.pk, "decline"), {}, [(Operation.EDIT, quote)])


def quote_version(org: Any) -> Target:
    quote = _document(org, "quote")
    registry.get("quote").service.update(quote, {"status": "sent"}, actor=Actor(org.rep, Source.UI))
    return Target(_url("core:action", "quote", quote.pk, "version"), {}, [(Operation.EDIT, quote), ("create", "quote")])


def quote_order(org: Any) -> Target:
    quote = _document(org, "quote")
    return Target(_url("core:action", "quote", quote.pk, "order"), {}, [(Operation.EDIT, quote), ("create", "order")])


def order_invoice(org: Any) -> Target:
    order = _document(org, "order")
    return Target(
        _url("core:action", "order", order.pk, "invoice"), {}, [(Operation.VIEW, order), ("create", "invoice")]
    )


def invoice_pay(org: Any) -> Target:
    # The whole balance: the invoice is then paid, and a second payment is refused by its state.
    invoice = make("invoice", org.rep, amount=Decimal("5000"))
    data = {"amount": "5000", "received_on": timezone.localdate().isoformat(), "method": "transfer"}
    return Target(
        _url("core:action", "invoice", invoice.pk, "pay"), data, [(Operation.VIEW, invoice), ("create", "payment")]
    )


def opportunity_won(org: Any) -> Target:
    deal = make("opportunity", org.rep)
    return Target(_url("core:action", "opportunity", deal.pk, "won"), {}, [(Operation.EDIT, deal)])


def opportunity_lost(org: Any) -> Target:
    deal = make("opportunity", org.rep)
    return Target(
        _url("core:action", "opportunity", deal.pk, "lost"), {"lost_reason": "price"}, [(Operation.EDIT, deal)]
    )


def deal_quote(org: Any) -> Target:
    deal = make("opportunity", org.rep)
    rights = [(Operation.EDIT, deal), ("create", "quote")]
    return Target(_url("core:action", "opportunity", deal.pk, "make_quote"), {}, rights)


def contract_renew(org: Any) -> Target:
    # A draft is not renewed (it is still being agreed): a contract in force.
    contract = make("contract", org.rep, status="active", signed_on=timezone.localdate())
    return Target(
        _url("core:action", "contract", contract.pk, "renew"), {}, [(Operation.EDIT, contract), ("create", "contract")]
    )


_DAYS = iter(range(1, 10_000))


def _work_log(org: Any) -> Any:
    return make("work_log", org.rep, day=timezone.localdate() - datetime.timedelta(days=next(_DAYS)))


def work_log_entry(org: Any) -> Target:
    log = _work_log(org)
    data = {"content": "拜访客户，演示新版本"}
    return Target(_url("core:action", "work_log", log.pk, "add_entry"), data, [(Operation.EDIT, log)])


def work_log_entry_remove(org: Any) -> Target:
    from guanxi.activities.worklogs import add_entry

    log = _work_log(org)
    entry = add_entry(log, {"content": "整理报价"}, actor=SYSTEM)
    return Target(_url("core:action", "work_log", log.pk, "remove_entry"), {"entry": entry.pk}, [(Operation.EDIT, log)])


def work_log_submit(org: Any) -> Target:
    from guanxi.activities.worklogs import add_entry

    log = _work_log(org)
    add_entry(log, {"content": "整理报价"}, actor=SYSTEM)
    return Target(_url("core:action", "work_log", log.pk, "submit"), {}, [(Operation.EDIT, log)])


def travel_link(org: Any) -> Target:
    plan = make("travel_plan", org.rep)
    account = make("account", org.rep)
    url = _url("core:action", "travel_plan", plan.pk, "link")
    return Target(url, {"account": account.pk}, [(Operation.EDIT, plan)])


def travel_unlink(org: Any) -> Target:
    from guanxi.expenses.services import link_trip

    plan = make("travel_plan", org.rep)
    link = link_trip(plan, "account", make("account", org.rep).pk, actor=SYSTEM)
    return Target(_url("core:action", "travel_plan", plan.pk, "unlink"), {"link": link.pk}, [(Operation.EDIT, plan)])


def travel_submit(org: Any) -> Target:
    plan = make("travel_plan", org.rep)
    return Target(
        _url("core:action", "travel_plan", plan.pk, "submit"), {"comment": "拜访重点客户"}, [(Operation.EDIT, plan)]
    )


def travel_close(org: Any) -> Target:
    from guanxi.expenses.models import TravelPlan

    plan = make("travel_plan", org.rep)
    TravelPlan.objects.filter(pk=plan.pk).update(status="approved")  # as the manager's approval leaves it
    data = {"report": "拜访宁波港联物流，确认二期 WMS 需求，下周报价"}
    return Target(_url("core:action", "travel_plan", plan.pk, "close"), data, [(Operation.EDIT, plan)])


def expense_line(org: Any) -> Target:
    report = make("expense_report", org.rep)
    data = {"category": "transport", "day": timezone.localdate().isoformat(), "amount": "553.00", "description": "高铁"}
    return Target(_url("core:action", "expense_report", report.pk, "add_line"), data, [(Operation.EDIT, report)])


def expense_line_with_receipt(org: Any) -> Target:
    # The page's "Add expense" form, which uploads the receipt: the same action, with the file.
    from django.core.files.uploadedfile import SimpleUploadedFile

    report = make("expense_report", org.rep)
    data = {"category": "transport", "day": timezone.localdate().isoformat(), "amount": "553.00"}
    data["receipt"] = SimpleUploadedFile("高铁票.pdf", b"%PDF-1.4 ticket", content_type="application/pdf")
    return Target(_url("core:action", "expense_report", report.pk, "add_line"), data, [(Operation.EDIT, report)])


def _report_with_line(org: Any) -> tuple[Any, Any]:
    from guanxi.expenses.services import add_expense

    report = make("expense_report", org.rep)
    line = add_expense(
        report, {"category": "transport", "day": timezone.localdate(), "amount": Decimal("553")}, actor=SYSTEM
    )
    return report, line


def expense_line_remove(org: Any) -> Target:
    report, line = _report_with_line(org)
    url = _url("core:action", "expense_report", report.pk, "remove_line")
    return Target(url, {"line": line.pk}, [(Operation.EDIT, report)])


def expense_submit(org: Any) -> Target:
    report, _line = _report_with_line(org)
    return Target(
        _url("core:action", "expense_report", report.pk, "submit"), {"comment": "12 月出差"}, [(Operation.EDIT, report)]
    )


def settle_conflict(key: str) -> Callable[[Any], Target]:
    """An ownership conflict about a representative's record on another owner's customer: settled
    on the record by the owners' managers (who may see it), whatever else the role may do."""

    def build(org: Any) -> Target:
        from guanxi.pipeline.conflicts import can_settle
        from guanxi.pipeline.models import OwnershipConflict

        obj = _document(org, key) if key in ("quote", "order") else make(key, org.rep)
        customer = make("account", org.other_rep, name="上海明德贸易有限公司")
        conflict = OwnershipConflict.objects.create(
            object_type=key,
            object_id=obj.pk,
            label=registry.get(key).title(obj),
            owner=org.rep,
            customer=customer,
            customer_owner=org.other_rep,
            reason="others_customer" if key != "account" else "same_name",
        )

        def allowed(user: Any) -> bool:
            return can(user, Operation.VIEW, obj) and can_settle(user, conflict)

        data = {"conflict": conflict.pk, "resolution": "归李娜跟进"}
        return Target(_url("core:action", key, obj.pk, "settle_conflict"), data, allowed=allowed)

    return build


def approval_submit(org: Any) -> Target:
    plan = make("travel_plan", org.rep)
    return Target(_url("automation:submit", "travel_plan", plan.pk), {"comment": "出差"}, [(Operation.EDIT, plan)])


ACTIONS: dict[str, Callable[[Any], Target]] = {
    "core:edit": edit_account,
    "core:delete": delete_account,
    "core:restore": restore_lead,
    "core:move": move_opportunity,
    "core:add_note": add_note,
    "core:add_tag": add_tag,
    "core:remove_tag": remove_tag,
    "core:add_attachment": add_attachment,
    "core:bulk delete": bulk_delete,
    "core:bulk assign": bulk_assign,
    "core:bulk tag": bulk_tag,
    "customers:add_point": add_point,
    "customers:delete_point": delete_point,
    "customers:invalidate_point": invalidate_point,
    "customers:log_interaction": log_interaction,
    "customers:convert_lead": convert_lead,
    "core:action lead.convert": lead_convert,
    "core:action activity.link": activity_link,
    "core:action opportunity.add_line": opportunity_line,
    "core:action opportunity.remove_line": opportunity_line_remove,
    "core:action opportunity.add_competitor": competitor,
    "core:action opportunity.remove_competitor": competitor_remove,
    "core:action opportunity.add_contact": contact_role,
    "core:action opportunity.remove_contact": contact_role_remove,
    "core:action quote.add_line": document_item("quote"),
    "core:action order.add_line": document_item("order"),
    "core:action quote.remove_line": document_item_remove("quote"),
    "core:action order.remove_line": document_item_remove("order"),
    "core:action quote.submit": quote_submit,
    "core:action quote.send": quote_status,
    "core:action quote.decline": quote_decline,
    "core:action quote.version": quote_version,
    "core:action quote.order": quote_order,
    "core:action order.invoice": order_invoice,
    "core:action invoice.pay": invoice_pay,
    "core:action opportunity.won": opportunity_won,
    "core:action opportunity.lost": opportunity_lost,
    "core:action opportunity.make_quote": deal_quote,
    "core:action contract.renew": contract_renew,
    "core:action work_log.add_entry": work_log_entry,
    "core:action work_log.remove_entry": work_log_entry_remove,
    "core:action work_log.submit": work_log_submit,
    "core:action travel_plan.link": travel_link,
    "core:action travel_plan.unlink": travel_unlink,
    "core:action travel_plan.submit": travel_submit,
    "core:action travel_plan.close": travel_close,
    "core:action expense_report.add_line": expense_line,
    "core:action expense_report.add_line receipt": expense_line_with_receipt,
    "core:action expense_report.remove_line": expense_line_remove,
    "core:action expense_report.submit": expense_submit,
    "automation:submit": approval_submit,
    **{f"core:action {key}.settle_conflict": settle_conflict(key) for key in ("account", *ON_CUSTOMER)},
}

# Record routes that only read (pages, a PDF), and actions whose right is not an operation on the
# record: deciding an approval (its approvers), the record's page itself.
READ_ONLY = {
    "core:detail",
    "core:history",
    "core:attachment",
    "customers:hierarchy",
    "billing:quote_pdf",
    "automation:request",
    "automation:decide",
}


# The conversion page (likely duplicates beside the form) answers at the action's page address; its
# POST runs the registered action, as the API does (tested above under both names).
PAGE_OF_ACTION = {"core:action lead.convert": "customers:convert_lead"}


def _record_routes() -> set[str]:
    """The names of every route that takes a record (a uuid in its path), across all apps."""
    found: set[str] = set()

    def walk(patterns: list[Any], namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, p.namespace or namespace)
            elif isinstance(p, URLPattern) and p.name and "<uuid:" in str(p.pattern):
                found.add(f"{namespace}:{p.name}")

    walk(get_resolver().url_patterns, "")
    return found


def test_every_record_route_is_in_the_rights_table() -> None:
    listed = {name.split(" ")[0] for name in ACTIONS} | READ_ONLY
    assert _record_routes() - listed == set(), "add these record actions to ACTIONS with the rights they need"


def test_every_registered_action_is_in_the_rights_table_and_reached_by_its_address() -> None:
    """Each ObjectAction of each type is tested above like a hand-written route, and its page
    address reaches the generic action view (no app's fixed route shadows it)."""
    from django.urls import resolve

    registered = {f"core:action {ot.key}.{a.name}" for ot in registry.all_types() for a in ot.actions}
    assert registered and registered - set(ACTIONS) == set(), "add these actions to ACTIONS"
    for entry in registered:
        key, name = entry.split(" ")[1].split(".")
        match = resolve(f"/app/{key}/01890a5d-ac96-774b-bcce-b302099a8057/{name}/")
        if entry in PAGE_OF_ACTION:  # a page that shows the action's form, and runs the action
            assert match.view_name == PAGE_OF_ACTION[entry], entry
            continue
        assert match.view_name == "core:action" and match.kwargs["name"] == name, entry


def _fingerprint() -> tuple[int, ...]:
    """Rows and versions of every table of the product: any write changes it."""
    skip = {"recentitem", "loginevent"}
    parts = []
    for model in apps.get_models():
        if not model.__module__.startswith("guanxi.") or model._meta.proxy or model._meta.model_name in skip:
            continue
        table = connection.ops.quote_name(model._meta.db_table)
        parts.append(f"(SELECT COUNT(*) FROM {table})")
        if any(f.name == "version" for f in model._meta.concrete_fields):
            parts.append(f"(SELECT COALESCE(SUM(version), 0) FROM {table})")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        return tuple(cursor.fetchone())


def _allowed(user: Any, target: Target) -> bool:
    if target.allowed is not None:
        return target.allowed(user)
    for op, what in target.rights:
        if op == "create":
            if not can_create(user, what):
                return False
        elif not can(user, op, what):
            return False
    return True


@pytest.mark.parametrize("action", list(ACTIONS))
def test_a_page_action_needs_the_right_its_service_needs(action: str, managed: Any) -> None:
    org = managed
    outcomes = {}
    for role, user in org.all().items():
        target = ACTIONS[action](org)
        expected = _allowed(user, target)
        client = Client()
        client.force_login(user)
        before = _fingerprint()
        response = client.post(target.url, target.data)
        changed = _fingerprint() != before
        outcomes[role] = (expected, response.status_code, changed)
        where = f"{role} {'may' if expected else 'may not'} {action}: {response.status_code}, changed={changed}"
        if target.bulk:
            assert response.status_code == 302 and changed == expected, where
        elif expected:
            assert response.status_code not in (403, 404) and changed, where
        else:
            assert response.status_code in (403, 404) and not changed, where
    # The table must make some role allowed and some refused, or it proves nothing.
    assert any(e for e, _s, _c in outcomes.values()) and not all(e for e, _s, _c in outcomes.values()), outcomes


def test_tagging_many_records_needs_edit_like_tagging_one(org: Any) -> None:
    """A service agent sees every customer but edits none: they tag none, one by one or in bulk."""
    account = make("account", org.rep)
    client = Client()
    client.force_login(org.agent)
    client.post(_url("core:bulk", "account"), {"action": "tag", "ids": [account.pk], "tag": "黑名单"})
    client.post(_url("core:add_tag", "account", account.pk), {"name": "黑名单"})
    assert not TagLink.objects.filter(object_id=account.pk).exists()


def test_bulk_actions_go_back_only_to_this_site_and_take_bad_ids_calmly(org: Any) -> None:
    account = make("account", org.rep)
    client = Client()
    client.force_login(org.rep)
    r = client.post(
        _url("core:bulk", "account"),
        {"action": "tag", "ids": [account.pk], "tag": "A", "next": "https://evil.example/"},
    )
    assert r.status_code == 302 and r["Location"] == "/app/account/"
    r = client.post(_url("core:bulk", "account"), {"action": "tag", "ids": [account.pk], "next": "/app/account/?q=1"})
    assert r["Location"] == "/app/account/?q=1"
    r = client.post(_url("core:bulk", "account"), {"action": "delete", "ids": ["not-a-uuid", "1"]})
    assert r.status_code == 302
    r = client.post(_url("core:bulk", "account"), {"action": "assign", "ids": [account.pk], "owner": "abc"})
    assert r.status_code == 302
    account.refresh_from_db()
    assert account.owner_id == org.rep.pk


# (One entry per action: a second one of the same action, e.g. with an upload, is the page's only.)
REGISTERED = [name for name in ACTIONS if name.startswith("core:action ") and name.count(" ") == 1]


@pytest.mark.parametrize("entry", REGISTERED)
def test_a_registered_action_is_in_the_api_with_the_same_rights_and_states(entry: str, managed: Any, api: Any) -> None:
    """The action's API endpoint: refused (403/404, nothing written) to whoever the page refuses,
    done for whoever it allows — the record it made answered with 201 —, and once done, refused
    with a 422 naming the state, unless it adds or removes a part of the record (repeatable)."""
    org = managed
    key, name = entry.split(" ")[1].split(".")
    outcomes = []
    for user in org.all().values():
        target = ACTIONS[entry](org)
        pk = target.url.rstrip("/").split("/")[-2]
        expected = _allowed(user, target)
        rest = api(user)
        before = _fingerprint()
        r = rest.post(f"/api/v1/{api_name(key)}/{pk}/actions/{name}", target.data)
        changed = _fingerprint() != before
        where = f"{user.username} {'may' if expected else 'may not'} {entry}: {r.status_code} {r.content[:300]!r}"
        if expected:
            assert r.status_code in (200, 201) and changed, where
            made = registry.get(key).action(name).creates
            assert (r.status_code == 201) == bool(made and r.json()["id"] != pk), where
            again = rest.post(f"/api/v1/{api_name(key)}/{pk}/actions/{name}", target.data)
            if registry.get(key).action(name).repeatable:  # a second line, or "no such line" for the removed one
                assert again.status_code in (200, 201, 422), f"{entry} twice: {again.content!r}"
            else:
                refused = again.status_code == 422 and "status" in again.json()["errors"]
                assert refused, f"{entry} twice: {again.content!r}"
        else:
            assert r.status_code in (403, 404) and not changed, where
        outcomes.append(expected)
    assert any(outcomes) and not all(outcomes), outcomes


def test_the_api_documents_every_action_with_its_input() -> None:
    from guanxi.api.generic import api as ninja_api

    schema = ninja_api.get_openapi_schema()
    for entry in REGISTERED:
        key, name = entry.split(" ")[1].split(".")
        operation = schema["paths"][f"/api/v1/{api_name(key)}/{{record_id}}/actions/{name}"]["post"]
        assert operation["operationId"] == f"{name}_{key}" and operation["description"].startswith("Needs")
        action = registry.get(key).action(name)
        assert action is not None
        if action.inputs:
            body = operation["requestBody"]["content"]["application/json"]["schema"]
            assert "$ref" in body or "properties" in body
