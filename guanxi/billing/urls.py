from django.urls import path

from . import views

app_name = "billing"
urlpatterns = [
    path("app/<str:key>/<uuid:pk>/items/", views.add_item, name="add_item"),
    path("app/<str:key>/<uuid:pk>/items/<id:index>/remove/", views.remove_item, name="remove_item"),
    path("app/quote/<uuid:pk>/pdf/", views.quote_pdf_view, name="quote_pdf"),
    path("app/sales/receivables/", views.receivables, name="receivables"),
    path("app/sales/ledger/", views.ledger, name="ledger"),
]
