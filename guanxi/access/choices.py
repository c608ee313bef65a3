"""Operations and scopes of the role model (fixed by the access layer, labels translated)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Operation(models.TextChoices):
    VIEW = "view", _("View")
    CREATE = "create", _("Create")
    EDIT = "edit", _("Edit")
    DELETE = "delete", _("Delete")
    EXPORT = "export", _("Export")
    IMPORT = "import", _("Import")
    ASSIGN = "assign", _("Assign")
    APPROVE = "approve", _("Approve")


class Scope(models.IntegerChoices):
    # Ordered: a larger value grants everything a smaller one does.
    NONE = 0, _("None")
    OWN = 10, _("Own records")
    DEPARTMENT = 20, _("Own department")
    SUBTREE = 30, _("Department and sub-departments")
    REGION = 40, _("Department, sub-departments and own territories")
    ALL = 50, _("All records")


class Language(models.TextChoices):
    EN = "en", "English"
    ZH_HANS = "zh-hans", "简体中文"
    ZH_HANT = "zh-hant", "繁體中文"
