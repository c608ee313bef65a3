"""The permission matrix, generated from the registry: every object type × every role × own /
same department / sub-department / other department / shared records × every entry point (list
page, detail page, history, global search, autocomplete, related list, API list, API search,
API get, API update, export). An independent oracle of the seed roles says what each user may see
and change; any difference is a leak (or a record wrongly hidden). The number of cases is printed."""

from __future__ import annotations

import csv
import io
import uuid
from typing import Any

import pytest
from django.urls import reverse

from guanxi.access.services import share_record
from guanxi.catalogue.registry import CATALOGUE
from guanxi.core import registry
from guanxi.core.actor import SYSTEM
from guanxi.core.testing import api_name, make
from guanxi.studio.testing import CUSTOM_KEY, define_booth

pytestmark = pytest.mark.django_db
# Every registered type, and a custom object defined at run time as an administrator would.
TYPES = [ot.key for ot in registry.all_types()] + [CUSTOM_KEY]
TOTAL = {"cases": 0}


def oracle(viewer: str, owner_user: Any, org: Any, key: str, *, shared_with: str | None = None) -> bool:
    """What the seed roles promise for seeing a record, written independently of the access layer."""
    if viewer == shared_with:
        return True
    if viewer == "admin" or key in CATALOGUE:  # the product catalogue has no owner: sales reads it all
        return True
    if viewer == "agent":
        if key == "work_log":
            return owner_user == org.agent  # everyone's own work log
        return key not in ("lead", "target")  # service agents see no leads and no sales targets
    viewer_user = getattr(org, viewer)
    if viewer == "manager":  # department 销售部 and everything below it
        dept = owner_user.department
        return owner_user == viewer_user or (dept is not None and dept.path.startswith(org.sales.path))
    return owner_user == viewer_user  # representatives: their own records only


def may_edit(viewer: str, owner_user: Any, org: Any, key: str) -> bool:
    """What the seed roles promise for changing a record."""
    if viewer == "admin":
        return True
    if key in CATALOGUE:
        return False  # administrators keep the catalogue
    if viewer == "agent":
        return key in ("interaction", "work_log") and owner_user == org.agent
    if key == "work_log":
        return owner_user == getattr(org, viewer)  # a manager reads the team's logs, writes only their own
    if key == "target" and viewer not in ("admin", "manager"):
        return False  # representatives read the targets their managers set, never change them
    return oracle(viewer, owner_user, org, key)  # managers: their subtree; representatives: their own


def may_export(viewer: str, key: str) -> bool:
    """What the seed roles promise for exporting a type at all."""
    if viewer in ("admin", "manager") or key in CATALOGUE:
        return True
    if viewer == "agent":
        return False  # service agents look customers up; they take no lists away
    return key != "work_log"  # representatives export their own records, but not their work logs


def _defined(key: str) -> None:
    if key == CUSTOM_KEY and registry.maybe(key) is None:
        define_booth()


def _records(org: Any, key: str) -> dict[str, Any]:
    """One record per owner, each with a unique, searchable title, plus one of other_rep's shared
    read-only with rep."""
    ot = registry.get(key)
    out = {}
    for name, user in org.all().items():
        title = f"Leak{key}{name}{uuid.uuid4().hex[:6]}"
        out[name] = make(key, user, **{ot.title_field: title})
    shared = make(key, org.other_rep, **{ot.title_field: f"Leak{key}shared{uuid.uuid4().hex[:6]}"})
    target = shared if not ot.scope_via else getattr(shared, ot.scope_via)
    target_type = key if not ot.scope_via else registry.for_model(target).key
    share_record(object_type=target_type, object_id=target.pk, user=org.rep, actor=SYSTEM)
    out["shared"] = shared
    return out


