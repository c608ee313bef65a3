"""The product catalogue: currencies and their dated exchange rates, product categories, products and
price books.

The tables keep the names they had in the sales app these models were split from (sales_…;
see docs/decisions/0005-split-sales-keeping-tables.md)."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from guanxi.core.models import BaseModel, TranslatedName
from guanxi.core.text import localized
from guanxi.core.trees import CachedTree
from guanxi.customization.fields import PicklistField

from .fields import currency_field


class Currency(TranslatedName):
    code = models.CharField(_("code"), max_length=3, primary_key=True, help_text=_("ISO 4217, e.g. CNY"))
    symbol = models.CharField(_("symbol"), max_length=4, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        db_table = "sales_currency"
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
        db_table = "sales_exchangerate"
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
        db_table = "sales_productcategory"
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
        db_table = "sales_product"
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
        db_table = "sales_pricebook"
        verbose_name = _("price book")
        verbose_name_plural = _("price books")

    def __str__(self) -> str:
        return self.name


class PriceBookEntry(models.Model):
    price_book = models.ForeignKey(PriceBook, on_delete=models.CASCADE, related_name="entries")
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="+")
    price = models.DecimalField(_("price"), validators=[MinValueValidator(0)], max_digits=16, decimal_places=2)

    class Meta:
        db_table = "sales_pricebookentry"
        unique_together = [("price_book", "product")]
        verbose_name = _("price book entry")
        verbose_name_plural = _("price book entries")
