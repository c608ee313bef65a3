from django.urls import path

from . import views

app_name = "customization"
urlpatterns = [
    path("app/admin/fields/", views.custom_fields, name="fields"),
    path("app/admin/fields/new/", views.custom_field_edit, name="field_new"),
    path("app/admin/fields/<id:field_id>/", views.custom_field_edit, name="field_edit"),
    path("app/admin/objects/", views.custom_objects, name="objects"),
    path("app/admin/objects/new/", views.custom_object_edit, name="object_new"),
    path("app/admin/objects/<slug:key>/", views.custom_object_edit, name="object_edit"),
    path("app/admin/picklists/", views.picklists, name="picklists"),
    path("app/admin/picklists/<slug:key>/new/", views.picklist_option_edit, name="option_new"),
    path("app/admin/picklists/<slug:key>/<id:option_id>/", views.picklist_option_edit, name="option_edit"),
]
