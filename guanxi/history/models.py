"""The change log: one row per write to any registered record, with field-level old and new values."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guanxi.core.choices import Source

from .choices import Action


class ChangeEntry(models.Model):
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.UUIDField(_("record"))
    object_label = models.CharField(_("record name"), max_length=255, blank=True)
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    # {"field": [old, new], "custom.key": [old, new]} with JSON-ready values.
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(_("via"), max_length=10, choices=Source.choices, default=Source.SYSTEM)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "at"]),
            models.Index(fields=["action", "at"]),
        ]
        verbose_name = _("change")
        verbose_name_plural = _("changes")
