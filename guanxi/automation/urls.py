from django.urls import path

from . import admin_views, views

app_name = "automation"
urlpatterns = [
    path("app/approvals/", views.inbox, name="inbox"),
    path("app/approvals/<id:request_id>/", views.request_detail, name="request"),
    path("app/approvals/<id:request_id>/<slug:decision>/", views.decide, name="decide"),
    path("app/approvals/submit/<slug:key>/<uuid:pk>/", views.submit, name="submit"),
    path("app/admin/approvals/", admin_views.processes, name="processes"),
    path("app/admin/approvals/new/", admin_views.process_edit, name="process_new"),
    path("app/admin/approvals/<id:process_id>/", admin_views.process_edit, name="process_edit"),
]
