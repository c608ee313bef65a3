"""Metadata an administrator edits at run time: custom fields on any object type, and picklists."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

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
