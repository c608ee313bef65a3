"""Generate the customer hub at benchmark scale, fast: rows are built as tuples in chunks and written
with COPY on PostgreSQL (secondary indexes dropped during the load and rebuilt after) or executemany
on SQLite. Per account there are 2 contacts (each linked to it), 3 contact points in all and 5
interactions, as the issue asks: 1M accounts → 2M contacts, 3M points, 5M interactions.

The text columns the services maintain (search_text, primary_phone, primary_email) are written the
way the services write them, so search and phone lookup behave as on real data.
"""

from __future__ import annotations

import datetime
import json
import random
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db import connection, models
from django.utils import timezone

CHUNK = 20_000
CONTACTS_PER_ACCOUNT = 2
INTERACTIONS_PER_ACCOUNT = 5
META_TABLE = "bench_meta"

INDUSTRY_WORDS = [
    "科技", "网络", "信息", "电子", "通信", "机械", "精密", "化工", "医药", "生物", "能源", "电力",
    "物流", "贸易", "食品", "服饰", "建设", "置业", "证券", "保险", "投资", "咨询", "传媒", "教育",
    "环保", "材料", "汽车", "仪器", "纺织", "包装",
]  # fmt: skip
ZH_SUFFIXES = ["有限公司", "股份有限公司", "集团有限公司", "有限责任公司", "科技有限公司"]
EN_WORDS = [
    "Global", "Pacific", "United", "Summit", "Harbor", "Pioneer", "Golden", "Silver", "Bright", "Eastern",
    "Northern", "Apex", "Vertex", "Crown", "Atlas", "Orient", "Lotus", "Dragon", "Phoenix", "Jade",
]  # fmt: skip
EN_KINDS = ["Trading", "Logistics", "Systems", "Pharma", "Energy", "Capital", "Foods", "Textiles", "Labs", "Media"]
EN_SUFFIXES = ["Co., Ltd.", "Ltd.", "Inc.", "Group", "Holdings", "LLC"]
SUBJECTS = [
    "电话回访客户满意度", "上门拜访并演示产品", "发送报价单", "合同条款沟通", "年度续约洽谈", "技术方案交流",
    "Quarterly business review", "Follow-up call", "Sent product brochure", "Demo for procurement team",
]  # fmt: skip
MOBILE_PREFIXES = ["138", "139", "135", "136", "150", "151", "158", "186", "187", "188", "177", "199", "131", "185"]
AREA_CODES = ["10", "21", "20", "755", "571", "25", "28", "27", "23", "512", "532", "411"]
LEVELS = ["vip", "a", "a", "b", "b", "b", "c", "c", "c", "c"]
ACCOUNT_TYPES = ["customer"] * 11 + ["prospect"] * 5 + ["partner", "distributor"]
STAGES = ["lead", "prospect", "prospect", "customer", "customer", "customer", "service_customer", "lost"]
CHANNELS = ["phone", "phone", "phone", "email", "email", "visit", "chat", "sms", "web"]


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# --- what is there ----------------------------------------------------------------------------------


def stored_scale() -> int | None:
    with connection.cursor() as cur:
        try:
            cur.execute(f"SELECT scale FROM {META_TABLE} WHERE complete = 1")
        except Exception:
            return None
        row = cur.fetchone()
    return int(row[0]) if row else None


def _mark(scale: int, complete: bool) -> None:
    with connection.cursor() as cur:
        cur.execute(f"CREATE TABLE IF NOT EXISTS {META_TABLE} (scale integer NOT NULL, complete integer NOT NULL)")
        cur.execute(f"DELETE FROM {META_TABLE}")
        cur.execute(f"INSERT INTO {META_TABLE} (scale, complete) VALUES (%s, %s)", [scale, int(complete)])


# --- writing rows -----------------------------------------------------------------------------------


def _converter(field: models.Field) -> Callable[[Any], Any] | None:
    """How a Python value becomes a parameter for this backend (None: as is)."""
    if isinstance(field, models.JSONField):
        return json.dumps
    if connection.vendor == "postgresql":
        return None
    if isinstance(field, models.UUIDField) or (
        isinstance(field, models.ForeignKey) and isinstance(field.target_field, models.UUIDField)
    ):
        return lambda v: v.hex if v is not None else None
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return lambda v: v.isoformat() if v is not None else None
    return None


