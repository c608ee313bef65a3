"""The customer hub: accounts (with hierarchy), contacts, leads, contact points, regions and the
interactions that make up one timeline per customer."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from guanxi.core.models import OwnedModel
from guanxi.core.trees import CachedTree
from guanxi.customization.fields import PicklistField

from .choices import (
    AccountKind,
    AccountType,
    AddressOrder,
    Channel,
    Consent,
    Direction,
    LeadStatus,
    Lifecycle,
    PointKind,
    RegionKind,
)


class Region(CachedTree, models.Model):
    """Countries, China's provinces and prefecture-level cities, and administrators' own sales regions."""

    LABEL_FIELDS = ("name_en", "name_zh_hans", "name_zh_hant")

    code = models.CharField(_("code"), max_length=20, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=RegionKind.choices)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_zh_hans = models.CharField(_("name (Simplified Chinese)"), max_length=120)
    name_zh_hant = models.CharField(_("name (Traditional Chinese)"), max_length=120)
    sort = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort", "code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        lang = get_language() or "en"
        if lang == "zh-hans":
            return self.name_zh_hans
        if lang == "zh-hant":
            return self.name_zh_hant
        return self.name_en

    @classmethod
    def _ordered_roots(cls, roots: list[Any]) -> list[Any]:
        """Sales regions first, then China (its provinces, each followed by its cities), then the
        other countries."""
        return [r for r in roots if r.kind == RegionKind.SALES] + [r for r in roots if r.kind != RegionKind.SALES]


class Account(OwnedModel):
    LABEL_FIELDS = ("name",)

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=AccountKind.choices, default=AccountKind.ORGANISATION)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    account_type = models.CharField(_("type"), max_length=12, choices=AccountType.choices, default=AccountType.PROSPECT)
    lifecycle_stage = models.CharField(
        _("lifecycle stage"), max_length=20, choices=Lifecycle.choices, default=Lifecycle.PROSPECT
    )
    lifecycle_changed_at = models.DateTimeField(_("stage since"), default=timezone.now, editable=False)
    level = PicklistField(_("level"), picklist="account_level")
    industry = PicklistField(_("industry"), picklist="industry")
    source = PicklistField(_("source"), picklist="lead_source")
    credit_rating = PicklistField(_("credit rating"), picklist="credit_rating")
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction (1–5)"), null=True, blank=True, choices=[(i, str(i)) for i in range(1, 6)]
    )
    preferred_channel = models.CharField(_("preferred channel"), max_length=10, choices=Channel.choices, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    # Denormalised from contact points so lists show them without a join.
    primary_phone = models.CharField(_("phone"), max_length=40, blank=True, editable=False)
    primary_email = models.CharField(_("email"), max_length=254, blank=True, editable=False)
    search_text = models.TextField(blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        indexes = [
            models.Index(fields=["deleted_at", "updated_at", "id"], name="acct_alive_updated"),
            models.Index(fields=["region", "level", "updated_at"], name="acct_region_level"),
            # Level + newest first: a region filter names a dozen cities, which no index returns in
            # date order; walking this one and checking the region is 3–5× faster at 1M accounts.
            models.Index(fields=["level", "updated_at"], name="acct_level_updated"),
            models.Index(fields=["owner", "updated_at"], name="acct_owner_updated"),
            models.Index(fields=["department", "updated_at"], name="acct_dept_updated"),
            models.Index(fields=["lifecycle_stage", "updated_at"], name="acct_stage_updated"),
            models.Index(fields=["account_type", "updated_at"], name="acct_type_updated"),
            # Partial: most accounts have no parent, and a full index on a mostly-NULL column looks
            # useless to SQLite's planner, which then scans the table for a group's subsidiaries.
            models.Index(fields=["parent"], name="acct_parent", condition=models.Q(parent__isnull=False)),
            models.Index(fields=["name"], name="acct_name"),
        ]

    def __str__(self) -> str:
        return self.name


class LifecycleChange(models.Model):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="lifecycle_changes")
    stage = models.CharField(_("stage"), max_length=20, choices=Lifecycle.choices)
    previous = models.CharField(_("previous stage"), max_length=20, choices=Lifecycle.choices, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-at"]


class Contact(OwnedModel):
    name = models.CharField(_("name"), max_length=120)
    account = models.ForeignKey(
        Account,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="primary_contacts",
    )
    title = models.CharField(_("job title"), max_length=120, blank=True)
    department_name = models.CharField(_("department (at the customer)"), max_length=120, blank=True)
    birthday = models.DateField(_("birthday"), null=True, blank=True)
    preferences = models.TextField(_("preferences"), blank=True)
    preferred_channel = models.CharField(_("preferred channel"), max_length=10, choices=Channel.choices, blank=True)
    primary_phone = models.CharField(_("phone"), max_length=40, blank=True, editable=False)
    primary_email = models.CharField(_("email"), max_length=254, blank=True, editable=False)
    search_text = models.TextField(blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [
            models.Index(fields=["deleted_at", "updated_at", "id"], name="contact_alive_updated"),
            models.Index(fields=["account", "updated_at"], name="contact_account"),
            models.Index(fields=["owner", "updated_at"], name="contact_owner"),
            models.Index(fields=["department", "updated_at"], name="contact_dept"),
        ]

    def __str__(self) -> str:
        return self.name


class AccountContact(models.Model):
    """A contact's link to an account, with the role the person plays there."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="contact_links")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="account_links")
    role = models.CharField(_("role"), max_length=120, blank=True)

    class Meta:
        unique_together = [("account", "contact")]
        verbose_name = _("account contact")
        verbose_name_plural = _("account contacts")


