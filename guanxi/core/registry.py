"""The object registry: one description per business object, from which the platform builds lists,
detail pages, forms, kanban, the REST API, export, search, history and the recycle bin."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django import forms
from django.apps import apps
from django.db import models
from django.utils.functional import Promise

from .text import plural_slug

if TYPE_CHECKING:
    from guanxi.records.services import RecordService


@dataclass(frozen=True)
class Related:
    """A related list on the detail page: records of `object_type` whose `via` points at this one."""

    object_type: str
    via: str
    label: str | Promise
    columns: tuple[str, ...] = ()


@dataclass
class Board:
    """How a kanban board of an object type looks for the given query parameters: its columns
    (stage values and labels), those shown folded, filters narrowing the board (e.g. one pipeline),
    a switch between boards (parameter, options, chosen value) and the field each column sums."""

    columns: list[tuple[Any, str]]
    folded: frozenset[Any] = frozenset()
    filters: dict[str, Any] = field(default_factory=dict)
    switch: tuple[str, list[tuple[Any, str]], Any] | None = None
    total_field: str | None = None
    # Counts and totals per column kept ahead (e.g. running totals), for a reader who filters
    # nothing: reader → {column value: {"n": count, "total": sum}}, or None to count live.
    totals: Callable[[Any], dict[Any, dict[str, Any]] | None] | None = None


@dataclass(frozen=True)
class ActionInput:
    """A value an action asks for: a comment for the approver (text), an amount (decimal), a date,
    or one of a list (choice, with `choices()` giving (value, label) pairs — a picklist's, say).
    The platform checks it and hands the service a str, a Decimal or a date."""

    name: str
    label: str | Promise
    multiline: bool = False
    required: bool = False
    max_length: int = 2000
    placeholder: str | Promise = ""
    kind: str = "text"  # text | decimal | date | choice
    choices: Callable[[], list[tuple[str, str]]] | None = None


@dataclass(frozen=True)
class ObjectAction:
    """An operation on one record beyond create, edit and delete — renew a contract, invoice an
    order, submit a work log — declared once with the service call it makes. The platform builds
    from it the button on the record's page (with its inputs and a confirmation), the POST that
    runs it (/app/<key>/<id>/<name>/, CSRF-checked), the API endpoint (POST
    /api/v1/<plural>/{id}/actions/<name>, with its input schema) and its cases in the page-action
    rights test; the UI and the API therefore offer the same actions with the same rules.

    `run(record, actor, inputs)` calls the service and returns the record it made (the renewal,
    the invoice), or None. `operation` is the right needed on the record; `creates` the types it
    makes, which the user must be allowed to create; `available(record)` whether the record's state
    allows it now (renew only an active contract not yet renewed). `follow`: the page goes on to
    the record made."""

    name: str
    label: str | Promise
    run: Callable[[Any, Any, dict[str, Any]], Any]
    operation: str = "edit"
    creates: tuple[str, ...] = ()
    available: Callable[[Any], bool] | None = None
    inputs: tuple[ActionInput, ...] = ()
    done: str | Promise = ""
    confirm: str | Promise = ""
    primary: bool = False
    follow: bool = False
    summary: str | Promise = ""  # a sentence for the API documentation
    # False: the record's page does not put it in the header; a panel offers it with its own form
    # (the invoice's payment form, which knows what to propose), posting to the same address.
    in_header: bool = True
    # The inputs as a Django form instead of `inputs`, for what the simple kinds cannot say — a
    # lookup to another record, a time: the panel renders it, the page and the API bind it (a JSON
    # body's values as the form's strings), and the API's input schema follows its fields.
    form: type[forms.Form] | None = None
    # An action that adds or removes a part of the record (a line, a link) may be done again; every
    # other one is done once, after which the record's state refuses it.
    repeatable: bool = False
    # What a refusal by `available` says (default: "… is not possible for this record now").
    unavailable: str | Promise = ""


@dataclass
class ObjectType:
    key: str  # the type's name in URLs and data: /app/<key>/, history, grants, links
    model: type[models.Model]
    service: RecordService[Any]
    list_columns: tuple[str, ...]
    form_fields: tuple[str, ...]
    filter_fields: tuple[str, ...] = ()
    sort_fields: tuple[str, ...] = ("updated_at",)
    default_sort: str = "-updated_at"
    detail_fields: tuple[str, ...] = ()
    search_fields: tuple[str, ...] = ()
    # Every field whose value the service writes into the search text (default: search_fields);
    # when one is hidden from a user, their searches skip the index so no match reveals it.
    search_covers: tuple[str, ...] = ()
    related: tuple[Related, ...] = ()
    stage_field: str | None = None  # a choice field that gets a kanban board
    status_field: str | None = None  # the field status locks look at (default: stage_field)
    region_field: str | None = None  # a foreign key to a region tree: what the "region" scope follows
    title_field: str = "name"
    owner_field: str | None = "owner"
    # Records without an owner of their own inherit access from the record this FK points at.
    scope_via: str | None = None
    # Links a person may make to a record they cannot see: it must exist, and its name stays out of
    # their sight (a deal on another representative's customer is an ownership conflict, not a
    # refusal). Every other link of a write must be to a record the writer may see.
    open_links: tuple[str, ...] = ()
    icon: str = "●"
    menu: bool = True
    # What each seeded role (by key: "sales_rep", …) may do with this type on a new installation,
    # operation → scope, in place of the role's grants for every type ("*"). The access layer seeds
    # them; an administrator changes them later in the role grid.
    default_grants: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    # Operations on one record beyond create, edit and delete (see ObjectAction); add_action adds more.
    actions: tuple[ObjectAction, ...] = ()
    # Fields computed from another (amount → amount in the company currency, weighted amount):
    # a field rule that hides the source hides them too, so no copy gives the figure away.
    derived: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    order: int = 100
    timeline: bool = False  # whether the detail page shows a timeline of interactions
    extra: dict[str, Any] = field(default_factory=dict)
    # Per-type overrides for a field shared by several types (custom objects share one table):
    # the label shown for a field, and where a choice field's options come from.
    field_labels: dict[str, Callable[[], str]] = field(default_factory=dict)
    field_choices: dict[str, Callable[[], list[tuple[str, str]]]] = field(default_factory=dict)
    custom: bool = False  # defined by an administrator at run time (customization.CustomObject)
    # The kanban board for the request's parameters (default: one column per stage_field choice).
    board: Callable[[Any], Board] | None = None
    # The API's name for the collection, /api/v1/<plural>/ (default: the key's English plural).
    plural: str = ""

    @property
    def api_name(self) -> str:
        return self.plural or plural_slug(self.key)

    def all_records(self) -> models.QuerySet[Any]:
        """Every record of the type, those in the recycle bin too (the models' `all_objects`)."""
        return self.model._base_manager.all()

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def label_plural(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    def field(self, name: str) -> models.Field[Any, Any]:
        return self.model._meta.get_field(name)  # type: ignore[return-value]

    def field_label(self, name: str) -> str:
        """The field's label for this object type, capitalised as a heading."""
        if name in self.field_labels:
            return str(self.field_labels[name]())
        return str(self.field(name).verbose_name).capitalize()

    def choices(self, name: str) -> list[tuple[str, str]] | None:
        """The options of a choice field (its own choices, a picklist, or this type's override), or
        None when the field takes free values."""
        if name in self.field_choices:
            return self.field_choices[name]()
        field = self.field(name)
        current = getattr(field, "current_choices", None)  # a field whose options are edited at run time
        if callable(current):
            return list(current())
        if field.choices and not isinstance(field, models.BooleanField):
            return [(str(k), str(v)) for k, v in field.flatchoices]
        return None

    def kanban(self, params: Any) -> Board:
        if self.board is not None:
            return self.board(params)
        return Board(columns=list(self.choices(self.stage_field or "") or []))

    def title(self, obj: models.Model) -> str:
        return str(getattr(obj, self.title_field, "") or obj)

    def all_detail_fields(self) -> tuple[str, ...]:
        return self.detail_fields or self.form_fields

    @property
    def lock_field(self) -> str | None:
        return self.status_field or self.stage_field

    def searched_fields(self) -> tuple[str, ...]:
        return self.search_covers or self.search_fields

    def is_filterable(self, name: str) -> bool:
        return name in self.filter_fields

    def is_sortable(self, name: str) -> bool:
        return name in self.sort_fields

    def action(self, name: str) -> ObjectAction | None:
        return next((a for a in self.actions if a.name == name), None)


_registry: dict[str, ObjectType] = {}
_by_model: dict[type[models.Model], ObjectType] = {}
_post_register: list[Callable[[ObjectType], None]] = []


def register(ot: ObjectType) -> ObjectType:
    if ot.key in _registry and _registry[ot.key].model is not ot.model:
        raise ValueError(f"object type {ot.key!r} registered twice")
    _registry[ot.key] = ot
    _by_model[ot.model] = ot
    ot.service.object_type = ot
    for action in _pending_actions.pop(ot.key, []):
        add_action(ot.key, action)
    return ot


def add_related(key: str, related: Related) -> None:
    """Another app's related list on an object type's page (a domain adds its records to the
    customer's page without the customer hub knowing it)."""
    ot = _registry[key]
    if related not in ot.related:
        ot.related = (*ot.related, related)


# The words after /app/<key>/<id>/ that the generic record pages already use.
RESERVED_ACTIONS = frozenset({"edit", "delete", "restore", "history", "move", "notes", "tags", "attachments"})


# Actions added to a type an app further up registers later (an ownership conflict's "settle" on a
# quote, from the pipeline below billing): applied when the type registers.
_pending_actions: dict[str, list[ObjectAction]] = {}


def add_action(key: str, action: ObjectAction) -> ObjectAction:
    """Another action on an object type's records (an app adds one to a type it does not own)."""
    if action.name in RESERVED_ACTIONS or not action.name.replace("_", "").isalnum():
        raise ValueError(f"action name {action.name!r} is taken or not a plain word")
    ot = _registry.get(key)
    if ot is None:
        _pending_actions.setdefault(key, []).append(action)
        return action
    if ot.action(action.name) is not None:
        raise ValueError(f"{key} already has an action {action.name!r}")
    ot.actions = (*ot.actions, action)
    return action


def unregister(key: str) -> None:
    ot = _registry.pop(key, None)
    if ot is not None:
        _by_model.pop(ot.model, None)


_loaders: list[Callable[[], None]] = []


def add_loader(fn: Callable[[], None]) -> None:
    """A source of object types defined at run time (custom objects): `fn()` brings the registry up
    to date with it, cheaply when nothing changed. Called once per request and on a missed key."""
    if fn not in _loaders:
        _loaders.append(fn)


def sync() -> None:
    for fn in _loaders:
        fn()


def get(key: str) -> ObjectType:
    found = maybe(key)
    if found is None:
        raise KeyError(key)
    return found


def maybe_loaded(key: str) -> ObjectType | None:
    """The object type if this process has it now, without asking the loaders."""
    return _registry.get(key)


def by_api_name(name: str) -> ObjectType | None:
    """The object type whose API collection is /api/v1/<name>/."""
    for attempt in range(2):
        found = next((ot for ot in _registry.values() if ot.api_name == name), None)
        if found is not None or not _loaders or attempt:
            return found
        sync()
    return None


def maybe(key: str) -> ObjectType | None:
    found = _registry.get(key)
    if found is None and _loaders:
        sync()
        found = _registry.get(key)
    return found


def for_model(model: type[models.Model] | models.Model) -> ObjectType:
    cls = model if isinstance(model, type) else type(model)
    return _by_model[cls]


def maybe_for_model(model: type[models.Model] | models.Model) -> ObjectType | None:
    cls = model if isinstance(model, type) else type(model)
    return _by_model.get(cls)


def all_types() -> Iterator[ObjectType]:
    yield from sorted(_registry.values(), key=lambda ot: (ot.order, ot.key))


def autodiscover() -> None:
    """Import `<app>.registry` for every installed Guanxi app, as admin.autodiscover does."""
    for config in apps.get_app_configs():
        if config.name.startswith("guanxi.") and config.name != "guanxi.core":
            try:
                importlib.import_module(f"{config.name}.registry")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.registry":
                    raise


_api_hooks: list[Callable[[Any], None]] = []


def api_hook(fn: Callable[[Any], None]) -> Callable[[Any], None]:
    """Let an app add its own endpoints to the API once the generic routers are mounted."""
    _api_hooks.append(fn)
    return fn


def api_hooks() -> list[Callable[[Any], None]]:
    return list(_api_hooks)


@dataclass(frozen=True)
class Panel:
    """A panel on the pages of the object types named in `types` (every type when empty), as
    NetBox's template extensions: `render(request, ot, obj)` returns a context with a "template" to
    include, or None when it has nothing to show on this record. Lower `order` comes first."""

    render: Callable[[Any, ObjectType, models.Model], dict[str, Any] | None]
    types: tuple[str, ...] = ()
    order: int = 100


_panels: list[Panel] = []


def add_panel(panel: Panel) -> Panel:
    if all(p.render is not panel.render for p in _panels):
        _panels.append(panel)
        _panels.sort(key=lambda p: p.order)  # stable: equal orders keep registration order
    return panel


def panels_for(key: str) -> list[Panel]:
    """The panels a record page of object type `key` shows, in order."""
    return [p for p in _panels if not p.types or key in p.types]


@dataclass(frozen=True)
class NavItem:
    """A link in the navigation, declared by the app that serves the page. `url` is a URL name
    ("sales:dashboard") or a path ("/api/docs"); `visible(user)` decides who sees it (everyone
    signed in when None); `badge(user)` gives a count shown beside it (e.g. requests waiting);
    `active` lists the URL names ("app:name", or "app:*" for the whole app) that mark it current.
    Groups: "main" mixes with the object types' lists by `order`; "work", "admin" and "help"
    follow, each after a separator."""

    key: str
    label: str | Promise
    url: str
    icon: str = "●"
    group: str = "main"
    order: int = 100
    visible: Callable[[Any], bool] | None = None
    badge: Callable[[Any], int | None] | None = None
    active: tuple[str, ...] = ()


NAV_GROUPS = ("main", "work", "admin", "help")
_nav: dict[str, NavItem] = {}


def add_nav(item: NavItem) -> NavItem:
    if item.group not in NAV_GROUPS:
        raise ValueError(f"navigation group {item.group!r} is not one of {NAV_GROUPS}")
    _nav[item.key] = item
    return item


def remove_nav(key: str) -> None:
    _nav.pop(key, None)


def nav_items() -> list[NavItem]:
    return sorted(_nav.values(), key=lambda i: (NAV_GROUPS.index(i.group), i.order, i.key))


@dataclass(frozen=True)
class Page:
    """A module page — a dashboard, a ledger, receivables, a calendar — drawn not from one type's
    list but from several types' records and figures, declared by the app that serves it with
    what it reads: `reads` maps each object type — the first is the page's subject, whose records a
    user must be able to see to open it — to the fields the page shows or sums (the leak
    matrix proves, for each, that a role from whom the field is hidden never sees it there);
    `needs` names the fields the page is made of, without which it shows nothing: the page is then
    refused (403) and its menu link hidden (web.pages.module_page, page_visible). `url` is the
    page's URL name; `api` its API paths, which follow the same rules."""

    url: str
    label: str | Promise
    reads: Mapping[str, tuple[str, ...]]
    needs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    api: tuple[str, ...] = ()


_pages: dict[str, Page] = {}


def add_page(page: Page) -> Page:
    _pages[page.url] = page
    return page


def pages() -> list[Page]:
    return list(_pages.values())


def page(url: str) -> Page:
    return _pages[url]


@dataclass(frozen=True)
class Job:
    """A periodic job an app declares (reminders, contract expiry, the recycle-bin purge…): `run()`
    does one round and returns what it did (a count or a short summary), at most once per `every`.
    The worker's scheduler runs it (`guanxi worker`); `guanxi jobs` shows and triggers them."""

    key: str
    label: str | Promise
    run: Callable[[], object]
    every: timedelta


_jobs: dict[str, Job] = {}


def add_job(job: Job) -> Job:
    if job.every < timedelta(seconds=10):
        raise ValueError(f"job {job.key!r} runs too often: every {job.every}")
    _jobs[job.key] = job
    return job


def remove_job(key: str) -> None:
    _jobs.pop(key, None)


def jobs() -> list[Job]:
    return sorted(_jobs.values(), key=lambda j: j.key)
