"""Fields other apps use to point at the catalogue."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


def currency_field(help_text: Any = None) -> Any:
    """A record's currency; left empty, the service fills it in (the company currency by default)."""
    return models.ForeignKey(
        "catalogue.Currency",
        verbose_name=_("currency"),
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=help_text or _("Empty: the company currency."),
    )
