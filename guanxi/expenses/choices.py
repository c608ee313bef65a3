"""The choices of the expenses models."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TravelStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    REVIEW = "review", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ExpenseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
