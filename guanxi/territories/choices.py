"""The choices of the territories models."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AssignMethod(models.TextChoices):
    USER = "user", _("To one person")
    ROUND_ROBIN = "round_robin", _("In turn among a team's representatives")
