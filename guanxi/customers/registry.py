"""How the customer hub's objects register with the platform."""

from django.utils.translation import gettext_lazy as _

from guanxi.access.choices import Operation as Op
from guanxi.access.choices import Scope as S
from guanxi.access.scoping import is_administrator
from guanxi.core.registry import NavItem, ObjectType, Related, add_action, add_nav, register

from .actions import ACTIONS
from .models import Account, Contact, Interaction, Lead
from .selectors import by_email, by_phone
from .services import AccountService, ContactService, InteractionService, LeadService

register(
    ObjectType(
        key="account",
        model=Account,
        service=AccountService(),
        icon="🏢",
        order=10,
        list_columns=(
            "name",
            "account_type",
            "lifecycle_stage",
            "level",
            "region",
            "primary_phone",
            "owner",
            "updated_at",
        ),
        form_fields=(
            "name",
            "kind",
            "parent",
            "account_type",
            "lifecycle_stage",
            "level",
            "industry",
            "source",
            "region",
            "credit_rating",
            "satisfaction",
            "preferred_channel",
            "website",
            "owner",
            "description",
        ),
        detail_fields=(
            "name",
            "kind",
            "parent",
            "account_type",
            "lifecycle_stage",
            "lifecycle_changed_at",
            "level",
            "industry",
            "source",
            "region",
            "credit_rating",
            "satisfaction",
            "preferred_channel",
            "website",
            "primary_phone",
            "primary_email",
            "owner",
            "department",
            "description",
            "created_at",
            "updated_at",
        ),
        filter_fields=(
            "account_type",
            "lifecycle_stage",
            "level",
            "industry",
            "source",
            "region",
            "owner",
            "department",
            "kind",
            "parent",
        ),
        sort_fields=("updated_at", "created_at", "name"),
        search_fields=("name",),
        search_covers=("name", "website", "primary_phone", "primary_email"),
        region_field="region",
        stage_field="lifecycle_stage",
        timeline=True,
        extra={"filters": {"phone": by_phone("account"), "email": by_email("account")}},
        related=(
            Related("contact", "account", _("Contacts"), ("name", "title", "primary_phone", "primary_email")),
            Related("account", "parent", _("Subsidiaries"), ("name", "account_type", "region", "owner")),
            Related("interaction", "account", _("Interactions"), ("occurred_at", "channel", "subject", "owner")),
        ),
    )
)

register(
    ObjectType(
        key="contact",
        model=Contact,
        service=ContactService(),
        icon="👤",
        order=20,
        list_columns=("name", "account", "title", "primary_phone", "primary_email", "owner", "updated_at"),
        form_fields=(
            "name",
            "account",
            "title",
            "department_name",
            "birthday",
            "preferred_channel",
            "preferences",
            "owner",
        ),
        detail_fields=(
            "name",
            "account",
            "title",
            "department_name",
            "birthday",
            "preferred_channel",
            "primary_phone",
            "primary_email",
            "preferences",
            "owner",
            "department",
            "created_at",
            "updated_at",
        ),
        filter_fields=("account", "owner", "department", "preferred_channel"),
        sort_fields=("updated_at", "created_at", "name"),
        search_fields=("name",),
        search_covers=("name", "title", "primary_phone", "primary_email"),
        timeline=True,
        extra={"filters": {"phone": by_phone("contact"), "email": by_email("contact")}},
        related=(Related("interaction", "contact", _("Interactions"), ("occurred_at", "channel", "subject", "owner")),),
    )
)

register(
    ObjectType(
        key="lead",
        model=Lead,
        service=LeadService(),
        icon="✨",
        order=30,
        list_columns=("name", "company", "status", "source", "phone", "email", "owner", "updated_at"),
        form_fields=(
            "name",
            "company",
            "title",
            "phone",
            "email",
            "source",
            "status",
            "region",
            "industry",
            "owner",
            "description",
        ),
        detail_fields=(
            "name",
            "company",
            "title",
            "phone",
            "email",
            "source",
            "status",
            "region",
            "industry",
            "owner",
            "department",
            "converted_account",
            "converted_contact",
            "converted_at",
            "description",
            "created_at",
            "updated_at",
        ),
        filter_fields=("status", "source", "region", "industry", "owner", "department"),
        sort_fields=("updated_at", "created_at", "name"),
        search_fields=("name",),
        search_covers=("name", "company", "phone", "email"),
        region_field="region",
        stage_field="status",
        # A representative deletes their own leads (not their customers); an agent sees none.
        default_grants={
            "sales_rep": {Op.VIEW: S.OWN, Op.CREATE: S.ALL, Op.EDIT: S.OWN, Op.DELETE: S.OWN, Op.EXPORT: S.OWN},
            "service_agent": {Op.VIEW: S.NONE},
        },
    )
)

register(
    ObjectType(
        key="interaction",
        model=Interaction,
        service=InteractionService(),
        icon="💬",
        order=40,
        title_field="subject",
        scope_via="account",
        default_sort="-occurred_at",
        list_columns=("occurred_at", "channel", "direction", "subject", "account", "contact", "owner"),
        form_fields=(
            "account",
            "contact",
            "channel",
            "direction",
            "subject",
            "body",
            "occurred_at",
            "duration_minutes",
            "participants",
        ),
        filter_fields=("channel", "direction", "account", "contact", "owner"),
        sort_fields=("occurred_at", "updated_at", "created_at"),
        search_fields=("subject",),
        # What an interaction came from (a completed activity, say), set by the services that log it.
        extra={"service_fields": ("related_type", "related_id")},
        # Whoever logs a contact may correct or remove it; an agent logs for any customer.
        default_grants={
            "sales_rep": {Op.VIEW: S.OWN, Op.CREATE: S.ALL, Op.EDIT: S.OWN, Op.DELETE: S.OWN},
            "service_agent": {Op.VIEW: S.ALL, Op.CREATE: S.ALL, Op.EDIT: S.OWN},
        },
    )
)

add_nav(
    NavItem(
        "regions",
        _("Regions"),
        "customers:regions",
        icon="◎",
        group="admin",
        order=40,
        visible=is_administrator,
        active=("customers:regions", "customers:region_new", "customers:region_edit"),
    )
)

for _key, _actions in ACTIONS.items():
    for _action in _actions:
        add_action(_key, _action)
