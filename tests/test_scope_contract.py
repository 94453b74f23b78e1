"""Contract: for every scoped model, the secretary of cell A never sees cell B's object — not
through scope(), not through any page, not through any API route (DESIGN rule 2).

Everything is discovered, nothing listed by hand:
- the models: every dangbo model with `scope_path`;
- their factories: every factory in a `dangbo.<app>.tests.factories` module (a scoped model
  without one fails the first test, so a new model cannot slip through);
- the URLs: every pattern of the root URLconf (tests/test_url_auth.py walks them).

URLs are not matched to models by name. Instead each hidden object gets an id that no other
row of any scoped table has (its table's id sequence is moved far ahead first). Then EVERY URL
taking an id can be asked for EVERY hidden object: a view about another model finds nothing by
that id and must answer as for a missing id, a view about this model must answer 404 as well.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any, cast

import pytest
from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.db import connection, models
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.test import Client
from django.urls import path
from factory.django import DjangoModelFactory

from conftest import Tree
from dangbo.access.models import Role
from dangbo.access.policy import Action, allows
from dangbo.access.scoping import scope, view_action
from dangbo.accounts.models import User
from dangbo.orgs.models import Organization
from tests.test_url_auth import Endpoint, endpoints, example_url

MISSING_ID = 1_999_999_999
# The two tests that walk every URL grow as URLs × scoped models; split into shards so that
# pytest-xdist's workers (make test runs two) share them. Each page shard still sends every
# form first, so what a form lets through shows on the pages read after it.
ID_SHARDS = 6
PAGE_SHARDS = 4
FIRST_HIDDEN_ID = 10_000_000  # each model's hidden rows start at this + 100_000 × its rank
# Query parameters list pages commonly take an id in; each is tried with every hidden id.
ID_PARAMETERS = (
    "org",
    "organization",
    "org_id",
    "parent",
    "unit",
    "committee",
    "term",
    "seat",
    "user",
    "id",
    "pk",
    "target",
    "source",
    "to_chuc",
)
SEARCH_WORDS = "kiểm thử"  # in every factory-made name, visible or hidden
SKIPPED = {"accounts:logout"}  # would end the session the rest of the test needs
# Not sent junk forms: the login form would count failed logins against the test address.
NO_FORMS = {"accounts:login"}


def scoped_models() -> list[type[models.Model]]:
    return sorted(
        (
            m
            for m in apps.get_models()
            if m.__module__.startswith("dangbo.") and hasattr(m, "scope_path")
        ),
        key=lambda m: m._meta.label,
    )


def factories_by_model() -> dict[type[models.Model], type[DjangoModelFactory]]:
    found: dict[type[models.Model], type[DjangoModelFactory]] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("dangbo."):
            continue
        try:
            spec = importlib.util.find_spec(f"{config.name}.tests.factories")
        except ModuleNotFoundError:  # the app has no tests package at all
            continue
        if spec is None:
            continue
        module = importlib.import_module(spec.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, DjangoModelFactory) or cls._meta.model is None:
                continue
            # A factory belongs to the module that defines it, even if others import it.
            if cls.__module__ == module.__name__ or cls._meta.model not in found:
                found[cls._meta.model] = cls
    return found


def test_every_scoped_model_has_a_factory() -> None:
    factories = factories_by_model()

    missing = [m._meta.label for m in scoped_models() if m not in factories]

    assert missing == [], (
        "Mô hình có scope_path nhưng chưa có factory trong <app>/tests/factories.py: "
        + ", ".join(missing)
    )
    assert len(scoped_models()) >= 8  # the discovery itself works


# --- Objects on either side of the fence -----------------------------------------------------


@dataclass
class Placed:
    model: type[models.Model]
    obj: models.Model
    markers: list[str]

    @property
    def label(self) -> str:
        return f"{self.model._meta.label}#{self.obj.pk}"


def _create_in(
    factory: type[DjangoModelFactory], model: type[models.Model], org: Organization
) -> models.Model:
    create_in: Callable[[Organization], models.Model] | None = getattr(factory, "create_in", None)
    if create_in is not None:
        return create_in(org)
    lookup = model.scope_path.removesuffix("__path")  # type: ignore[attr-defined]
    if lookup == model.scope_path:  # type: ignore[attr-defined]
        raise AssertionError(
            f"{factory.__name__}: scope_path «{lookup}» is not a foreign key to an organization; "
            "give the factory a create_in(org) classmethod"
        )
    obj: models.Model = factory.create(**{lookup: org})
    return obj


def _markers(factory: type[DjangoModelFactory], obj: models.Model) -> list[str]:
    markers: Callable[[models.Model], list[str]] | None = getattr(factory, "markers", None)
    return markers(obj) if markers is not None else [str(obj)]


def _move_ids_ahead(model: type[models.Model], start: int) -> Callable[[], None]:
    """Make the next id of `model` `start` + 1. Returns how to undo it (PostgreSQL sequences
    ignore rollbacks; SQLite's sqlite_sequence is a table and rolls back by itself)."""
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, column])
            sequence = cursor.fetchone()[0]
            assert sequence, f"{model._meta.label}: the contract needs an auto-increment id"
            cursor.execute(f"SELECT last_value, is_called FROM {sequence}")  # noqa: S608
            last_value, is_called = cursor.fetchone()
            cursor.execute("SELECT setval(%s, %s)", [sequence, start])

            def undo() -> None:
                with connection.cursor() as c:
                    c.execute("SELECT setval(%s, %s, %s)", [sequence, last_value, is_called])

            return undo
        if connection.vendor == "sqlite":
            cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [start, table])
            if cursor.rowcount == 0:
                cursor.execute(
                    "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, start]
                )
            return lambda: None
    raise NotImplementedError(connection.vendor)


