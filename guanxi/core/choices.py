"""Fixed choices of the platform (users may not change these; their labels are translated)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    UI = "ui", _("User interface")
    API = "api", _("API")
    IMPORT = "import", _("Import")
    WORKFLOW = "workflow", _("Workflow")
    APPROVAL = "approval", _("Approval")
    SYSTEM = "system", _("System")


class NotificationLevel(models.TextChoices):
    INFO = "info", _("Information")
    WARNING = "warning", _("Warning")
    SUCCESS = "success", _("Success")
