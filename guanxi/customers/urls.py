from django.urls import path

from . import views

app_name = "customers"
urlpatterns = [
    path("app/admin/regions/", views.regions, name="regions"),
    path("app/admin/regions/new/", views.region_edit, name="region_new"),
    path("app/admin/regions/<id:region_id>/", views.region_edit, name="region_edit"),
    path("app/admin/regions/<id:region_id>/delete/", views.region_delete, name="region_delete"),
    path("app/lead/<uuid:pk>/convert/", views.convert_lead, name="convert_lead"),
    path("app/account/<uuid:pk>/hierarchy/", views.hierarchy, name="hierarchy"),
    path("app/<slug:key>/<uuid:pk>/points/", views.add_point, name="add_point"),
    path("app/<slug:key>/<uuid:pk>/points/<id:point_id>/delete/", views.delete_point, name="delete_point"),
    path("app/<slug:key>/<uuid:pk>/points/<id:point_id>/invalid/", views.invalidate_point, name="invalidate_point"),
    path("app/<slug:key>/<uuid:pk>/interactions/", views.log_interaction, name="log_interaction"),
]