@dataclass
class Fence:
    tree: Tree
    visible: list[Placed]  # in cell A: secretary_a may see these
    hidden: list[Placed]  # in cell B: she must never learn they exist


@pytest.fixture
def fence(tree: Tree, secretary_a: User) -> Iterator[Fence]:
    factories = factories_by_model()
    placed = [(m, factories[m]) for m in scoped_models() if m in factories]
    visible = []
    for model, factory in placed:
        obj = _create_in(factory, model, tree.cell_a)
        visible.append(Placed(model, obj, _markers(factory, obj)))
    undo: list[Callable[[], None]] = []
    hidden = []
    try:
        for rank, (model, factory) in enumerate(placed):
            undo.append(_move_ids_ahead(model, FIRST_HIDDEN_ID + 100_000 * rank))
            obj = _create_in(factory, model, tree.cell_b)
            path_lookup = f"{model.scope_path}__startswith"  # type: ignore[attr-defined]
            assert model._default_manager.filter(
                pk=obj.pk, **{path_lookup: tree.cell_b.path}
            ).exists(), f"{factory.__name__} did not put its object under cell B"
            hidden.append(Placed(model, obj, _markers(factory, obj)))
        yield Fence(tree, visible, hidden)
    finally:
        for step in reversed(undo):
            step()


def test_hidden_ids_are_unique_across_every_scoped_table(fence: Fence) -> None:
    for placed in fence.hidden:
        for model in scoped_models():
            if model is placed.model:
                continue
            assert not model._default_manager.filter(pk=placed.obj.pk).exists(), (
                f"{placed.label} shares its id with a {model._meta.label}"
            )


# --- (a) scope() ------------------------------------------------------------------------------


def test_scope_never_returns_cell_bs_objects_to_cell_as_secretary(
    fence: Fence, secretary_a: User, member_a: User, outsider: User
) -> None:
    for user in (secretary_a, member_a, outsider):
        for placed in fence.hidden:
            for action in [None, *Action]:
                rows = scope(user, placed.model, action)
                assert not rows.filter(pk=placed.obj.pk).exists(), (
                    f"{user.username} sees {placed.label} with {action}"
                )


