"""What other apps read from the catalogue."""

from __future__ import annotations

from typing import Any

from django.db import models

from .models import Currency, Product


def products() -> models.QuerySet[Product]:
    """The products outside the recycle bin."""
    return Product.objects.all()


def product(value: Any) -> Product | None:
    """A product given itself or its id; None for an unknown id or one in the recycle bin."""
    if isinstance(value, Product):
        return value
    try:
        return products().filter(pk=value).first() if value else None
    except (ValueError, TypeError, models.ObjectDoesNotExist):
        return None


def is_currency(code: Any) -> bool:
    """Whether `code` (CNY, USD …) names a currency of the catalogue."""
    return isinstance(code, str) and Currency.objects.filter(pk=code).exists()
