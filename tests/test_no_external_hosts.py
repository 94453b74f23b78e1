"""The app works air-gapped: no template or asset refers to an outside host (no CDN, no web
font, no analytics). Vendored libraries may keep their licence comments and error-message
links, but nothing in them may load from elsewhere."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
VENDOR = ROOT / "static" / "vendor"

# XML namespace names: identifiers that look like URLs but are never fetched.
NAMESPACES = re.compile(
    r"https?://www\.w3\.org/(?:2000/svg|1999/xlink|1999/xhtml|XML/1998/namespace|2000/xmlns/)"
)
ANY_URL = re.compile(r"(?:https?:)?//[\w.-]+\.[a-z]{2,}|https?://", re.IGNORECASE)
ABSOLUTE = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)
# Places where a page or stylesheet fetches something: attributes, url(), @import, ES imports,
# fetch/Worker calls and source maps.
LOADING = [
    re.compile(
        r"""\b(?:src|href|action|formaction|poster|data|srcset|hx-(?:get|post|put|patch|delete))\s*=\s*(["']?)([^"'\s>]+)\1""",
        re.IGNORECASE,
    ),
    re.compile(r"""url\(\s*(["']?)([^"')]*)\1\s*\)""", re.IGNORECASE),
    re.compile(r"""@import\s+(["'])([^"']+)\1""", re.IGNORECASE),
    re.compile(r"""\bimport\s*\(\s*(["'`])([^"'`]+)\1"""),
    re.compile(r"""\bfrom\s*(["'])([^"']+)\1"""),
    re.compile(
        r"""\b(?:fetch|Worker|importScripts|EventSource|WebSocket)\s*\(\s*(["'`])([^"'`]+)\1"""
    ),
    re.compile(r"""sourceMappingURL=()(\S+)"""),
]


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def loading_references(text: str) -> Iterator[tuple[int, str]]:
    """(line, target) of every outside host something is loaded from."""
    for pattern in LOADING:
        for match in pattern.finditer(text):
            target = match.group(2)
            if target.lower().startswith("data:"):
                # An inline SVG may itself point elsewhere (xlink:href, @import…).
                for url in ANY_URL.finditer(NAMESPACES.sub("", target)):
                    yield _line(text, match.start()), url.group(0)
            elif ABSOLUTE.match(target):
                yield _line(text, match.start()), target


def any_url(text: str) -> Iterator[tuple[int, str]]:
    """(line, url) of every absolute or protocol-relative http URL, outside JS line comments
    (`// …`) and namespace names."""
    for number, line in enumerate(text.splitlines(), start=1):
        line = NAMESPACES.sub("", line)
        for match in re.finditer(r"(?:https?:)?//\S+", line, re.IGNORECASE):
            found = match.group(0)
            if not found.lower().startswith("http"):
                # "//" not after a scheme: a JS comment or a path, unless it is in a loading
                # place (caught by loading_references).
                continue
            yield number, found


def own_files() -> list[Path]:
    """Templates and assets written for this project (not static/vendor/)."""
    files = [p for p in (ROOT / "templates").rglob("*") if p.is_file()]
    files += [p for p in (ROOT / "dangbo").glob("*/templates/**/*") if p.is_file()]
    for folder, suffixes in (("css", {".css"}), ("js", {".js", ".mjs"}), ("img", {".svg"})):
        files += [p for p in (ROOT / "static" / folder).rglob("*") if p.suffix in suffixes]
    return sorted(files)


def vendored_files() -> list[Path]:
    return sorted(
        p for p in VENDOR.rglob("*") if p.suffix in {".css", ".js", ".mjs", ".svg", ".html"}
    )


def _report(found: list[str]) -> str:
    return "Tham chiếu tới máy chủ bên ngoài:\n" + "\n".join(found)


def test_our_templates_and_assets_never_name_an_outside_host() -> None:
    files = own_files()
    found = []
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        hits = {*any_url(text), *loading_references(text)}
        found += [f"{path.relative_to(ROOT)}:{line}: {url}" for line, url in sorted(hits)]

    assert found == [], _report(found)
    assert any(p.suffix == ".html" for p in files) and any(p.suffix == ".css" for p in files)


def test_vendored_libraries_load_nothing_from_outside_hosts() -> None:
    files = vendored_files()
    found = []
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [
            f"{path.relative_to(ROOT)}:{line}: {url}" for line, url in loading_references(text)
        ]

    assert found == [], _report(found)
    assert {p.name for p in files} >= {"bootstrap.min.css", "htmx.min.js"}


@pytest.mark.parametrize(
    "text",
    [
        '<script src="https://cdn.jsdelivr.net/npm/bootstrap.js"></script>',
        "<link rel='stylesheet' href=//fonts.googleapis.com/css?family=Roboto>",
        '@import url("https://fonts.googleapis.com/css2?family=Inter");',
        "@import 'https://example.com/theme.css';",
        ".logo { background: url(//example.com/logo.png) }",
        'import Chart from "https://esm.sh/chart.js";',
        "fetch('https://api.example.com/v1')",
        ".x{background:url(\"data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'>"
        "<image href='https://example.com/a.png'/></svg>\")}",
        '<form action="https://example.com/collect">',
        "//# sourceMappingURL=https://example.com/htmx.min.js.map",
    ],
)
def test_the_scanner_finds_every_way_of_loading_from_elsewhere(text: str) -> None:
    assert list(loading_references(text)) != []


@pytest.mark.parametrize(
    "text",
    [
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">',
        ".x{background:url(\"data:image/svg+xml,%3csvg xmlns='http://www.w3.org/2000/svg'%3e\")}",
        '<link href="/static/css/app.css" rel="stylesheet">',
        "// a comment in our JavaScript",
        "url(fonts/bootstrap-icons.woff2?e34853135f9e39acf64315236852cd5a)",
        "/*! Bootstrap v5.3.8 (https://getbootstrap.com/) */",
        'throw new TypeError("Bootstrap\'s dropdowns require Popper (https://popper.js.org/)")',
    ],
)
def test_the_scanner_lets_local_paths_namespaces_and_licence_text_through(text: str) -> None:
    assert list(loading_references(text)) == []


def test_our_own_files_may_not_even_mention_an_outside_address() -> None:
    assert [u for _, u in any_url('<a href="#">Xem https://thuvienphapluat.vn</a>')] == [
        "https://thuvienphapluat.vn</a>"
    ]
    assert list(any_url('<svg xmlns="http://www.w3.org/2000/svg"></svg>')) == []
