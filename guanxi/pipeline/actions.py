"""The opportunity's record actions (registry.ObjectAction): close it as won, or as lost with the
reason — each moves the deal to its pipeline's won or lost stage through the opportunity service, so
the stage's required fields, the outcome, the close date, the probability and the stage history
follow exactly as when the deal is dragged there on the board —, and name or remove its competitors
and the people in it (the panel's forms on the deal's page, POST /api/v1/opportunities/{id}/actions/<name>)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from guanxi.access.scoping import fields
from guanxi.catalogue.lines import line_actions
from guanxi.catalogue.widgets import LineForm
from guanxi.core.errors import PermissionDenied
from guanxi.core.registry import ActionInput, ObjectAction
from guanxi.customization.selectors import picklist_choices

from .choices import Outcome
from .forms import CompetitorForm, CompetitorRefForm, ContactRefForm, ContactRoleForm
from .selectors import deal_lines
from .services import close_deal, remove_competitor, remove_contact_role, save_competitor, save_contact_role, set_lines


def _close(outcome: str) -> Callable[[Any, Any, dict[str, Any]], Any]:
    def run(deal: Any, actor: Any, data: dict[str, Any]) -> Any:
        return close_deal(deal, outcome, actor=actor, lost_reason=data.get("lost_reason") or "")

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
    ObjectAction(
        "add_competitor",
        _("Add competitor"),
        lambda deal, actor, data: save_competitor(deal, actor=actor, **data),
        form=CompetitorForm,
        in_header=False,
        repeatable=True,
        done=_("Competitor saved."),
        summary=_("Name a competitor on a deal with its strengths and weaknesses (again: updates them)"),
    ),
    ObjectAction(
        "remove_competitor",
        _("Remove"),
        lambda deal, actor, data: remove_competitor(deal, data["competitor"], actor=actor),
        form=CompetitorRefForm,
        in_header=False,
        repeatable=True,
        done=_("Competitor removed."),
        summary=_("Remove a competitor from a deal"),
    ),
    ObjectAction(
        "add_contact",
        _("Add person"),
        lambda deal, actor, data: save_contact_role(deal, actor=actor, **data),
        form=ContactRoleForm,
        in_header=False,
        repeatable=True,
        done=_("Person saved."),
        summary=_("Name a contact in a deal with their role (again: changes the role)"),
    ),
    ObjectAction(
        "remove_contact",
        _("Remove"),
        lambda deal, actor, data: remove_contact_role(deal, data["contact"], actor=actor),
        form=ContactRefForm,
        in_header=False,
        repeatable=True,
        done=_("Person removed."),
        summary=_("Remove a contact from a deal"),
    ),
)


def _may_write_amount(deal: Any, actor: Any) -> None:
    """The lines make the deal's amount: whose role may not write it changes no line."""
    if actor.user is not None and not fields(actor.user, "opportunity").can_write("amount"):
        raise PermissionDenied(gettext("Your role may not change the amount, which the lines make."))


# The deal's product lines one at a time (the API also replaces them all: PUT …/lines).
LINE_ACTIONS = line_actions(
    read=deal_lines,
    write=lambda deal, lines, actor: set_lines(deal, lines, actor=actor),
    form=LineForm,
    available=_open,
    check=_may_write_amount,
)

ACTIONS = {"opportunity": (*OPPORTUNITY_ACTIONS, *LINE_ACTIONS)}
