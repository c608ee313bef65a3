"""Staff users, the department tree, roles with per-object operation scopes, record shares and API tokens."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guanxi.core.text import localized

from .choices import Language, Operation, Scope


class Department(models.Model):
    LABEL_FIELDS = ("name",)

    name = models.CharField(_("name"), max_length=120)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path ("/1/4/9/") so "this department and everything below it" is one indexed prefix match.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="/")
    manager = models.ForeignKey(
        "access.User",
        verbose_name=_("manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_departments",
    )

    class Meta:
        ordering = ["path"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return max(self.path.count("/") - 2, 0)

    @classmethod
    def choice_tree(cls) -> list[tuple[int, str]]:
        """Choices with each department under its parent, indented."""
        return [(d.pk, "\u3000" * d.depth + d.name) for d in cls.objects.order_by("path")]

    @staticmethod
    def nearest_manager(user: User | None) -> User | None:
        """The active head of the user's department, or of the nearest one above it with one, who is
        not the user — read as stored, not from a user object that may predate its department's head."""
        if user is None or user.department_id is None:
            return None
        dept: Department | None = Department.objects.select_related("manager").filter(pk=user.department_id).first()
        while dept is not None:
            head = dept.manager
            if head is not None and head.is_active and head.pk != user.pk:
                return head
            dept = dept.parent
        return None


class OutsideHours(models.TextChoices):
    DENY = "deny", _("No access")
    READ_ONLY = "read_only", _("Read-only")


