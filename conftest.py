"""Fixtures shared by the whole suite: seed roles and picklists, a small organisation of users."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from guanxi.access.models import Department, User
from guanxi.access.services import create_token, create_user, ensure_default_roles, save_department
from guanxi.core.actor import SYSTEM


def pytest_collection_modifyitems(items: list[Any]) -> None:
    """Every test in a test_browser_*.py file drives a real Chromium: marked `browser`, so
    `-m browser` runs them alone and `-m "not browser"` leaves them out."""
    for item in items:
        if item.path.name.startswith("test_browser_"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _clear_caches() -> Any:
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
    from guanxi.studio.objects import forget_all

    forget_all()  # custom objects defined by this test went with its database transaction


@pytest.fixture
def seeded(db: Any) -> None:
    from guanxi.customers.seeds import ensure_picklists
    from guanxi.sales.seeds import ensure_sales_reference

    ensure_default_roles()
    ensure_picklists()
    ensure_sales_reference()


@dataclass
class Org:
    admin: User
    manager: User  # sales manager of 销售部 (sees its subtree)
    rep: User  # sales rep in 销售部
    rep2: User  # sales rep in 华东销售组 (below 销售部)
    other_rep: User  # sales rep in 华南销售部 (a separate tree)
    agent: User  # service agent
    sales: Department
    east: Department
    south: Department

    def all(self) -> dict[str, User]:
        return {
            "admin": self.admin,
            "manager": self.manager,
            "rep": self.rep,
            "rep2": self.rep2,
            "other_rep": self.other_rep,
            "agent": self.agent,
        }


@pytest.fixture
def org(seeded: None) -> Org:
    roles = ensure_default_roles()
    sales = save_department(name="销售部", actor=SYSTEM)
    east = save_department(name="华东销售组", parent=sales, actor=SYSTEM)
    south = save_department(name="华南销售部", actor=SYSTEM)
    service = save_department(name="客户服务部", actor=SYSTEM)

    def user(name: str, role: str, dept: Department | None, **kw: Any) -> User:
        return create_user(
            username=name,
            password="not-used-in-tests-123",
            actor=SYSTEM,
            display_name=name,
            department=dept,
            roles=[roles[role]],
            validate=False,
            **kw,
        )

    return Org(
        admin=user("admin", "administrator", None, is_superuser=True),
        manager=user("manager", "sales_manager", sales),
        rep=user("rep", "sales_rep", sales),
        rep2=user("rep2", "sales_rep", east),
        other_rep=user("other_rep", "sales_rep", south),
        agent=user("agent", "service_agent", service),
        sales=sales,
        east=east,
        south=south,
    )


@pytest.fixture
def managed(org: Org) -> Org:
    """The organisation with 销售部 headed by the sales manager, who approves its representatives'
    discounts, trips and changes (approvals find a representative's manager)."""
    save_department(name=org.sales.name, manager=org.manager, actor=SYSTEM, instance=org.sales)
    org.rep.department.refresh_from_db()  # type: ignore[union-attr]
    org.rep2.department.refresh_from_db()  # type: ignore[union-attr]
    return org


class ApiClient:
    """A Django test client that sends a bearer token and JSON."""

    def __init__(self, user: User) -> None:
        _token, self.token = create_token(user=user, name="test", actor=SYSTEM)
        self.client = Client()
        self.user = user

    def _headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", **(extra or {})}

    def get(self, path: str, params: dict[str, Any] | None = None, **headers: str) -> Any:
        return self.client.get(path, params or {}, headers=self._headers(headers))

    def post(self, path: str, data: Any = None, **headers: str) -> Any:
        return self.client.post(path, data or {}, content_type="application/json", headers=self._headers(headers))

    def patch(self, path: str, data: Any, **headers: str) -> Any:
        return self.client.patch(path, data, content_type="application/json", headers=self._headers(headers))

    def put(self, path: str, data: Any, **headers: str) -> Any:
        return self.client.put(path, data, content_type="application/json", headers=self._headers(headers))

    def delete(self, path: str, **headers: str) -> Any:
        return self.client.delete(path, headers=self._headers(headers))


@pytest.fixture
def api(org: Org) -> Any:
    def make(user: User | None = None) -> ApiClient:
        return ApiClient(user or org.admin)

    return make


@pytest.fixture
def browser_client(org: Org) -> Any:
    def make(user: User | None = None) -> Client:
        client = Client()
        client.force_login(user or org.admin)
        return client

    return make


def _load_samples() -> None:
    """Every app's sample data for the generated platform tests: `<app>.tests.samples`, found the
    way the registry finds `<app>.registry`, so a new app's objects are tested without a line here."""
    import importlib

    from django.apps import apps

    for config in apps.get_app_configs():
        if config.name.startswith("guanxi."):
            try:
                importlib.import_module(f"{config.name}.tests.samples")
            except ModuleNotFoundError as exc:
                if exc.name not in (f"{config.name}.tests", f"{config.name}.tests.samples"):
                    raise


_load_samples()
