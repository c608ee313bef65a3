from django.urls import path

from . import views

app_name = "sales"
urlpatterns = [
    path("app/calendar/", views.calendar_page, name="calendar"),
    path("ical/<str:secret>.ics", views.ical_feed, name="ical"),
    path("app/activity/<uuid:pk>/links/", views.add_activity_link, name="add_activity_link"),
    path("app/sales/conflicts/", views.conflicts, name="conflicts"),
    path("app/sales/conflicts/<int:conflict_id>/settle/", views.settle_conflict, name="settle_conflict"),
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
    path("app/opportunity/<uuid:pk>/lines/<int:index>/remove/", views.remove_line, name="remove_line"),
]
