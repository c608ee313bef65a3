"""Administration pages: custom objects, custom fields and picklists (administrators only)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from guanxi.access.decorators import admin_required
from guanxi.access.http import AuthedRequest
from guanxi.core import registry
from guanxi.core.actor import current_actor
from guanxi.core.text import plural_slug
from guanxi.customization.models import CustomField, CustomObject, CustomRecord, Picklist, PicklistOption
from guanxi.web.forms import add_service_errors

from .forms import CustomFieldForm, CustomObjectForm, PicklistOptionForm
from .services import save_custom_field, save_custom_object, save_picklist_option


@admin_required
def custom_fields(request: AuthedRequest) -> HttpResponse:
    rows = CustomField.objects.all().order_by("object_type", "order", "key")
    types = {ot.key: ot for ot in registry.all_types()}
    return render(request, "customization/fields.html", {"rows": rows, "types": types})


@admin_required
def custom_field_edit(request: AuthedRequest, field_id: int | None = None) -> HttpResponse:
    instance = CustomField.objects.filter(pk=field_id).first() if field_id else None
    if field_id and instance is None:
        raise Http404
    initial: dict[str, Any] = {"object_type": request.GET.get("object_type", "")}
    if instance is not None:
        initial = {
            f: getattr(instance, f)
            for f in (
                "object_type",
                "key",
                "label",
                "label_zh_hans",
                "label_zh_hant",
                "field_type",
                "required",
                "show_in_list",
                "help_text",
                "lookup_object_type",
                "order",
            )
        }
        initial["choices_text"] = "\n".join(
            " | ".join([c.get("value", ""), c.get("label", ""), c.get("label_zh_hans", ""), c.get("label_zh_hant", "")])
            for c in instance.choices
        )
    form = CustomFieldForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.to_data()
        if instance is None and CustomField.objects.filter(object_type=data["object_type"], key=data["key"]).exists():
            form.add_error("key", _("This object already has a field with this key."))
        else:
            try:
                saved = save_custom_field(data, actor=current_actor(), instance=instance)
                messages.success(request, _("Custom field saved."))
                if registry.get(saved.object_type).custom:
                    return redirect("customization:object_edit", saved.object_type)
                return redirect("customization:fields")
            except ValidationError as exc:
                add_service_errors(form, exc)
    return render(request, "customization/field_form.html", {"form": form, "instance": instance})


@admin_required
def picklists(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "customization/picklists.html",
        {"picklists": Picklist.objects.prefetch_related("options").order_by("key")},
    )


@admin_required
def picklist_option_edit(request: AuthedRequest, key: str, option_id: int | None = None) -> HttpResponse:
    picklist = Picklist.objects.filter(key=key).first()
    if picklist is None:
        raise Http404
    instance = PicklistOption.objects.filter(pk=option_id, picklist=picklist).first() if option_id else None
    initial = {}
    if instance is not None:
        initial = {
            f: getattr(instance, f) for f in ("value", "label", "label_zh_hans", "label_zh_hant", "order", "active")
        }
    form = PicklistOptionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            save_picklist_option(picklist, form.cleaned_data, actor=current_actor(), instance=instance)
            messages.success(request, _("Option saved."))
            return redirect("customization:picklists")
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(request, "customization/option_form.html", {"form": form, "picklist": picklist, "instance": instance})


def _statuses_text(statuses: list[dict[str, str]]) -> str:
    return "\n".join(
        " | ".join([s.get("value", ""), s.get("label", ""), s.get("label_zh_hans", ""), s.get("label_zh_hant", "")])
        for s in statuses
    )


@admin_required
def custom_objects(request: AuthedRequest) -> HttpResponse:
    def per_type(qs: Any) -> dict[str, int]:
        return dict(qs.order_by().values_list("object_type").annotate(n=Count("pk")).values_list("object_type", "n"))

    fields_by_type = per_type(CustomField.objects.filter(active=True))
    counts = per_type(CustomRecord.objects.filter(deleted_at__isnull=True))
    rows = [
        {"d": d, "fields": fields_by_type.get(d.key, 0), "records": counts.get(d.key, 0)}
        for d in CustomObject.objects.all()
    ]
    return render(request, "customization/objects.html", {"rows": rows})


@admin_required
def custom_object_edit(request: AuthedRequest, key: str | None = None) -> HttpResponse:
    instance = CustomObject.objects.filter(key=key).first() if key else None
    if key and instance is None:
        raise Http404
    initial: dict[str, Any] = {}
    if instance is not None:
        initial = {name: getattr(instance, name) for name in CustomObjectForm.base_fields if name != "statuses_text"}
        initial["statuses_text"] = _statuses_text(instance.statuses)
    form = CustomObjectForm(request.POST or None, initial=initial, editing=instance is not None)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_custom_object(form.to_data(), actor=current_actor(), instance=instance)
        except ValidationError as exc:
            add_service_errors(form, exc, aliases={"statuses": "statuses_text"})
        else:
            messages.success(request, _("Custom object saved."))
            return redirect("customization:object_edit", saved.key)
    fields_of = CustomField.objects.filter(object_type=instance.key).order_by("order", "key") if instance else []
    api_name = plural_slug(instance.key) if instance else ""
    context = {"form": form, "instance": instance, "fields_of": fields_of, "api_name": api_name}
    return render(request, "customization/object_form.html", context)
