from django.urls import path
from django.views.generic import RedirectView

from guanxi.web import views

app_name = "core"
urlpatterns = [
    path("", RedirectView.as_view(url="/app/", permanent=False)),
    path("app/", views.home, name="home"),
    path("app/search/", views.global_search, name="search"),
    path("app/trash/", views.recycle_bin, name="trash"),
    path("app/notifications/", views.notifications, name="notifications"),
    path("app/attachments/<uuid:attachment_id>/", views.download_attachment, name="attachment"),
    path("app/<slug:key>/", views.record_list, name="list"),
    path("app/<slug:key>/new/", views.record_create, name="create"),
    path("app/<slug:key>/kanban/", views.kanban, name="kanban"),
    path("app/<slug:key>/autocomplete/", views.autocomplete, name="autocomplete"),
    path("app/<slug:key>/export.<str:fmt>", views.record_export, name="export"),
    path("app/<slug:key>/views/", views.save_view, name="save_view"),
    path("app/<slug:key>/bulk/", views.bulk_action, name="bulk"),
    path("app/<slug:key>/<uuid:pk>/", views.record_detail, name="detail"),
    path("app/<slug:key>/<uuid:pk>/edit/", views.record_edit, name="edit"),
    path("app/<slug:key>/<uuid:pk>/delete/", views.record_delete, name="delete"),
    path("app/<slug:key>/<uuid:pk>/restore/", views.restore, name="restore"),
    path("app/<slug:key>/<uuid:pk>/history/", views.record_history, name="history"),
    path("app/<slug:key>/<uuid:pk>/move/", views.kanban_move, name="move"),
    path("app/<slug:key>/<uuid:pk>/notes/", views.add_note, name="add_note"),
    path("app/<slug:key>/<uuid:pk>/tags/", views.add_tag, name="add_tag"),
    path("app/<slug:key>/<uuid:pk>/tags/<id:tag_id>/remove/", views.remove_tag, name="remove_tag"),
    path("app/<slug:key>/<uuid:pk>/attachments/", views.add_attachment, name="add_attachment"),
    # Last: any other word after a record is one of its type's actions (registry.ObjectAction).
    path("app/<slug:key>/<uuid:pk>/<slug:name>/", views.record_action, name="action"),
]
