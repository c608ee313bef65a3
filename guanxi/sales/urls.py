from django.urls import path

from . import views

app_name = "sales"
urlpatterns = [
    path("app/sales/", views.dashboard_page, name="dashboard"),
]
