"""How the catalogue's products and price books register with the platform."""

from __future__ import annotations

from collections.abc import Mapping

from guanxi.access.choices import Operation as Op
from guanxi.access.choices import Scope as S
from guanxi.core.registry import ObjectType, register

from .models import PriceBook, Product
from .services import PriceBookService, ProductService

# The product catalogue and price books have no owner: everyone reads and exports them (a price
# list), only administrators change them.
CATALOGUE = ("product", "price_book")
_CATALOGUE_READ: dict[str, int] = {**dict.fromkeys(Op, S.NONE), Op.VIEW: S.ALL, Op.EXPORT: S.ALL}
_SEEDED = ("sales_manager", "sales_rep", "service_agent")
CATALOGUE_GRANTS: dict[str, Mapping[str, int]] = dict.fromkeys(_SEEDED, _CATALOGUE_READ)


register(
    ObjectType(
        key="product",
        model=Product,
        service=ProductService(),
        icon="📦",
        order=40,
        owner_field=None,
        list_columns=("name", "code", "category", "unit", "list_price", "currency", "active", "updated_at"),
        form_fields=(
            "code",
            "name",
            "name_en",
            "name_zh_hant",
            "category",
            "unit",
            "list_price",
            "currency",
            "cost",
            "active",
            "description",
        ),
        filter_fields=("category", "unit", "currency", "active"),
        sort_fields=("updated_at", "created_at", "name", "code", "list_price"),
        search_fields=("name",),
        search_covers=("name", "code", "name_en", "name_zh_hant"),
        default_grants=CATALOGUE_GRANTS,
    )
)

register(
    ObjectType(
        key="price_book",
        model=PriceBook,
        service=PriceBookService(),
        icon="🏷",
        order=45,
        owner_field=None,
        list_columns=("name", "currency", "customer_level", "valid_from", "valid_until", "active", "updated_at"),
        form_fields=("name", "currency", "customer_level", "valid_from", "valid_until", "active"),
        filter_fields=("currency", "customer_level", "active"),
        sort_fields=("updated_at", "created_at", "name"),
        search_fields=("name",),
        default_grants=CATALOGUE_GRANTS,
    )
)
