"""The choices of the targets models."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TargetMetric(models.TextChoices):
    WON_AMOUNT = "won_amount", _("Won deals (amount)")
    WON_COUNT = "won_count", _("Won deals (number)")
    RECEIVED = "received", _("Payments received")
    NEW_CUSTOMERS = "new_customers", _("New customers")


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


class TargetScope(models.TextChoices):
    USER = "user", _("A person")
    DEPARTMENT = "department", _("A department")
    COMPANY = "company", _("The company")
