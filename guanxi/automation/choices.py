"""Fixed choices of approval processes (labels translated)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProcessKind(models.TextChoices):
    SUBMISSION = "submission", _("Submitted for approval (e.g. an expense report, a discount)")
    CHANGE = "change", _("Edits need approval (e.g. a representative's change to a customer)")


class ApproverKind(models.TextChoices):
    MANAGER = "manager", _("The submitter's manager")
    DEPARTMENT_HEAD = "department_head", _("The head of the submitter's top department")
    ROLE = "role", _("Holders of a role")
    USER = "user", _("A named user")


class StepMode(models.TextChoices):
    ANY = "any", _("Any one of them")
    ALL = "all", _("All of them")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    RECALLED = "recalled", _("Recalled")


class Decision(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    RECALLED = "recalled", _("Recalled")


class ConditionOp(models.TextChoices):
    EQ = "eq", "="
    NE = "ne", "≠"
    GT = "gt", ">"
    GTE = "gte", "≥"
    LT = "lt", "<"
    LTE = "lte", "≤"
    IN = "in", _("is one of")