@pytest.mark.parametrize("key", TYPES)
def test_no_leaks_on_any_entry_point(key: str, org: Any, api: Any, browser_client: Any) -> None:
    _defined(key)
    ot = registry.get(key)
    records = _records(org, key)
    cases = 0
    for viewer in org.all():
        user = getattr(org, viewer)
        web = browser_client(user)
        rest = api(user)
        list_html = web.get(f"/app/{key}/").content.decode()
        api_ids = {i["id"] for i in rest.get(f"/api/v1/{api_name(key)}/", {"limit": 500}).json().get("items", [])}
        export = web.get(f"/app/{key}/export.csv")
        # The export opens exactly for whoever may export; when it does, its rows are checked below.
        assert export.status_code == (200 if may_export(viewer, key) else 404), f"export of {key} as {viewer}"
        exported = b"".join(export.streaming_content).decode("utf-8-sig") if export.status_code == 200 else ""
        exported_titles = {cell for row in csv.reader(io.StringIO(exported)) for cell in row}
        for owner_name, obj in records.items():
            owner_user = org.other_rep if owner_name == "shared" else getattr(org, owner_name)
            shared_with = "rep" if owner_name == "shared" else None
            expected = oracle(viewer, owner_user, org, key, shared_with=shared_with)
            title = ot.title(obj)
            where = f"{viewer} viewing {owner_name}'s {key}"
            assert (f"/app/{key}/{obj.pk}/" in list_html) == expected, f"list page: {where}"
            assert (str(obj.pk) in api_ids) == expected, f"API list: {where}"
            ok = 200 if expected else 404
            assert web.get(f"/app/{key}/{obj.pk}/").status_code == ok, f"detail page: {where}"
            assert web.get(f"/app/{key}/{obj.pk}/history/").status_code == ok, f"history: {where}"
            assert rest.get(f"/api/v1/{api_name(key)}/{obj.pk}").status_code == ok, f"API get: {where}"
            cases += 5
            if ot.search_fields:
                found = {i["id"] for i in rest.get(f"/api/v1/{api_name(key)}/", {"q": title}).json().get("items", [])}
                assert (str(obj.pk) in found) == expected, f"API search: {where}"
                page = web.get("/app/search/", {"q": title}).content.decode()
                assert (f"/app/{key}/{obj.pk}/" in page) == expected, f"global search: {where}"
                options = web.get(f"/app/{key}/autocomplete/", {"q": title}).content.decode()
                assert (f'data-id="{obj.pk}"' in options) == expected, f"autocomplete: {where}"
                cases += 3
            if export.status_code == 200:
                # Export follows the role's export grant: a share lets one see a record, not export it.
                exportable = oracle(viewer, owner_user, org, key)
                assert (title in exported_titles) == exportable, f"export: {where}"
                cases += 1
            # A PATCH that changes nothing: 200 to whoever may edit, 403 to who may only see, else 404.
            edit = may_edit(viewer, owner_user, org, key)
            r = rest.patch(
                f"/api/v1/{api_name(key)}/{obj.pk}", {ot.title_field: title}, **{"If-Match": f'"{obj.version}"'}
            )
            assert r.status_code == (200 if edit else 403 if expected else 404), f"API update: {where}"
            cases += 1
    TOTAL["cases"] += cases
    print(f"{key}: {cases} leak-matrix cases")


def _related_parents() -> list[tuple[str, str, str]]:
    """(child type, foreign key, parent type) for every related list the registry declares."""
    out = []
    for parent in registry.all_types():
        for rel in parent.related:
            out.append((rel.object_type, rel.via, parent.key))
    return [*out, (CUSTOM_KEY, "custom.exhibitor", "account")]  # a custom object's lookup field


