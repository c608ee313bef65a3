from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import include, path, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from guanxi.api.generic import api, mount_all, moved_response

mount_all()


@csrf_exempt
def api_not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other /api/ address: a problem+json 404, as the API's own answers are — or, for an
    address of the singular paths the API had before its collections took plural names
    (/api/v1/account/…), a permanent redirect that keeps the method and body (308)."""
    moved = moved_response(request, rest)
    if moved is not None:
        return moved
    body = {"type": "about:blank", "title": _("Not found"), "status": 404, "detail": _("No such API address.")}
    return JsonResponse(body, status=404, content_type="application/problem+json")


# App-specific pages come before the generic /app/<object>/… routes they refine.
urlpatterns = [
    path("api/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", api_not_found),
    path("", include("guanxi.access.urls")),
    path("", include("guanxi.studio.urls")),
    path("", include("guanxi.automation.urls")),
    path("", include("guanxi.customers.urls")),
    path("", include("guanxi.pipeline.urls")),
    path("", include("guanxi.activities.urls")),
    path("", include("guanxi.billing.urls")),
    path("", include("guanxi.targets.urls")),
    path("", include("guanxi.expenses.urls")),
    path("", include("guanxi.territories.urls")),
    path("", include("guanxi.sales.urls")),
    path("", include("guanxi.web.urls")),
]
