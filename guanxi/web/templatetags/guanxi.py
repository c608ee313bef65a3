"""Template helpers that render any registered field the same way on every page."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import template
from django.db import models
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from guanxi.access.scoping import current_sight, fields
from guanxi.core import registry
from guanxi.customization.fields import PicklistField
from guanxi.customization.selectors import custom_fields_for, field_label, picklist_label
from guanxi.records import lists

register = template.Library()


register.simple_tag(field_label)


def changed_field_labels(ot: registry.ObjectType, user: Any, changes: dict[str, Any], limit: int = 12) -> str:
    """“Name, Website, Credit code”: the labels of the fields a history entry changed that this
    user may read."""

    rules = fields(user, ot.key)
    names = [k for k in changes if rules.can_read(k) or k.startswith("contact_point.")]
    labels = [field_label(ot, k) for k in names[:limit]]
    return ", ".join(labels) + (" …" if len(names) > limit else "")


@register.simple_tag(takes_context=True)
def changed_fields(context: template.Context, ot: registry.ObjectType, changes: dict[str, Any]) -> str:
    return changed_field_labels(ot, context["request"].user, changes)


def _format(value: Any, *, plain: bool = False) -> Any:
    if isinstance(value, Decimal) and not plain:
        return f"{value:,}"  # 10,324,000.00 on pages; exports keep the bare number
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return value


@register.simple_tag
def field_value(obj: models.Model, name: str, link: bool = True, plain: bool = False) -> Any:
    """The display form of a field: choice labels, picklist labels in the user's language, links."""
    if name.startswith("custom."):
        key = name[7:]
        value = (getattr(obj, "custom", None) or {}).get(key)
        if value in (None, "", []):
            return ""
        ot = registry.for_model(obj)
        for cf in custom_fields_for(ot.key):
            if cf.key == key:
                if cf.choices:
                    values = value if isinstance(value, list) else [value]
                    return ", ".join(cf.choice_label(v) for v in values)
                if cf.field_type == "boolean":
                    return _("Yes") if value else _("No")
                if cf.field_type == "lookup":
                    return _lookup_link(cf.lookup_object_type, value, link)
        return value
    ot_of = registry._by_model.get(type(obj))
    if ot_of is not None and name in ot_of.field_choices:
        value = getattr(obj, name)
        return dict(ot_of.choices(name) or []).get(value, value) if value else ""
    field = obj._meta.get_field(name)
    if isinstance(field, PicklistField):
        value = getattr(obj, name)
        return picklist_label(field.picklist, value) if value else ""
    if getattr(field, "choices", None):
        return getattr(obj, f"get_{name}_display")() if getattr(obj, name, None) is not None else ""
    value = getattr(obj, name)
    if value is None or value == "":
        return ""
    if isinstance(field, models.ForeignKey) and not _may_see(type(value), value.pk):
        return hidden_link(plain=plain or not link)
    if isinstance(field, models.ForeignKey) and link:
        target_ot = registry._by_model.get(type(value))
        if target_ot is not None:
            url = reverse("core:detail", args=[target_ot.key, value.pk])
            return format_html('<a href="{}">{}</a>', url, target_ot.title(value))
    if isinstance(field, models.URLField):
        return format_html('<a href="{}" rel="noopener noreferrer" target="_blank">{}</a>', value, value)
    return _format(value, plain=plain)


def _may_see(model: type[models.Model], pk: Any) -> bool:
    sight = current_sight()
    return sight is None or sight.visible(model, pk)


def hidden_link(*, plain: bool = False) -> Any:
    """What a page or an export shows for a link to a record the reader may not see."""
    text = _("(not visible to you)")
    return text if plain else format_html('<span class="muted">{}</span>', text)


def _lookup_link(object_type: str, value: Any, link: bool) -> Any:
    """A custom lookup field's value: the target record's name, linked to it."""
    target = registry.maybe(object_type)
    obj = target.model._base_manager.filter(pk=value).first() if target is not None else None
    if target is None or obj is None:
        return value
    if not _may_see(target.model, obj.pk):
        return hidden_link(plain=not link)
    if not link:
        return target.title(obj)
    return format_html('<a href="{}">{}</a>', reverse("core:detail", args=[target.key, obj.pk]), target.title(obj))


@register.simple_tag(name="picklist_label")
def picklist_label_tag(key: str, value: str) -> str:
    """A picklist value's label in the reader's language."""
    return picklist_label(key, value) if value else ""


@register.filter
def grouped(value: Any, places: int = 0) -> str:
    """A number with thousands separators and `places` decimals: 264,523,549 (board totals),
    230,400.00 with `grouped:2` (amounts)."""
    if value in (None, ""):
        return ""
    return f"{Decimal(value):,.{int(places)}f}"


@register.filter
def days(seconds: Any) -> str:
    """Seconds as days with one decimal, e.g. 12.5."""
    return f"{int(seconds or 0) / 86400:.1f}"


@register.filter
def get_attr(obj: Any, name: str) -> Any:
    """An attribute named at run time (e.g. the field a kanban column sums)."""
    return getattr(obj, name, None)


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key) if mapping else None


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **kwargs: Any) -> SafeString:
    """The current query string with some parameters replaced (None removes one)."""
    request = context["request"]
    params = request.GET.copy()
    for key, value in kwargs.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    params.pop("cursor", None) if "cursor" not in kwargs else None
    encoded = params.urlencode()
    return escape("?" + encoded if encoded else "?")