class Lead(OwnedModel):
    name = models.CharField(_("name"), max_length=120)
    company = models.CharField(_("company"), max_length=200, blank=True)
    title = models.CharField(_("job title"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    source = PicklistField(_("source"), picklist="lead_source")
    status = models.CharField(_("status"), max_length=12, choices=LeadStatus.choices, default=LeadStatus.NEW)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    industry = PicklistField(_("industry"), picklist="industry")
    description = models.TextField(_("description"), blank=True)
    converted_account = models.ForeignKey(
        Account,
        verbose_name=_("converted to account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    converted_contact = models.ForeignKey(
        Contact,
        verbose_name=_("converted to contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    converted_at = models.DateTimeField(_("converted"), null=True, blank=True, editable=False)
    search_text = models.TextField(blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        indexes = [
            models.Index(fields=["deleted_at", "updated_at", "id"], name="lead_alive_updated"),
            models.Index(fields=["status", "updated_at"], name="lead_status"),
            models.Index(fields=["owner", "updated_at"], name="lead_owner"),
            models.Index(fields=["department", "updated_at"], name="lead_dept"),
        ]

    def __str__(self) -> str:
        return self.name


class ContactPoint(models.Model):
    """A phone, email, fax, address or messaging id of an account, contact or lead."""

    id = models.BigAutoField(primary_key=True)
    object_type = models.CharField(max_length=20)  # account, contact or lead
    object_id = models.UUIDField()
    kind = models.CharField(_("kind"), max_length=10, choices=PointKind.choices)
    label = models.CharField(_("label"), max_length=60, blank=True)
    value = models.CharField(_("value"), max_length=500)  # as the user typed it, or the formatted address
    normalized = models.CharField(max_length=500, blank=True)  # E.164, lower-cased email, the messaging id
    is_primary = models.BooleanField(_("primary"), default=False)
    is_valid = models.BooleanField(_("valid"), default=True)
    invalid_reason = models.CharField(_("why invalid"), max_length=200, blank=True)
    invalid_since = models.DateTimeField(_("invalid since"), null=True, blank=True)
    opted_out = models.BooleanField(_("opted out"), default=False)
    consent = models.CharField(_("consent"), max_length=10, choices=Consent.choices, default=Consent.UNKNOWN)
    consent_at = models.DateTimeField(_("consent recorded"), null=True, blank=True)
    # Postal addresses.
    address_order = models.CharField(
        _("address order"), max_length=8, choices=AddressOrder.choices, default=AddressOrder.CHINESE
    )
    country = models.CharField(_("country"), max_length=80, blank=True)
    province = models.CharField(_("province / state"), max_length=80, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    district = models.CharField(_("district"), max_length=80, blank=True)
    street = models.CharField(_("street"), max_length=255, blank=True)
    postcode = models.CharField(_("postcode"), max_length=20, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-is_primary", "kind", "id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="cp_owner"),
            models.Index(fields=["normalized", "object_type"], name="cp_lookup"),
        ]
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")

    def __str__(self) -> str:
        return self.value


class Interaction(OwnedModel):
    """One touch with a customer on any channel; the owner is who logged it."""

    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="interactions"
    )
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interactions",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.PHONE)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.OUTBOUND)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("details"), blank=True)
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    participants = models.CharField(_("participants"), max_length=500, blank=True)
    # A record of another module this touch belongs to (a ticket, an order, a campaign message …).
    related_type = models.CharField(max_length=60, blank=True, editable=False)
    related_id = models.UUIDField(null=True, blank=True, editable=False)
    search_text = models.TextField(blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        indexes = [
            models.Index(fields=["account", "occurred_at"], name="inter_account_time"),
            models.Index(fields=["contact", "occurred_at"], name="inter_contact_time"),
            models.Index(fields=["deleted_at", "updated_at", "id"], name="inter_alive_updated"),
            models.Index(fields=["owner", "occurred_at"], name="inter_owner_time"),
        ]

    def __str__(self) -> str:
        return self.subject
