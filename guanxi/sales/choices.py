from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Outcome(models.TextChoices):
    OPEN = "open", pgettext_lazy("deal outcome", "Open")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")


class ConflictReason(models.TextChoices):
    SAME_NAME = "same_name", _("Same company name")
    SAME_PHONE = "same_phone", _("Same phone")
    SAME_EMAIL = "same_email", _("Same email")
    OTHERS_CUSTOMER = "others_customer", _("Deal on another owner's customer")


class ActivityKind(models.TextChoices):
    TASK = "task", _("Task")
    CALL = "call", _("Call")
    MEETING = "meeting", _("Meeting")
    VISIT = "visit", _("Visit")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Recurrence(models.TextChoices):
    DAILY = "daily", _("Every day")
    WEEKLY = "weekly", _("Every week")
    MONTHLY = "monthly", _("Every month")
