"""Sales targets (销售目标) per person, department or company and period.

The tables keep the names they had in the sales app these models were split from (sales_…;
see docs/decisions/0005-split-sales-keeping-tables.md)."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guanxi.core.models import OwnedModel
from guanxi.core.money import money_field

from .choices import PeriodKind, TargetMetric, TargetScope


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
    value = money_field(pgettext_lazy("sales target", "target"), validators=[MinValueValidator(0)])
    notes = models.TextField(_("notes"), blank=True)
    search_text = models.TextField(blank=True, default="", editable=False)

    class Meta:
        db_table = "sales_target"
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
