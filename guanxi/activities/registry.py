"""How activities and work logs register with the platform, and the reminders' periodic job."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _

from guanxi.access.choices import Operation as Op
from guanxi.access.choices import Scope as S
from guanxi.core.registry import (
    Job,
    NavItem,
    ObjectType,
    Page,
    Panel,
    Related,
    add_action,
    add_job,
    add_nav,
    add_page,
    add_panel,
    add_related,
    register,
)
from guanxi.web.pages import page_visible

from . import views
from .actions import ACTIONS
from .models import Activity, WorkLog
from .services import ActivityService, send_due_reminders
from .worklogs import WorkLogService

register(
    ObjectType(
        key="activity",
        model=Activity,
        service=ActivityService(),
        title_field="subject",
        icon="📅",
        order=35,
        list_columns=("subject", "kind", "activity_type", "status", "starts_at", "account", "owner"),
        form_fields=(
            "subject",
            "kind",
            "activity_type",
            "status",
            "starts_at",
            "ends_at",
            "location",
            "account",
            "contact",
            "opportunity",
            "outcome",
            "reminder_minutes",
            "recurrence",
            "recurrence_until",
            "owner",
            "description",
        ),
        detail_fields=(
            "subject",
            "kind",
            "activity_type",
            "status",
            "starts_at",
            "ends_at",
            "location",
            "account",
            "contact",
            "opportunity",
            "outcome",
            "done_at",
            "reminder_minutes",
            "recurrence",
            "recurrence_until",
            "owner",
            "department",
            "description",
            "created_at",
            "updated_at",
        ),
        filter_fields=("kind", "activity_type", "status", "owner", "department", "account", "opportunity"),
        sort_fields=("starts_at", "updated_at", "created_at"),
        default_sort="-starts_at",
        search_fields=("subject",),
        search_covers=("subject", "location", "outcome"),
        stage_field="status",
    )
)

for _key, _columns in (
    ("account", ("subject", "kind", "status", "starts_at", "owner")),
    ("contact", ("subject", "kind", "status", "starts_at", "owner")),
    ("opportunity", ("subject", "kind", "status", "starts_at", "owner")),
):
    add_related(_key, Related("activity", _key, _("Activities"), _columns))

register(
    ObjectType(
        key="work_log",
        model=WorkLog,
        service=WorkLogService(),
        title_field="summary",
        icon="📝",
        order=38,
        list_columns=("day", "summary", "status", "owner", "department", "submitted_at"),
        form_fields=("day", "summary", "plan"),
        detail_fields=(
            "day",
            "summary",
            "plan",
            "status",
            "submitted_at",
            "owner",
            "department",
            "created_at",
            "updated_at",
        ),
        filter_fields=("status", "owner", "department", "day"),
        sort_fields=("day", "updated_at", "created_at"),
        default_sort="-day",
        search_fields=("summary",),
        search_covers=("summary", "plan"),
        extra={"service_fields": ("status", "submitted_at")},
        # A manager reads the team's logs but writes only their own; nobody deletes one.
        default_grants={
            "sales_manager": {
                **dict.fromkeys(Op, S.NONE),
                Op.VIEW: S.SUBTREE,
                Op.CREATE: S.ALL,
                Op.EDIT: S.OWN,
                Op.EXPORT: S.SUBTREE,
            },
            "sales_rep": {**dict.fromkeys(Op, S.NONE), Op.VIEW: S.OWN, Op.CREATE: S.ALL, Op.EDIT: S.OWN},
            "service_agent": {**dict.fromkeys(Op, S.NONE), Op.VIEW: S.OWN, Op.CREATE: S.ALL, Op.EDIT: S.OWN},
        },
    )
)


add_job(Job("activity_reminders", _("Activity reminders"), send_due_reminders, datetime.timedelta(minutes=1)))

for _key, _actions in ACTIONS.items():
    for _action in _actions:
        add_action(_key, _action)


# --- record panels and menu links -----------------------------------------------------------------

add_panel(Panel(views.activity_panel, types=("activity",)))
add_panel(Panel(views.work_log_panel, types=("work_log",)))

add_page(
    Page(
        "activities:calendar",
        _("Calendar"),
        reads={"activity": ("subject", "kind", "status", "starts_at", "ends_at", "location", "account", "owner")},
    )
)

add_nav(
    NavItem(
        "calendar",
        _("Calendar"),
        "activities:calendar",
        icon="🗓",
        order=200,
        visible=page_visible("activities:calendar"),
        active=("activities:calendar",),
    )
)