@pytest.mark.parametrize(("key", "via", "parent_key"), _related_parents())
def test_related_lists_show_only_visible_records(
    key: str, via: str, parent_key: str, org: Any, browser_client: Any
) -> None:
    """A parent every user can see (shared with all), children owned by everyone: each user's view
    of the parent page lists exactly the children they may see."""
    _defined(key)
    ot = registry.get(key)
    parent = make(parent_key, org.admin)
    if parent_key == "order":  # an order with something to invoice, so its invoices can be made
        from decimal import Decimal

        from guanxi.billing.services import set_document_lines

        product = make("product", org.admin, list_price=Decimal("1000000"))
        parent = set_document_lines(parent, [{"product": product.pk, "quantity": 10}], actor=SYSTEM)
    for user in org.all().values():
        share_record(object_type=parent_key, object_id=parent.pk, user=user, actor=SYSTEM)
    children = {}
    for name, user in org.all().items():
        data: dict[str, Any] = {ot.title_field: f"Rel{key}{name}{uuid.uuid4().hex[:6]}"}
        if via.startswith("custom."):
            data["custom"] = {via[7:]: str(parent.pk)}
        else:
            data[via] = parent
        child_fields = {f.name for f in ot.model._meta.concrete_fields}
        if via != "account" and "account" in child_fields and hasattr(parent, "account_id"):
            # A child belongs to the parent's customer (an interaction with a contact, an invoice
            # of an order, a payment of an invoice).
            data["account"] = parent.account
            if parent.account is not None:
                share_record(object_type="account", object_id=parent.account.pk, user=user, actor=SYSTEM)
        children[name] = make(key, user, **data)
    cases = 0
    for viewer in org.all():
        page = browser_client(getattr(org, viewer)).get(f"/app/{parent_key}/{parent.pk}/").content.decode()
        for owner_name, child in children.items():
            expected = True if ot.scope_via == via else oracle(viewer, getattr(org, owner_name), org, key)
            if ot.scope_via and ot.scope_via != via:
                expected = True  # interactions follow their account, shared with everyone here
            assert (f"/app/{key}/{child.pk}/" in page) == expected, f"{viewer}: {owner_name}'s {key} on {parent_key}"
            cases += 1
    TOTAL["cases"] += cases
    print(f"{key} on {parent_key}: {cases} related-list cases")


@pytest.mark.parametrize("key", TYPES)
def test_forbidden_writes_are_refused(key: str, org: Any, api: Any) -> None:
    """A representative cannot change, delete or restore a colleague's record through the API."""
    _defined(key)
    ot = registry.get(key)
    theirs = make(key, org.rep2)
    rest = api(org.rep)
    title = ot.title_field
    r = rest.patch(f"/api/v1/{api_name(key)}/{theirs.pk}", {title: "hijacked"}, **{"If-Match": '"1"'})
    refused = 403 if key in CATALOGUE else 404  # the catalogue is visible to all, so "not allowed"
    assert r.status_code == refused
    assert rest.delete(f"/api/v1/{api_name(key)}/{theirs.pk}").status_code == refused
    assert rest.post(f"/api/v1/{api_name(key)}/{theirs.pk}/restore").status_code == 404  # not in the bin
    fresh = ot.model.objects.get(pk=theirs.pk)
    assert getattr(fresh, title) != "hijacked" and fresh.deleted_at is None


@pytest.mark.parametrize("key", TYPES)
def test_a_hidden_field_leaks_nowhere(key: str, org: Any, api: Any, browser_client: Any) -> None:
    """Hide one listed field of each type from representatives: absent from their API get and list,
    their list page, export and history, and refused as a filter or a sort."""
    from guanxi.access.models import Role
    from guanxi.access.services import set_field_rule

    _defined(key)
    ot = registry.get(key)
    name = next(c for c in ot.list_columns if c not in (ot.title_field, "updated_at", "owner"))
    obj = make(key, org.rep)
    set_field_rule(role=Role.objects.get(key="sales_rep"), object_type=key, field=name, access="hidden", actor=SYSTEM)
    rest = api(org.rep)
    assert name not in rest.get(f"/api/v1/{api_name(key)}/{obj.pk}").json()
    assert all(name not in i for i in rest.get(f"/api/v1/{api_name(key)}/", {"fields": f"id,{name}"}).json()["items"])
    if ot.is_filterable(name):
        assert rest.get(f"/api/v1/{api_name(key)}/", {name: "x"}).status_code == 422
    if ot.is_sortable(name):
        assert rest.get(f"/api/v1/{api_name(key)}/", {"sort": name}).status_code == 422
    web = browser_client(org.rep)
    label = ot.field_label(name)
    listing = web.get(f"/app/{key}/", {"columns": f"{ot.title_field},{name}"}).content.decode()
    assert f">{label}<" not in listing
    export = web.get(f"/app/{key}/export.csv", {"columns": f"{ot.title_field},{name}"})
    assert export.status_code == (200 if may_export("rep", key) else 404)
    if export.status_code == 200:
        header = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()[0]
        assert label not in header
    assert f">{label}<" not in web.get(f"/app/{key}/{obj.pk}/").content.decode()
    TOTAL["cases"] += 6


