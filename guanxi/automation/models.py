"""Approval processes (configuration) and approval requests (one per submission or proposed change)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guanxi.core.text import localized

from .choices import ApproverKind, Decision, ProcessKind, RequestStatus, StepMode


class ApprovalProcess(models.Model):
    """Which records need approval, and who approves them, step by step."""

    name = models.CharField(_("name"), max_length=120)
    name_zh_hans = models.CharField(_("name (Simplified Chinese)"), max_length=120, blank=True)
    name_zh_hant = models.CharField(_("name (Traditional Chinese)"), max_length=120, blank=True)
    object_type = models.CharField(_("object type"), max_length=60)
    kind = models.CharField(_("kind"), max_length=12, choices=ProcessKind.choices, default=ProcessKind.SUBMISSION)
    # [{"field": "discount", "op": "gt", "value": "15"}], all must hold; empty: every record.
    conditions = models.JSONField(_("entry conditions"), default=list, blank=True)
    # Change approval: edits to these fields need approval (empty: any field).
    fields = models.JSONField(_("fields"), default=list, blank=True)
    # Change approval applies to editors holding one of these roles (empty: every editor without `approve`).
    roles = models.ManyToManyField("access.Role", verbose_name=_("editors' roles"), blank=True, related_name="+")
    # Field values written when the record is submitted, approved or rejected/recalled (e.g. a status).
    on_submit = models.JSONField(_("values on submission"), default=dict, blank=True)
    on_approve = models.JSONField(_("values on approval"), default=dict, blank=True)
    on_reject = models.JSONField(_("values on rejection or recall"), default=dict, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["object_type", "order", "pk"]
        verbose_name = _("approval process")
        verbose_name_plural = _("approval processes")

    def __str__(self) -> str:
        return localized(self.name, self.name_zh_hans, self.name_zh_hant)


class ApprovalStep(models.Model):
    process = models.ForeignKey(ApprovalProcess, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    approver_kind = models.CharField(_("approver"), max_length=20, choices=ApproverKind.choices)
    role = models.ForeignKey(
        "access.Role", verbose_name=_("role"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    mode = models.CharField(_("decision"), max_length=4, choices=StepMode.choices, default=StepMode.ANY)

    class Meta:
        ordering = ["process", "order", "pk"]
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")


class ApprovalRequest(models.Model):
    process = models.ForeignKey(ApprovalProcess, on_delete=models.PROTECT, related_name="requests")
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.UUIDField(_("record"))
    object_label = models.CharField(_("record name"), max_length=255, blank=True)
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    step = models.PositiveSmallIntegerField(_("step"), default=1)
    # Who decides the current step, fixed when the step starts (an org change later does not move it).
    approvers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("approvers"), blank=True, related_name="approvals_to_decide"
    )
    # A change waiting for approval: {field: new value} (custom fields under "custom").
    changes = models.JSONField(_("proposed changes"), default=dict, blank=True)
    base_version = models.PositiveIntegerField(default=1)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("submitted"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "status"]),
            models.Index(fields=["status", "created_at"]),
        ]
        constraints = [
            # At most one pending request per record: the record is locked while it waits.
            models.UniqueConstraint(
                fields=["object_type", "object_id"],
                condition=models.Q(status="pending"),
                name="one_pending_approval_per_record",
            )
        ]
        verbose_name = _("approval request")
        verbose_name_plural = _("approval requests")

    def __str__(self) -> str:
        return f"{self.process} · {self.object_label}"


class ApprovalAction(models.Model):
    """The trail: who submitted, approved, rejected or recalled, at which step, with what comment."""

    request = models.ForeignKey(ApprovalRequest, on_delete=models.CASCADE, related_name="actions")
    step = models.PositiveSmallIntegerField(_("step"), default=0)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("approval action")
        verbose_name_plural = _("approval actions")
