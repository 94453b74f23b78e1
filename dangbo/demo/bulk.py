"""The bulk path for thousands of units: the same rows the services write, in batches.

`orgs.services.create_organization` costs about ten queries per unit (lock, checks, insert,
history row, audit event). That is right for a person adding one unit and far too slow for the
3,000 units of a province or the 322,000 of the national data set. This writer inserts whole
subtrees with `bulk_create` instead, and keeps every promise the services keep:

- the tree stays valid for treebeard: each path is `Organization._get_path(parent_path, depth,
  position)`, positions continue after the parent's existing children, and `numchild` is set
  for every new node and increased on the parent (`find_problems()` finds nothing);
- kinds obey `ALLOWED_CHILDREN`, names are NFC and `name_folded` is filled as `save()` would;
- history is complete: one `OrgEvent` CREATED per unit, with the decision and parent;
- the audit chain stays intact and complete: ONE `AuditEvent` per batch
  (action "org.bulk_create", counts in `after`), recorded in the batch's transaction through
  `dangbo.audit.services.record`, so `audit_verify` still walks an unbroken chain;
- a batch is one transaction and always holds whole top-level subtrees, so a tree that is
  committed is never half-built. Memory stays bounded: only the current batch is held.

Committees of bulk units (a term, its committee and seats) go the same way, with one
"committee.bulk_create" audit event per batch.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import F

from dangbo.accounts.models import User
from dangbo.audit.services import record
from dangbo.core.text import fold, nfc
from dangbo.orgs.models import (
    ALLOWED_CHILDREN,
    Committee,
    CommitteeSeat,
    Organization,
    OrgEvent,
    OrgEventKind,
    OrgKind,
    Term,
)
from dangbo.orgs.services import Decision, committee_name


@dataclass(frozen=True)
class TermPlan:
    name: str
    starts_on: date
    ends_on: date


@dataclass
class PlannedUnit:
    """A unit to create, with its subtree and, optionally, its committee's seats."""

    kind: str
    name: str
    code: str
    short_name: str = ""
    children: list[PlannedUnit] = field(default_factory=list)
    seats: list[tuple[str, str]] = field(default_factory=list)  # (SeatRole, holder name)
    term: TermPlan | None = None

    def size(self) -> int:
        return 1 + sum(child.size() for child in self.children)


@dataclass
class BulkStats:
    organizations: int = 0
    seats: int = 0
    batches: int = 0


