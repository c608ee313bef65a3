"""Customer-hub pages beyond the generic ones: the 360° account page's parts, contact points,
quick interaction logging, lead conversion and the account hierarchy."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanxi.access.choices import Operation
from guanxi.access.decorators import admin_required
from guanxi.access.http import AuthedRequest
from guanxi.access.scoping import can, can_create, scope
from guanxi.core import registry
from guanxi.core.actor import current_actor
from guanxi.core.errors import PermissionDenied
from guanxi.records import actions as record_actions
from guanxi.web.forms import add_service_errors
from guanxi.web.views import get_record

from . import selectors, services
from .choices import LeadStatus, RegionKind
from .forms import ContactPointForm, ConvertLeadForm, InvalidateForm, QuickInteractionForm, RegionForm
from .models import Account, Contact, ContactPoint, Lead, Region

PARENT_TYPES = ("account", "contact", "lead")


def account_detail_hook(request: AuthedRequest, obj: models.Model) -> dict[str, Any]:
    assert isinstance(obj, Account)
    data = selectors.account_360(request.user, obj)
    return {
        "c360": data,
        "points": data["points"],
        "point_form": ContactPointForm(),
        "interaction_form": QuickInteractionForm(),
        "timeline": selectors.timeline(
            request.user,
            account=obj,
            include_group=request.GET.get("group") == "1",
        ),
        "group_view": request.GET.get("group") == "1",
        "can_log": can_create(request.user, "interaction"),
    }


def contact_detail_hook(request: AuthedRequest, obj: models.Model) -> dict[str, Any]:
    assert isinstance(obj, Contact)
    return {
        "points": selectors.visible_points(request.user, "contact", services.points_of(obj)),
        "point_form": ContactPointForm(),
        "timeline": selectors.timeline(request.user, contact=obj),
        "interaction_form": QuickInteractionForm(),
        "can_log": can_create(request.user, "interaction") and obj.account_id is not None,
    }


def lead_detail_hook(request: AuthedRequest, obj: models.Model) -> dict[str, Any]:
    assert isinstance(obj, Lead)
    return {}


registry.get("account").extra.update(
    detail_hooks=[account_detail_hook], detail_template="customers/account_detail.html"
)
registry.get("contact").extra.update(
    detail_hooks=[contact_detail_hook], detail_template="customers/contact_detail.html"
)
registry.get("lead").extra.update(detail_hooks=[lead_detail_hook], detail_template="customers/lead_detail.html")


def _parent(request: AuthedRequest, key: str, pk: str, op: str) -> models.Model:
    if key not in PARENT_TYPES:
        raise Http404
    return get_record(request, registry.get(key), pk, op)


@login_required
@require_POST
def add_point(request: AuthedRequest, key: str, pk: str) -> HttpResponse:
    parent = _parent(request, key, pk, Operation.EDIT)
    form = ContactPointForm(request.POST)
    if form.is_valid():
        try:
            services.save_contact_point(parent, form.cleaned_data, actor=current_actor())
            messages.success(request, _("Contact point added."))
        except ValidationError as exc:
            for field, errs in exc.message_dict.items():
                messages.error(request, f"{form.fields[field].label if field in form.fields else ''} {' '.join(errs)}")
    else:
        messages.error(request, _("Check the contact point: {errors}").format(errors=form.errors.as_text()))
    return redirect("core:detail", key, parent.pk)


def _point(request: AuthedRequest, key: str, pk: str, point_id: int) -> tuple[models.Model, ContactPoint]:
    parent = _parent(request, key, pk, Operation.EDIT)
    point = ContactPoint.objects.filter(pk=point_id, object_type=key, object_id=parent.pk).first()
    if point is None:
        raise Http404
    return parent, point


@login_required
@require_POST
def delete_point(request: AuthedRequest, key: str, pk: str, point_id: int) -> HttpResponse:
    parent, point = _point(request, key, pk, point_id)
    services.delete_contact_point(point, actor=current_actor())
    messages.success(request, _("Contact point removed."))
    return redirect("core:detail", key, parent.pk)


@login_required
@require_POST
def invalidate_point(request: AuthedRequest, key: str, pk: str, point_id: int) -> HttpResponse:
    parent, point = _point(request, key, pk, point_id)
    form = InvalidateForm(request.POST)
    if form.is_valid():
        services.save_contact_point(
            parent,
            {"is_valid": False, "invalid_reason": form.cleaned_data["reason"]},
            actor=current_actor(),
            point=point,
        )
        messages.success(request, _("Marked as invalid."))
    else:
        messages.error(request, _("Say why it is invalid."))
    return redirect("core:detail", key, parent.pk)


@login_required
@require_POST
def log_interaction(request: AuthedRequest, key: str, pk: str) -> HttpResponse:
    parent = _parent(request, key, pk, Operation.VIEW)
    if not can_create(request.user, "interaction"):
        raise Http404
    form = QuickInteractionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the interaction: {errors}").format(errors=form.errors.as_text()))
        return redirect("core:detail", key, parent.pk)
    data = dict(form.cleaned_data)
    if isinstance(parent, Account):
        data["account"] = parent
    elif isinstance(parent, Contact):
        data["account"], data["contact"] = parent.account, parent
    if data.get("contact") is None:
        data.pop("contact", None)
    try:
        services.log_interaction(data, actor=current_actor())
        messages.success(request, _("Interaction logged."))
    except ValidationError as exc:
        messages.error(request, " ".join(m for ms in exc.message_dict.values() for m in ms))
    return redirect("core:detail", key, parent.pk)


@login_required
def convert_lead(request: AuthedRequest, pk: str) -> HttpResponse:
    lead = get_record(request, registry.get("lead"), pk, Operation.EDIT)
    if not (can_create(request.user, "account") and can_create(request.user, "contact")):
        raise PermissionDenied(_("Converting a lead creates an account and a contact, which you may not create."))
    assert isinstance(lead, Lead)
    if lead.status == LeadStatus.CONVERTED:  # nothing to fill in: say so and show where it went
        messages.info(request, _("This lead has already been converted."))
        return redirect("core:detail", "lead", lead.pk)
    accounts = scope(request.user, Account)
    duplicates = services.likely_duplicates(lead, accounts)
    initial = {"account_name": lead.company or lead.name, **services.conversion_initial(lead)}
    form = ConvertLeadForm(request.POST or None, initial=initial)
    if request.method == "POST":
        action = registry.get("lead").action("convert")
        assert action is not None
        try:
            account = record_actions.perform(request.user, action, lead, request.POST, actor=current_actor())
        except ValidationError as exc:
            if form.is_valid():  # else the form shows its own errors, which are the ones raised
                add_service_errors(form, exc, aliases={k: k.replace(".", "__") for k in exc.message_dict})
        else:
            messages.success(request, str(action.done))
            return redirect("core:detail", "account", account.pk)
    # An account of exactly the lead's company name is most likely the one: proposed, not a new twin.
    company = (lead.company or "").strip()
    chosen = request.POST.get("account") if request.method == "POST" else None
    if chosen is None:
        chosen = next(
            (
                str(d.pk)
                for d in duplicates
                if company and d.name.strip() == company and can(request.user, Operation.EDIT, d)
            ),
            None,
        )
    context = {"lead": lead, "form": form, "duplicates": duplicates, "chosen": str(chosen) if chosen else ""}
    return render(request, "customers/convert_lead.html", context)


@login_required
def hierarchy(request: AuthedRequest, pk: str) -> HttpResponse:
    account = get_record(request, registry.get("account"), pk)
    assert isinstance(account, Account)
    root = account
    chain = selectors.ancestors(account)
    if chain:
        root = chain[0]
    visible = scope(request.user, Account)
    ids = selectors.group_ids(root)
    nodes = {a.pk: a for a in visible.filter(pk__in=ids).select_related("owner", "region")}
    children: dict[Any, list[Account]] = {}
    for a in nodes.values():
        children.setdefault(a.parent_id, []).append(a)
    for items in children.values():
        items.sort(key=lambda a: a.name)

    def walk(node: Account, depth: int) -> list[tuple[Account, int]]:
        out = [(node, depth)]
        for child in children.get(node.pk, []):
            out.extend(walk(child, depth + 1))
        return out

    rows = walk(root, 0) if root.pk in nodes else [(account, 0)]
    return render(request, "customers/hierarchy.html", {"account": account, "rows": rows})


@admin_required
def regions(request: AuthedRequest) -> HttpResponse:
    """The region tree: administrators' sales regions, China's provinces and cities, the world's countries."""
    rows = list(Region.objects.all())
    children: dict[int | None, list[Region]] = {}
    for region in rows:
        children.setdefault(region.parent_id, []).append(region)
    china = next((r for r in rows if r.code == "CN"), None)
    provinces = [(p, children.get(p.pk, [])) for p in children.get(china.pk, [])] if china else []
    sales = [r for r in rows if r.kind == RegionKind.SALES]
    countries = [r for r in children.get(None, []) if r.kind == RegionKind.COUNTRY]
    return render(
        request,
        "customers/regions.html",
        {"provinces": provinces, "sales": sales, "countries": countries, "children": children, "china": china},
    )


