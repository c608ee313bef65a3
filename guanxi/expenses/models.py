"""Travel plans (出差计划) and expense reports (报销单) with their lines and receipts.

The tables keep the names they had in the sales app these models were split from (sales_…;
see docs/decisions/0005-split-sales-keeping-tables.md)."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from guanxi.core.models import OwnedModel
from guanxi.core.money import money_field
from guanxi.customization.fields import PicklistField

from .choices import ExpenseStatus, TravelStatus


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
    budget = money_field(_("budget"), null=True, blank=True, validators=[MinValueValidator(0)])
    search_text = models.TextField(blank=True, default="", editable=False)

    class Meta:
        db_table = "sales_travelplan"
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
        db_table = "sales_travellink"
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
    total = money_field(_("total (company currency)"), default=0, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    notes = models.TextField(_("notes"), blank=True)
    search_text = models.TextField(blank=True, default="", editable=False)

    class Meta:
        db_table = "sales_expensereport"
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
    amount = money_field(_("amount"), validators=[MinValueValidator(Decimal("0.01"))])
    currency = models.ForeignKey(
        "catalogue.Currency", verbose_name=_("currency"), on_delete=models.PROTECT, related_name="+"
    )
    amount_company = money_field(_("amount (company currency)"), default=0, editable=False)
    description = models.CharField(_("description"), max_length=255, blank=True)
    receipt = models.ForeignKey(
        "core.Attachment", verbose_name=_("invoice"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sort = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "sales_expenseline"
        ordering = ["report", "day", "sort", "id"]
        verbose_name = _("expense line")
        verbose_name_plural = _("expense lines")
