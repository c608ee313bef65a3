"""The opportunity's record actions (registry.ObjectAction): close it as won, or as lost with the
reason. Each moves the deal to its pipeline's won or lost stage through the opportunity service, so
the stage's required fields, the outcome, the close date, the probability and the stage history
follow exactly as when the deal is dragged there on the board."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from guanxi.core import registry
from guanxi.core.registry import ActionInput, ObjectAction
from guanxi.customization.selectors import picklist_choices

from .choices import Outcome


def _close(outcome: str) -> Callable[[Any, Any, dict[str, Any]], Any]:
    def run(deal: Any, actor: Any, data: dict[str, Any]) -> Any:
        stage = deal.pipeline.stages.filter(outcome=outcome).order_by("sort").first()
        if stage is None:
            raise ValidationError({"stage": [gettext("This pipeline has no stage for it.")]})
        changes: dict[str, Any] = {"stage": stage}
        if data.get("lost_reason"):
            changes["lost_reason"] = data["lost_reason"]
        return registry.get("opportunity").service.update(deal, changes, actor=actor)

    return run


def _open(deal: Any) -> bool:
    return bool(deal.outcome == Outcome.OPEN)


OPPORTUNITY_ACTIONS = (
    ObjectAction(
        "won",
        _("Mark as won"),
        _close(Outcome.WON),
        available=_open,
        confirm=_("Close this deal as won?"),
        done=_("The deal is won."),
        primary=True,
        summary=_("Close a deal as won (its pipeline's won stage)"),
    ),
    ObjectAction(
        "lost",
        _("Mark as lost"),
        _close(Outcome.LOST),
        available=_open,
        inputs=(
            ActionInput(
                "lost_reason",
                _("Lost reason"),
                kind="choice",
                required=True,
                choices=lambda: picklist_choices("lost_reason"),
            ),
        ),
        done=_("The deal is lost."),
        summary=_("Close a deal as lost, with the reason (its pipeline's lost stage)"),
    ),
)

ACTIONS = {"opportunity": OPPORTUNITY_ACTIONS}