@admin_required
def region_edit(request: AuthedRequest, region_id: int | None = None) -> HttpResponse:
    instance = Region.objects.filter(pk=region_id).first() if region_id else None
    if region_id and (instance is None or instance.kind != RegionKind.SALES):
        raise Http404
    initial: dict[str, Any] = {"parent": request.GET.get("parent")}
    if instance is not None:
        initial = {
            f: getattr(instance, f) for f in ("code", "name_en", "name_zh_hans", "name_zh_hant", "parent", "sort")
        }
    form = RegionForm(request.POST or None, initial=initial)
    if instance is not None:
        form.fields["code"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.save_region(form.cleaned_data, actor=current_actor(), instance=instance)
        except ValidationError as exc:
            for field, errs in exc.message_dict.items():
                for err in errs:
                    form.add_error(field if field in form.fields else None, err)
        else:
            messages.success(request, _("Region saved."))
            return redirect("customers:regions")
    return render(request, "customers/region_form.html", {"form": form, "instance": instance})


@admin_required
@require_POST
def region_delete(request: AuthedRequest, region_id: int) -> HttpResponse:
    region = Region.objects.filter(pk=region_id).first()
    if region is None:
        raise Http404
    try:
        services.delete_region(region, actor=current_actor())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Region deleted."))
    return redirect("customers:regions")
