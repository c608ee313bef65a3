"""The record actions of work logs (registry.ObjectAction): each names the service it calls, the
right it needs, what it makes and when the record's state allows it. The platform turns each into
the button on the record's page, its POST and its API endpoint (POST /api/v1/<key>/{id}/actions/<name>)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from guanxi.core.registry import ObjectAction

from . import worklogs
from .choices import WorkLogStatus

WORK_LOG_ACTIONS = (
    ObjectAction(
        "submit",
        _("Submit the day"),
        lambda log, actor, data: worklogs.submit(log, actor=actor),
        available=lambda log: log.status == WorkLogStatus.DRAFT,
        done=_("Work log submitted."),
        confirm=_("Submit the day? The log cannot be changed afterwards."),
        primary=True,
        summary=_("Submit a day's work log to the manager"),
    ),
)


ACTIONS = {
    "work_log": WORK_LOG_ACTIONS,
}