class Table:
    """The columns of a model's table, with per-table defaults for what a row does not give."""

    def __init__(self, model: type[models.Model]) -> None:
        self.name = model._meta.db_table
        self.fields = [f for f in model._meta.concrete_fields if not isinstance(f, models.BigAutoField)]
        self.columns = [f.column for f in self.fields]
        now = timezone.now()
        self.defaults: dict[str, Any] = {}
        for f in self.fields:
            default = f.get_default() if f.has_default() else (None if f.null else "")
            if isinstance(default, datetime.datetime):
                default = now
            self.defaults[f.attname] = default
        self.converters = [_converter(f) for f in self.fields]

    def rows(self, dicts: Iterable[dict[str, Any]]) -> Iterator[tuple[Any, ...]]:
        names = [f.attname for f in self.fields]
        defaults = self.defaults
        convs = list(zip(names, self.converters, strict=True))
        for d in dicts:
            yield tuple((conv(d.get(n, defaults[n])) if conv else d.get(n, defaults[n])) for n, conv in convs)

    def write(self, dicts: list[dict[str, Any]]) -> None:
        cols = ", ".join(self.columns)
        with connection.cursor() as cur:
            if connection.vendor == "postgresql":
                raw = cur.cursor  # psycopg's own cursor, for COPY
                with raw.copy(f"COPY {self.name} ({cols}) FROM STDIN") as copy:
                    for row in self.rows(dicts):
                        copy.write_row(row)
            else:
                marks = ", ".join(["?"] * len(self.columns))
                cur.connection.executemany(f"INSERT INTO {self.name} ({cols}) VALUES ({marks})", self.rows(dicts))


def _secondary_indexes(tables: list[str]) -> list[tuple[str, str]]:
    """(name, definition) of the non-unique indexes of these tables (PostgreSQL)."""
    with connection.cursor() as cur:
        cur.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i JOIN pg_class c ON c.relname = i.indexname "
            "JOIN pg_index x ON x.indexrelid = c.oid WHERE i.schemaname = 'public' AND i.tablename = ANY(%s) "
            "AND NOT x.indisunique",
            [tables],
        )
        return list(cur.fetchall())


# --- the data ---------------------------------------------------------------------------------------


class Maker:
    def __init__(self, scale: int, seed: int = 1) -> None:
        from guanxi.access.models import User
        from guanxi.customers.models import Region

        self.scale = scale
        self.rng = random.Random(seed)
        self.now = timezone.now()
        reps = list(User.objects.filter(roles__key__in=["sales_rep", "sales_manager"]).distinct())
        self.owners = [(u.pk, u.department_id) for u in reps] or [(u.pk, u.department_id) for u in User.objects.all()]
        self.cities: list[tuple[int | None, str]] = list(
            Region.objects.filter(kind="city", code__startswith="CN-").values_list("pk", "name_zh_hans")
        ) or [(None, "上海")]
        from faker import Faker

        zh, en = Faker("zh_CN"), Faker("en_US")
        zh.seed_instance(seed)
        en.seed_instance(seed)
        self.zh_words = sorted({zh.company_prefix() for _ in range(3000)})
        self.zh_people = [zh.name() for _ in range(20_000)]
        self.en_people = [en.name() for _ in range(5_000)]
        self.en_last = sorted({en.last_name() for _ in range(3000)})
        self.domains = sorted({en.domain_word() for _ in range(3000)})
        self.seq = 0

    def _when(self) -> datetime.datetime:
        return self.now - datetime.timedelta(seconds=self.rng.randint(0, 3 * 365 * 86400))

    def _mobile(self) -> tuple[str, str, str]:
        """(E.164, as displayed, national digits)"""
        rng = self.rng
        digits = rng.choice(MOBILE_PREFIXES) + f"{rng.randint(0, 99_999_999):08d}"
        return "+86" + digits, f"{digits[:3]} {digits[3:7]} {digits[7:]}", digits

    def _landline(self) -> tuple[str, str, str]:
        rng = self.rng
        area = rng.choice(AREA_CODES)
        local = f"{rng.randint(2, 8)}{rng.randint(0, 9_999_999):07d}"
        digits = area + local
        return "+86" + digits, f"0{area} {local[:4]} {local[4:]}", digits

    def _company(self, city: str) -> tuple[str, str]:
        rng = self.rng
        self.seq += 1
        if rng.random() < 0.8:
            core = rng.choice(self.zh_words) + rng.choice(INDUSTRY_WORDS)
            name = f"{city.removesuffix('市')}{core}{rng.choice(ZH_SUFFIXES)}"
            slug = f"c{self.seq}"
        else:
            last = rng.choice(self.en_last)
            name = f"{last} {rng.choice(EN_WORDS)} {rng.choice(EN_KINDS)} {rng.choice(EN_SUFFIXES)}"
            slug = last.lower()
        return name, slug

    def accounts(self, n: int) -> tuple[list[dict], list[dict], list[dict], list[dict], list[dict]]:
        """One chunk: accounts, their contacts, links, contact points and interactions."""
        rng = self.rng
        accounts, contacts, links, points, interactions = [], [], [], [], []
        for _ in range(n):
            owner, dept = rng.choice(self.owners)
            city_id, city = rng.choice(self.cities)
            name, slug = self._company(city)
            created = self._when()
            updated = created + datetime.timedelta(seconds=rng.randint(0, int((self.now - created).total_seconds())))
            e164, shown, digits = self._landline()
            domain = rng.choice(self.domains)
            email = f"info@{slug}-{domain}.com.cn"
            website = f"https://www.{slug}-{domain}.com.cn" if rng.random() < 0.5 else ""
            acc_id = uuid.uuid4()
            accounts.append(
                {
                    "id": acc_id,
                    "name": name,
                    "account_type": rng.choice(ACCOUNT_TYPES),
                    "lifecycle_stage": rng.choice(STAGES),
                    "lifecycle_changed_at": updated,
                    "level": rng.choice(LEVELS),
                    "region_id": city_id,
                    "owner_id": owner,
                    "department_id": dept,
                    "created_at": created,
                    "updated_at": updated,
                    "created_by_id": owner,
                    "updated_by_id": owner,
                    "created_source": "import",
                    "updated_source": "ui",
                    "website": website,
                    "primary_phone": shown,
                    "primary_email": email,
                    "search_text": " ".join([name, website, e164, digits, email]).lower(),
                }
            )
            points.append(
                {
                    "object_type": "account",
                    "object_id": acc_id,
                    "kind": "phone",
                    "value": shown,
                    "normalized": e164,
                    "is_primary": True,
                    "created_at": created,
                    "updated_at": created,
                }
            )
            people = []
            for _c in range(CONTACTS_PER_ACCOUNT):
                person = rng.choice(self.zh_people) if rng.random() < 0.85 else rng.choice(self.en_people)
                m164, mshown, mdigits = self._mobile()
                cid = uuid.uuid4()
                people.append(cid)
                contacts.append(
                    {
                        "id": cid,
                        "name": person,
                        "account_id": acc_id,
                        "title": "采购经理",
                        "owner_id": owner,
                        "department_id": dept,
                        "created_at": created,
                        "updated_at": created,
                        "created_by_id": owner,
                        "updated_by_id": owner,
                        "created_source": "import",
                        "updated_source": "ui",
                        "primary_phone": mshown,
                        "search_text": " ".join([person, "采购经理", m164, mdigits]).lower(),
                    }
                )
                links.append({"account_id": acc_id, "contact_id": cid, "role": "采购经理"})
                points.append(
                    {
                        "object_type": "contact",
                        "object_id": cid,
                        "kind": "mobile",
                        "value": mshown,
                        "normalized": m164,
                        "is_primary": True,
                        "created_at": created,
                        "updated_at": created,
                    }
                )
            for _i in range(INTERACTIONS_PER_ACCOUNT):
                when = self._when()
                subject = rng.choice(SUBJECTS)
                interactions.append(
                    {
                        "id": uuid.uuid4(),
                        "account_id": acc_id,
                        "contact_id": rng.choice(people),
                        "channel": rng.choice(CHANNELS),
                        "direction": "outbound",
                        "subject": subject,
                        "occurred_at": when,
                        "owner_id": owner,
                        "department_id": dept,
                        "created_at": when,
                        "updated_at": when,
                        "created_by_id": owner,
                        "updated_by_id": owner,
                        "created_source": "ui",
                        "updated_source": "ui",
                        "search_text": subject.lower(),
                    }
                )
        return accounts, contacts, links, points, interactions


