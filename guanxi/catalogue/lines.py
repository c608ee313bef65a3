"""Product lines, one at a time, as record actions (registry.ObjectAction) for any record made of
them — a deal, a quote, an order: `add_line` with the line form's inputs and `remove_line` by its
place in the list (from 1). Each app passes how its lines are read and replaced; the replacing
service prices them, recomputes the totals and applies the discount approval, so a line added
here behaves as one in a full replacement (PUT …/lines in the API)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from guanxi.core.registry import ObjectAction

Lines = list[dict[str, Any]]


class LineRefForm(forms.Form):
    """Which line to remove: its place in the list, from 1."""

    line = forms.IntegerField(label=_("Line"), min_value=1)


def line_actions(
    *,
    read: Callable[[Any], Lines],
    write: Callable[[Any, Lines, Any], Any],
    form: type[forms.Form],
    available: Callable[[Any], bool] | None = None,
    check: Callable[[Any, Any], None] | None = None,
) -> tuple[ObjectAction, ObjectAction]:
    """`read(record)` the lines as dicts, `write(record, lines, actor)` replace them; `check(record,
    actor)` may refuse first (a field rule on the amount the lines make)."""

    def add(record: Any, actor: Any, data: dict[str, Any]) -> Any:
        if check is not None:
            check(record, actor)
        lines = read(record)
        try:
            return write(record, [*lines, data], actor)
        except ValidationError as exc:  # the new line's problems under its own fields' names
            if not hasattr(exc, "error_dict"):
                raise
            prefix = f"lines.{len(lines)}."
            raise ValidationError({k.removeprefix(prefix): v for k, v in exc.message_dict.items()}) from None

    def remove(record: Any, actor: Any, data: dict[str, Any]) -> Any:
        if check is not None:
            check(record, actor)
        lines = read(record)
        if data["line"] > len(lines):
            raise ValidationError({"line": [gettext("There is no line {n}.").format(n=data["line"])]})
        del lines[data["line"] - 1]
        return write(record, lines, actor)

    return (
        ObjectAction(
            "add_line",
            _("Add"),
            add,
            available=available,
            form=form,
            in_header=False,
            repeatable=True,
            done=_("Line added."),
            summary=_("Add a product line"),
        ),
        ObjectAction(
            "remove_line",
            _("Remove"),
            remove,
            available=available,
            form=LineRefForm,
            in_header=False,
            repeatable=True,
            done=_("Line removed."),
            summary=_("Remove a product line (by its place in the list, from 1)"),
        ),
    )
