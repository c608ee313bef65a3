"""Reference data billing starts with: payment methods and contract types (picklists), and the
quote and order discount approvals (报价折扣审批, 订单折扣审批), each a one-step process decided by
the representative's manager. All of it is editable afterwards. Seeded on migrate by billing's
own handler (apps.py)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_noop

from guanxi.automation import approvals
from guanxi.automation.choices import ApproverKind, ProcessKind
from guanxi.automation.models import ApprovalProcess, ApprovalStep
from guanxi.studio.services import ensure_picklist

from .choices import OrderStatus, QuoteStatus

PICKLISTS: dict[str, tuple[str, list[tuple[str, str, str, str]]]] = {
    "payment_method": (
        gettext_noop("Payment method"),  # stored as is; pages translate it
        [
            ("transfer", "Bank transfer", "银行转账", "銀行轉帳"),
            ("acceptance", "Bank acceptance bill", "银行承兑汇票", "銀行承兌匯票"),
            ("cheque", "Cheque", "支票", "支票"),
            ("online", "Online payment", "在线支付", "線上支付"),
            ("cash", "Cash", "现金", "現金"),
        ],
    ),
    "contract_type": (
        gettext_noop("Contract type"),  # stored as is; pages translate it
        [
            ("sales", "Sales contract", "销售合同", "銷售合同"),
            ("framework", "Framework agreement", "框架协议", "框架協議"),
            ("service", "Service contract", "服务合同", "服務合同"),
            ("maintenance", "Maintenance contract", "维保合同", "維保合同"),
            ("licence", "Licence agreement", "许可协议", "授權協議"),
        ],
    ),
}

# Quotes and orders selling more than this (%) below the customer's price go to the
# representative's manager for approval; administrators change the threshold in each process's
# entry condition.
QUOTE_DISCOUNT_THRESHOLD = "15"


def ensure_picklists() -> None:
    for key, (name, options) in PICKLISTS.items():
        ensure_picklist(key, name, options)


@transaction.atomic
def _ensure_manager_approval(object_type: str, names: tuple[str, str, str], **process: Any) -> None:
    """A one-step submission process decided by the submitter's manager, unless the type has one."""

    if ApprovalProcess.objects.filter(object_type=object_type).exists():
        return
    made = ApprovalProcess.objects.create(
        name=names[0],
        name_zh_hans=names[1],
        name_zh_hant=names[2],
        object_type=object_type,
        kind=ProcessKind.SUBMISSION,
        **process,
    )
    ApprovalStep.objects.create(process=made, order=1, approver_kind=ApproverKind.MANAGER)
    approvals.forget_processes()


def ensure_quote_approval() -> None:
    """The quote discount approval (报价折扣审批): above the threshold, the manager decides."""

    _ensure_manager_approval(
        "quote",
        ("Quote discount", "报价折扣审批", "報價折扣審批"),
        conditions=[{"field": "max_discount", "op": "gt", "value": QUOTE_DISCOUNT_THRESHOLD}],
        on_submit={"status": QuoteStatus.REVIEW},
        on_approve={"status": QuoteStatus.APPROVED},
        on_reject={"status": QuoteStatus.DRAFT},
    )


def ensure_order_approval() -> None:
    """The order discount approval (订单折扣审批): an order entered at a discount above the threshold,
    beyond what its quote's approval covered, waits as a draft for the manager, who confirms it."""

    _ensure_manager_approval(
        "order",
        ("Order discount", "订单折扣审批", "訂單折扣審批"),
        conditions=[
            {"field": "discount_to_approve", "op": "gt", "value": QUOTE_DISCOUNT_THRESHOLD},
            {"field": "status", "op": "eq", "value": OrderStatus.DRAFT},
        ],
        on_approve={"status": OrderStatus.CONFIRMED},
    )


@transaction.atomic
def ensure_billing_reference() -> None:
    """Create what is missing; never overwrite what an administrator changed (a type that has an
    approval process, even a changed or deactivated one, gets no second)."""
    ensure_picklists()
    ensure_quote_approval()
    ensure_order_approval()


def on_migrate(sender: Any, plan: Any = None, **kwargs: Any) -> None:
    """After `migrate` (not after a test's flush, which passes no plan): create what is missing of
    the seed data, never overwriting what an administrator changed."""
    if plan is None:
        return
    ensure_billing_reference()
