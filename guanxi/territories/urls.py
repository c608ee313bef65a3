from django.urls import path

from . import views

app_name = "territories"
urlpatterns = [
    path("app/sales/territories/", views.territories, name="territories"),
]
