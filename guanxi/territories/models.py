"""Territories: assignment rules that give new leads and accounts an owner, and the transfers of a
representative's customers and work to another.

The tables keep the names they had in the sales app these models were split from (sales_…;
see docs/decisions/0005-split-sales-keeping-tables.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guanxi.customization.fields import PicklistField

from .choices import AssignMethod


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
        db_table = "sales_assignmentrule"
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
        db_table = "sales_transfer"
        ordering = ["-at"]
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
