"""The choices of the pipeline models."""

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
    OTHERS_CUSTOMER = "others_customer", _("Sales on another owner's customer")
