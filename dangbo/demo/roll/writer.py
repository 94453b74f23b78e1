"""The bulk path for the member roll: planned records written as rows, in batches.

`members.services` replay a member's history and audit every event: right for a person
recording one event, far too slow for 150,000 members (or 5.6 million). This writer keeps the
promises the services keep, in bulk:

- every cached field is what `members.lifecycle.replay` computes from the events: the plans'
  events are replayed here (the same function the services call), which also refuses any
  history the services would refuse; Member.status, organization, temporary_organization,
  decision_date, admitted_on, official_on come from the final state and each event's
  status_after / organization_after from the state after it;
- `name_folded` and `name_sort` are what `Member.save()` computes (bulk writes skip save());
- primary keys are handed out in plan order, so the events of a member sort by (effective_on,
  id) exactly as replayed, and rows can reference each other before they are written;
- the audit chain stays intact: ONE AuditEvent "member.bulk_create" per call of `close()` (one
  per seeded province), with the counts, recorded in the same transaction through
  `dangbo.audit.services.record`.

Rows go out `batch_size` at a time: COPY on PostgreSQL (psycopg), `executemany` elsewhere.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, cast

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max

from dangbo.audit.services import record
from dangbo.core.bulk_rows import TableWriter
from dangbo.demo.roll.plans import MemberPlan
from dangbo.members.lifecycle import replay
from dangbo.members.models import Member, MemberEvent, Transfer, TransferStatus
from dangbo.members.services.bulk import EVENT_COLUMNS, MEMBER_COLUMNS, event_row, member_row
from dangbo.orgs.models import Organization

TRANSFER_COLUMNS = (
    "id", "member_id", "from_organization_id", "to_organization_id", "to_outside", "temporary",
    "temporary_reason", "expected_months", "letter_number", "letter_issued_on", "deadline",
    "received_on", "status", "created_at",
)  # fmt: skip


@dataclass
class RollStats:
    members: int = 0
    events: int = 0
    transfers: int = 0
    linked_users: int = 0
    by_status: Counter[str] = field(default_factory=Counter)
    by_kind: Counter[str] = field(default_factory=Counter)
    pending_transfers: int = 0
    overdue_transfers: int = 0

    def add(self, other: RollStats) -> None:
        self.members += other.members
        self.events += other.events
        self.transfers += other.transfers
        self.linked_users += other.linked_users
        self.by_status.update(other.by_status)
        self.by_kind.update(other.by_kind)
        self.pending_transfers += other.pending_transfers
        self.overdue_transfers += other.overdue_transfers


def next_ids() -> tuple[int, int, int]:
    """The highest member, event and transfer ids so far (0 on an empty roll)."""
    return tuple(  # type: ignore[return-value]
        model.objects.aggregate(top=Max("id"))["top"] or 0
        for model in (Member, MemberEvent, Transfer)
    )


class RollWriter:
    """Replays, then writes, planned members with their events and transfers."""

    def __init__(
        self,
        *,
        probation_end: Callable[[date], date],
        today: date,
        recorded_at: datetime,
        last_event_id: int,
        batch_size: int = 10_000,
    ) -> None:
        self.probation_end = probation_end
        self.today = today
        self.stats = RollStats()
        self._event_id = last_event_id
        self._recorded_at = connection.ops.adapt_datetimefield_value(recorded_at)
        self._members = TableWriter(Member, MEMBER_COLUMNS, batch_size)
        self._events = TableWriter(MemberEvent, EVENT_COLUMNS, batch_size)
        self._transfers = TableWriter(Transfer, TRANSFER_COLUMNS, batch_size)
        self._first_member: int | None = None
        self._last_member: int | None = None

    def replay(self, plan: MemberPlan) -> None:
        """The state after each planned event; a history the services would refuse raises
        the same ValidationError here, before anything is written."""
        # PlannedEvent has every attribute lifecycle reads of a MemberEvent.
        plan.steps = cast(Any, replay(cast(Any, plan.events), self.probation_end))

    def add(self, plan: MemberPlan) -> None:
        if not plan.steps:
            self.replay(plan)
        state = plan.steps[-1][1]
        facts = plan.facts
        self._members.add(member_row(plan.id, facts, state))
        recorded_at = self._recorded_at
        for event, after in plan.steps:
            self._event_id += 1
            self._events.add(event_row(self._event_id, plan.id, event, after, recorded_at))
            self.stats.by_kind[event.kind] += 1
        for t in plan.transfers:
            self._transfers.add(
                (
                    t.id,
                    plan.id,
                    t.from_id,
                    t.to_id,
                    t.to_outside,
                    t.temporary,
                    t.temporary_reason,
                    t.expected_months,
                    t.letter_number,
                    t.letter_issued_on,
                    t.deadline,
                    t.received_on,
                    str(t.status),
                    recorded_at,
                )
            )
            if t.status == TransferStatus.PENDING:
                self.stats.pending_transfers += 1
                self.stats.overdue_transfers += t.deadline < self.today
        stats = self.stats
        stats.members += 1
        stats.events += len(plan.steps)
        stats.transfers += len(plan.transfers)
        stats.by_status[state.status] += 1
        stats.linked_users += facts["user_id"] is not None
        if self._first_member is None:
            self._first_member = plan.id
        self._last_member = plan.id

    def close(self, root: Organization) -> RollStats:
        """Write what is left, move the id sequences past the rows, and audit the load."""
        for table in (self._members, self._events, self._transfers):
            table.flush()
        if connection.vendor == "postgresql":
            # Explicit ids do not advance PostgreSQL's sequences: the next service insert
            # would collide without this.
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(
                    no_style(), [Member, MemberEvent, Transfer]
                ):
                    cursor.execute(sql)
                # The foreign keys are checked at COMMIT (deferred), by queries planned then
                # with the statistics of the tables as they were before the load (empty on a
                # fresh database): each check would scan the whole organisation or member
                # table, O(rows²) — a province's commit ran for over 10 minutes. Statistics
                # taken inside the transaction count its own new rows.
                cursor.execute("ANALYZE orgs_organization, members_member, members_memberevent")
        stats = self.stats
        record(
            actor=None,
            action="member.bulk_create",
            target=root,
            organization=root,
            after={
                "members": stats.members,
                "events": stats.events,
                "transfers": stats.transfers,
                "by_status": dict(sorted(stats.by_status.items())),
                "by_kind": dict(sorted(stats.by_kind.items())),
                "first_id": self._first_member,
                "last_id": self._last_member,
                "linked_users": stats.linked_users,
            },
        )
        return stats
