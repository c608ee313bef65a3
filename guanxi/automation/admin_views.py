"""Administration pages of approval processes (administrators only)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from guanxi.access.decorators import admin_required
from guanxi.access.http import AuthedRequest
from guanxi.core import registry
from guanxi.core.actor import current_actor
from guanxi.web.forms import add_service_errors

from .forms import ProcessForm
from .models import ApprovalProcess
from .services import save_process


@admin_required
def processes(request: AuthedRequest) -> HttpResponse:
    rows = ApprovalProcess.objects.prefetch_related("steps", "roles").order_by("object_type", "order", "pk")
    types = {ot.key: ot for ot in registry.all_types()}
    return render(request, "automation/processes.html", {"rows": rows, "types": types})


@admin_required
def process_edit(request: AuthedRequest, process_id: int | None = None) -> HttpResponse:
    instance = ApprovalProcess.objects.filter(pk=process_id).first() if process_id else None
    if process_id and instance is None:
        raise Http404
    form = ProcessForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            save_process(form.service_data(), actor=current_actor(), instance=instance)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Approval process saved."))
            return redirect("automation:processes")
    return render(request, "automation/process_form.html", {"form": form, "instance": instance})
