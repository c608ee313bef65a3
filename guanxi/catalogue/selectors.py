"""What other apps read from the catalogue."""

from __future__ import annotations

from typing import Any

from django.db import models

from .models import Product


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