# Module pages and the money fields their figures are drawn from. Each figure below is unique to
# one record of the representative's, so it can be looked for on every page they can open.
# The source fields only: hiding one hides its company-currency copy and what is weighted from it
# (ObjectType.derived), so these rules are all an administrator has to set.
MONEY_RULES = {
    "opportunity": ("amount",),
    "invoice": ("amount", "balance", "paid_amount"),
    "contract": ("value",),
    "payment": ("amount",),
    "expense_report": ("total",),
}


def _money_world(org: Any) -> dict[str, Any]:
    """The representative's year in figures: a won deal against their quarter's target, a deal at
    risk, a contract invoiced and partly paid (the rest overdue), an approved expense report."""
    import datetime
    from decimal import Decimal

    from django.utils import timezone

    from guanxi.automation import approvals
    from guanxi.core.actor import Actor, Source
    from guanxi.expenses.services import add_expense, submit_expenses
    from guanxi.pipeline.models import Stage

    def as_(user: Any) -> Actor:
        return Actor(user, Source.UI)

    today = timezone.localdate()
    account = make("account", org.rep, name="宁波舟山港物流有限公司")
    registry.get("target").service.create(
        {
            "owner": org.rep,
            "metric": "won_amount",
            "period": "quarter",
            "starts_on": today,
            "value": Decimal("2000000"),
        },
        actor=as_(org.manager),
    )
    deals = registry.get("opportunity").service
    won = deals.create({"name": "港口堆场系统", "account": account, "amount": Decimal("987654.32")}, actor=as_(org.rep))
    deals.update(won, {"stage": Stage.objects.get(pipeline__key="default", key="won")}, actor=as_(org.rep))
    deals.create(
        {"name": "二期扩容", "account": account, "amount": Decimal("876543.21"),
         "expected_close": today - datetime.timedelta(days=3)},
        actor=as_(org.rep),
    )  # fmt: skip
    contract = make("contract", org.rep, account=account, value=Decimal("765432.10"))
    invoice = registry.get("invoice").service.create(
        {"contract": contract, "amount": Decimal("654321.09"), "issued_on": today - datetime.timedelta(days=60),
         "due_on": today - datetime.timedelta(days=30)},
        actor=as_(org.rep),
    )  # fmt: skip
    registry.get("payment").service.create({"invoice": invoice, "amount": Decimal("123456.78")}, actor=as_(org.rep))
    report = registry.get("expense_report").service.create(
        {"title": "宁波出差报销", "account": account}, actor=as_(org.rep)
    )
    add_expense(report, {"category": "transport", "day": today, "amount": Decimal("4321.98")}, actor=as_(org.rep))
    request = submit_expenses(report, actor=as_(org.rep))
    approvals.approve(request, actor=as_(org.manager))
    request.refresh_from_db()
    if request.status == "pending":
        approvals.approve(request, actor=as_(org.admin))
    return {"contract": contract, "invoice": invoice, "report": report}


