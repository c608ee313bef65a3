from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpensesConfig(AppConfig):
    name = "guanxi.expenses"
    label = "expenses"
    verbose_name = _("Expenses")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .seeds import on_migrate

        # Expense categories and the travel and expense approvals exist once migrated (after access's
        # handler, which seeds the administrator role the expense report's approval names).
        post_migrate.connect(on_migrate, sender=self, dispatch_uid="guanxi.expenses.seed")
