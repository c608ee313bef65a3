from django.urls import include, path

from guanxi.core.api import api, mount_all

mount_all()

# App-specific pages come before the generic /app/<object>/… routes they refine.
urlpatterns = [
    path("api/", api.urls),
    path("", include("guanxi.access.urls")),
    path("", include("guanxi.customization.urls")),
    path("", include("guanxi.automation.urls")),
    path("", include("guanxi.customers.urls")),
    path("", include("guanxi.core.urls")),
]
