from django.urls import path

from . import views

app_name = "expenses"
urlpatterns = [
    path("app/travel_plan/<uuid:pk>/links/", views.travel_link, name="travel_link"),
    path("app/travel_plan/<uuid:pk>/links/<id:link_id>/remove/", views.travel_unlink, name="travel_unlink"),
    path("app/expense_report/<uuid:pk>/lines/", views.expense_line, name="expense_line"),
    path(
        "app/expense_report/<uuid:pk>/lines/<id:line_id>/remove/", views.expense_line_remove, name="expense_line_remove"
    ),
    path("app/sales/expenses/", views.expense_summary, name="expense_summary"),
]