def test_the_secretary_does_see_cell_as_objects_so_the_fence_is_not_empty(
    fence: Fence, secretary_a: User
) -> None:
    for placed in fence.visible:
        visible = scope(secretary_a, placed.model).filter(pk=placed.obj.pk).exists()
        # Some models need more than VIEW to be seen at all (grants, the audit log).
        assert visible == allows(Role.SECRETARY, view_action(placed.model)), placed.label
    assert any(p.model is Organization for p in fence.visible)


# --- (b) pages and API ------------------------------------------------------------------------


def _takes_ids(endpoint: Endpoint) -> bool:
    return bool(endpoint.parameters) and endpoint.name not in SKIPPED


def _is_api(url: str) -> bool:
    return url.startswith("/api/")


def _fetch(
    client: Client, method: str, url: str, data: dict[str, Any] | None = None
) -> HttpResponse:
    if _is_api(url) and method in ("post", "put", "patch"):
        return getattr(client, method)(
            url, data=json.dumps(data or {}), content_type="application/json"
        )
    return getattr(client, method)(url, data=data or {})


def _leaks(response: HttpResponse, fence: Fence, ids: bool = True) -> list[str]:
    """What of cell B shows in a successful answer: a marker, or (when the request did not
    carry hidden ids itself, which pages rightly echo in links and forms) a hidden id."""
    if response.status_code != 200 or response.get("Content-Type", "").startswith(
        ("image/", "application/octet")
    ):
        return []
    # Downloads (exports) stream their body.
    raw = (
        b"".join(cast(Iterator[bytes], response.streaming_content))
        if isinstance(response, StreamingHttpResponse)
        else response.content
    )
    body = raw.decode("utf-8", errors="replace")
    found = []
    for placed in fence.hidden:
        for marker in placed.markers:
            if marker and marker in body:
                found.append(f"{placed.label} «{marker}»")
        if ids and re.search(rf"(?<!\d){placed.obj.pk}(?!\d)", body):
            found.append(f"{placed.label} (mã {placed.obj.pk})")
    return found


def _in_shard(index: int, shard: int | None, shards: int) -> bool:
    return shard is None or index % shards == shard


def id_url_problems(
    client: Client, fence: Fence, urlconf: Any = None, shard: int | None = None
) -> tuple[list[str], int]:
    """Every URL taking an id (or, with `shard`, every ID_SHARDS-th of them), asked for every
    hidden object by every method: 404, or the very refusal a missing id gets (403/405 before
    any lookup tells her nothing)."""
    problems, checked = [], 0
    taking_ids = [e for e in endpoints(urlconf) if _takes_ids(e)]
    for index, endpoint in enumerate(taking_ids):
        if not _in_shard(index, shard, ID_SHARDS):
            continue
        for placed in fence.hidden:
            url = example_url(endpoint, int(placed.obj.pk), urlconf)
            if url is None:
                problems.append(f"{endpoint.label}: không dựng được URL")
                break
            methods = ("get", "post", "put", "patch", "delete") if _is_api(url) else ("get", "post")
            for method in methods:
                checked += 1
                status = _fetch(client, method, url).status_code
                if status == 404:
                    continue
                missing_url = example_url(endpoint, MISSING_ID, urlconf)
                missing = _fetch(client, method, missing_url).status_code if missing_url else None
                if not (status == missing and status in (403, 405)):
                    problems.append(
                        f"{method.upper()} {url} ({placed.label}) → {status}, "
                        f"id không tồn tại → {missing}"
                    )
    return problems, checked


