from django.urls import path

from . import views

app_name = "sales"
urlpatterns = [
    path("app/sales/conflicts/", views.conflicts, name="conflicts"),
    path("app/sales/conflicts/<int:conflict_id>/settle/", views.settle_conflict, name="settle_conflict"),
    path("app/opportunity/<uuid:pk>/lines/", views.add_line, name="add_line"),
    path("app/opportunity/<uuid:pk>/lines/<int:index>/remove/", views.remove_line, name="remove_line"),
]
