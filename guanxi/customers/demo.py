"""Realistic demo and benchmark data for the customer hub: Chinese and English companies, people,
phones and addresses across Chinese regions. Bulk inserts throughout (no per-row ORM saves)."""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import phonenumbers
from django.db import connection, models, transaction
from django.utils import timezone
from faker import Faker

from guanxi.access.models import User
from guanxi.core.ids import uuid7

from .choices import (
    AccountKind,
    AccountType,
    AddressOrder,
    Channel,
    Consent,
    Direction,
    LeadStatus,
    Lifecycle,
    PointKind,
)
from .models import Account, AccountContact, Contact, ContactPoint, Interaction, Lead, Region

LEVELS = ["vip", "a", "a", "b", "b", "b", "c", "c", "c", "c"]
INDUSTRIES = [
    "banking",
    "insurance",
    "securities",
    "telecom",
    "pharma",
    "utilities",
    "manufacturing",
    "distribution",
    "exhibitions",
    "it",
    "retail",
    "education",
]
SOURCES = ["web", "referral", "trade_fair", "cold_call", "campaign", "partner", "wechat"]
RATINGS = ["aaa", "aa", "a", "bbb", "bb"]
TITLES_ZH = ["总经理", "采购经理", "财务总监", "IT 主管", "销售总监", "行政经理", "技术总监", "运营经理", "董事长助理"]
TITLES_EN = ["CEO", "Procurement Manager", "CFO", "IT Director", "Head of Sales", "Office Manager", "CTO"]
SUBJECTS = [
    ("电话沟通续约事宜", "Called about the renewal"),
    ("拜访客户，介绍新产品", "Visited to present the new product line"),
    ("发送报价单", "Sent the quotation"),
    ("客户来电咨询发票", "Customer called about an invoice"),
    ("展会上交流合作意向", "Met at the trade fair, discussed cooperation"),
    ("邮件确认交付时间", "Confirmed delivery date by email"),
    ("微信沟通技术方案", "Discussed the technical proposal on WeChat"),
    ("投诉处理回访", "Follow-up call after a complaint"),
    ("年度业务回顾会议", "Annual business review meeting"),
    ("短信提醒付款", "SMS payment reminder"),
]
CHANNEL_WEIGHTS = [
    (Channel.PHONE, 35),
    (Channel.EMAIL, 25),
    (Channel.VISIT, 12),
    (Channel.CHAT, 10),
    (Channel.SMS, 8),
    (Channel.WEB, 5),
    (Channel.FAX, 2),
    (Channel.LETTER, 1),
    (Channel.OTHER, 2),
]
AREA_CODES = ["10", "21", "20", "755", "571", "25", "28", "27", "23", "512", "532", "411"]


@dataclass
class Scale:
    accounts: int = 2000
    contacts: int = 5000
    leads: int = 1000
    interactions: int = 20000
    batch: int = 2000


def _mobile(rng: random.Random) -> str:
    prefix = rng.choice(
        [
            "138",
            "139",
            "135",
            "136",
            "137",
            "150",
            "151",
            "152",
            "158",
            "159",
            "186",
            "187",
            "188",
            "177",
            "199",
            "131",
            "132",
            "155",
            "156",
            "185",
            "133",
            "153",
            "180",
            "181",
            "189",
        ]
    )
    return prefix + "".join(str(rng.randint(0, 9)) for _ in range(8))


def _landline(rng: random.Random) -> str:
    area = rng.choice(AREA_CODES)
    digits = 8 if len(area) == 2 else 7 if rng.random() < 0.3 else 8
    return f"0{area}-" + "".join(str(rng.randint(1 if i == 0 else 0, 9)) for i in range(digits))


def _e164(raw: str) -> str:
    return phonenumbers.format_number(phonenumbers.parse(raw, "CN"), phonenumbers.PhoneNumberFormat.E164)


def _display(e164: str) -> str:
    return phonenumbers.format_number(phonenumbers.parse(e164), phonenumbers.PhoneNumberFormat.NATIONAL)


def _national_digits(e164: str) -> str:
    return str(phonenumbers.parse(e164).national_number)


