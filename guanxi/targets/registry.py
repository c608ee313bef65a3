"""How sales targets and their page register with the platform."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from guanxi.access.choices import Operation as Op
from guanxi.access.choices import Scope as S
from guanxi.core.registry import ObjectType, Page, add_page, register

from .models import Target
from .services import TargetService

register(
    ObjectType(
        key="target",
        model=Target,
        service=TargetService(),
        icon="🎯",
        order=75,
        list_columns=("name", "metric", "period", "starts_on", "value", "scope", "owner", "team"),
        form_fields=("name", "scope", "owner", "team", "metric", "period", "starts_on", "value", "notes"),
        detail_fields=(
            "name",
            "scope",
            "owner",
            "team",
            "metric",
            "period",
            "starts_on",
            "ends_on",
            "value",
            "department",
            "notes",
            "created_at",
            "updated_at",
        ),
        filter_fields=("scope", "metric", "period", "owner", "team", "department"),
        sort_fields=("starts_on", "updated_at", "created_at", "value", "name"),
        default_sort="-starts_on",
        search_fields=("name",),
        # A representative reads their own targets, which their managers set; an agent has none.
        default_grants={
            "sales_rep": {**dict.fromkeys(Op, S.NONE), Op.VIEW: S.OWN, Op.EXPORT: S.OWN},
            "service_agent": dict.fromkeys(Op, S.NONE),
        },
    )
)

add_page(
    Page(
        "targets:targets",
        _("Targets"),
        reads={
            "target": ("name", "scope", "owner", "team", "metric", "period", "starts_on", "value"),
            "opportunity": ("amount", "outcome", "closed_on"),
            "payment": ("amount", "received_on"),
        },
    )
)
