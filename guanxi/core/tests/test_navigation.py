"""The navigation is what the apps declare (`registry.add_nav`), each link shown to whoever may
open its page, with the current page marked and counts of what waits."""

from __future__ import annotations

import re
from typing import Any

from guanxi.access.models import Role
from guanxi.access.services import set_field_rule
from guanxi.core import registry
from guanxi.core.actor import SYSTEM


def _sidebar(client: Any, url: str = "/app/") -> dict[str, dict[str, Any]]:
    """Link text → its address, whether it is the current page and its badge, as the sidebar shows it."""
    html = client.get(url).content.decode()
    nav = html[html.index('<aside class="sidebar"') : html.index("</aside>")]
    links = {}
    for attrs, inner in re.findall(r"<a ([^>]*)>(.*?)</a>", nav, flags=re.S):
        if "href" not in attrs or "brand" in attrs:
            continue
        badge = re.search(r'<span class="badge">(\d+)</span>', inner)
        text = re.sub(r"<[^>]+>", "", re.sub(r'<span class="(ico|badge)">.*?</span>', "", inner)).strip()
        links[text] = {
            "href": re.search(r'href="([^"]+)"', attrs).group(1),
            "active": 'class="active"' in attrs,
            "badge": int(badge.group(1)) if badge else None,
        }
    return links


def test_each_role_sees_the_links_to_what_it_may_open(managed: Any, browser_client: Any) -> None:
    org = managed
    rep = _sidebar(browser_client(org.rep))
    assert {"Home", "Accounts", "Sales dashboard", "Calendar", "Receivables", "Approvals", "Recycle bin"} <= set(rep)
    assert not {"Territories", "Ownership conflicts", "Security", "Custom objects", "Regions"} & set(rep)
    assert rep["Accounts"]["href"] == "/app/account/"

    manager = _sidebar(browser_client(org.manager))
    assert {"Territories", "Ownership conflicts"} <= set(manager)
    assert "Security" not in manager

    admin = _sidebar(browser_client(org.admin))
    assert {"Security", "Custom objects", "Custom fields", "Picklists", "Regions", "Approval processes"} <= set(admin)
    # Groups in their order: the day's work first, administration near the end, the API last.
    names = list(admin)
    assert names[0] == "Home" and names[-1] == "API"
    assert names.index("Accounts") < names.index("Approvals") < names.index("Security")

    agent = _sidebar(browser_client(org.agent))
    assert "Leads" not in agent  # the service agent's role sees no leads


def test_a_page_made_of_hidden_figures_leaves_the_menu(org: Any, browser_client: Any) -> None:
    role = Role.objects.get(key="sales_rep")
    client = browser_client(org.rep)
    assert "Receivables" in _sidebar(client)
    set_field_rule(role=role, object_type="invoice", field="balance", access="hidden", actor=SYSTEM)
    assert "Receivables" not in _sidebar(client)
    assert client.get("/app/sales/receivables/").status_code == 403


def test_the_current_page_is_marked(org: Any, browser_client: Any) -> None:
    client = browser_client(org.rep)
    assert _sidebar(client, "/app/sales/targets/")["Sales dashboard"]["active"]
    on_accounts = _sidebar(client, "/app/account/")
    assert on_accounts["Accounts"]["active"] and not on_accounts["Home"]["active"]
    assert _sidebar(client)["Home"]["active"]


def test_an_app_adds_a_link_with_its_own_rule_and_badge(org: Any, browser_client: Any) -> None:
    item = registry.NavItem(
        "test_queue",
        "Test queue",
        "core:notifications",
        icon="☎",
        group="work",
        visible=lambda user: user.username == "manager",
        badge=lambda user: 7,
    )
    registry.add_nav(item)
    try:
        assert _sidebar(browser_client(org.manager))["Test queue"] == {
            "href": "/app/notifications/",
            "active": False,
            "badge": 7,
        }
        assert "Test queue" not in _sidebar(browser_client(org.rep))
    finally:
        registry.remove_nav("test_queue")
    assert "Test queue" not in _sidebar(browser_client(org.manager))
