from django.urls import path

from . import document_views as docs
from . import views

app_name = "sales"
urlpatterns = [
    path("app/calendar/", views.calendar_page, name="calendar"),
    path("ical/<str:secret>.ics", views.ical_feed, name="ical"),
    path("app/activity/<uuid:pk>/links/", views.add_activity_link, name="add_activity_link"),
    path("app/sales/conflicts/", views.conflicts, name="conflicts"),
    path("app/sales/conflicts/<id:conflict_id>/settle/", views.settle_conflict, name="settle_conflict"),
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
    path("app/opportunity/<uuid:pk>/lines/<id:index>/remove/", views.remove_line, name="remove_line"),
    path("app/<str:key>/<uuid:pk>/items/", docs.add_item, name="add_item"),
    path("app/<str:key>/<uuid:pk>/items/<id:index>/remove/", docs.remove_item, name="remove_item"),
    path("app/quote/<uuid:pk>/pdf/", docs.quote_pdf_view, name="quote_pdf"),
    path("app/invoice/<uuid:pk>/payment/", docs.invoice_payment, name="invoice_payment"),
    path("app/sales/receivables/", docs.receivables, name="receivables"),
    path("app/sales/ledger/", docs.ledger, name="ledger"),
    path("app/sales/", docs.dashboard_page, name="dashboard"),
    path("app/sales/targets/", docs.targets_page, name="targets"),
    path("app/work_log/<uuid:pk>/entries/", docs.work_log_entry, name="work_log_entry"),
    path(
        "app/work_log/<uuid:pk>/entries/<id:entry_id>/remove/",
        docs.work_log_entry_remove,
        name="work_log_entry_remove",
    ),
    path("app/travel_plan/<uuid:pk>/links/", docs.travel_link, name="travel_link"),
    path("app/travel_plan/<uuid:pk>/links/<id:link_id>/remove/", docs.travel_unlink, name="travel_unlink"),
    path("app/expense_report/<uuid:pk>/lines/", docs.expense_line, name="expense_line"),
    path(
        "app/expense_report/<uuid:pk>/lines/<id:line_id>/remove/", docs.expense_line_remove, name="expense_line_remove"
    ),
    path("app/sales/expenses/", docs.expense_summary, name="expense_summary"),
    path("app/sales/territories/", docs.territories, name="territories"),
]
