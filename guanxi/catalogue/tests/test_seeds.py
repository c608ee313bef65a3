"""The catalogue seeds its own reference data on migrate: a database has its currencies (and product
units) once migrated, from the catalogue's post_migrate handler — not from "sales", so an app that
installs the catalogue without "sales" has them too. Seeding again never overwrites a change."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate

from guanxi.catalogue.models import Currency
from guanxi.catalogue.seeds import CURRENCIES, ensure_catalogue_reference
from guanxi.customization.models import PicklistOption

pytestmark = pytest.mark.django_db

SEEDED = {code: (en, hans, hant, symbol, True) for code, en, hans, hant, symbol in CURRENCIES}


def _currencies() -> dict[str, tuple[Any, ...]]:
    rows = Currency.objects.values_list("code", "name_en", "name_zh_hans", "name_zh_hant", "symbol", "active")
    return {code: tuple(rest) for code, *rest in rows}


def _units() -> list[tuple[str, str, str, str]]:
    options = PicklistOption.objects.filter(picklist__key="product_unit").order_by("order")
    return list(options.values_list("value", "label", "label_zh_hans", "label_zh_hant"))


def _migrated(label: str, plan: Any) -> None:
    """What `migrate` sends each app once it is done (a flush sends it with no plan)."""
    config = apps.get_app_config(label)
    post_migrate.send(
        sender=config, app_config=config, verbosity=0, interactive=False, using=DEFAULT_DB_ALIAS, apps=apps, plan=plan
    )


def test_migrate_seeds_the_currencies() -> None:
    Currency.objects.all().delete()
    call_command("migrate", verbosity=0, interactive=False)
    assert _currencies() == SEEDED


def test_the_catalogues_own_handler_seeds_them_and_a_second_run_changes_nothing() -> None:
    Currency.objects.all().delete()
    PicklistOption.objects.filter(picklist__key="product_unit").delete()
    _migrated("sales", plan=[])  # the composition app seeds none of it any more
    assert _currencies() == {} and _units() == []

    _migrated("catalogue", plan=[])
    assert _currencies() == SEEDED and len(SEEDED) == 8
    assert _currencies()["CNY"] == ("Chinese yuan", "人民币", "人民幣", "¥", True)
    units = _units()
    assert ("licence", "Licence", "许可", "授權") in units and len(units) == 7

    # An administrator's changes are kept; nothing is added twice.
    Currency.objects.filter(code="USD").update(name_zh_hans="美金", symbol="US$", active=False)
    _migrated("catalogue", plan=[])
    ensure_catalogue_reference()
    assert _currencies() == {**SEEDED, "USD": ("US dollar", "美金", "美元", "US$", False)}
    assert _units() == units


def test_a_flush_seeds_nothing() -> None:
    Currency.objects.all().delete()
    _migrated("catalogue", plan=None)
    assert not Currency.objects.exists()
