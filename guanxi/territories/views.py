"""The territories page: assignment rules and transfers of a representative's customers and work."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from guanxi.access.http import AuthedRequest
from guanxi.core import registry
from guanxi.core.actor import current_actor
from guanxi.core.errors import PermissionDenied

from .forms import AssignmentRuleForm, TransferForm
from .models import AssignmentRule, Transfer
from .services import delete_rule, may_manage_territories, save_rule, transfer


@login_required
def territories(request: AuthedRequest) -> HttpResponse:
    """Assignment rules for new leads and accounts, and handing one person's customers to another."""
    user = request.user
    if not may_manage_territories(user):
        raise PermissionDenied(_("Managing territories needs the assign right on leads or accounts."))
    editing = AssignmentRule.objects.filter(pk=request.GET.get("rule") or 0).first()
    rule_form = AssignmentRuleForm(instance=editing)
    transfer_form = TransferForm()
    if request.method == "POST" and request.POST.get("form") == "rule":
        editing = AssignmentRule.objects.filter(pk=request.POST.get("rule") or 0).first()
        rule_form = AssignmentRuleForm(request.POST, instance=editing)
        if rule_form.is_valid():
            data = {name: rule_form.cleaned_data[name] for name in rule_form.Meta.fields}
            data["industry"] = data["industry"] or ""
            try:
                save_rule(data, actor=current_actor(), instance=editing)
                messages.success(request, _("Saved."))
                return redirect("territories:territories")
            except ValidationError as exc:
                for name, problems in exc.message_dict.items():
                    rule_form.add_error(name if name in rule_form.fields else None, problems)
    elif request.method == "POST" and request.POST.get("form") == "transfer":
        transfer_form = TransferForm(request.POST)
        if transfer_form.is_valid():
            data = transfer_form.cleaned_data
            try:
                done = transfer(
                    from_user=data["from_user"],
                    to_user=data["to_user"],
                    region=data["region"] or None,
                    industry=data["industry"],
                    reason=data["reason"],
                    actor=current_actor(),
                )
                moved = ", ".join(f"{registry.get(k).label_plural}: {n}" for k, n in done.counts.items())
                messages.success(request, _("Handed over — {moved}.").format(moved=moved))
                return redirect("territories:territories")
            except ValidationError as exc:
                for name, problems in exc.message_dict.items():
                    transfer_form.add_error(name if name in transfer_form.fields else None, problems)
    elif request.method == "POST" and request.POST.get("form") == "delete":
        rule = AssignmentRule.objects.filter(pk=request.POST.get("rule") or 0).first()
        if rule is not None:
            delete_rule(rule, actor=current_actor())
        messages.success(request, _("Rule removed."))
        return redirect("territories:territories")
    return render(
        request,
        "territories/territories.html",
        {
            "rules": list(AssignmentRule.objects.select_related("region", "user", "team")),
            "rule_form": rule_form,
            "editing": editing,
            "transfer_form": transfer_form,
            "transfers": [
                {
                    "t": t,
                    "counts": [(registry.get(k).label_plural, n) for k, n in t.counts.items() if registry.maybe(k)],
                }
                for t in Transfer.objects.select_related("from_user", "to_user", "by")[:20]
            ],
        },
    )
