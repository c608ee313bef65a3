from django.urls import path

from . import views

app_name = "pipeline"
urlpatterns = [
    path("app/sales/conflicts/", views.conflicts, name="conflicts"),
]
