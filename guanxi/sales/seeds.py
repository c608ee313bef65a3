"""Reference data sales starts with: currencies, picklists and the default pipeline — the seeds'
four-step funnel (发现市场机会并加入关注 → 用户重视并有立项意愿 → 客户已立项，需竞标或方案评审 →
基本落实), then won or lost. All of it is editable afterwards."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_noop

from guanxi.access.models import Role
from guanxi.automation import approvals
from guanxi.automation.choices import ApproverKind, ProcessKind
from guanxi.automation.models import ApprovalProcess, ApprovalStep
from guanxi.billing.choices import OrderStatus, QuoteStatus
from guanxi.catalogue.models import Currency
from guanxi.expenses.choices import ExpenseStatus, TravelStatus
from guanxi.pipeline.choices import Outcome
from guanxi.pipeline.models import Pipeline, Stage
from guanxi.studio.services import ensure_picklist

CURRENCIES = [
    ("CNY", "Chinese yuan", "人民币", "人民幣", "¥"),
    ("HKD", "Hong Kong dollar", "港币", "港幣", "HK$"),
    ("TWD", "New Taiwan dollar", "新台币", "新臺幣", "NT$"),
    ("USD", "US dollar", "美元", "美元", "$"),
    ("EUR", "Euro", "欧元", "歐元", "€"),
    ("JPY", "Japanese yen", "日元", "日圓", "¥"),
    ("GBP", "Pound sterling", "英镑", "英鎊", "£"),
    ("SGD", "Singapore dollar", "新加坡元", "新加坡元", "S$"),
]

PICKLISTS: dict[str, tuple[str, list[tuple[str, str, str, str]]]] = {
    "product_unit": (
        gettext_noop("Unit"),  # stored as is; pages translate it
        [
            ("piece", "Piece", "个", "個"),
            ("set", "Set", "套", "套"),
            ("box", "Box", "箱", "箱"),
            ("licence", "Licence", "许可", "授權"),
            ("year", "Year", "年", "年"),
            ("hour", "Hour", "小时", "小時"),
            ("sqm", "Square metre", "平方米", "平方公尺"),
        ],
    ),
    "activity_type": (
        gettext_noop("Activity type"),  # stored as is; pages translate it
        [
            ("report", "Report and exchange", "汇报交流", "匯報交流"),
            ("phone", "Phone conversation", "电话沟通", "電話溝通"),
            ("reception", "Business reception", "业务接待", "業務接待"),
            ("submission", "Submitting materials", "上报材料", "上報材料"),
            ("visit", "Customer visit", "客户拜访", "客戶拜訪"),
            ("demo", "Product demonstration", "产品演示", "產品演示"),
            ("negotiation", "Negotiation", "商务谈判", "商務談判"),
            ("training", "Training", "培训", "培訓"),
        ],
    ),
    "deal_role": (
        gettext_noop("Role in the deal"),  # stored as is; pages translate it
        [
            ("decision_maker", "Decision maker", "决策人", "決策人"),
            ("influencer", "Influencer", "影响者", "影響者"),
            ("evaluator", "Technical evaluator", "技术评估人", "技術評估人"),
            ("purchaser", "Purchaser", "采购", "採購"),
            ("user", "User", "使用者", "使用者"),
            ("sponsor", "Sponsor", "支持者", "支持者"),
        ],
    ),
    "lost_reason": (
        gettext_noop("Lost reason"),  # stored as is; pages translate it
        [
            ("price", "Price", "价格", "價格"),
            ("competitor", "Went with a competitor", "选择了竞争对手", "選擇了競爭對手"),
            ("no_budget", "No budget", "没有预算", "沒有預算"),
            ("no_decision", "No decision", "没有决策", "沒有決策"),
            ("product_fit", "Product did not fit", "产品不匹配", "產品不匹配"),
            ("relationship", "Relationship", "客户关系", "客戶關係"),
        ],
    ),
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
    "expense_category": (
        gettext_noop("Expense category"),  # stored as is; pages translate it
        [
            ("transport", "Transport", "交通费", "交通費"),
            ("lodging", "Lodging", "住宿费", "住宿費"),
            ("meals", "Meals", "餐费", "餐費"),
            ("entertainment", "Business entertainment", "业务招待费", "業務招待費"),
            ("communication", "Communication", "通讯费", "通訊費"),
            ("other", "Other", "其他", "其他"),
        ],
    ),
}

# Quotes and orders selling more than this (%) below the customer's price go to the
# representative's manager for approval; administrators change the threshold in each process's
# entry condition.
QUOTE_DISCOUNT_THRESHOLD = "15"

# (key, English, 简体, 繁體, probability, outcome, folded, required fields)
FUNNEL = [
    (
        "attention",
        "Opportunity spotted",
        "发现市场机会并加入关注",
        "發現市場機會並加入關注",
        10,
        Outcome.OPEN,
        False,
        [],
    ),
    (
        "intent",
        "Customer intends a project",
        "用户重视并有立项意愿",
        "用戶重視並有立項意願",
        30,
        Outcome.OPEN,
        False,
        [],
    ),
    (
        "tender",
        "Project approved, tender or review",
        "客户已立项，需竞标或方案评审",
        "客戶已立項，需競標或方案評審",
        60,
        Outcome.OPEN,
        False,
        ["amount", "expected_close"],
    ),
    ("committed", "Essentially secured", "基本落实", "基本落實", 90, Outcome.OPEN, False, ["amount", "expected_close"]),
    ("won", "Won", "赢单", "贏單", 100, Outcome.WON, True, ["amount"]),
    ("lost", "Lost", "输单", "輸單", 0, Outcome.LOST, True, ["lost_reason"]),
]


@transaction.atomic
def ensure_sales_reference() -> Pipeline:
    """Create what is missing; never overwrite what an administrator changed."""
    for code, en, hans, hant, symbol in CURRENCIES:
        Currency.objects.get_or_create(
            code=code, defaults={"name_en": en, "name_zh_hans": hans, "name_zh_hant": hant, "symbol": symbol}
        )
    for key, (name, options) in PICKLISTS.items():
        ensure_picklist(key, name, options)
    pipeline, created = Pipeline.objects.get_or_create(
        key="default",
        defaults={"name_en": "Sales", "name_zh_hans": "销售", "name_zh_hant": "銷售", "is_default": True},
    )
    if created:
        for sort, (key, en, hans, hant, probability, outcome, folded, required) in enumerate(FUNNEL):
            Stage.objects.create(
                pipeline=pipeline,
                key=key,
                name_en=en,
                name_zh_hans=hans,
                name_zh_hant=hant,
                sort=sort,
                probability=probability,
                outcome=outcome,
                folded=folded,
                required_fields=required,
            )
    ensure_quote_approval()
    ensure_order_approval()
    ensure_travel_approvals()
    return pipeline


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


def ensure_travel_approvals() -> None:
    """Trips go to the traveller's manager; expense reports to the manager, then an administrator
    (出差审批, 报销审批). A rejected report goes back to its author with the comment."""

    # Only what can still be submitted: a planned trip; a draft or rejected report with expenses.
    travel_when = [{"field": "status", "op": "eq", "value": TravelStatus.PLANNED}]
    expense_when = [
        {"field": "status", "op": "in", "value": f"{ExpenseStatus.DRAFT},{ExpenseStatus.REJECTED}"},
        {"field": "total", "op": "gt", "value": "0"},
    ]
    for key, names, on_reject, steps, conditions in (
        (
            "travel_plan",
            ("Travel plan", "出差审批", "出差審批"),
            TravelStatus.PLANNED,
            [ApproverKind.MANAGER],
            travel_when,
        ),
        (
            "expense_report",
            ("Expense report", "报销审批", "報銷審批"),
            ExpenseStatus.REJECTED,
            [ApproverKind.MANAGER, ApproverKind.ROLE],
            expense_when,
        ),
    ):
        if ApprovalProcess.objects.filter(object_type=key).exists():
            continue
        process = ApprovalProcess.objects.create(
            name=names[0],
            name_zh_hans=names[1],
            name_zh_hant=names[2],
            object_type=key,
            kind=ProcessKind.SUBMISSION,
            conditions=conditions,
            on_submit={"status": "review"},
            on_approve={"status": "approved"},
            on_reject={"status": on_reject},
        )
        for order, kind in enumerate(steps, start=1):
            role = Role.objects.filter(key="administrator").first() if kind == ApproverKind.ROLE else None
            ApprovalStep.objects.create(process=process, order=order, approver_kind=kind, role=role)
    approvals.forget_processes()


def on_migrate(sender: Any, plan: Any = None, **kwargs: Any) -> None:
    """After `migrate` (not after a test's flush, which passes no plan): create what is missing of
    the seed data, never overwriting what an administrator changed."""
    if plan is None:
        return
    ensure_sales_reference()
