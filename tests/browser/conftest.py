"""Playwright driving Debian's chromium (found on PATH, never a downloaded browser)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is missing: `make chromium` (apt-get install chromium).")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    errors: list[str] = []
    opened.on("pageerror", lambda exc: errors.append(str(exc)))
    opened.on(
        "console",
        lambda msg: (
            errors.append(msg.text) if msg.type == "error" and "400" not in msg.text else None
        ),
    )
    yield opened
    context.close()
    # A script error or a CSP violation in the console is a failure of the page.
    assert not errors, f"Lỗi trong trình duyệt: {errors}"


def shot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def load_reference_data() -> None:
    """Run the project's data migrations again (RunPython, in migration order) against the
    current models: the catalogs, rules and holidays that migrations load."""
    from django.apps import apps
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations.special import RunPython

    graph = MigrationLoader(connection).graph
    plan = dict.fromkeys(key for leaf in graph.leaf_nodes() for key in graph.forwards_plan(leaf))
    for key in plan:
        if not apps.get_app_config(key[0]).name.startswith("dangbo."):
            continue
        for operation in graph.nodes[key].operations:
            if isinstance(operation, RunPython):
                operation.code(apps, connection.schema_editor())  # type: ignore[arg-type]  # live apps, not a migration state


@pytest.fixture(autouse=True)
def _reference_data(transactional_db: None) -> None:
    """Browser tests run against a live server, so the database is flushed after each test,
    taking with it the rows migrations load. Serialized rollback cannot bring them back here:
    Playwright's greenlets give the test a new database connection object, which lacks the
    snapshot Django keeps on the first one. So load them again when they are gone."""
    from dangbo.core.models import Rule

    if not Rule.objects.exists():
        load_reference_data()
