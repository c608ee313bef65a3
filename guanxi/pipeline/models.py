"""Pipelines and their stages, opportunities (商机) with their product lines, competitors, contact
roles and stage history, ownership conflicts, and the running totals behind the board and forecast.

The tables keep the names they had in the sales app these models were split from (sales_…;
see docs/decisions/0005-split-sales-keeping-tables.md)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guanxi.catalogue.fields import currency_field
from guanxi.core.models import OwnedModel, TranslatedName
from guanxi.customization.fields import PicklistField

from .choices import ConflictReason, Outcome


class Pipeline(TranslatedName):
    """A sales process for one business line, with its ordered stages."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    is_default = models.BooleanField(_("default"), default=False)
    active = models.BooleanField(_("active"), default=True)
    sort = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "sales_pipeline"
        ordering = ["sort", "key"]
        verbose_name = _("pipeline")
        verbose_name_plural = _("pipelines")

    @classmethod
    def choice_tree(cls) -> list[tuple[int, str]]:
        return [(p.pk, str(p)) for p in cls.objects.filter(active=True)]


class Stage(TranslatedName):
    pipeline = models.ForeignKey(Pipeline, verbose_name=_("pipeline"), on_delete=models.CASCADE, related_name="stages")
    key = models.SlugField(_("key"), max_length=40)
    sort = models.PositiveIntegerField(_("order"), default=0)
    probability = models.PositiveSmallIntegerField(
        _("default probability (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    outcome = models.CharField(_("outcome"), max_length=4, choices=Outcome.choices, default=Outcome.OPEN)
    folded = models.BooleanField(_("folded on the board"), default=False)
    # Opportunity fields that must be filled before a deal may enter this stage.
    required_fields = models.JSONField(_("required fields"), default=list, blank=True)

    class Meta:
        db_table = "sales_stage"
        ordering = ["pipeline", "sort"]
        unique_together = [("pipeline", "key")]
        verbose_name = _("stage")
        verbose_name_plural = _("stages")

    @classmethod
    def choice_tree(cls) -> list[tuple[int, str]]:
        """Every stage, labelled with its pipeline when there are several."""
        stages = list(cls.objects.filter(pipeline__active=True).select_related("pipeline"))
        several = len({s.pipeline_id for s in stages}) > 1
        return [(s.pk, f"{s.pipeline} · {s}" if several else str(s)) for s in stages]


class Opportunity(OwnedModel):
    """A deal (商机 / 项目) with one account, moving through the stages of its pipeline."""

    LABEL_FIELDS = ("name",)

    name = models.CharField(_("name"), max_length=200)
    account = models.ForeignKey(
        "customers.Account", verbose_name=_("account"), on_delete=models.PROTECT, related_name="opportunities"
    )
    contact = models.ForeignKey(
        "customers.Contact",
        verbose_name=_("main contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Empty on a new deal: the default pipeline and its first stage.
    pipeline = models.ForeignKey(
        Pipeline, verbose_name=_("pipeline"), blank=True, on_delete=models.PROTECT, related_name="+"
    )
    stage = models.ForeignKey(Stage, verbose_name=_("stage"), blank=True, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(
        _("outcome"), max_length=4, choices=Outcome.choices, default=Outcome.OPEN, editable=False
    )
    amount = models.DecimalField(
        _("amount"), validators=[MinValueValidator(0)], default=Decimal("0"), max_digits=16, decimal_places=2
    )
    currency = currency_field()
    # The amount in the company currency at the rate of the expected close date, and weighted by
    # the probability: what pipeline totals and forecasts add up.
    amount_company = models.DecimalField(
        _("amount (company currency)"), default=0, editable=False, max_digits=16, decimal_places=2
    )
    weighted_amount = models.DecimalField(
        _("weighted amount"), default=0, editable=False, max_digits=16, decimal_places=2
    )
    probability = models.PositiveSmallIntegerField(
        _("probability (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    expected_close = models.DateField(_("expected close date"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    source = PicklistField(_("source"), picklist="lead_source")
    lead = models.ForeignKey(
        "customers.Lead",
        verbose_name=_("from lead"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lost_reason = PicklistField(_("lost reason"), picklist="lost_reason")
    next_step = models.CharField(_("next step"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    stage_changed_at = models.DateTimeField(_("in stage since"), default=timezone.now, editable=False)
    search_text = models.TextField(blank=True, default="", editable=False)

    class Meta:
        db_table = "sales_opportunity"
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        indexes = [
            models.Index(fields=["deleted_at", "updated_at", "id"], name="opp_alive_updated"),
            models.Index(fields=["stage", "updated_at"], name="opp_stage_updated"),
            models.Index(fields=["pipeline", "outcome", "expected_close"], name="opp_pipeline_close"),
            models.Index(fields=["outcome", "expected_close"], name="opp_outcome_close"),
            models.Index(fields=["outcome", "closed_on"], name="opp_outcome_closed"),
            models.Index(fields=["outcome", "amount_company"], name="opp_outcome_amount"),  # deals at risk
            models.Index(fields=["account", "updated_at"], name="opp_account_updated"),
            models.Index(fields=["owner", "updated_at"], name="opp_owner_updated"),
            models.Index(fields=["department", "updated_at"], name="opp_dept_updated"),
            models.Index(fields=["name"], name="opp_name"),
        ]

    def __str__(self) -> str:
        return self.name


class OpportunityLine(models.Model):
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        "catalogue.Product", verbose_name=_("product"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.DecimalField(
        _("quantity"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    unit_price = models.DecimalField(
        _("unit price"), validators=[MinValueValidator(0)], max_digits=16, decimal_places=2
    )
    discount = models.DecimalField(
        _("discount (%)"),
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    total = models.DecimalField(_("total"), default=0, editable=False, max_digits=16, decimal_places=2)
    sort = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "sales_opportunityline"
        ordering = ["opportunity", "sort", "id"]
        verbose_name = _("product line")
        verbose_name_plural = _("product lines")


class OpportunityCompetitor(models.Model):
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="competitors")
    competitor = models.ForeignKey(
        "customers.Account", verbose_name=_("competitor"), on_delete=models.CASCADE, related_name="+"
    )
    strengths = models.TextField(_("strengths"), blank=True)
    weaknesses = models.TextField(_("weaknesses"), blank=True)

    class Meta:
        db_table = "sales_opportunitycompetitor"
        unique_together = [("opportunity", "competitor")]
        verbose_name = _("competitor")
        verbose_name_plural = _("competitors")


class StageChange(models.Model):
    """One move of an opportunity between stages, with the time spent in the stage it left."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.ForeignKey(Stage, null=True, on_delete=models.SET_NULL, related_name="+")
    to_stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    seconds_in_previous = models.PositiveBigIntegerField(null=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        db_table = "sales_stagechange"
        ordering = ["opportunity", "at", "id"]
        indexes = [models.Index(fields=["to_stage", "at"], name="stagechange_to_at")]


class OwnershipConflict(models.Model):
    """A new account or deal that touches a customer someone else owns: kept for the managers to
    settle, so two representatives do not fight over one customer unseen."""

    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.UUIDField(_("record"))
    label = models.CharField(_("record"), max_length=255)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    customer = models.ForeignKey(
        "customers.Account", verbose_name=_("customer"), on_delete=models.CASCADE, related_name="+"
    )
    customer_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("customer's owner"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ConflictReason.choices)
    created_at = models.DateTimeField(_("found"), default=timezone.now)
    resolved_at = models.DateTimeField(_("settled"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.CharField(_("how it was settled"), max_length=255, blank=True)

    class Meta:
        db_table = "sales_ownershipconflict"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="conflict_record"),
            models.Index(fields=["resolved_at", "created_at"], name="conflict_open"),
        ]
        verbose_name = _("ownership conflict")
        verbose_name_plural = _("ownership conflicts")


class OpportunityContact(models.Model):
    """A contact's role in a deal (decision maker, influencer, …)."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="contact_roles")
    contact = models.ForeignKey(
        "customers.Contact", verbose_name=_("contact"), on_delete=models.CASCADE, related_name="+"
    )
    role = PicklistField(_("role"), picklist="deal_role")

    class Meta:
        db_table = "sales_opportunitycontact"
        unique_together = [("opportunity", "contact")]
        verbose_name = _("contact role")
        verbose_name_plural = _("contact roles")


class OpportunityRollup(models.Model):
    """Running totals of live deals per stage, owner, department and month (of the expected close
    for open deals, of the close for won and lost ones), kept by the opportunity service on every
    write. They answer the board's column totals and the forecast in a few hundred rows instead of
    a scan of every deal, for those who see every deal; everyone else's figures are counted live."""

    key = models.CharField(max_length=80, unique=True)
    pipeline_id = models.BigIntegerField()
    stage_id = models.BigIntegerField()
    outcome = models.CharField(max_length=4)
    owner_id = models.BigIntegerField(null=True)
    department_id = models.BigIntegerField(null=True)
    month = models.DateField(null=True)
    n = models.BigIntegerField(default=0)
    amount = models.DecimalField(max_digits=20, decimal_places=2, default=0)
    weighted = models.DecimalField(max_digits=20, decimal_places=2, default=0)

    class Meta:
        db_table = "sales_opportunityrollup"
        indexes = [
            models.Index(fields=["pipeline_id", "stage_id"], name="opproll_stage"),
            models.Index(fields=["outcome", "month"], name="opproll_month"),
        ]
