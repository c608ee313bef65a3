"""The record actions of activities and work logs (registry.ObjectAction): each names the service it
calls, the right it needs, what it makes and when the record's state allows it. The platform turns
each into the button or panel form on the record's page, its POST and its API endpoint
(POST /api/v1/<plural>/{id}/actions/<name>)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from guanxi.core.registry import ObjectAction

from . import worklogs
from .choices import WorkLogStatus
from .forms import ActivityLinkForm, EntryRefForm, WorkLogEntryForm
from .services import LINKABLE, link


def _draft(log: Any) -> bool:
    return bool(log.status == WorkLogStatus.DRAFT)


def _link(activity: Any, actor: Any, data: dict[str, Any]) -> None:
    if not any(data.get(object_type) for object_type in LINKABLE):
        raise ValidationError({"account": [gettext("Choose an account, a contact or an opportunity to link.")]})
    for object_type in LINKABLE:
        if data.get(object_type):
            link(activity, object_type, data[object_type], actor=actor)


ACTIVITY_ACTIONS = (
    ObjectAction(
        "link",
        _("Link"),
        _link,
        form=ActivityLinkForm,
        in_header=False,
        repeatable=True,
        done=_("Linked."),
        summary=_("Link an activity to more accounts, contacts and deals"),
    ),
)

WORK_LOG_ACTIONS = (
    ObjectAction(
        "submit",
        _("Submit the day"),
        lambda log, actor, data: worklogs.submit(log, actor=actor),
        available=_draft,
        done=_("Work log submitted."),
        confirm=_("Submit the day? The log cannot be changed afterwards."),
        primary=True,
        summary=_("Submit a day's work log to the manager"),
    ),
    ObjectAction(
        "add_entry",
        _("Add"),
        lambda log, actor, data: worklogs.add_entry(log, data, actor=actor),
        available=_draft,
        form=WorkLogEntryForm,
        in_header=False,
        repeatable=True,
        done=_("Line added."),
        summary=_("Add a line to a draft work log"),
    ),
    ObjectAction(
        "remove_entry",
        _("Remove"),
        lambda log, actor, data: worklogs.remove_entry(log, data["entry"], actor=actor),
        available=_draft,
        form=EntryRefForm,
        in_header=False,
        repeatable=True,
        done=_("Line removed."),
        summary=_("Remove a line from a draft work log"),
    ),
)


ACTIONS = {
    "activity": ACTIVITY_ACTIONS,
    "work_log": WORK_LOG_ACTIONS,
}
