"""The base model every business object inherits, and the platform's own records: tags, notes,
attachments, notifications, saved views, recently viewed items and the scheduled jobs' state."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import NotificationLevel, Source
from .ids import uuid7
from .text import localized


class AliveManager(models.Manager[Any]):
    """The default manager: soft-deleted rows are invisible everywhere unless asked for."""

    def get_queryset(self) -> models.QuerySet[Any]:
        return super().get_queryset().filter(deleted_at__isnull=True)


class BaseModel(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("last updated"), default=timezone.now, editable=False, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_source = models.CharField(
        _("created via"), max_length=10, choices=Source.choices, default=Source.SYSTEM, editable=False
    )
    updated_source = models.CharField(
        _("updated via"), max_length=10, choices=Source.choices, default=Source.SYSTEM, editable=False
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True, editable=False, db_index=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deleted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    custom = models.JSONField(_("custom fields"), default=dict, blank=True, editable=False)

    objects = AliveManager()
    all_objects = models.Manager()  # noqa: DJ012 - a manager, not a field

    class Meta:
        abstract = True
        base_manager_name = "all_objects"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class OwnedModel(BaseModel):
    """Records with an owner; the owner's department is copied so department scopes need no join."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    department = models.ForeignKey(
        "access.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        abstract = True


class TranslatedName(models.Model):
    """Reference data named in the three languages (categories, pipelines, stages, currencies);
    shown in the reader's language, English when the other is empty."""

    LABEL_FIELDS = ("name_en", "name_zh_hans", "name_zh_hant")

    name_en = models.CharField(_("name (English)"), max_length=120)
    name_zh_hans = models.CharField(_("name (Simplified Chinese)"), max_length=120, blank=True)
    name_zh_hant = models.CharField(_("name (Traditional Chinese)"), max_length=120, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:

        return localized(self.name_en, self.name_zh_hans, self.name_zh_hant)


class RecordLink(models.Model):
    """Columns pointing at any registered record: its object type key and id (stable, no FK per type)."""

    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.UUIDField(_("record"))

    class Meta:
        abstract = True
        indexes = [models.Index(fields=["object_type", "object_id"])]


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)
    color = models.CharField(_("colour"), max_length=7, default="#3b82f6")

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class TagLink(RecordLink):
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="links")

    class Meta:
        unique_together = [("tag", "object_type", "object_id")]
        indexes = [models.Index(fields=["object_type", "object_id"])]


class Note(RecordLink):
    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    body = models.TextField(_("note"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["object_type", "object_id", "created_at"])]
        verbose_name = _("note")
        verbose_name_plural = _("notes")


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"attachments/{instance.object_type}/{instance.object_id}/{uuid.uuid4().hex}"


class Attachment(RecordLink):
    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    file = models.FileField(_("file"), upload_to=attachment_path)
    name = models.CharField(_("name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    content_type = models.CharField(_("content type"), max_length=120, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    level = models.CharField(max_length=10, choices=NotificationLevel.choices, default=NotificationLevel.INFO)
    message = models.CharField(_("message"), max_length=500)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at", "created_at"])]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")


class SavedView(models.Model):
    """A user's named list view: filters, search, sort and columns of one object type."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_views")
    object_type = models.CharField(max_length=60)
    name = models.CharField(_("name"), max_length=100)
    params: models.JSONField[Any, Any] = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        unique_together = [("user", "object_type", "name")]
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")


class RecentItem(RecordLink):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    label = models.CharField(max_length=255)
    viewed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        unique_together = [("user", "object_type", "object_id")]
        indexes = [models.Index(fields=["user", "viewed_at"])]


class JobState(models.Model):
    """Where a scheduled job (registry.Job) stands: when it is next due — moved forward by the
    worker that claims a run, so two workers never run it twice —, how its last run went and how
    often it ran and failed."""

    key = models.CharField(_("job"), max_length=80, unique=True)
    next_due_at = models.DateTimeField(_("next due"), default=timezone.now)
    started_at = models.DateTimeField(_("last started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("last finished"), null=True, blank=True)
    succeeded_at = models.DateTimeField(_("last succeeded"), null=True, blank=True)
    result = models.CharField(_("last result"), max_length=500, blank=True)
    error = models.TextField(_("last error"), blank=True)
    runs = models.PositiveIntegerField(_("runs"), default=0)
    failures = models.PositiveIntegerField(_("failures"), default=0)

    class Meta:
        ordering = ["key"]
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")

    def __str__(self) -> str:
        return self.key
