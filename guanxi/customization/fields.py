"""Model fields whose options an administrator edits: the value is a picklist option's value."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from .selectors import picklist_choices, picklist_options

if TYPE_CHECKING:
    _CharField = models.CharField[str, str]
else:  # Django's fields take no type arguments at run time
    _CharField = models.CharField


class PicklistField(_CharField):
    """A CharField whose allowed values come from the picklist `picklist` at run time."""

    def __init__(self, *args: Any, picklist: str = "", **kwargs: Any) -> None:
        self.picklist = picklist
        kwargs.setdefault("max_length", 60)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["picklist"] = self.picklist
        return name, path, args, kwargs

    def current_choices(self) -> list[tuple[str, str]]:
        """The picklist's active options as (value, label), read when asked (the registry's
        `ObjectType.choices` calls this on any field that has it)."""

        return picklist_choices(self.picklist)

    def validate(self, value: Any, model_instance: Any) -> None:
        super().validate(value, model_instance)
        if value in (None, ""):
            return

        if value not in {o.value for o in picklist_options(self.picklist)}:
            raise ValidationError(_("“{value}” is not one of the choices.").format(value=value), code="invalid_choice")
