from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoriesConfig(AppConfig):
    name = "guanxi.territories"
    label = "territories"
    verbose_name = _("Territories")

    def ready(self) -> None:
        from guanxi.records.services import add_owner_resolver

        from . import services

        # Territory rules give new leads and accounts their owner; sales records made for a
        # customer by a manager or an import go to the representative who has the customer.
        add_owner_resolver(services.owner_by_rules)
        add_owner_resolver(services.owner_from_source)
