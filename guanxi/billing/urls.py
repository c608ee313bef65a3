from django.urls import path

from . import views

app_name = "billing"
urlpatterns = [
    path("app/quote/<uuid:pk>/pdf/", views.quote_pdf_view, name="quote_pdf"),
    path("app/sales/receivables/", views.receivables, name="receivables"),
    path("app/sales/ledger/", views.ledger, name="ledger"),
]
