"""Contract: every URL refuses an anonymous user (DESIGN rule 2).

The URLs are read from the resolver, not listed here, so a view added tomorrow without
login_required (or an API view without IsAuthenticated) makes this test fail the day it lands.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any
from urllib.parse import urlparse

from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import (
    NoReverseMatch,
    URLPattern,
    URLResolver,
    get_resolver,
    path,
    resolve,
    reverse,
)
from django.urls.converters import IntConverter, PathConverter, SlugConverter, UUIDConverter
from django.urls.resolvers import RegexPattern, RoutePattern

import config.urls
from conftest import Tree

# The only pages an anonymous visitor may open. Keep this tiny: each entry is a door.
PUBLIC = {
    "accounts:login",  # where everyone else is sent
}

_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")


@dataclass(frozen=True)
class Endpoint:
    """One leaf of the URL tree: its full name (with namespaces), its route as written, and the
    converters of its parameters (None for a regex group)."""

    name: str | None
    route: str
    callback: Callable[..., Any]
    parameters: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.name or '(không tên)'} /{self.route}"


def endpoints(urlconf: Any = None) -> Iterator[Endpoint]:
    """Every URL pattern reachable from the root URLconf, with namespaces and prefixes."""

    def walk(
        patterns: list[Any], namespace: str, route: str, params: dict[str, Any]
    ) -> Iterator[Endpoint]:
        for entry in patterns:
            piece, found = _describe(entry.pattern)
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                yield from walk(entry.url_patterns, inner, route + piece, {**params, **found})
            elif isinstance(entry, URLPattern):
                name = f"{namespace}{entry.name}" if entry.name else None
                yield Endpoint(name, route + piece, entry.callback, {**params, **found})

    return walk(get_resolver(urlconf).url_patterns, "", "", {})


def _describe(pattern: Any) -> tuple[str, dict[str, Any]]:
    if isinstance(pattern, RoutePattern):
        return str(pattern), dict(pattern.converters)
    if isinstance(pattern, RegexPattern):
        return str(pattern), {name: None for name in pattern.regex.groupindex}
    return str(pattern), {}


def _samples(converter: Any, some_id: int) -> list[str]:
    if isinstance(converter, IntConverter):
        return [str(some_id)]
    if isinstance(converter, UUIDConverter):
        return [str(uuid.UUID(int=some_id))]
    if isinstance(converter, SlugConverter | PathConverter):
        return ["x"]
    # A regex group, a str converter or a project converter: try what usually fits.
    return [str(some_id), "x", "2025", str(uuid.UUID(int=some_id)), "json"]


def example_url(endpoint: Endpoint, some_id: int, urlconf: Any = None) -> str | None:
    """A concrete URL that resolves to this endpoint, with every parameter filled in."""
    candidates: list[dict[str, str]] = [{}]
    for name, converter in endpoint.parameters.items():
        candidates = [{**c, name: s} for c in candidates for s in _samples(converter, some_id)]
    for kwargs in candidates[:50]:
        url = None
        if endpoint.name:
            try:
                url = reverse(endpoint.name, kwargs=kwargs or None, urlconf=urlconf)
            except NoReverseMatch:
                continue
        else:
            url = "/" + _fill(endpoint.route, kwargs)
        try:
            match = resolve(url, urlconf=urlconf)
        except Exception:  # noqa: S112 - a candidate that does not resolve is skipped
            continue
        if match.func == endpoint.callback:
            return url
    return None


def _fill(route: str, kwargs: dict[str, str]) -> str:
    text = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: kwargs.get(m.group(1), "x"), route)
    text = _GROUP.sub(lambda m: kwargs.get(m.group(1), "x"), text)
    return text.replace("^", "").replace("$", "").replace("\\", "")


def refusal_problems(client: Client, some_id: int, urlconf: Any = None) -> list[str]:
    """What an anonymous visitor can reach: every URL that neither sends them to log in nor
    answers 401/403 (405, a method the view never serves, is a refusal too)."""
    login_path = reverse("accounts:login", urlconf=urlconf)
    problems = []
    for endpoint in endpoints(urlconf):
        if endpoint.name in PUBLIC:
            continue
        url = example_url(endpoint, some_id, urlconf)
        if url is None:
            problems.append(f"{endpoint.label}: không dựng được URL mẫu để kiểm tra")
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if not _refused(response, login_path):
                problems.append(
                    f"{method.upper()} {url} ({endpoint.label}) → {response.status_code}"
                )
    return problems


def _refused(response: HttpResponse, login_path: str) -> bool:
    if response.status_code in (401, 403, 405):
        return True
    if response.status_code in (301, 302, 303, 307, 308):
        return urlparse(response["Location"]).path == login_path
    return False


def test_every_url_refuses_an_anonymous_visitor(tree: Tree) -> None:
    client = Client(raise_request_exception=False)

    problems = refusal_problems(client, tree.cell_a.pk)

    assert problems == [], "Người chưa đăng nhập mở được:\n" + "\n".join(problems)


def test_the_walk_reaches_pages_and_the_api(tree: Tree) -> None:
    names = {e.name for e in endpoints()}

    assert {"accounts:login", "home", "schema"} <= names
    # The API and the app pages are included under namespaces; their leaves must be found too.
    assert any(n and n.startswith("api:") for n in names)
    assert any(n and n.startswith("orgs:") for n in names)


def test_the_login_page_itself_is_open(tree: Tree) -> None:
    response = Client().get(reverse("accounts:login"))

    assert response.status_code == 200


def _open_view(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse("Ai cũng xem được")


def test_a_view_added_without_login_is_caught(tree: Tree, settings: Any) -> None:
    # The same check over the real URLs plus one careless view, under a namespace and with a
    # parameter, as a new page would be added.
    careless = ModuleType("careless_urls")
    careless.urlpatterns = [  # type: ignore[attr-defined]
        *config.urls.urlpatterns,
        path("moi/<int:pk>/", _open_view, name="careless"),
    ]
    settings.ROOT_URLCONF = careless

    problems = refusal_problems(Client(raise_request_exception=False), tree.cell_a.pk, careless)

    assert problems == [
        f"GET /moi/{tree.cell_a.pk}/ (careless /moi/<int:pk>/) → 200",
        f"POST /moi/{tree.cell_a.pk}/ (careless /moi/<int:pk>/) → 200",
    ]
