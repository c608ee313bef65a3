"""Small reference trees (regions, product categories) read from the cache: the children of every
node for "this node and everything under it" filters, and indented choices for selects. The table
changes only through services, which call `forget_cached()` after commit."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.utils.translation import get_language


class CachedTree:
    """Mixin for a model with a `parent` foreign key to itself."""

    @classmethod
    def _cache_key(cls, what: str) -> str:
        name = cls._meta.label_lower  # type: ignore[attr-defined]
        version = cache.get(f"tree:{name}:version")
        if version is None:
            version = 1
            cache.add(f"tree:{name}:version", version, None)
        return f"tree:{name}:{version}:{what}"

    @classmethod
    def forget_cached(cls) -> None:
        name = cls._meta.label_lower  # type: ignore[attr-defined]
        try:
            cache.incr(f"tree:{name}:version")
        except ValueError:
            cache.set(f"tree:{name}:version", 2, None)

    @classmethod
    def _children_map(cls) -> dict[Any, list[Any]]:
        key = cls._cache_key("children")
        children: dict[Any, list[Any]] | None = cache.get(key)
        if children is None:
            children = {}
            for pk, parent in cls.objects.values_list("pk", "parent_id"):  # type: ignore[attr-defined]
                children.setdefault(parent, []).append(pk)
            cache.set(key, children, 86400)
        return children

    @classmethod
    def with_descendants(cls, ids: list[Any]) -> list[Any]:
        """The given nodes and every node under them."""
        children = cls._children_map()
        found: set[Any] = set()
        stack = list(ids)
        while stack:
            pk = stack.pop()
            if pk not in found:
                found.add(pk)
                stack.extend(children.get(pk, []))
        return sorted(found)

    @classmethod
    def choice_tree(cls) -> list[tuple[Any, str]]:
        """(pk, label) in reading order, each node followed by its children indented, labels in
        the current language."""
        key = cls._cache_key(f"tree:{get_language() or 'en'}")
        cached: list[tuple[Any, str]] | None = cache.get(key)
        if cached is None:
            cached = cls._build_choice_tree()
            cache.set(key, cached, 86400)
        return cached

    @classmethod
    def _ordered_roots(cls, roots: list[Any]) -> list[Any]:
        return roots

    @classmethod
    def _build_choice_tree(cls) -> list[tuple[Any, str]]:
        rows = list(cls.objects.all())  # type: ignore[attr-defined]
        children: dict[Any, list[Any]] = {}
        for row in rows:
            children.setdefault(row.parent_id, []).append(row)
        out: list[tuple[Any, str]] = []

        def walk(node: Any, depth: int) -> None:
            out.append((node.pk, "\u3000" * depth + str(node)))
            for child in children.get(node.pk, []):
                walk(child, depth + 1)

        for root in cls._ordered_roots(children.get(None, [])):
            walk(root, 0)
        return out