def test_hidden_money_fields_leak_from_no_module_page(managed: Any, api: Any, browser_client: Any) -> None:
    """Hide the money fields from representatives: every figure drawn from them — the dashboard's
    forecast, won against target, funnel, deals at risk and overdue receivables; what a target
    achieved; the contract ledger and its CSV; the receivables and expense summaries and their
    APIs; the contract, invoice and expense panels — is gone from every page and API they can open,
    while the pages still open. Each figure is seen first, so a page that never showed it cannot pass."""
    from guanxi.access.models import Role
    from guanxi.access.services import set_field_rule

    org = managed
    world = _money_world(org)
    figures = {  # what each page shows the representative, as the page writes it
        "/app/sales/?view=mine": ["987,654", "876,543", "530,864"],
        "/app/sales/targets/": ["987,654"],
        "/app/sales/targets/?format=csv": ["987654"],
        "/app/sales/ledger/": ["765,432", "654,321", "123,456", "641,975"],
        "/app/sales/ledger/?format=csv": ["765432", "654321", "123456"],
        f"/app/contract/{world['contract'].pk}/": ["765,432", "654,321", "123,456"],
        f"/app/invoice/{world['invoice'].pk}/": ["530,864", "123,456"],
        f"/app/expense_report/{world['report'].pk}/": ["4,321"],
        "/app/sales/receivables/": ["530,864"],
        "/app/sales/expenses/": ["4,321"],
    }
    api_figures = {
        "/api/v1/sales/receivables": "530864",
        "/api/v1/sales/forecast": "987654",
    }
    paths = {url.split("?")[0] for url in figures}
    for page in registry.pages():  # a module page that reads a money field must be proven here
        money = {key: set(names) & set(MONEY_RULES.get(key, ())) for key, names in page.reads.items()}
        if any(money.values()):
            assert reverse(page.url) in paths, f"{page.url} reads {money}: add its figures above"
    web, rest = browser_client(org.rep), api(org.rep)
    pages = {url: web.get(url) for url in figures}
    for url, shown in figures.items():
        body = b"".join(pages[url].streaming_content) if pages[url].streaming else pages[url].content
        assert pages[url].status_code == 200 and all(f in body.decode("utf-8-sig") for f in shown), url
    for url, figure in api_figures.items():
        assert figure in rest.get(url).content.decode(), url

    role = Role.objects.get(key="sales_rep")
    for key, names in MONEY_RULES.items():
        for name in names:
            set_field_rule(role=role, object_type=key, field=name, access="hidden", actor=SYSTEM)
    # The pages made of nothing but those figures (registry.Page.needs) are refused.
    refused = {reverse(p.url) for p in registry.pages() if p.needs}
    assert refused == {"/app/sales/receivables/", "/app/sales/expenses/"}, refused
    for url, shown in figures.items():
        r = web.get(url)
        if url in refused:
            assert r.status_code == 403, url
            continue
        body = (b"".join(r.streaming_content) if r.streaming else r.content).decode("utf-8-sig")
        assert r.status_code == 200, url
        leaked = [f for f in shown if f in body or f.replace(",", "") in body]
        assert not leaked, f"{url} still shows {leaked}"
    for url in api_figures:
        assert rest.get(url).status_code == 403, url
    TOTAL["cases"] += len(figures) + len(api_figures)


def test_hiding_a_field_hides_its_derived_copies_in_the_api(org: Any, api: Any) -> None:
    """A rule on a deal's amount alone: the amount in the company currency and the weighted amount
    go with it, from the record, the list and the list's sort, which would otherwise rank by it."""
    from decimal import Decimal

    from guanxi.access.models import Role
    from guanxi.access.services import set_field_rule

    account = make("account", org.rep, name="嘉兴港区仓储有限公司")
    deal = make("opportunity", org.rep, account=account, name="冷库扩建", amount=Decimal("345678.90"))
    rest = api(org.rep)
    before = rest.get(f"/api/v1/opportunities/{deal.pk}").json()
    assert {"amount", "amount_company", "weighted_amount"} <= set(before)
    set_field_rule(
        role=Role.objects.get(key="sales_rep"), object_type="opportunity", field="amount", access="hidden", actor=SYSTEM
    )
    record = rest.get(f"/api/v1/opportunities/{deal.pk}")
    listed = rest.get("/api/v1/opportunities/")
    assert record.status_code == 200 and listed.status_code == 200
    for body in (record.content.decode(), listed.content.decode()):
        assert "345678" not in body
        assert '"amount_company"' not in body and '"weighted_amount"' not in body
    ranked = rest.get("/api/v1/opportunities/?sort=-amount_company")
    assert ranked.status_code == 422 and "sort" in ranked.json()["errors"], ranked.content
    TOTAL["cases"] += 3