def listing_problems(
    client: Client, fence: Fence, urlconf: Any = None, shard: int | None = None
) -> tuple[list[str], int]:
    """Lists, search, pickers and the detail pages of her own objects, also when asked for
    cell B through the query string or a form, must not mention cell B's objects. With
    `shard`, every form is still sent first, and every PAGE_SHARDS-th page is read."""
    problems, opened = [], 0

    def check(method: str, url: str, data: dict[str, Any] | None = None) -> None:
        nonlocal opened
        response = _fetch(client, method, url, data)
        if response.status_code >= 500:
            problems.append(f"{method.upper()} {url} {data or ''} → {response.status_code}")
        opened += response.status_code == 200
        for leak in _leaks(response, fence, ids=not data):
            problems.append(f"{method.upper()} {url} {data or ''}: {leak}")

    all_endpoints = [e for e in endpoints(urlconf) if e.name not in SKIPPED]
    # Forms first (e.g. the scope switcher told to work on cell B), then every page is read:
    # whatever a form let through would show on the pages after it.
    for endpoint in all_endpoints:
        url = example_url(endpoint, fence.tree.cell_a.pk, urlconf)
        if url is None or endpoint.parameters or _is_api(url) or endpoint.name in NO_FORMS:
            continue
        for placed in fence.hidden:
            check("post", url, {name: placed.obj.pk for name in ID_PARAMETERS})
    for index, endpoint in enumerate(all_endpoints):
        if not _in_shard(index, shard, PAGE_SHARDS):
            continue
        if endpoint.parameters:
            for placed in fence.visible:
                url = example_url(endpoint, int(placed.obj.pk), urlconf)
                if url is not None:
                    check("get", url)
            continue
        url = example_url(endpoint, fence.tree.cell_a.pk, urlconf)
        if url is None:
            continue
        check("get", url)
        for placed in fence.hidden:
            # The search words every factory name shares, never a whole marker (pages echo
            # the search box back).
            query = {name: placed.obj.pk for name in ID_PARAMETERS}
            check("get", url, {**query, "q": SEARCH_WORDS})
    return problems, opened


@pytest.mark.parametrize("shard", range(ID_SHARDS))
def test_every_url_taking_an_id_answers_404_for_cell_bs_objects(
    fence: Fence, secretary_a: User, client_for: Callable[[User], Client], shard: int
) -> None:
    problems, checked = id_url_problems(client_for(secretary_a), fence, shard=shard)

    assert problems == [], "Lộ dữ liệu chi bộ B:\n" + "\n".join(problems)
    assert checked >= len(fence.hidden)


@pytest.mark.parametrize("shard", range(PAGE_SHARDS))
def test_no_page_or_api_answer_she_can_open_shows_cell_bs_objects(
    fence: Fence, secretary_a: User, client_for: Callable[[User], Client], shard: int
) -> None:
    problems, opened = listing_problems(client_for(secretary_a), fence, shard=shard)

    assert problems == [], "Lộ dữ liệu chi bộ B:\n" + "\n".join(problems)
    assert opened > 0


# --- The contract catches what it is meant to catch --------------------------------------------


def _unscoped_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A careless page: looks the unit up without scope()."""
    org = Organization.objects.filter(pk=pk).first()
    return HttpResponse(org.name) if org else HttpResponse(status=404)


def _unscoped_list(request: HttpRequest) -> HttpResponse:
    wanted = request.GET.get("org")
    rows = Organization.objects.filter(pk=wanted) if wanted else Organization.objects.all()
    return HttpResponse(", ".join(o.name for o in rows))


def _careless_urls() -> ModuleType:
    module = ModuleType("careless_scope_urls")
    module.urlpatterns = [  # type: ignore[attr-defined]
        path("ro-ri/<int:pk>/", login_required(_unscoped_detail), name="leaky-detail"),
        path("ro-ri/", login_required(_unscoped_list), name="leaky-list"),
    ]
    return module


def test_a_page_that_skips_scope_is_caught(
    fence: Fence, secretary_a: User, client_for: Callable[[User], Client], settings: Any
) -> None:
    careless = _careless_urls()
    settings.ROOT_URLCONF = careless
    client = client_for(secretary_a)
    hidden_org = next(p for p in fence.hidden if p.model is Organization)

    by_id, _ = id_url_problems(client, fence, careless)
    in_lists, _ = listing_problems(client, fence, careless)

    assert by_id == [
        f"GET /ro-ri/{hidden_org.obj.pk}/ ({hidden_org.label}) → 200, id không tồn tại → 404",
        f"POST /ro-ri/{hidden_org.obj.pk}/ ({hidden_org.label}) → 200, id không tồn tại → 404",
    ]
    assert any(f"GET /ro-ri/ : {hidden_org.label}" in p for p in in_lists)
