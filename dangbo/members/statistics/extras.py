"""Tables other apps add to the member statistics page (members sits below them in the layers,
so it cannot ask them): an app registers a provider from its AppConfig.ready, as it registers
its audit labels. A provider gets the user, the unit (which the user may see) and the day, and
returns one table with a row per child unit, or None when it has nothing to show."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from dangbo.orgs.models import Organization


@dataclass(frozen=True)
class ExtraRow:
    label: str
    organization_id: int | None  # a child unit: the page links to its own statistics
    cells: list[str]


@dataclass(frozen=True)
class ExtraTable:
    key: str
    title: str
    subtitle: str
    columns: list[str]
    rows: list[ExtraRow]
    total: list[str]


Provider = Callable[[Any, Organization, date], ExtraTable | None]
_PROVIDERS: list[Provider] = []


def register_statistics_table(provider: Provider) -> None:
    """Add a provider once (ready() may run more than once in tests)."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def extra_tables(user: Any, unit: Organization, as_of: date) -> list[ExtraTable]:
    found = (provider(user, unit, as_of) for provider in _PROVIDERS)
    return [table for table in found if table is not None]
