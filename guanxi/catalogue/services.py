"""The catalogue's rules, in one place for pages, the API, imports and workflows: the company currency
and dated exchange rates, products and price books, and the price a customer pays."""

from __future__ import annotations

import datetime
import uuid
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from guanxi.core.actor import Actor
from guanxi.core.money import CENT
from guanxi.records.services import RecordService

from .models import Currency, ExchangeRate, PriceBook, PriceBookEntry, Product


def company_currency() -> str:
    return str(settings.GUANXI_COMPANY_CURRENCY)


def rate_on(currency: str, day: datetime.date) -> Decimal:
    """Units of the company currency one unit of `currency` was worth on `day`: the newest rate on
    or before it (before the first rate, the first one)."""
    if currency == company_currency():
        return Decimal(1)
    rates = ExchangeRate.objects.filter(currency_id=currency)
    rate = rates.filter(on_date__lte=day).order_by("-on_date").values_list("rate", flat=True).first()
    if rate is None:
        rate = rates.order_by("on_date").values_list("rate", flat=True).first()
    if rate is None:
        raise ValidationError(
            {"currency": [_("There is no exchange rate for {currency}; add one first.").format(currency=currency)]}
        )
    return Decimal(rate)


def to_company(amount: Decimal, currency: str, day: datetime.date) -> Decimal:
    return (Decimal(amount) * rate_on(currency, day)).quantize(CENT, ROUND_HALF_UP)


@transaction.atomic
def save_exchange_rate(*, currency: str, on_date: datetime.date, rate: Decimal, actor: Actor) -> ExchangeRate:
    if currency == company_currency():
        raise ValidationError({"currency": [_("The company currency is worth 1 by definition.")]})
    if not Currency.objects.filter(pk=currency).exists():
        raise ValidationError({"currency": [_("Unknown currency.")]})
    row, _created = ExchangeRate.objects.get_or_create(currency_id=currency, on_date=on_date, defaults={"rate": rate})
    row.rate = rate
    row.full_clean()
    row.save()
    return row


def price_for(product: Product, *, currency: str | None = None, level: str = "") -> Decimal:
    """The price of `product` for a customer of `level` in `currency`: the matching active price
    book (a level's own book before the general one), else the list price converted."""
    return prices_for([product], currency=currency, level=level)[product.pk]


def prices_for(products: list[Product], *, currency: str | None = None, level: str = "") -> dict[Any, Decimal]:
    """`price_for` of several products at once: one query for the price books, one rate per currency."""
    currency = currency or company_currency()
    today = timezone.localdate()
    books = PriceBook.objects.filter(currency_id=currency, active=True, deleted_at__isnull=True)
    books = books.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=today))
    books = books.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
    entries = PriceBookEntry.objects.filter(
        product__in=[p.pk for p in products], price_book__in=books.filter(customer_level__in=[level, ""])
    ).order_by("product_id", "-price_book__customer_level")  # the level's own book first
    found: dict[Any, Decimal] = {}
    for product_id, price in entries.values_list("product_id", "price"):
        found.setdefault(product_id, price)
    rates: dict[str, Decimal] = {}

    def rate(code: str) -> Decimal:
        if code not in rates:
            rates[code] = rate_on(code, today)
        return rates[code]

    for product in products:
        if product.pk not in found:
            in_company = (product.list_price * rate(product.currency_id)).quantize(CENT, ROUND_HALF_UP)
            found[product.pk] = (in_company / rate(currency)).quantize(CENT, ROUND_HALF_UP)
    return found


class CurrencyDefaultMixin:
    def _default_currency(self, obj: models.Model) -> None:
        if not getattr(obj, "currency_id", None):
            obj.currency_id = company_currency()  # type: ignore[attr-defined]


class ProductService(CurrencyDefaultMixin, RecordService):
    def prepare(self, obj: models.Model, data: dict[str, Any], *, actor: Actor, creating: bool) -> None:
        super().prepare(obj, data, actor=actor, creating=creating)
        assert isinstance(obj, Product)
        obj.code = obj.code.strip().upper()
        if not obj.code:
            obj.code = f"P-{uuid.uuid4().hex[:10].upper()}"
        self._default_currency(obj)

    def search_text(self, obj: models.Model) -> str:
        assert isinstance(obj, Product)
        return " ".join([obj.code, obj.name, obj.name_en, obj.name_zh_hant])


class PriceBookService(CurrencyDefaultMixin, RecordService):
    def prepare(self, obj: models.Model, data: dict[str, Any], *, actor: Actor, creating: bool) -> None:
        super().prepare(obj, data, actor=actor, creating=creating)
        self._default_currency(obj)

    def validate(self, obj: models.Model, *, actor: Actor, creating: bool) -> None:
        assert isinstance(obj, PriceBook)
        if obj.valid_from and obj.valid_until and obj.valid_until < obj.valid_from:
            raise ValidationError({"valid_until": [_("The end cannot come before the start.")]})


@transaction.atomic
def set_price(*, price_book: PriceBook, product: Product, price: Decimal | None, actor: Actor) -> None:
    """Put a product in a price book at `price` (None takes it out)."""
    if price is None:
        PriceBookEntry.objects.filter(price_book=price_book, product=product).delete()
        return
    entry, _created = PriceBookEntry.objects.get_or_create(
        price_book=price_book, product=product, defaults={"price": price}
    )
    entry.price = price
    entry.full_clean()
    entry.save()
