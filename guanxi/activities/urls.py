from django.urls import path

from . import views

app_name = "activities"
urlpatterns = [
    path("app/calendar/", views.calendar_page, name="calendar"),
    path("ical/<str:secret>.ics", views.ical_feed, name="ical"),
    path("app/activity/<uuid:pk>/links/", views.add_activity_link, name="add_activity_link"),
    path("app/work_log/<uuid:pk>/entries/", views.work_log_entry, name="work_log_entry"),
    path(
        "app/work_log/<uuid:pk>/entries/<id:entry_id>/remove/",
        views.work_log_entry_remove,
        name="work_log_entry_remove",
    ),
]