def ensure(scale: int) -> bool:
    """Make the database hold exactly `scale` accounts of bench data; False when it already did."""
    from django.db import transaction

    from guanxi.customers.models import Account, AccountContact, Contact, ContactPoint, Interaction

    if stored_scale() == scale:
        return False
    models_in_order = [Account, Contact, AccountContact, ContactPoint, Interaction]
    tables = [Table(m) for m in models_in_order]
    with connection.cursor() as cur:
        for t in reversed(tables):
            cur.execute(f"DELETE FROM {t.name}")
    _mark(scale, complete=False)
    maker = Maker(scale)
    dropped: list[tuple[str, str]] = []
    if connection.vendor == "postgresql":
        dropped = _secondary_indexes([t.name for t in tables])
        with connection.cursor() as cur:
            for name, _definition in dropped:
                cur.execute(f'DROP INDEX IF EXISTS "{name}"')
    started = time.monotonic()
    done = 0
    while done < scale:
        n = min(CHUNK, scale - done)
        parts = maker.accounts(n)
        with transaction.atomic():
            for table, rows in zip(tables, parts, strict=True):
                table.write(rows)
        done += n
        if done % 100_000 == 0 or done == scale:
            rate = done / max(time.monotonic() - started, 1e-9)
            log(f"{done:,} / {scale:,} accounts (with contacts, points, interactions) — {rate:,.0f} accounts/s")
    if dropped:
        log(f"rebuilding {len(dropped)} indexes")
        with connection.cursor() as cur:
            cur.execute("SET maintenance_work_mem = '1GB'")
            for name, definition in dropped:
                t0 = time.monotonic()
                cur.execute(definition)
                log(f"  {name}: {time.monotonic() - t0:.1f} s")
    log("analyzing tables")
    with connection.cursor() as cur:
        for t in tables:
            cur.execute(f"ANALYZE {t.name}")
    _mark(scale, complete=True)
    log(f"generated in {time.monotonic() - started:.0f} s")
    return True