def test_sales_rep_may_create_and_edit_accounts_but_not_delete_them(org: Any, api: Any) -> None:
    rest = api(org.rep)
    r = rest.post("/api/v1/accounts/", {"name": "宁波港联物流有限公司"})
    assert r.status_code == 201
    pk = r.json()["id"]
    r = rest.patch(f"/api/v1/accounts/{pk}", {"level": "b"}, **{"If-Match": '"1"'})
    assert r.status_code == 200
    r = rest.delete(f"/api/v1/accounts/{pk}")
    assert r.status_code == 403


def test_explicit_share_makes_a_record_visible(org: Any, api: Any) -> None:
    theirs = make("account", org.other_rep, name="深圳华联电子有限公司")
    rest = api(org.rep)
    assert rest.get(f"/api/v1/accounts/{theirs.pk}").status_code == 404
    share_record(object_type="account", object_id=theirs.pk, user=org.rep, actor=SYSTEM)
    assert rest.get(f"/api/v1/accounts/{theirs.pk}").status_code == 200
    # Read-only share: editing is still refused.
    r = rest.patch(f"/api/v1/accounts/{theirs.pk}", {"name": "x"}, **{"If-Match": '"1"'})
    assert r.status_code == 403


def test_department_share_reaches_every_member(org: Any, api: Any) -> None:
    theirs = make("account", org.other_rep, name="广州粤海贸易有限公司")
    share_record(object_type="account", object_id=theirs.pk, department=org.east, actor=SYSTEM, can_edit=True)
    assert api(org.rep2).get(f"/api/v1/accounts/{theirs.pk}").status_code == 200
    r = api(org.rep2).patch(f"/api/v1/accounts/{theirs.pk}", {"level": "a"}, **{"If-Match": '"1"'})
    assert r.status_code == 200
    assert api(org.rep).get(f"/api/v1/accounts/{theirs.pk}").status_code == 404


def test_anonymous_gets_nothing(org: Any, client: Any) -> None:
    assert client.get("/api/v1/accounts/").status_code == 401
    assert client.get("/app/account/").status_code == 302


def test_zz_report_the_number_of_cases() -> None:
    """Runs last in this module: the total of the matrix above (when it ran in this session)."""
    print(f"leak matrix: {TOTAL['cases']} cases in all")


def _menu_pages() -> list[str]:
    """Every page an app puts in the navigation (registry.add_nav), as its address."""
    from django.urls import reverse

    return [i.url if i.url.startswith("/") else reverse(i.url) for i in registry.nav_items() if i.key != "api"]


def test_every_module_page_is_registered_with_what_it_reads() -> None:
    """A domain app's page in the menu is a registered module page (registry.Page) or a list, and
    each field a page says it reads exists, so the checks above follow what the pages show."""
    from django.urls import resolve

    platform = {"core", "access", "automation", "studio"}
    registered = {p.url for p in registry.pages()}
    for item in registry.nav_items():
        if item.url.startswith("/") or item.group == "admin" or item.url.split(":")[0] in platform:
            continue
        assert item.url in registered, f"{item.url} is in the menu but not registered as a page"
    for page in registry.pages():
        assert resolve(reverse(page.url)).view_name == page.url
        for key, names in page.reads.items():
            model_fields = {f.name for f in registry.get(key).model._meta.get_fields()}
            assert set(names) <= model_fields, f"{page.url} reads unknown {key} fields {set(names) - model_fields}"
        for key, names in page.needs.items():
            assert set(names) <= set(page.reads.get(key, ())), f"{page.url} needs what it does not read"


