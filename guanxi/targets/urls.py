from django.urls import path

from . import views

app_name = "targets"
urlpatterns = [
    path("app/sales/targets/", views.targets_page, name="targets"),
]
