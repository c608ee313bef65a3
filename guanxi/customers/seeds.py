"""Reference data the customer hub starts with: picklists (editable afterwards) and the region tree."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_noop

from guanxi.studio.services import ensure_picklist

from .choices import RegionKind
from .models import Region
from .regions_data import iter_regions

PICKLISTS: dict[str, tuple[str, list[tuple[str, str, str, str]]]] = {
    "account_level": (
        gettext_noop("Customer level"),  # stored as is; pages translate it
        [
            ("vip", "VIP", "VIP", "VIP"),
            ("a", "A — key account", "A 类（重点客户）", "A 類（重點客戶）"),
            ("b", "B — growth", "B 类（成长客户）", "B 類（成長客戶）"),
            ("c", "C — standard", "C 类（普通客户）", "C 類（普通客戶）"),
        ],
    ),
    "industry": (
        gettext_noop("Industry"),  # stored as is; pages translate it
        [
            ("banking", "Banking", "银行", "銀行"),
            ("insurance", "Insurance", "保险", "保險"),
            ("securities", "Securities", "证券", "證券"),
            ("telecom", "Telecommunications", "电信", "電信"),
            ("pharma", "Pharmaceuticals", "医药", "醫藥"),
            ("utilities", "Utilities", "公用事业", "公用事業"),
            ("manufacturing", "Manufacturing", "制造业", "製造業"),
            ("distribution", "Distribution", "分销", "分銷"),
            ("exhibitions", "Trade fairs", "会展", "會展"),
            ("it", "Information technology", "信息技术", "資訊科技"),
            ("retail", "Retail", "零售", "零售"),
            ("education", "Education", "教育", "教育"),
            ("government", "Government", "政府机构", "政府機構"),
        ],
    ),
    "lead_source": (
        gettext_noop("Source"),  # stored as is; pages translate it
        [
            ("web", "Website", "官网", "官網"),
            ("referral", "Referral", "客户推荐", "客戶推薦"),
            ("trade_fair", "Trade fair", "展会", "展會"),
            ("cold_call", "Cold call", "电话开发", "電話開發"),
            ("campaign", "Campaign", "市场活动", "市場活動"),
            ("partner", "Partner", "合作伙伴", "合作夥伴"),
            ("wechat", "WeChat", "微信", "微信"),
        ],
    ),
    "credit_rating": (
        gettext_noop("Credit rating"),  # stored as is; pages translate it
        [
            ("aaa", "AAA", "AAA", "AAA"),
            ("aa", "AA", "AA", "AA"),
            ("a", "A", "A", "A"),
            ("bbb", "BBB", "BBB", "BBB"),
            ("bb", "BB or lower", "BB 及以下", "BB 及以下"),
        ],
    ),
}


def ensure_picklists() -> None:
    for key, (name, options) in PICKLISTS.items():
        ensure_picklist(key, name, options)


@transaction.atomic
def load_regions() -> int:
    """Load countries, China's provinces and prefecture-level cities once (parents before children, one
    bulk insert per level); returns the number of rows added. Administrators' own regions are kept."""

    by_code = {r.code: r for r in Region.objects.all()}
    pending: dict[str, list] = {}
    for row in iter_regions():
        if row.code not in by_code:
            pending.setdefault(row.kind, []).append(row)
    added = 0
    for kind in (RegionKind.COUNTRY, RegionKind.PROVINCE, RegionKind.CITY):
        rows = pending.get(kind, [])
        created = Region.objects.bulk_create(
            Region(
                code=row.code,
                parent=by_code.get(row.parent_code) if row.parent_code else None,
                kind=row.kind,
                name_en=row.name_en,
                name_zh_hans=row.name_zh_hans,
                name_zh_hant=row.name_zh_hant,
                sort=row.sort,
            )
            for row in rows
        )
        if created and created[0].pk is None:  # backends that do not return ids
            created = list(Region.objects.filter(code__in=[r.code for r in rows]))
        by_code.update({r.code: r for r in created})
        added += len(created)
    Region.forget_cached()
    return added


def on_migrate(sender: Any, plan: Any = None, **kwargs: Any) -> None:
    """After `migrate` (not after a test's flush, which passes no plan): create what is missing of
    the seed data, never overwriting what an administrator changed."""
    if plan is None:
        return
    ensure_picklists()
    load_regions()