def test_every_menu_page_opens_for_whoever_sees_its_link_and_shows_no_one_elses_records(
    managed: Any, browser_client: Any
) -> None:
    """Each registered page, for each role: a link shown opens (never a 403 behind a menu item,
    never a server error), and what opens names no record of another department's representative
    — their customers, deals, contracts, invoices, activities, expense reports — while the
    viewer's own records of the same kinds are there to be found, so the check cannot pass on an
    empty page."""
    import datetime

    from django.utils import timezone

    org = managed
    keys = [k for k in TYPES if k not in CATALOGUE and k != CUSTOM_KEY]
    soon = timezone.now() + datetime.timedelta(hours=2)

    def world(user: Any, tag: str) -> set[str]:
        names = set()
        for key in keys:
            ot = registry.get(key)
            extra = {"starts_at": soon} if key == "activity" else {}
            obj = make(key, user, **{ot.title_field: f"Page{tag}{key}{uuid.uuid4().hex[:6]}"}, **extra)
            names.add(ot.title(obj))
        return names

    theirs = world(org.other_rep, "theirs")
    mine = world(org.rep, "mine")
    pages = _menu_pages()
    seen_mine: set[str] = set()
    cases = 0
    for viewer in ("rep", "rep2", "manager", "agent"):
        user = getattr(org, viewer)
        web = browser_client(user)
        shown = {a for a in pages if f'href="{a}"' in web.get("/app/").content.decode()}
        for url in pages:
            r = web.get(url)
            assert r.status_code < 500, f"{url} as {viewer}"
            if url in shown:
                assert r.status_code == 200, f"{viewer} is shown {url} but refused it"
            if r.status_code != 200:
                continue
            body = r.content.decode()
            if viewer != "agent":  # the service agent's role looks up every customer
                leaked = sorted(n for n in theirs if n in body)
                assert not leaked, f"{url} shows {viewer} another department's {leaked}"
            if viewer == "rep":
                seen_mine |= {n for n in mine if n in body}
            cases += 1
    assert len(seen_mine) >= 3, f"the rep's own records appear on hardly any page: {sorted(seen_mine)}"
    print(f"menu pages: {len(pages)}, {cases} cases; the rep's own records found on them: {sorted(seen_mine)}")
    TOTAL["cases"] += cases


# One type of each kind: owned by a person, owned with a team's own grants, no owner at all, and
# an administrator's custom object.
EXPLAINED = ("account", "opportunity", "lead", "work_log", "target", "product", CUSTOM_KEY)


@pytest.mark.parametrize("key", EXPLAINED)
def test_explain_tells_the_story_can_decides(key: str, org: Any) -> None:
    """The administrators' "explain access" and the decision itself ask the same grounds: for every
    role and every record of the matrix, explain names a ground that covers it exactly when `can`
    lets the user see or change it — a role granting only *edit* included, since whoever may change
    a record may see it."""
    from guanxi.access.models import Role, RolePermission
    from guanxi.access.scoping import can, explain, forget

    _defined(key)
    records = _records(org, key)
    editors = Role.objects.create(key="editors", name="Editors")
    RolePermission.objects.create(role=editors, object_type=key, operation="edit", scope=30)
    org.rep2.roles.add(editors)
    forget(org.rep2)
    cases = 0
    for viewer in org.all():
        user = getattr(org, viewer)
        for obj in records.values():
            for op in ("view", "edit"):
                told = explain(user, op, obj)
                covered = bool(told.reasons)
                assert covered == can(user, op, obj), f"{viewer} {op} {key}: {told.reasons} / {told.denials}"
                cases += 1
    TOTAL["cases"] += cases
