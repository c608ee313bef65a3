"""Metadata an administrator edits at run time: custom fields on any object type, and picklists."""

from __future__ import annotations

from typing import Any

import django
from django.db import models
from django.db.utils import DJANGO_VERSION_PICKLE_KEY
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from guanxi.core.models import OwnedModel
from guanxi.core.text import localized

from .choices import FieldType


class TranslatedLabel(models.Model):
    label = models.CharField(_("label (English)"), max_length=120)
    label_zh_hans = models.CharField(_("label (Simplified Chinese)"), max_length=120, blank=True)
    label_zh_hant = models.CharField(_("label (Traditional Chinese)"), max_length=120, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return localized(self.label, self.label_zh_hans, self.label_zh_hant)


class Picklist(models.Model):
    key = models.SlugField(_("key"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["key"]
        verbose_name = _("picklist")
        verbose_name_plural = _("picklists")

    def __str__(self) -> str:
        return self.name


class PicklistOption(TranslatedLabel):
    picklist = models.ForeignKey(Picklist, on_delete=models.CASCADE, related_name="options")
    value = models.CharField(_("value"), max_length=60)
    order = models.PositiveIntegerField(_("order"), default=0)
    color = models.CharField(_("colour"), max_length=7, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["picklist", "order", "value"]
        unique_together = [("picklist", "value")]
        verbose_name = _("picklist option")
        verbose_name_plural = _("picklist options")


class CustomField(TranslatedLabel):
    object_type = models.CharField(_("object type"), max_length=60)
    key = models.SlugField(_("key"), max_length=60, help_text=_("Lower-case letters, digits and underscores."))
    field_type = models.CharField(_("type"), max_length=20, choices=FieldType.choices)
    required = models.BooleanField(_("required"), default=False)
    help_text = models.CharField(_("help text"), max_length=255, blank=True)
    # For choice fields: [{"value": "...", "label": "...", "label_zh_hans": "...", "label_zh_hant": "..."}]
    choices = models.JSONField(_("choices"), default=list, blank=True)
    lookup_object_type = models.CharField(_("lookup object type"), max_length=60, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    show_in_list = models.BooleanField(_("show in lists"), default=False)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["object_type", "order", "key"]
        unique_together = [("object_type", "key")]
        verbose_name = _("custom field")
        verbose_name_plural = _("custom fields")

    def choice_label(self, value: str) -> str:
        lang = get_language() or "en"
        for choice in self.choices:
            if choice.get("value") == value:
                if lang == "zh-hans" and choice.get("label_zh_hans"):
                    return str(choice["label_zh_hans"])
                if lang == "zh-hant" and choice.get("label_zh_hant"):
                    return str(choice["label_zh_hant"])
                return str(choice.get("label") or value)
        return value


class CustomObject(TranslatedLabel):
    """An object type an administrator defines at run time. Its records live in the one shared
    `CustomRecord` table (no schema change); its fields are custom fields of its key; it registers
    like a core object and gets pages, kanban, the API, search, history and the recycle bin."""

    key = models.SlugField(
        _("key"), max_length=40, unique=True, help_text=_("Lower-case letters, digits and underscores; used in URLs.")
    )
    label_plural = models.CharField(_("plural (English)"), max_length=120)
    label_plural_zh_hans = models.CharField(_("plural (Simplified Chinese)"), max_length=120, blank=True)
    label_plural_zh_hant = models.CharField(_("plural (Traditional Chinese)"), max_length=120, blank=True)
    name_label = models.CharField(_("name field (English)"), max_length=120, default="Name")
    name_label_zh_hans = models.CharField(_("name field (Simplified Chinese)"), max_length=120, blank=True)
    name_label_zh_hant = models.CharField(_("name field (Traditional Chinese)"), max_length=120, blank=True)
    # The optional status field: [{"value", "label", "label_zh_hans", "label_zh_hant"}], in board order.
    statuses = models.JSONField(_("statuses"), default=list, blank=True)
    icon = models.CharField(_("icon"), max_length=4, default="◆")
    order = models.PositiveIntegerField(_("menu order"), default=500)
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    class Meta:
        ordering = ["order", "key"]
        verbose_name = _("custom object")
        verbose_name_plural = _("custom objects")

    def plural(self) -> str:
        return localized(self.label_plural, self.label_plural_zh_hans, self.label_plural_zh_hant)

    def name_field_label(self) -> str:
        return localized(self.name_label, self.name_label_zh_hans, self.name_label_zh_hant)

    def status_choices(self) -> list[tuple[str, str]]:
        return [
            (str(s["value"]), localized(s.get("label") or s["value"], s.get("label_zh_hans"), s.get("label_zh_hant")))
            for s in self.statuses
        ]


class CustomRecord(OwnedModel):
    """The records of every custom object, told apart by `object_type`. Each custom object sees
    its own rows through a proxy class (customization.proxies) whose managers filter by type."""

    object_type = models.CharField(_("object type"), max_length=60, editable=False)
    name = models.CharField(_("name"), max_length=255)
    status = models.CharField(_("status"), max_length=60, blank=True, default="")
    search_text = models.TextField(default="", blank=True, editable=False)

    class Meta:
        verbose_name = _("custom record")
        verbose_name_plural = _("custom records")
        indexes = [
            models.Index(fields=["object_type", "updated_at"], name="customrec_type_updated"),
            models.Index(fields=["object_type", "status", "updated_at"], name="customrec_type_status"),
            models.Index(fields=["object_type", "owner"], name="customrec_type_owner"),
            models.Index(fields=["object_type", "department"], name="customrec_type_dept"),
            models.Index(fields=["object_type", "name"], name="customrec_type_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.object_type:
            self.object_type = getattr(type(self), "CUSTOM_KEY", "")
        if not self.object_type:
            raise ValueError("a custom record needs its object type")
        super().save(*args, **kwargs)

    def __reduce__(self) -> Any:
        """Copies and pickles of a custom object's record come back as the same proxy class (Django's
        own way looks the class up in the app registry, which custom objects stay out of)."""
        key = getattr(type(self), "CUSTOM_KEY", None)
        if key is None:
            return super().__reduce__()
        data = self.__getstate__()
        data[DJANGO_VERSION_PICKLE_KEY] = django.__version__
        return (_unpickle_custom_record, (key,), data)


def _unpickle_custom_record(key: str) -> CustomRecord:
    from .proxies import model_for  # noqa: PLC0415 — proxies imports this module

    cls = model_for(key)
    return cls.__new__(cls)
