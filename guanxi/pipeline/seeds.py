"""Reference data the pipeline starts with: the people's roles in a deal and the lost reasons
(picklists), and the default pipeline — the four-step funnel (发现市场机会并加入关注 →
用户重视并有立项意愿 → 客户已立项，需竞标或方案评审 → 基本落实), then won or lost. All of it is
editable afterwards. Seeded on migrate by the pipeline's own handler (apps.py)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_noop

from guanxi.studio.services import ensure_picklist

from .choices import Outcome
from .models import Pipeline, Stage

PICKLISTS: dict[str, tuple[str, list[tuple[str, str, str, str]]]] = {
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
}

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


def ensure_picklists() -> None:
    for key, (name, options) in PICKLISTS.items():
        ensure_picklist(key, name, options)


@transaction.atomic
def ensure_default_pipeline() -> Pipeline:
    """The default pipeline, with the funnel's stages when it is new; an existing one (its stages
    included) is returned as it is."""
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
    return pipeline


@transaction.atomic
def ensure_pipeline_reference() -> Pipeline:
    """Create what is missing; never overwrite what an administrator changed. Returns the default
    pipeline."""
    ensure_picklists()
    return ensure_default_pipeline()


def on_migrate(sender: Any, plan: Any = None, **kwargs: Any) -> None:
    """After `migrate` (not after a test's flush, which passes no plan): create what is missing of
    the seed data, never overwriting what an administrator changed."""
    if plan is None:
        return
    ensure_pipeline_reference()
