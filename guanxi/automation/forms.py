"""The approval-process form: the process, up to three entry conditions and up to four steps."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from guanxi.access.models import Role, User
from guanxi.core import registry
from guanxi.core.text import parse_assignments

from .choices import ApproverKind, ConditionOp, ProcessKind, StepMode
from .models import ApprovalProcess

CONDITION_ROWS = 3
STEP_ROWS = 4


def _values_text(values: dict[str, Any]) -> str:
    return "\n".join(f"{k}={v}" for k, v in values.items())


class ProcessForm(forms.Form):
    name = forms.CharField(label=_("Name (English)"), max_length=120)
    name_zh_hans = forms.CharField(label=_("Name (Simplified Chinese)"), max_length=120, required=False)
    name_zh_hant = forms.CharField(label=_("Name (Traditional Chinese)"), max_length=120, required=False)
    object_type = forms.ChoiceField(label=_("Object type"))
    kind = forms.ChoiceField(label=_("Kind"), choices=ProcessKind.choices)
    fields_text = forms.CharField(
        label=_("Fields whose edits need approval"),
        required=False,
        help_text=_("Comma-separated field names; empty means any field (change approval only)."),
    )
    roles = forms.ModelMultipleChoiceField(
        label=_("Only for editors with these roles"), queryset=Role.objects.all(), required=False
    )
    on_submit = forms.CharField(label=_("Set on submission"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    on_approve = forms.CharField(label=_("Set on approval"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    on_reject = forms.CharField(
        label=_("Set on rejection or recall"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    order = forms.IntegerField(label=_("Order"), min_value=0, initial=0)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, instance: ApprovalProcess | None = None, **kwargs: Any) -> None:
        if instance is not None:
            initial = {
                "name": instance.name,
                "name_zh_hans": instance.name_zh_hans,
                "name_zh_hant": instance.name_zh_hant,
                "object_type": instance.object_type,
                "kind": instance.kind,
                "fields_text": ", ".join(instance.fields),
                "roles": list(instance.roles.all()),
                "on_submit": _values_text(instance.on_submit),
                "on_approve": _values_text(instance.on_approve),
                "on_reject": _values_text(instance.on_reject),
                "order": instance.order,
                "active": instance.active,
            }
            for i, cond in enumerate(instance.conditions[:CONDITION_ROWS]):
                initial |= {
                    f"cond_field_{i}": cond["field"],
                    f"cond_op_{i}": cond["op"],
                    f"cond_value_{i}": cond["value"],
                }
            for i, step in enumerate(instance.steps.order_by("order")[:STEP_ROWS]):
                initial |= {
                    f"step_kind_{i}": step.approver_kind,
                    f"step_role_{i}": step.role_id,
                    f"step_user_{i}": step.user_id,
                    f"step_mode_{i}": step.mode,
                }
            kwargs["initial"] = {**initial, **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        types = [(ot.key, ot.label_plural.capitalize()) for ot in registry.all_types()]
        self.fields["object_type"].choices = types  # type: ignore[attr-defined]
        for i in range(CONDITION_ROWS):
            self.fields[f"cond_field_{i}"] = forms.CharField(label=_("Field"), required=False, max_length=80)
            self.fields[f"cond_op_{i}"] = forms.ChoiceField(
                label=_("Comparison"), choices=ConditionOp.choices, required=False
            )
            self.fields[f"cond_value_{i}"] = forms.CharField(label=_("Value"), required=False, max_length=200)
        users = User.objects.filter(is_active=True).order_by("username")
        for i in range(STEP_ROWS):
            self.fields[f"step_kind_{i}"] = forms.ChoiceField(
                label=_("Approver"), choices=[("", "—"), *ApproverKind.choices], required=False
            )
            self.fields[f"step_role_{i}"] = forms.ModelChoiceField(
                label=_("Role"), queryset=Role.objects.all(), required=False
            )
            self.fields[f"step_user_{i}"] = forms.ModelChoiceField(label=_("User"), queryset=users, required=False)
            self.fields[f"step_mode_{i}"] = forms.ChoiceField(
                label=_("Decision"), choices=StepMode.choices, required=False
            )

    def condition_rows(self) -> list[list[Any]]:
        return [[self[f"cond_field_{i}"], self[f"cond_op_{i}"], self[f"cond_value_{i}"]] for i in range(CONDITION_ROWS)]

    def step_rows(self) -> list[list[Any]]:
        return [
            [self[f"step_kind_{i}"], self[f"step_role_{i}"], self[f"step_user_{i}"], self[f"step_mode_{i}"]]
            for i in range(STEP_ROWS)
        ]

    def service_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "name": d["name"],
            "name_zh_hans": d["name_zh_hans"],
            "name_zh_hant": d["name_zh_hant"],
            "object_type": d["object_type"],
            "kind": d["kind"],
            "fields": [f.strip() for f in d["fields_text"].split(",") if f.strip()],
            "roles": list(d["roles"]),
            "on_submit": parse_assignments(d["on_submit"]),
            "on_approve": parse_assignments(d["on_approve"]),
            "on_reject": parse_assignments(d["on_reject"]),
            "order": d["order"],
            "active": d["active"],
            "conditions": [
                {"field": d[f"cond_field_{i}"].strip(), "op": d[f"cond_op_{i}"] or "eq", "value": d[f"cond_value_{i}"]}
                for i in range(CONDITION_ROWS)
                if d[f"cond_field_{i}"].strip()
            ],
            "steps": [
                {
                    "approver_kind": d[f"step_kind_{i}"],
                    "role": d[f"step_role_{i}"],
                    "user": d[f"step_user_{i}"],
                    "mode": d[f"step_mode_{i}"] or "any",
                }
                for i in range(STEP_ROWS)
                if d[f"step_kind_{i}"]
            ],
        }
