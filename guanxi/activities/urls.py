from django.urls import path

from . import views

app_name = "activities"
urlpatterns = [
    path("app/calendar/", views.calendar_page, name="calendar"),
    path("ical/<str:secret>.ics", views.ical_feed, name="ical"),
]
