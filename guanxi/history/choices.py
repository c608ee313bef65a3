from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    CREATED = "created", _("Created")
    UPDATED = "updated", _("Updated")
    DELETED = "deleted", _("Deleted")
    RESTORED = "restored", _("Restored")
    MERGED = "merged", _("Merged")
    CONVERTED = "converted", _("Converted")
    PURGED = "purged", _("Purged")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    RECALLED = "recalled", _("Recalled")