class BulkTreeWriter:
    """Append planned subtrees under `parent` (an existing unit), `batch_size` rows at a time.

    Use as a context manager, or call `close()`: the last partial batch is written then."""

    def __init__(
        self,
        *,
        actor: User | None,
        parent: Organization,
        decision: Decision,
        batch_size: int = 5000,
        stats: BulkStats | None = None,
    ) -> None:
        self.actor = actor
        self.parent = parent
        self.decision = decision
        self.batch_size = batch_size
        self.stats = stats if stats is not None else BulkStats()
        self._pending: list[PlannedUnit] = []
        self._pending_rows = 0
        last = (
            Organization.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
            .order_by("-path")
            .values_list("path", flat=True)
            .first()
        )
        step = Organization.steplen
        self._next_position = 1 + (Organization._str2int(last[-step:]) if last else 0)

    def __enter__(self) -> BulkTreeWriter:
        return self

    def __exit__(self, exc_type: object, *_: object) -> None:
        if exc_type is None:
            self.close()

    def add(self, unit: PlannedUnit) -> None:
        _check_kinds(self.parent.kind, unit)
        self._pending.append(unit)
        self._pending_rows += unit.size()
        if self._pending_rows >= self.batch_size:
            self.flush()

    def close(self) -> None:
        self.flush()

    @transaction.atomic
    def flush(self) -> None:
        if not self._pending:
            return
        units, self._pending, self._pending_rows = self._pending, [], 0
        rows: list[tuple[Organization, Organization, PlannedUnit]] = []
        for unit in units:
            self._place(unit, self.parent, self._next_position, rows)
            self._next_position += 1
        # Parents come before their children in `rows`, so one bulk insert gives every row
        # its id before the history rows below point at it (PostgreSQL and SQLite >= 3.35
        # return ids from a bulk insert).
        Organization.objects.bulk_create([org for org, _, _ in rows], batch_size=1000)
        d = self.decision
        OrgEvent.objects.bulk_create(
            [
                OrgEvent(
                    organization=org,
                    kind=OrgEventKind.CREATED,
                    effective_on=d.effective_on,
                    decision_number=d.number,
                    decision_date=d.decided_on,
                    note=d.note,
                    new_name=org.name,
                    new_parent=parent,
                    recorded_by=self.actor,
                )
                for org, parent, _ in rows
            ],
            batch_size=1000,
        )
        Organization.objects.filter(pk=self.parent.pk).update(numchild=F("numchild") + len(units))
        kinds = Counter(org.kind for org, _, _ in rows)
        record(
            actor=self.actor,
            action="org.bulk_create",
            target=self.parent,
            organization=self.parent,
            after={
                "count": len(rows),
                "by_kind": dict(sorted(kinds.items())),
                "first_code": rows[0][0].code,
                "last_code": rows[-1][0].code,
                "effective_on": d.effective_on,
                "decision_number": d.number,
            },
        )
        seats = self._write_committees(rows)
        self.stats.organizations += len(rows)
        self.stats.seats += seats
        self.stats.batches += 1

    def _place(
        self,
        unit: PlannedUnit,
        parent: Organization,
        position: int,
        rows: list[tuple[Organization, Organization, PlannedUnit]],
    ) -> None:
        depth = parent.depth + 1
        name, short_name, code = nfc(unit.name).strip(), nfc(unit.short_name).strip(), unit.code
        org = Organization(
            path=Organization._get_path(parent.path, depth, position),
            depth=depth,
            numchild=len(unit.children),
            kind=unit.kind,
            name=name,
            short_name=short_name,
            code=code.strip().upper(),
            # The same text Organization.save() folds for search.
            name_folded=fold(f"{name} {short_name} {code.strip().upper()}"),
            active_from=self.decision.effective_on,
        )
        rows.append((org, parent, unit))
        for index, child in enumerate(unit.children, start=1):
            self._place(child, org, index, rows)

    def _write_committees(self, rows: list[tuple[Organization, Organization, PlannedUnit]]) -> int:
        planned = [(org, unit) for org, _, unit in rows if unit.term is not None and unit.seats]
        if not planned:
            return 0
        terms = Term.objects.bulk_create(
            [
                Term(
                    organization=org,
                    name=unit.term.name,
                    starts_on=unit.term.starts_on,
                    ends_on=unit.term.ends_on,
                )
                for org, unit in planned
                if unit.term is not None
            ],
            batch_size=1000,
        )
        committees = Committee.objects.bulk_create(
            [
                Committee(organization=org, term=term, name=committee_name(org, term))
                for (org, _), term in zip(planned, terms, strict=True)
            ],
            batch_size=1000,
        )
        seats = [
            CommitteeSeat(
                committee=committee, holder_name=nfc(holder), role=role, started_on=term.starts_on
            )
            for (_, unit), term, committee in zip(planned, terms, committees, strict=True)
            for role, holder in unit.seats
        ]
        CommitteeSeat.objects.bulk_create(seats, batch_size=1000)
        record(
            actor=self.actor,
            action="committee.bulk_create",
            target=self.parent,
            organization=self.parent,
            after={
                "committees": len(committees),
                "seats": len(seats),
                "by_role": dict(sorted(Counter(s.role for s in seats).items())),
                "first_code": planned[0][0].code,
                "last_code": planned[-1][0].code,
            },
        )
        return len(seats)


def _check_kinds(parent_kind: str, unit: PlannedUnit) -> None:
    """The rule create_organization enforces, checked before anything is written."""
    if unit.kind not in ALLOWED_CHILDREN[OrgKind(parent_kind)]:
        raise ValueError(
            f"{OrgKind(unit.kind).label} không thể trực thuộc {OrgKind(parent_kind).label.lower()}"
            f" ({unit.code})."
        )
    for child in unit.children:
        _check_kinds(unit.kind, child)
