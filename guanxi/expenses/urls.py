from django.urls import path

from . import views

app_name = "expenses"
urlpatterns = [
    path("app/sales/expenses/", views.expense_summary, name="expense_summary"),
]
