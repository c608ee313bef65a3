"""Quotes → orders → invoices → payments (报价 → 订单 → 发票 → 收款), contracts, and the numbering of
them all.

The tables keep the names they had in the sales app these models were split from (sales_…;
see docs/decisions/0005-split-sales-keeping-tables.md)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guanxi.catalogue.fields import currency_field
from guanxi.core.models import OwnedModel
from guanxi.core.money import money_field
from guanxi.customization.fields import PicklistField

from .choices import ContractStatus, InvoiceStatus, OrderStatus, QuoteStatus


class DocumentCounter(models.Model):
    """The last number given to a kind of document in a year (QT-2026-000042)."""

    prefix = models.CharField(max_length=8)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "sales_documentcounter"
        unique_together = [("prefix", "year")]


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
        "pipeline.Opportunity",
        verbose_name=_("opportunity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    currency = currency_field()
    subtotal = money_field(_("before discount"), default=0, editable=False)
    discount_amount = money_field(_("discount"), default=0, editable=False)
    tax_amount = money_field(_("tax"), default=0, editable=False)
    total = money_field(_("total"), default=0, editable=False)
    total_company = money_field(_("total (company currency)"), default=0, editable=False)
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

    product = models.ForeignKey(
        "catalogue.Product", verbose_name=_("product"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.CharField(_("description"), max_length=255, blank=True)
    quantity = models.DecimalField(
        _("quantity"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    unit_price = money_field(_("unit price"), validators=[MinValueValidator(0)])
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
    unit_cost = money_field(_("unit cost"), null=True, blank=True, editable=False)
    net = money_field(_("net"), default=0, editable=False)
    tax = money_field(_("tax"), default=0, editable=False)
    total = money_field(_("total"), default=0, editable=False)
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
        db_table = "sales_quote"
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
        db_table = "sales_quoteline"
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
        db_table = "sales_salesorder"
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
        db_table = "sales_orderline"
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
        "pipeline.Opportunity",
        verbose_name=_("opportunity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contract_type = PicklistField(_("contract type"), picklist="contract_type")
    status = models.CharField(_("status"), max_length=12, choices=ContractStatus.choices, default=ContractStatus.DRAFT)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    value = money_field(_("contract value"), validators=[MinValueValidator(0)], default=0)
    currency = currency_field()
    value_company = money_field(_("value (company currency)"), default=0, editable=False)
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
        db_table = "sales_contract"
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
    amount = money_field(
        _("amount"),
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Empty: the order's total."),
    )
    currency = currency_field(_("Empty: the order's or the company currency."))
    status = models.CharField(_("status"), max_length=12, choices=InvoiceStatus.choices, default=InvoiceStatus.OPEN)
    paid_amount = money_field(_("received"), default=0, editable=False)
    balance = money_field(_("balance"), default=0, editable=False)
    balance_company = money_field(_("balance (company currency)"), default=0, editable=False)
    amount_company = money_field(_("amount (company currency)"), default=0, editable=False)
    paid_on = models.DateField(_("paid in full on"), null=True, blank=True, editable=False)
    notes = models.TextField(_("notes"), blank=True)
    search_text = models.TextField(blank=True, default="", editable=False)

    class Meta:
        db_table = "sales_invoice"
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
    amount = money_field(_("amount"), validators=[MinValueValidator(Decimal("0.01"))])
    currency = currency_field(_("Empty: the invoice's currency."))
    amount_company = money_field(_("amount (company currency)"), default=0, editable=False)
    method = PicklistField(_("method"), picklist="payment_method")
    reference = models.CharField(_("reference"), max_length=80, blank=True, help_text=_("Bank slip or cheque number."))
    notes = models.TextField(_("notes"), blank=True)
    search_text = models.TextField(blank=True, default="", editable=False)

    class Meta:
        db_table = "sales_payment"
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