def _batched(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class Generator:
    def __init__(self, users: list[User], *, seed: int = 2026, scale: Scale | None = None) -> None:
        self.rng = random.Random(seed)
        self.zh = Faker("zh_CN")
        self.en = Faker("en_US")
        self.zh.seed_instance(seed)
        self.en.seed_instance(seed)
        self.users = [u for u in users if u.is_active]
        self.owners = [
            u for u in self.users if u.roles.filter(key__in=["sales_rep", "sales_manager"]).exists()
        ] or self.users
        self.scale = scale or Scale()
        cities = list(Region.objects.filter(kind="city", code__startswith="CN-").select_related("parent"))
        if not cities:
            cities = list(Region.objects.filter(kind="province"))
        self.cities = cities
        self.now = timezone.now()

    def _when(self, days: int = 3 * 365) -> datetime.datetime:
        return self.now - datetime.timedelta(seconds=self.rng.randint(0, days * 86400))

    def _bulk(self, model: type[models.Model], rows: list[Any]) -> None:
        for chunk in _batched(rows, self.scale.batch):
            model._default_manager.bulk_create(chunk, batch_size=self.scale.batch)

    def company(self) -> tuple[str, bool]:
        if self.rng.random() < 0.8:
            return self.zh.company(), True
        return self.en.company(), False

    def run(self) -> dict[str, int]:
        with transaction.atomic():
            accounts = self._accounts()
            contacts = self._contacts(accounts)
            self._leads()
            self._interactions(accounts, contacts)
        return {
            "accounts": len(accounts),
            "contacts": len(contacts),
            "leads": self.scale.leads,
            "interactions": self.scale.interactions,
        }

    def _accounts(self) -> list[Account]:
        rng = self.rng
        accounts: list[Account] = []
        points: list[ContactPoint] = []
        for _ in range(self.scale.accounts):
            name, chinese = self.company()
            owner = rng.choice(self.owners)
            city = rng.choice(self.cities) if self.cities else None
            created = self._when()
            updated = created + datetime.timedelta(
                seconds=rng.randint(0, max(1, int((self.now - created).total_seconds())))
            )
            stage = rng.choices(Lifecycle.values, weights=[10, 30, 40, 12, 8])[0]
            acc = Account(
                id=uuid7(),
                name=name,
                kind=AccountKind.ORGANISATION if rng.random() < 0.92 else AccountKind.INDIVIDUAL,
                account_type=rng.choices(AccountType.values, weights=[55, 25, 8, 6, 4, 2])[0],
                lifecycle_stage=stage,
                lifecycle_changed_at=updated,
                level=rng.choice(LEVELS),
                industry=rng.choice(INDUSTRIES),
                source=rng.choice(SOURCES),
                credit_rating=rng.choice(RATINGS),
                region=city,
                satisfaction=rng.choice([None, 3, 4, 4, 5, 5, 2]),
                preferred_channel=rng.choice(["", Channel.PHONE, Channel.EMAIL, Channel.VISIT, Channel.CHAT]),
                website=f"https://www.{self.en.domain_word()}.com.cn" if rng.random() < 0.6 else "",
                owner=owner,
                department_id=owner.department_id,
                created_at=created,
                updated_at=updated,
                created_by=owner,
                updated_by=owner,
                created_source="import",
                updated_source="ui",
            )
            phone = _e164(_landline(rng))
            email = f"{self.en.user_name()}{rng.randint(1, 999)}@{self.en.domain_word()}.com.cn"
            acc.primary_phone = _display(phone)
            acc.primary_email = email
            acc.search_text = " ".join([name, acc.website, phone, _national_digits(phone), email]).lower()
            points.append(
                ContactPoint(
                    object_type="account",
                    object_id=acc.id,
                    kind=PointKind.PHONE,
                    value=acc.primary_phone,
                    normalized=phone,
                    is_primary=True,
                )
            )
            points.append(
                ContactPoint(
                    object_type="account",
                    object_id=acc.id,
                    kind=PointKind.EMAIL,
                    value=email,
                    normalized=email,
                    is_primary=True,
                    consent=rng.choice([Consent.UNKNOWN, Consent.GRANTED]),
                )
            )
            if city is not None and chinese:
                province = city.parent.name_zh_hans if city.parent else ""
                street = self.zh.street_address()
                value = f"{province}{city.name_zh_hans}{street}"
                points.append(
                    ContactPoint(
                        object_type="account",
                        object_id=acc.id,
                        kind=PointKind.ADDRESS,
                        value=value,
                        normalized=value.lower(),
                        address_order=AddressOrder.CHINESE,
                        country="中国",
                        province=province,
                        city=city.name_zh_hans,
                        street=street,
                        postcode=self.zh.postcode(),
                    )
                )
            accounts.append(acc)
        # Hierarchies: about one account in ten heads a group of two to six subsidiaries.
        heads = accounts[: len(accounts) // 10]
        pool = accounts[len(accounts) // 10 :]
        rng.shuffle(pool)
        cursor = 0
        for head in heads:
            n = rng.randint(1, 4)
            for child in pool[cursor : cursor + n]:
                child.parent = head
            cursor += n
            if cursor >= len(pool):
                break
        self._bulk(Account, accounts)
        self._bulk(ContactPoint, points)
        return accounts

    def _contacts(self, accounts: list[Account]) -> list[Contact]:
        rng = self.rng
        contacts: list[Contact] = []
        links: list[AccountContact] = []
        points: list[ContactPoint] = []
        for _ in range(self.scale.contacts):
            acc = rng.choice(accounts)
            chinese = rng.random() < 0.85
            name = self.zh.name() if chinese else self.en.name()
            mobile = _e164(_mobile(rng))
            email = f"{self.en.user_name()}{rng.randint(1, 9999)}@{self.en.free_email_domain()}"
            created = max(acc.created_at, self._when())
            c = Contact(
                id=uuid7(),
                name=name,
                account=acc,
                title=rng.choice(TITLES_ZH if chinese else TITLES_EN),
                birthday=self.zh.date_of_birth(minimum_age=25, maximum_age=62) if rng.random() < 0.4 else None,
                preferred_channel=rng.choice(["", Channel.PHONE, Channel.EMAIL, Channel.CHAT]),
                owner=acc.owner,
                department_id=acc.department_id,
                created_at=created,
                updated_at=created,
                created_by=acc.owner,
                updated_by=acc.owner,
                created_source="import",
                updated_source="ui",
                primary_phone=_display(mobile),
                primary_email=email,
                search_text=" ".join([name, mobile, _national_digits(mobile), email]).lower(),
            )
            contacts.append(c)
            links.append(AccountContact(account=acc, contact=c, role=c.title))
            points.append(
                ContactPoint(
                    object_type="contact",
                    object_id=c.id,
                    kind=PointKind.MOBILE,
                    value=c.primary_phone,
                    normalized=mobile,
                    is_primary=True,
                    opted_out=rng.random() < 0.05,
                )
            )
            points.append(
                ContactPoint(
                    object_type="contact",
                    object_id=c.id,
                    kind=PointKind.EMAIL,
                    value=email,
                    normalized=email,
                    is_primary=True,
                )
            )
            if chinese and rng.random() < 0.3:
                wechat = f"wx_{self.en.user_name()}{rng.randint(10, 99)}"
                points.append(
                    ContactPoint(
                        object_type="contact",
                        object_id=c.id,
                        kind=PointKind.WECHAT,
                        value=wechat,
                        normalized=wechat.lower(),
                    )
                )
        self._bulk(Contact, contacts)
        self._bulk(AccountContact, links)
        self._bulk(ContactPoint, points)
        return contacts

    def _leads(self) -> None:
        rng = self.rng
        leads: list[Lead] = []
        for _ in range(self.scale.leads):
            chinese = rng.random() < 0.8
            name = self.zh.name() if chinese else self.en.name()
            company = self.zh.company() if chinese else self.en.company()
            phone = _e164(_mobile(rng))
            email = f"{self.en.user_name()}{rng.randint(1, 9999)}@{self.en.free_email_domain()}"
            owner = rng.choice(self.owners)
            created = self._when(365)
            leads.append(
                Lead(
                    id=uuid7(),
                    name=name,
                    company=company,
                    title=rng.choice(TITLES_ZH if chinese else TITLES_EN),
                    phone=phone,
                    email=email,
                    source=rng.choice(SOURCES),
                    status=rng.choices(
                        [LeadStatus.NEW, LeadStatus.WORKING, LeadStatus.QUALIFIED, LeadStatus.UNQUALIFIED],
                        weights=[40, 30, 15, 15],
                    )[0],
                    region=rng.choice(self.cities) if self.cities else None,
                    industry=rng.choice(INDUSTRIES),
                    owner=owner,
                    department_id=owner.department_id,
                    created_at=created,
                    updated_at=created,
                    created_by=owner,
                    updated_by=owner,
                    created_source="import",
                    updated_source="ui",
                    search_text=" ".join([name, company, phone, _national_digits(phone), email]).lower(),
                )
            )
        self._bulk(Lead, leads)

    def _interactions(self, accounts: list[Account], contacts: list[Contact]) -> None:
        rng = self.rng
        by_account: dict[Any, list[Contact]] = {}
        for c in contacts:
            by_account.setdefault(c.account_id, []).append(c)
        channels = [c for c, _w in CHANNEL_WEIGHTS]
        weights = [w for _c, w in CHANNEL_WEIGHTS]
        rows: list[Interaction] = []
        # Some customers are busy, most are quiet: a skewed pick gives realistic timelines.
        for _ in range(self.scale.interactions):
            acc = (
                accounts[min(int(rng.paretovariate(1.2)) - 1, len(accounts) - 1)]
                if rng.random() < 0.3
                else rng.choice(accounts)
            )
            people: list[Contact | None] = [*by_account.get(acc.id, [])] or [None]
            contact = rng.choice(people)
            zh, en = rng.choice(SUBJECTS)
            subject = zh if rng.random() < 0.8 else en
            when = self._when()
            owner = acc.owner
            rows.append(
                Interaction(
                    id=uuid7(),
                    account=acc,
                    contact=contact,
                    channel=rng.choices(channels, weights=weights)[0],
                    direction=rng.choice([Direction.INBOUND, Direction.OUTBOUND, Direction.OUTBOUND]),
                    subject=subject,
                    body=self.zh.sentence() if rng.random() < 0.5 else "",
                    occurred_at=when,
                    duration_minutes=rng.choice([None, 5, 10, 15, 30, 60]),
                    owner=owner,
                    department_id=acc.department_id,
                    created_at=when,
                    updated_at=when,
                    created_by=owner,
                    updated_by=owner,
                    created_source="ui",
                    updated_source="ui",
                    search_text=subject.lower(),
                )
            )
        self._bulk(Interaction, rows)


def analyze() -> None:
    """Refresh the planner's statistics after a bulk load."""
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
