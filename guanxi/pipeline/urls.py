from django.urls import path

from . import views

app_name = "pipeline"
urlpatterns = [
    path("app/sales/conflicts/", views.conflicts, name="conflicts"),
    path("app/sales/conflicts/<id:conflict_id>/settle/", views.settle_conflict, name="settle_conflict"),
    path("app/opportunity/<uuid:pk>/lines/", views.add_line, name="add_line"),
    path("app/opportunity/<uuid:pk>/competitors/", views.add_competitor, name="add_competitor"),
    path("app/opportunity/<uuid:pk>/contacts/", views.add_contact_role, name="add_contact_role"),
    path(
        "app/opportunity/<uuid:pk>/contacts/<uuid:contact_id>/remove/",
        views.delete_contact_role,
        name="remove_contact_role",
    ),
    path(
        "app/opportunity/<uuid:pk>/competitors/<uuid:competitor_id>/remove/",
        views.delete_competitor,
        name="remove_competitor",
    ),
    path("app/opportunity/<uuid:pk>/lines/<id:index>/remove/", views.remove_line, name="remove_line"),
]
