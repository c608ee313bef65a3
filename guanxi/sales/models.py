"""Sales automation: currencies and dated exchange rates, the product catalogue with price books,
configurable pipelines with their stages, and opportunities (商机) with product lines, competitors
and a stage history for funnel and velocity analysis."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guanxi.core.models import BaseModel, OwnedModel, TranslatedName
from guanxi.core.text import localized
from guanxi.core.trees import CachedTree
from guanxi.customization.fields import PicklistField

from .choices import (
    ActivityKind,
    ActivityStatus,
    AssignMethod,
    ConflictReason,
    ContractStatus,
    ExpenseStatus,
    InvoiceStatus,
    OrderStatus,
    Outcome,
    PeriodKind,
    QuoteStatus,
    Recurrence,
    TargetMetric,
    TargetScope,
    TravelStatus,
    WorkLogStatus,
)


def currency_field(help_text: Any = None) -> Any:
    """A record's currency; left empty, the service fills it in (the company currency by default)."""
    return models.ForeignKey(
        "Currency",
        verbose_name=_("currency"),
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=help_text or _("Empty: the company currency."),
    )


class Currency(TranslatedName):
    code = models.CharField(_("code"), max_length=3, primary_key=True, help_text=_("ISO 4217, e.g. CNY"))
    symbol = models.CharField(_("symbol"), max_length=4, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("currency")
        verbose_name_plural = _("currencies")

    def __str__(self) -> str:
        return self.code


class ExchangeRate(models.Model):
    """How many units of the company currency one unit of `currency` was worth from `on_date`."""

    currency = models.ForeignKey(Currency, verbose_name=_("currency"), on_delete=models.CASCADE, related_name="rates")
    on_date = models.DateField(_("valid from"))
    rate = models.DecimalField(
        _("rate"), max_digits=18, decimal_places=8, validators=[MinValueValidator(Decimal("0.00000001"))]
    )

    class Meta:
        ordering = ["currency", "-on_date"]
        unique_together = [("currency", "on_date")]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")


class ProductCategory(CachedTree, TranslatedName):
    parent = models.ForeignKey(
        "self", verbose_name=_("parent category"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sort = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort", "name_en"]
        verbose_name = _("product category")
        verbose_name_plural = _("product categories")


class Product(BaseModel):
    """A catalogue item. `name` is the name used in China (简体); English and 繁體 names beside it."""

    LABEL_FIELDS = ("name", "name_en", "name_zh_hant")

    code = models.CharField(_("product code"), max_length=40, unique=True, blank=True, help_text=_("Empty: assigned."))
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_zh_hant = models.CharField(_("name (Traditional Chinese)"), max_length=200, blank=True)
    category = models.ForeignKey(
        ProductCategory, verbose_name=_("category"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit = PicklistField(_("unit"), picklist="product_unit")
    currency = currency_field()
    list_price = models.DecimalField(
        _("list price"), validators=[MinValueValidator(0)], max_digits=16, decimal_places=2
    )
    cost = models.DecimalField(
        _("cost"), null=True, blank=True, validators=[MinValueValidator(0)], max_digits=16, decimal_places=2
    )
    active = models.BooleanField(_("active"), default=True)
    description = models.TextField(_("description"), blank=True)
    search_text = models.TextField(blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        indexes = [
            models.Index(fields=["deleted_at", "updated_at", "id"], name="prod_alive_updated"),
            models.Index(fields=["category", "updated_at"], name="prod_category_updated"),
            models.Index(fields=["name"], name="prod_name"),
        ]

    def __str__(self) -> str:
        return localized(self.name_en or self.name, self.name, self.name_zh_hant or self.name)


class PriceBook(BaseModel):
    """Prices of products in one currency, optionally for one customer level (e.g. VIP prices)."""

    name = models.CharField(_("name"), max_length=120)
    currency = currency_field()
    customer_level = PicklistField(_("customer level"), picklist="account_level")
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    search_text = models.TextField(blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("price book")
        verbose_name_plural = _("price books")

    def __str__(self) -> str:
        return self.name


class PriceBookEntry(models.Model):
    price_book = models.ForeignKey(PriceBook, on_delete=models.CASCADE, related_name="entries")
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="+")
    price = models.DecimalField(_("price"), validators=[MinValueValidator(0)], max_digits=16, decimal_places=2)

    class Meta:
        unique_together = [("price_book", "product")]
        verbose_name = _("price book entry")
        verbose_name_plural = _("price book entries")


class Pipeline(TranslatedName):
    """A sales process for one business line, with its ordered stages."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    is_default = models.BooleanField(_("default"), default=False)
    active = models.BooleanField(_("active"), default=True)
    sort = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort", "key"]
        verbose_name = _("pipeline")
        verbose_name_plural = _("pipelines")

    @classmethod
    def choice_tree(cls) -> list[tuple[int, str]]:
        return [(p.pk, str(p)) for p in cls.objects.filter(active=True)]


class Stage(TranslatedName):
    pipeline = models.ForeignKey(Pipeline, verbose_name=_("pipeline"), on_delete=models.CASCADE, related_name="stages")
    key = models.SlugField(_("key"), max_length=40)
    sort = models.PositiveIntegerField(_("order"), default=0)
    probability = models.PositiveSmallIntegerField(
        _("default probability (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    outcome = models.CharField(_("outcome"), max_length=4, choices=Outcome.choices, default=Outcome.OPEN)
    folded = models.BooleanField(_("folded on the board"), default=False)
    # Opportunity fields that must be filled before a deal may enter this stage.
    required_fields = models.JSONField(_("required fields"), default=list, blank=True)

    class Meta:
        ordering = ["pipeline", "sort"]
        unique_together = [("pipeline", "key")]
        verbose_name = _("stage")
        verbose_name_plural = _("stages")

    @classmethod
    def choice_tree(cls) -> list[tuple[int, str]]:
        """Every stage, labelled with its pipeline when there are several."""
        stages = list(cls.objects.filter(pipeline__active=True).select_related("pipeline"))
        several = len({s.pipeline_id for s in stages}) > 1
        return [(s.pk, f"{s.pipeline} · {s}" if several else str(s)) for s in stages]


class Opportunity(OwnedModel):
    """A deal (商机 / 项目) with one account, moving through the stages of its pipeline."""

    LABEL_FIELDS = ("name",)

    name = models.CharField(_("name"), max_length=200)
    account = models.ForeignKey(
        "customers.Account", verbose_name=_("account"), on_delete=models.PROTECT, related_name="opportunities"
    )
    contact = models.ForeignKey(
        "customers.Contact",
        verbose_name=_("main contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Empty on a new deal: the default pipeline and its first stage.
    pipeline = models.ForeignKey(
        Pipeline, verbose_name=_("pipeline"), blank=True, on_delete=models.PROTECT, related_name="+"
    )
    stage = models.ForeignKey(Stage, verbose_name=_("stage"), blank=True, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(
        _("outcome"), max_length=4, choices=Outcome.choices, default=Outcome.OPEN, editable=False
    )
    amount = models.DecimalField(
        _("amount"), validators=[MinValueValidator(0)], default=Decimal("0"), max_digits=16, decimal_places=2
    )
    currency = currency_field()
    # The amount in the company currency at the rate of the expected close date, and weighted by
    # the probability: what pipeline totals and forecasts add up.
    amount_company = models.DecimalField(
        _("amount (company currency)"), default=0, editable=False, max_digits=16, decimal_places=2
    )
    weighted_amount = models.DecimalField(
        _("weighted amount"), default=0, editable=False, max_digits=16, decimal_places=2
    )
    probability = models.PositiveSmallIntegerField(
        _("probability (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    expected_close = models.DateField(_("expected close date"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    source = PicklistField(_("source"), picklist="lead_source")
    lead = models.ForeignKey(
        "customers.Lead",
        verbose_name=_("from lead"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lost_reason = PicklistField(_("lost reason"), picklist="lost_reason")
    next_step = models.CharField(_("next step"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    stage_changed_at = models.DateTimeField(_("in stage since"), default=timezone.now, editable=False)
    search_text = models.TextField(blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        indexes = [
            models.Index(fields=["deleted_at", "updated_at", "id"], name="opp_alive_updated"),
            models.Index(fields=["stage", "updated_at"], name="opp_stage_updated"),
            models.Index(fields=["pipeline", "outcome", "expected_close"], name="opp_pipeline_close"),
            models.Index(fields=["outcome", "expected_close"], name="opp_outcome_close"),
            models.Index(fields=["outcome", "closed_on"], name="opp_outcome_closed"),
            models.Index(fields=["outcome", "amount_company"], name="opp_outcome_amount"),  # deals at risk
            models.Index(fields=["account", "updated_at"], name="opp_account_updated"),
            models.Index(fields=["owner", "updated_at"], name="opp_owner_updated"),
            models.Index(fields=["department", "updated_at"], name="opp_dept_updated"),
            models.Index(fields=["name"], name="opp_name"),
        ]

    def __str__(self) -> str:
        return self.name


class OpportunityLine(models.Model):
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(
        _("quantity"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    unit_price = models.DecimalField(
        _("unit price"), validators=[MinValueValidator(0)], max_digits=16, decimal_places=2
    )
    discount = models.DecimalField(
        _("discount (%)"),
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    total = models.DecimalField(_("total"), default=0, editable=False, max_digits=16, decimal_places=2)
    sort = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["opportunity", "sort", "id"]
        verbose_name = _("product line")
        verbose_name_plural = _("product lines")


class OpportunityCompetitor(models.Model):
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="competitors")
    competitor = models.ForeignKey(
        "customers.Account", verbose_name=_("competitor"), on_delete=models.CASCADE, related_name="+"
    )
    strengths = models.TextField(_("strengths"), blank=True)
    weaknesses = models.TextField(_("weaknesses"), blank=True)

    class Meta:
        unique_together = [("opportunity", "competitor")]
        verbose_name = _("competitor")
        verbose_name_plural = _("competitors")


class StageChange(models.Model):
    """One move of an opportunity between stages, with the time spent in the stage it left."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.ForeignKey(Stage, null=True, on_delete=models.SET_NULL, related_name="+")
    to_stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    seconds_in_previous = models.PositiveBigIntegerField(null=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["opportunity", "at", "id"]
        indexes = [models.Index(fields=["to_stage", "at"], name="stagechange_to_at")]


class OwnershipConflict(models.Model):
    """A new account or deal that touches a customer someone else owns: kept for the managers to
    settle, so two representatives do not fight over one customer unseen."""

    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.UUIDField(_("record"))
    label = models.CharField(_("record"), max_length=255)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    customer = models.ForeignKey(
        "customers.Account", verbose_name=_("customer"), on_delete=models.CASCADE, related_name="+"
    )
    customer_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("customer's owner"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ConflictReason.choices)
    created_at = models.DateTimeField(_("found"), default=timezone.now)
    resolved_at = models.DateTimeField(_("settled"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.CharField(_("how it was settled"), max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="conflict_record"),
            models.Index(fields=["resolved_at", "created_at"], name="conflict_open"),
        ]
        verbose_name = _("ownership conflict")
        verbose_name_plural = _("ownership conflicts")


class Activity(OwnedModel):
    """A task, call, meeting or visit (行动计划 while planned, 行动日志 once done with its outcome),
    linked to an account, a contact and a deal, and to more of them through `ActivityLink`."""

    subject = models.CharField(_("subject"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=ActivityKind.choices, default=ActivityKind.TASK)
    activity_type = PicklistField(_("activity type"), picklist="activity_type")
    status = models.CharField(
        _("status"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    starts_at = models.DateTimeField(_("starts (due)"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    account = models.ForeignKey(
        "customers.Account",
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact = models.ForeignKey(
        "customers.Contact",
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opportunity = models.ForeignKey(
        Opportunity, verbose_name=_("opportunity"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.TextField(_("outcome"), blank=True, help_text=_("What happened; required once done."))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True, editable=False)
    reminder_minutes = models.PositiveIntegerField(
        _("remind (minutes before)"), null=True, blank=True, validators=[MaxValueValidator(60 * 24 * 30)]
    )
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    recurrence = models.CharField(_("repeats"), max_length=10, choices=Recurrence.choices, blank=True)
    recurrence_until = models.DateField(_("repeats until"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    search_text = models.TextField(blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [
            models.Index(fields=["deleted_at", "updated_at", "id"], name="act_alive_updated"),
            models.Index(fields=["owner", "starts_at"], name="act_owner_starts"),
            models.Index(fields=["department", "starts_at"], name="act_dept_starts"),
            models.Index(fields=["status", "starts_at"], name="act_status_starts"),
            models.Index(fields=["account", "starts_at"], name="act_account_starts"),
            models.Index(fields=["opportunity", "starts_at"], name="act_opp_starts"),
        ]

    def __str__(self) -> str:
        return self.subject


class ActivityLink(models.Model):
    """More accounts, contacts and deals an activity concerns, beside its main ones."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="links")
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.UUIDField(_("record"))

    class Meta:
        unique_together = [("activity", "object_type", "object_id")]
        indexes = [models.Index(fields=["object_type", "object_id"], name="actlink_record")]


class CalendarFeed(models.Model):
    """A private iCalendar address for one user's activities; only a digest of its secret is kept."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)


class OpportunityContact(models.Model):
    """A contact's role in a deal (decision maker, influencer, …)."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="contact_roles")
    contact = models.ForeignKey(
        "customers.Contact", verbose_name=_("contact"), on_delete=models.CASCADE, related_name="+"
    )
    role = PicklistField(_("role"), picklist="deal_role")

    class Meta:
        unique_together = [("opportunity", "contact")]
        verbose_name = _("contact role")
        verbose_name_plural = _("contact roles")


# --- quotes, orders, contracts, invoices and payments -------------------------------------------


class DocumentCounter(models.Model):
    """The last number given to a kind of document in a year (QT-2026-000042)."""

    prefix = models.CharField(max_length=8)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        unique_together = [("prefix", "year")]


def _money(label: Any, **kwargs: Any) -> models.DecimalField:
    return models.DecimalField(label, max_digits=16, decimal_places=2, **kwargs)


class SalesDocument(OwnedModel):
    """What quotes and orders share: a number, the customer, the deal, the currency and totals
    computed from the lines (before discount, discount, tax, total, total in the company currency)."""

    LABEL_FIELDS = ("number",)

    number = models.CharField(_("number"), max_length=30, blank=True, help_text=_("Empty: assigned."))
    account = models.ForeignKey(
        "customers.Account", verbose_name=_("account"), on_delete=models.PROTECT, related_name="+"
    )
    contact = models.ForeignKey(
        "customers.Contact",
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opportunity = models.ForeignKey(
        Opportunity, verbose_name=_("opportunity"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    currency = currency_field()
    subtotal = _money(_("before discount"), default=0, editable=False)
    discount_amount = _money(_("discount"), default=0, editable=False)
    tax_amount = _money(_("tax"), default=0, editable=False)
    total = _money(_("total"), default=0, editable=False)
    total_company = _money(_("total (company currency)"), default=0, editable=False)
    # Judged against the customer's price (their price book, else the list price), not the line's
    # own discount field: a low unit price is a discount too.
    max_discount = models.DecimalField(
        _("largest discount off the customer's price (%)"), max_digits=5, decimal_places=2, default=0, editable=False
    )
    notes = models.TextField(_("terms and notes"), blank=True)
    search_text = models.TextField(blank=True, default="", editable=False)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.number


class LineItem(models.Model):
    """A product line: quantity × unit price, less the discount, plus the tax. The product's name,
    code and cost are kept as they were, so the line still tells its story if the catalogue changes."""

    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="+")
    description = models.CharField(_("description"), max_length=255, blank=True)
    quantity = models.DecimalField(
        _("quantity"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    unit_price = _money(_("unit price"), validators=[MinValueValidator(0)])
    discount = models.DecimalField(
        _("discount (%)"),
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    tax_rate = models.DecimalField(
        _("tax rate (%)"),
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    unit_cost = _money(_("unit cost"), null=True, blank=True, editable=False)
    net = _money(_("net"), default=0, editable=False)
    tax = _money(_("tax"), default=0, editable=False)
    total = _money(_("total"), default=0, editable=False)
    sort = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class Quote(SalesDocument):
    """A priced proposal (报价单) with versions: a new version copies the lines and supersedes the old."""

    subject = models.CharField(
        _("subject"), max_length=200, blank=True, help_text=_("Empty: named after the customer.")
    )
    status = models.CharField(_("status"), max_length=12, choices=QuoteStatus.choices, default=QuoteStatus.DRAFT)
    revision = models.PositiveSmallIntegerField(_("version"), default=1, editable=False)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous version"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    quote_date = models.DateField(_("quote date"), default=timezone.localdate)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    language = models.CharField(
        _("printed in"), max_length=10, choices=settings.LANGUAGES, default="zh-hans", blank=True
    )

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        unique_together = [("number", "revision")]
        indexes = [
            models.Index(fields=["deleted_at", "updated_at", "id"], name="quote_alive_updated"),
            models.Index(fields=["account", "quote_date"], name="quote_account_date"),
            models.Index(fields=["opportunity", "quote_date"], name="quote_opp_date"),
            models.Index(fields=["owner", "updated_at"], name="quote_owner_updated"),
            models.Index(fields=["department", "updated_at"], name="quote_dept_updated"),
            models.Index(fields=["status", "updated_at"], name="quote_status_updated"),
        ]

    def __str__(self) -> str:
        return f"{self.number} v{self.revision}" if self.revision > 1 else self.number


class QuoteLine(LineItem):
    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="lines")

    class Meta:
        ordering = ["quote", "sort", "id"]
        verbose_name = _("quote line")
        verbose_name_plural = _("quote lines")


class SalesOrder(SalesDocument):
    """An order (订单), from an accepted quote or entered directly: the transaction history that
    the analytics mine, line by line."""

    status = models.CharField(_("status"), max_length=12, choices=OrderStatus.choices, default=OrderStatus.CONFIRMED)
    quote = models.ForeignKey(
        Quote, verbose_name=_("from quote"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contract = models.ForeignKey(
        "Contract", verbose_name=_("contract"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    order_date = models.DateField(_("order date"), default=timezone.localdate)
    delivery_date = models.DateField(_("promised delivery"), null=True, blank=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    customer_reference = models.CharField(_("customer's reference"), max_length=60, blank=True)
    # The discount already approved (by the quote it came from, or by the order's own approval), and
    # the larger one that still waits for it (what the "Order discount" approval process looks at).
    approved_discount = models.DecimalField(
        _("discount approved (%)"), max_digits=5, decimal_places=2, default=0, editable=False
    )
    discount_to_approve = models.DecimalField(
        _("discount to approve (%)"), max_digits=5, decimal_places=2, default=0, editable=False
    )

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        indexes = [
            models.Index(fields=["deleted_at", "updated_at", "id"], name="order_alive_updated"),
            models.Index(fields=["account", "order_date"], name="order_account_date"),
            models.Index(fields=["order_date"], name="order_date"),
            models.Index(fields=["owner", "updated_at"], name="order_owner_updated"),
            models.Index(fields=["department", "updated_at"], name="order_dept_updated"),
            models.Index(fields=["status", "updated_at"], name="order_status_updated"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["number"], name="order_number_unique"),
            # One order per quote, whoever asks at the same moment (the service says so first).
            models.UniqueConstraint(fields=["quote"], name="order_one_per_quote"),
        ]


class OrderLine(LineItem):
    order = models.ForeignKey(SalesOrder, on_delete=models.CASCADE, related_name="lines")

    class Meta:
        ordering = ["order", "sort", "id"]
        indexes = [models.Index(fields=["product", "order"], name="orderline_product")]
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")


class Contract(OwnedModel):
    """A contract (合同) with its term, value and renewal date; its owner is reminded before renewal."""

    number = models.CharField(_("contract number"), max_length=30, blank=True, help_text=_("Empty: assigned."))
    name = models.CharField(_("name"), max_length=200)
    account = models.ForeignKey(
        "customers.Account", verbose_name=_("account"), on_delete=models.PROTECT, related_name="+"
    )
    opportunity = models.ForeignKey(
        Opportunity, verbose_name=_("opportunity"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contract_type = PicklistField(_("contract type"), picklist="contract_type")
    status = models.CharField(_("status"), max_length=12, choices=ContractStatus.choices, default=ContractStatus.DRAFT)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    value = _money(_("contract value"), validators=[MinValueValidator(0)], default=0)
    currency = currency_field()
    value_company = _money(_("value (company currency)"), default=0, editable=False)
    renewal_date = models.DateField(
        _("renewal date"), null=True, blank=True, help_text=_("Empty: the notice period before the end.")
    )
    notice_days = models.PositiveSmallIntegerField(
        _("remind (days before renewal)"), default=30, validators=[MaxValueValidator(365)]
    )
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    renewal_of = models.ForeignKey(
        "self", verbose_name=_("renews"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    terms = models.TextField(_("terms"), blank=True)
    search_text = models.TextField(blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        indexes = [
            models.Index(fields=["deleted_at", "updated_at", "id"], name="contract_alive_updated"),
            models.Index(fields=["account", "starts_on"], name="contract_account_start"),
            models.Index(fields=["status", "renewal_date"], name="contract_status_renewal"),
            models.Index(fields=["owner", "updated_at"], name="contract_owner_updated"),
            models.Index(fields=["department", "updated_at"], name="contract_dept_updated"),
        ]
        constraints = [models.UniqueConstraint(fields=["number"], name="contract_number_unique")]

    def __str__(self) -> str:
        return f"{self.number} {self.name}".strip()


class Invoice(OwnedModel):
    """An invoice (发票 / 应收) to a customer; payments received settle it, and its balance past
    the due date is an overdue receivable."""

    LABEL_FIELDS = ("number",)

    number = models.CharField(_("invoice number"), max_length=30, blank=True, help_text=_("Empty: assigned."))
    account = models.ForeignKey(
        "customers.Account", verbose_name=_("account"), on_delete=models.PROTECT, related_name="+"
    )
    order = models.ForeignKey(
        SalesOrder, verbose_name=_("order"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_on = models.DateField(_("issued on"), default=timezone.localdate)
    due_on = models.DateField(_("due on"), blank=True, help_text=_("Empty: 30 days after the invoice date."))
    amount = _money(
        _("amount"),
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Empty: the order's total."),
    )
    currency = currency_field(_("Empty: the order's or the company currency."))
    status = models.CharField(_("status"), max_length=12, choices=InvoiceStatus.choices, default=InvoiceStatus.OPEN)
    paid_amount = _money(_("received"), default=0, editable=False)
    balance = _money(_("balance"), default=0, editable=False)
    balance_company = _money(_("balance (company currency)"), default=0, editable=False)
    amount_company = _money(_("amount (company currency)"), default=0, editable=False)
    paid_on = models.DateField(_("paid in full on"), null=True, blank=True, editable=False)
    notes = models.TextField(_("notes"), blank=True)
    search_text = models.TextField(blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        indexes = [
            models.Index(fields=["deleted_at", "updated_at", "id"], name="invoice_alive_updated"),
            models.Index(fields=["account", "issued_on"], name="invoice_account_issued"),
            models.Index(fields=["status", "due_on"], name="invoice_status_due"),
            models.Index(fields=["contract"], name="invoice_contract"),
            models.Index(fields=["owner", "updated_at"], name="invoice_owner_updated"),
            models.Index(fields=["department", "updated_at"], name="invoice_dept_updated"),
        ]
        constraints = [models.UniqueConstraint(fields=["number"], name="invoice_number_unique")]

    def __str__(self) -> str:
        return self.number


class Payment(OwnedModel):
    """Money received (收款) from a customer, against an invoice or on account."""

    LABEL_FIELDS = ("reference",)

    account = models.ForeignKey(
        "customers.Account", verbose_name=_("account"), on_delete=models.PROTECT, related_name="+"
    )
    invoice = models.ForeignKey(
        Invoice, verbose_name=_("invoice"), null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    amount = _money(_("amount"), validators=[MinValueValidator(Decimal("0.01"))])
    currency = currency_field(_("Empty: the invoice's currency."))
    amount_company = _money(_("amount (company currency)"), default=0, editable=False)
    method = PicklistField(_("method"), picklist="payment_method")
    reference = models.CharField(_("reference"), max_length=80, blank=True, help_text=_("Bank slip or cheque number."))
    notes = models.TextField(_("notes"), blank=True)
    search_text = models.TextField(blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        indexes = [
            models.Index(fields=["deleted_at", "updated_at", "id"], name="payment_alive_updated"),
            models.Index(fields=["account", "received_on"], name="payment_account_received"),
            models.Index(fields=["invoice"], name="payment_invoice"),
            models.Index(fields=["received_on"], name="payment_received"),
            models.Index(fields=["owner", "updated_at"], name="payment_owner_updated"),
            models.Index(fields=["department", "updated_at"], name="payment_dept_updated"),
        ]

    def __str__(self) -> str:
        return f"{self.received_on} {self.amount} {self.currency_id}"


class Target(OwnedModel):
    """A sales target (销售目标) for a person, a department or the company, for a month, a quarter or
    a year: an amount won, a number of deals won, payments received or new customers. The owner is
    the person it is set for; a department's target belongs to that department, the company's to
    nobody — so the access layer shows a representative their own, a manager their team's."""

    name = models.CharField(_("name"), max_length=200, blank=True, help_text=_("Empty: the period and whom it is for."))
    scope = models.CharField(_("for"), max_length=12, choices=TargetScope.choices, default=TargetScope.USER)
    team = models.ForeignKey(
        "access.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("For a department's target."),
    )
    metric = models.CharField(
        _("measure"), max_length=16, choices=TargetMetric.choices, default=TargetMetric.WON_AMOUNT
    )
    period = models.CharField(_("period"), max_length=8, choices=PeriodKind.choices, default=PeriodKind.MONTH)
    starts_on = models.DateField(_("from"), help_text=_("Any day of the period; its first day is kept."))
    ends_on = models.DateField(_("until"), editable=False)
    value = _money(pgettext_lazy("sales target", "target"), validators=[MinValueValidator(0)])
    notes = models.TextField(_("notes"), blank=True)
    search_text = models.TextField(blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("sales target")
        verbose_name_plural = _("sales targets")
        indexes = [
            models.Index(fields=["deleted_at", "updated_at", "id"], name="target_alive_updated"),
            models.Index(fields=["starts_on", "period"], name="target_period"),
            models.Index(fields=["owner", "starts_on"], name="target_owner_start"),
            models.Index(fields=["department", "starts_on"], name="target_dept_start"),
        ]

    def __str__(self) -> str:
        return self.name


class WorkLog(OwnedModel):
    """A day's work log (工作日程): what was done, hour by hour, and the plan for the next day.
    Submitted, it is locked; only an administrator may delete one; managers read their team's."""

    day = models.DateField(_("day"), default=timezone.localdate)
    summary = models.CharField(_("summary"), max_length=200)
    plan = models.TextField(_("plan for the next day"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=WorkLogStatus.choices, default=WorkLogStatus.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    search_text = models.TextField(blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("work log")
        verbose_name_plural = _("work logs")
        indexes = [
            models.Index(fields=["deleted_at", "updated_at", "id"], name="worklog_alive_updated"),
            models.Index(fields=["owner", "day"], name="worklog_owner_day"),
            models.Index(fields=["department", "day"], name="worklog_dept_day"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "day"], condition=models.Q(deleted_at__isnull=True), name="worklog_one_per_day"
            )
        ]

    def __str__(self) -> str:
        return self.summary


class WorkLogEntry(models.Model):
    """One item of a work log, with its time and the customer or deal it was for."""

    log = models.ForeignKey(WorkLog, on_delete=models.CASCADE, related_name="entries")
    starts = models.TimeField(_("from"), null=True, blank=True)
    ends = models.TimeField(_("until"), null=True, blank=True)
    content = models.TextField(_("what was done"))
    account = models.ForeignKey(
        "customers.Account",
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opportunity = models.ForeignKey(
        Opportunity, verbose_name=_("opportunity"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sort = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["log", "starts", "sort", "id"]
        verbose_name = _("work log entry")
        verbose_name_plural = _("work log entries")


class TravelPlan(OwnedModel):
    """A business trip (出差计划): who travels (the owner), where, why, what is planned and, after
    it, what happened; linked to the customers and activities it is for."""

    purpose = models.CharField(_("purpose"), max_length=200)
    destination = models.CharField(_("destination"), max_length=200)
    starts_on = models.DateField(_("leaves on"))
    ends_on = models.DateField(_("returns on"))
    planned = models.TextField(_("planned content"), blank=True)
    report = models.TextField(_("record of the trip"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=TravelStatus.choices, default=TravelStatus.PLANNED)
    budget = _money(_("budget"), null=True, blank=True, validators=[MinValueValidator(0)])
    search_text = models.TextField(blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("travel plan")
        verbose_name_plural = _("travel plans")
        indexes = [
            models.Index(fields=["deleted_at", "updated_at", "id"], name="travel_alive_updated"),
            models.Index(fields=["owner", "starts_on"], name="travel_owner_start"),
            models.Index(fields=["department", "starts_on"], name="travel_dept_start"),
        ]

    def __str__(self) -> str:
        return self.purpose


class TravelLink(models.Model):
    """A customer or an activity a trip is for."""

    plan = models.ForeignKey(TravelPlan, on_delete=models.CASCADE, related_name="links")
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.UUIDField(_("record"))

    class Meta:
        unique_together = [("plan", "object_type", "object_id")]
        indexes = [models.Index(fields=["object_type", "object_id"], name="travellink_record")]


class ExpenseReport(OwnedModel):
    """An expense report (报销单): lines with their receipts, for a trip or a customer, submitted for
    approval; approved, it is locked; rejected, it goes back to the submitter with the comment."""

    title = models.CharField(_("title"), max_length=200)
    travel_plan = models.ForeignKey(
        TravelPlan, verbose_name=_("travel plan"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    account = models.ForeignKey(
        "customers.Account",
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=10, choices=ExpenseStatus.choices, default=ExpenseStatus.DRAFT)
    total = _money(_("total (company currency)"), default=0, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    notes = models.TextField(_("notes"), blank=True)
    search_text = models.TextField(blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("expense report")
        verbose_name_plural = _("expense reports")
        indexes = [
            models.Index(fields=["deleted_at", "updated_at", "id"], name="expense_alive_updated"),
            models.Index(fields=["owner", "updated_at"], name="expense_owner_updated"),
            models.Index(fields=["department", "updated_at"], name="expense_dept_updated"),
            models.Index(fields=["account"], name="expense_account"),
            models.Index(fields=["status", "updated_at"], name="expense_status_updated"),
        ]

    def __str__(self) -> str:
        return self.title


class ExpenseLine(models.Model):
    report = models.ForeignKey(ExpenseReport, on_delete=models.CASCADE, related_name="lines")
    category = PicklistField(_("category"), picklist="expense_category")
    day = models.DateField(_("date"))
    amount = _money(_("amount"), validators=[MinValueValidator(Decimal("0.01"))])
    currency = models.ForeignKey(Currency, verbose_name=_("currency"), on_delete=models.PROTECT, related_name="+")
    amount_company = _money(_("amount (company currency)"), default=0, editable=False)
    description = models.CharField(_("description"), max_length=255, blank=True)
    receipt = models.ForeignKey(
        "core.Attachment", verbose_name=_("invoice"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sort = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["report", "day", "sort", "id"]
        verbose_name = _("expense line")
        verbose_name_plural = _("expense lines")


class AssignmentRule(models.Model):
    """A territory rule: new leads or accounts of a region (and the regions below it) and/or an
    industry go to one person, or in turn to the representatives of a team. The first matching rule
    by order wins."""

    name = models.CharField(_("name"), max_length=120)
    object_type = models.CharField(
        _("applies to"), max_length=20, choices=[("lead", _("Leads")), ("account", _("Accounts"))], default="lead"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)
    region = models.ForeignKey(
        "customers.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty: any region. A province covers its cities."),
    )
    industry = PicklistField(_("industry"), picklist="industry")
    method = models.CharField(_("assign"), max_length=12, choices=AssignMethod.choices, default=AssignMethod.USER)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    team = models.ForeignKey(
        "access.Department",
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    last_assigned = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["object_type", "order", "pk"]
        verbose_name = _("assignment rule")
        verbose_name_plural = _("assignment rules")

    def __str__(self) -> str:
        return self.name


class Transfer(models.Model):
    """A bulk reassignment: one person's customers (and what hangs on them) handed to another, kept
    beside each record's own history."""

    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("from"), on_delete=models.PROTECT, related_name="+"
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("to"), on_delete=models.PROTECT, related_name="+"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    criteria = models.JSONField(_("which"), default=dict, blank=True)
    counts = models.JSONField(_("moved"), default=dict, blank=True)
    reason = models.CharField(_("reason"), max_length=255, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")


class OpportunityRollup(models.Model):
    """Running totals of live deals per stage, owner, department and month (of the expected close
    for open deals, of the close for won and lost ones), kept by the opportunity service on every
    write. They answer the board's column totals and the forecast in a few hundred rows instead of
    a scan of every deal, for those who see every deal; everyone else's figures are counted live."""

    key = models.CharField(max_length=80, unique=True)
    pipeline_id = models.BigIntegerField()
    stage_id = models.BigIntegerField()
    outcome = models.CharField(max_length=4)
    owner_id = models.BigIntegerField(null=True)
    department_id = models.BigIntegerField(null=True)
    month = models.DateField(null=True)
    n = models.BigIntegerField(default=0)
    amount = models.DecimalField(max_digits=20, decimal_places=2, default=0)
    weighted = models.DecimalField(max_digits=20, decimal_places=2, default=0)

    class Meta:
        indexes = [
            models.Index(fields=["pipeline_id", "stage_id"], name="opproll_stage"),
            models.Index(fields=["outcome", "month"], name="opproll_month"),
        ]
