"""What an app declares to have its data imported: an `ImportSpec`.

A spec names its fields (Vietnamese label, header synonyms, export column), and opens a
`SpecSession` for one job, which checks rows a batch at a time (one query per batch for the
keys, never one per row) and writes the valid ones through the app's own bulk services.

Members and organisations sit below this engine in the layers (DESIGN: members ← imports),
so their specs live here, in `dangbo.imports.specs`; modules above (meetings, evaluations,
dues) declare their own and register them with `register`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, NamedTuple

from django.db.models import QuerySet

from dangbo.accounts.models import User
from dangbo.core.xlsx import CellKind
from dangbo.imports.headers import FieldLabel
from dangbo.imports.values import CellValue
from dangbo.orgs.models import Organization


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    synonyms: tuple[str, ...] = ()
    required: bool = False
    kind: CellKind = CellKind.TEXT
    width: float = 16
    # Read from files but never written to an export (e.g. the "Nam" | "Nữ" tick columns).
    import_only: bool = False
    # Written to exports for the reader but not imported (e.g. the status, which changes
    # only through events).
    export_only: bool = False

    @property
    def header(self) -> FieldLabel:
        return FieldLabel(self.key, self.label, self.synonyms)


class Outcome(StrEnum):
    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    INVALID = "invalid"


OUTCOME_LABELS = {
    Outcome.NEW: "Thêm mới",
    Outcome.UPDATED: "Cập nhật",
    Outcome.UNCHANGED: "Không đổi",
    Outcome.INVALID: "Có lỗi",
}


@dataclass(frozen=True)
class Problem:
    """Why a row cannot be imported: the field (None: the row as a whole) and a reason in
    Vietnamese that quotes the value."""

    field: str | None
    reason: str


@dataclass
class SourceRow:
    sheet: str
    number: int  # 1-based, as the spreadsheet shows it
    values: dict[str, CellValue]  # field key -> raw cell
    columns: dict[str, int] = field(default_factory=dict)  # field key -> 0-based column


class RowKey(NamedTuple):
    """What names a row's record within the file: two rows with the same `match` are one
    record twice (refused), `shown` names it in the refusal ("Số thẻ 01234567")."""

    match: Hashable
    shown: str

    @classmethod
    def plain(cls, text: str) -> RowKey:
        return cls(text, text)


@dataclass
class Checked:
    """A row after checking: what it would do, and what to write."""

    row: SourceRow
    outcome: Outcome
    problems: list[Problem] = field(default_factory=list)
    # Keys that must be unique within the file (card number, CCCD, name and birth date …).
    keys: tuple[RowKey, ...] = ()
    object_id: int | None = None
    payload: Any = None  # what the session's write() needs
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)

    def refuse(self, problem: Problem) -> None:
        self.problems.append(problem)
        self.outcome = Outcome.INVALID


@dataclass(frozen=True)
class Context:
    actor: User | None
    organization: Organization
    today: date
    sheet_name: str = ""


@dataclass
class Written:
    """What a write did: (row number, object id, action, before, after) per object."""

    created: list[tuple[int, int, dict[str, Any]]] = field(default_factory=list)
    updated: list[tuple[int, int, dict[str, Any], dict[str, Any]]] = field(default_factory=list)


class SpecSession(ABC):
    """One job's use of a spec: reference data loaded once, rows checked in batches."""

    @abstractmethod
    def check(self, rows: Sequence[SourceRow], context: Context) -> list[Checked]:
        """Parse, validate and classify a batch of rows. Never writes."""

    @abstractmethod
    def write(self, rows: Sequence[Checked], context: Context, source: dict[str, Any]) -> Written:
        """Write the NEW and UPDATED rows through the app's bulk services (inside the
        caller's transaction)."""

    def finish(self, context: Context) -> None:  # noqa: B027 (a hook most specs do without)
        """After the last write of the job's rows, still inside its transaction."""

    @abstractmethod
    def revert(
        self,
        created: QuerySet[Any],
        updated: Sequence[tuple[int, dict[str, Any], dict[str, Any]]],
        context: Context,
        source: dict[str, Any],
    ) -> None:
        """Undo a committed job: `created` is a query of the ids it created, `updated` the
        (id, before, after) of what it changed. ValidationError when something newer
        depends on it."""


class ImportSpec(ABC):
    name: str
    title: str  # "Đảng viên"
    fields: tuple[Field, ...]
    # The field that names a row's unit; None when every row belongs to the chosen unit.
    unit_field: str | None = None
    # The right (dangbo.access.policy.Action) the user needs on the job's unit.
    action: str = "edit"
    # Whether a committed job can be undone (organisations, never deleted, cannot).
    revertible: bool = True

    @abstractmethod
    def session(self, context: Context) -> SpecSession: ...

    def importable(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if not f.export_only)

    def exported(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if not f.import_only)

    def field(self, key: str) -> Field:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)


_REGISTRY: dict[str, ImportSpec] = {}


def register(spec: ImportSpec) -> ImportSpec:
    _REGISTRY[spec.name] = spec
    return spec


def get_spec(name: str) -> ImportSpec:
    from dangbo.imports import specs  # noqa: F401  (registers the specs of this app)

    return _REGISTRY[name]


def all_specs() -> list[ImportSpec]:
    from dangbo.imports import specs  # noqa: F401

    return list(_REGISTRY.values())