def render_cells(
    ot: registry.ObjectType, rows: list[models.Model], columns: list[str]
) -> list[tuple[Any, list[tuple[str, str]]]]:
    """The cells of a list page as (CSS class, HTML), the HTML the same as `field_value` shows,
    with the work per column (labels, foreign-key names, URLs, alignment) done once per page
    instead of once per cell."""

    fks = [c for c in columns if not c.startswith("custom.") and isinstance(ot.field(c), models.ForeignKey)]
    labels = lists.fk_labels(ot, rows, fks, sight=current_sight()) | _lookup_labels(ot, rows, columns)
    renderers = []
    for index, name in enumerate(columns):
        renderers.append((column_class(ot, name), _cell_renderer(ot, name, labels.get(name), link=index > 0)))
    return [(obj, [(css, render(obj)) for css, render in renderers]) for obj in rows]


def column_class(ot: registry.ObjectType, name: str) -> str:
    """How a list column sits: numbers to the right, and numbers, dates and short codes (a quote's
    number, a product code) on one line."""
    if name.startswith("custom."):
        cf = next((c for c in custom_fields_for(ot.key) if c.key == name[7:]), None)
        kind = cf.field_type if cf is not None else ""
        if kind in ("number", "decimal", "money"):
            return "num nowrap"
        return "nowrap" if kind in ("date", "datetime") else ""
    field = ot.field(name)
    if name in ot.field_choices or getattr(field, "choices", None) or isinstance(field, models.ForeignKey):
        return ""
    if isinstance(field, models.DecimalField | models.IntegerField | models.FloatField):
        return "num nowrap"
    if isinstance(field, models.DateField):  # dates and times
        return "nowrap"
    if isinstance(field, models.CharField) and field.max_length is not None and field.max_length <= 30:
        return "nowrap"
    return ""


_NIL = "00000000-0000-0000-0000-000000000000"


def _lookup_labels(ot: registry.ObjectType, rows: list[models.Model], columns: list[str]) -> dict[str, dict[Any, str]]:
    """{custom.<key>: {id: title}} for the custom lookup columns shown: one query per column."""
    found: dict[str, dict[Any, str]] = {}
    for cf in custom_fields_for(ot.key):
        name = f"custom.{cf.key}"
        target = registry.maybe(cf.lookup_object_type) if cf.field_type == "lookup" else None
        if name not in columns or target is None:
            continue
        ids = {(getattr(row, "custom", None) or {}).get(cf.key) for row in rows} - {None, ""}
        objs = list(target.model._base_manager.filter(pk__in=ids)) if ids else []
        sight = current_sight()
        if sight is not None:
            sight.prime(target.model, [obj.pk for obj in objs])
        found[name] = {str(obj.pk): target.title(obj) if _may_see(target.model, obj.pk) else "" for obj in objs}
    return found


def _lookup_cell(target_key: str, key: str, labels: dict[Any, str], link: bool) -> Any:
    pattern = reverse("core:detail", args=[target_key, _NIL])

    def cell(obj: models.Model) -> str:
        value = (getattr(obj, "custom", None) or {}).get(key)
        if not value:
            return ""
        label = labels.get(str(value), str(value))
        if label == "":
            return hidden_link()  # type: ignore[no-any-return]
        if not link:
            return escape(label)
        return format_html('<a href="{}">{}</a>', pattern.replace(_NIL, str(value)), label)

    return cell


def _cell_renderer(ot: registry.ObjectType, name: str, labels: dict[Any, str] | None, *, link: bool) -> Any:
    if name.startswith("custom."):
        if labels is not None:  # a lookup: its targets' titles were read once for the page
            target = next(cf.lookup_object_type for cf in custom_fields_for(ot.key) if cf.key == name[7:])
            return _lookup_cell(target, name[7:], labels, link)
        return lambda obj: conditional_escape(field_value(obj, name, link))
    field = ot.field(name)
    if name in ot.field_choices:
        own_labels = dict(ot.choices(name) or [])
        return lambda obj: escape(own_labels.get(getattr(obj, name), getattr(obj, name) or ""))
    if isinstance(field, PicklistField):
        picklist = field.picklist
        return lambda obj: escape(picklist_label(picklist, getattr(obj, name)) if getattr(obj, name) else "")
    if getattr(field, "choices", None):
        choice_labels = {k: str(v) for k, v in field.flatchoices}
        return lambda obj: escape(choice_labels.get(getattr(obj, name), "") if getattr(obj, name) is not None else "")
    if isinstance(field, models.ForeignKey) and labels is not None:
        target_ot = registry._by_model.get(field.related_model)  # type: ignore[arg-type]
        attname = field.attname
        pattern = (
            reverse("core:detail", args=[target_ot.key, "00000000-0000-0000-0000-000000000000"]) if target_ot else ""
        )

        def fk(obj: models.Model) -> str:
            pk = getattr(obj, attname)
            if pk is None:
                return ""
            label = labels.get(pk, "")
            if target_ot is not None and not _may_see(field.related_model, pk):  # type: ignore[arg-type]
                return hidden_link()  # type: ignore[no-any-return]
            if link and target_ot is not None:
                return format_html(
                    '<a href="{}">{}</a>', pattern.replace("00000000-0000-0000-0000-000000000000", str(pk)), label
                )
            return escape(label)

        return fk
    return lambda obj: conditional_escape(field_value(obj, name, link))


@register.simple_tag(takes_context=True)
def render_panel(context: Any, panel: dict[str, Any]) -> str:
    """Render a panel another app adds to record pages, with the page's context plus its own."""
    template = context.template.engine.get_template(panel["template"])
    with context.push(**panel):
        return template.render(context)  # type: ignore[no-any-return]