class Role(models.Model):
    key = models.SlugField(_("key"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_zh_hans = models.CharField(_("name (Simplified Chinese)"), max_length=120, blank=True)
    name_zh_hant = models.CharField(_("name (Traditional Chinese)"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    # Login rules of the role. A user with several roles gets the most generous combination.
    require_2fa = models.BooleanField(_("require a second factor (TOTP)"), default=False)
    allowed_networks = models.TextField(
        _("allowed networks"), blank=True, help_text=_("One IP address or CIDR range per line; empty: anywhere.")
    )
    hours_start = models.TimeField(_("working hours from"), null=True, blank=True)
    hours_end = models.TimeField(_("working hours until"), null=True, blank=True)
    weekdays = models.CharField(
        _("working days"), max_length=7, default="1234567", help_text=_("ISO weekdays, 1 = Monday … 7 = Sunday.")
    )
    outside_hours = models.CharField(
        _("outside working hours"), max_length=10, choices=OutsideHours.choices, default=OutsideHours.DENY
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:

        return localized(self.name, self.name_zh_hans, self.name_zh_hant)


class RolePermission(models.Model):
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="permissions")
    object_type = models.CharField(_("object type"), max_length=60)  # registry key, or "*" for every type
    operation = models.CharField(_("operation"), max_length=10, choices=Operation.choices)
    scope = models.PositiveSmallIntegerField(_("scope"), choices=Scope.choices, default=Scope.NONE)

    class Meta:
        unique_together = [("role", "object_type", "operation")]
        verbose_name = _("role permission")
        verbose_name_plural = _("role permissions")


class User(AbstractUser):
    LABEL_FIELDS = ("display_name", "first_name", "last_name", "username")

    display_name = models.CharField(_("display name"), max_length=150, blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    roles = models.ManyToManyField(Role, verbose_name=_("roles"), blank=True, related_name="users")
    language = models.CharField(_("language"), max_length=10, choices=Language.choices, default=Language.EN)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # Sales territories: ids of regions (and everything below them) whose records the "region" scope
    # reaches, on object types that declare a region field.
    territories = models.JSONField(_("territories"), default=list, blank=True)

    objects = UserManager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username


class Share(models.Model):
    """An explicit share of one record with a user or with a whole department."""

    object_type = models.CharField(max_length=60)
    object_id = models.UUIDField()
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.CASCADE, related_name="shares")
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.CASCADE, related_name="shares")
    can_edit = models.BooleanField(_("can edit"), default=False)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["object_type", "user"]),
            models.Index(fields=["object_type", "department"]),
            models.Index(fields=["object_type", "object_id"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | models.Q(department__isnull=False),
                name="share_has_target",
            )
        ]
        verbose_name = _("share")
        verbose_name_plural = _("shares")


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the plain token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # {"*": "read"} or per object type {"account": "write", "lead": "read"}; a named type
    # overrides "*". The token never exceeds its user's own rights: scopes only narrow them.
    scopes = models.JSONField(_("scopes"), default=dict, blank=True)
    rate_limit = models.PositiveIntegerField(_("requests per minute"), default=600)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def allows(self, object_type: str, *, write: bool) -> bool:
        """ "none" for a named type takes it out of a "*" scope."""
        level = self.scopes.get(object_type, self.scopes.get("*"))
        return level == "write" if write else level in ("read", "write")

    def scope_summary(self) -> list[tuple[str, str]]:
        return sorted(self.scopes.items(), key=lambda kv: (kv[0] != "*", kv[0]))

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @property
    def is_usable(self) -> bool:
        now = timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class FieldAccess(models.TextChoices):
    HIDDEN = "hidden", _("Hidden")
    READ = "read", _("Read-only")
    EDIT = "edit", _("Editable")


class FieldRule(models.Model):
    """What one role may do with one field of one object type (custom fields as `custom.<key>`).
    A field without a rule is editable; across a user's roles the most generous rule wins."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="field_rules")
    object_type = models.CharField(_("object type"), max_length=60)
    field = models.CharField(_("field"), max_length=80)
    access = models.CharField(_("access"), max_length=10, choices=FieldAccess.choices)

    class Meta:
        unique_together = [("role", "object_type", "field")]
        ordering = ["object_type", "field"]
        verbose_name = _("field rule")
        verbose_name_plural = _("field rules")


class StatusLock(models.Model):
    """Records of `object_type` whose status field holds `value` are locked: only users holding
    `approve` on the record may change or delete them (e.g. a closed case, an approved expense)."""

    object_type = models.CharField(_("object type"), max_length=60)
    value = models.CharField(_("status"), max_length=60)

    class Meta:
        unique_together = [("object_type", "value")]
        ordering = ["object_type", "value"]
        verbose_name = _("status lock")
        verbose_name_plural = _("status locks")


class SharingRule(models.Model):
    """Criteria-based sharing: records matching `criteria` (list filters, e.g. {"region": "12"})
    are visible to the members of `department` (and, optionally, the departments below it) or to
    the holders of `role`; read-only unless `can_edit`."""

    name = models.CharField(_("name"), max_length=120)
    object_type = models.CharField(_("object type"), max_length=60)
    criteria = models.JSONField(_("criteria"), default=dict)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sharing_rules",
    )
    include_subdepartments = models.BooleanField(_("include sub-departments"), default=True)
    role = models.ForeignKey(
        Role, verbose_name=_("role"), null=True, blank=True, on_delete=models.CASCADE, related_name="sharing_rules"
    )
    can_edit = models.BooleanField(_("can edit"), default=False)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["object_type", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__isnull=False) | models.Q(department__isnull=False),
                name="sharing_rule_has_target",
            )
        ]
        verbose_name = _("sharing rule")
        verbose_name_plural = _("sharing rules")

    def __str__(self) -> str:
        return self.name


class AuditEntry(models.Model):
    """The history of the access configuration itself: who changed which role, rule, user or policy."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    area = models.CharField(_("area"), max_length=30)  # role, field_rule, status_lock, sharing_rule, user, …
    target = models.CharField(_("target"), max_length=255)
    action = models.CharField(_("action"), max_length=20)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")


class LoginPolicy(models.Model):
    """The installation's sign-in policy (one row)."""

    max_failures = models.PositiveSmallIntegerField(_("failed sign-ins before a cool-off"), default=5)
    lockout_minutes = models.PositiveSmallIntegerField(_("cool-off (minutes)"), default=15)
    idle_minutes = models.PositiveSmallIntegerField(_("sign out after idle (minutes)"), default=30)
    absolute_hours = models.PositiveSmallIntegerField(_("sign out after (hours)"), default=12)

    class Meta:
        verbose_name = _("login policy")
        verbose_name_plural = _("login policy")


class LoginEventKind(models.TextChoices):
    SUCCESS = "success", _("Signed in")
    FAILURE = "failure", _("Wrong password")
    LOCKED = "locked", _("Cool-off after failures")
    MFA_FAILURE = "mfa_failure", _("Wrong second-factor code")
    DENIED = "denied", _("Refused (network or hours)")
    TIMEOUT = "timeout", _("Session expired")
    LOGOUT = "logout", _("Signed out")
    MFA_ENROLLED = "mfa_enrolled", _("Second factor set up")


class LoginEvent(models.Model):
    at = models.DateTimeField(_("when"), default=timezone.now)
    username = models.CharField(_("username"), max_length=150)
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="login_events")
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=255, blank=True)
    kind = models.CharField(_("event"), max_length=15, choices=LoginEventKind.choices)
    detail = models.CharField(_("detail"), max_length=255, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["username", "ip", "at"]),
            models.Index(fields=["ip", "at"]),
            models.Index(fields=["kind", "at"]),
        ]
        verbose_name = _("sign-in event")
        verbose_name_plural = _("sign-in events")


class TotpDevice(models.Model):
    """A user's authenticator app (RFC 6238). `last_counter` rejects a code used twice."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp")
    secret = models.CharField(max_length=64)
    confirmed_at = models.DateTimeField(default=timezone.now)
    last_counter = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("authenticator")
        verbose_name_plural = _("authenticators")


class RecoveryCode(models.Model):
    """One-time codes for when the phone is lost; only their SHA-256 is kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    digest = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")
