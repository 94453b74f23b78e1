"""Factories for the tree, its history, terms and committees, and a "nothing changed" check.

Organizations are made through the service, so every factory-made unit has its CREATED event
and its audit event like a real one. The other rows are plain inserts: tests that exercise their
services call the services.

Scope contract (tests/test_scope_contract.py): for each model with `scope_path` there is a
factory here or in another app's `tests/factories.py`. The contract makes an object belonging to
an organization by calling the factory's `create_in(org)` when it has one, otherwise by passing
the organization under the lookup named by `scope_path` without its final `__path`
(`committee__organization__path` → `committee__organization=org`). It looks for the object on
pages and in API answers by `markers(obj)`, texts unique to that object that a page or the API
would show (`[str(obj)]` when the factory has no `markers`), and by its id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import factory
from factory.django import DjangoModelFactory

from dangbo.audit.models import AuditEvent
from dangbo.orgs import services
from dangbo.orgs.models import (
    ALLOWED_CHILDREN,
    Assignment,
    Committee,
    CommitteeSeat,
    Organization,
    OrgEvent,
    OrgEventKind,
    OrgKind,
    SeatRole,
    Term,
)

FOUNDED = dt.date(2020, 1, 1)

# The kind a factory-made unit gets under each kind of parent when the test does not say.
_DEFAULT_CHILD_KIND = {
    OrgKind.PROVINCE: OrgKind.UPPER,
    OrgKind.UPPER: OrgKind.CELL,
    OrgKind.GRASSROOTS_COMMITTEE: OrgKind.CELL,
    OrgKind.GRASSROOTS_CELL: OrgKind.GROUP,
    OrgKind.CELL: OrgKind.GROUP,
}


def _default_kind(parent: Organization | None) -> str:
    if parent is None:
        return OrgKind.PROVINCE
    kind = _DEFAULT_CHILD_KIND.get(OrgKind(parent.kind))
    if kind is None or kind not in ALLOWED_CHILDREN[OrgKind(parent.kind)]:
        raise ValueError(f"No unit may stand under a {parent.kind}")
    return kind


class OrganizationFactory(DjangoModelFactory[Organization]):
    """A unit made by `create_organization`; `parent=None` makes a new root."""

    class Meta:
        model = Organization

    parent: Organization | None = None
    kind = factory.LazyAttribute(lambda o: _default_kind(o.parent))
    # Zero-padded so that no unit's name is the beginning of another's (pages are searched for it).
    name = factory.Sequence(lambda n: f"Tổ chức kiểm thử {n:04d}")
    code = factory.Sequence(lambda n: f"KT{n:04d}")
    active_from = FOUNDED

    @classmethod
    def _create(cls, model_class: type[Organization], *args: Any, **kwargs: Any) -> Organization:
        return services.create_organization(
            actor=kwargs.pop("actor", None),
            parent=kwargs.pop("parent"),
            kind=kwargs.pop("kind"),
            name=kwargs.pop("name"),
            code=kwargs.pop("code"),
            short_name=kwargs.pop("short_name", ""),
            decision=services.Decision(effective_on=kwargs.pop("active_from"), number="01-QĐ/KT"),
        )

    @classmethod
    def create_in(cls, org: Organization) -> Organization:
        return cls.create(parent=org)

    @classmethod
    def markers(cls, org: Organization) -> list[str]:
        return [org.name, org.code]


class OrgEventFactory(DjangoModelFactory[OrgEvent]):
    class Meta:
        model = OrgEvent

    organization = factory.SubFactory(OrganizationFactory)
    kind = OrgEventKind.RENAMED
    effective_on = dt.date(2021, 1, 1)
    decision_number = factory.Sequence(lambda n: f"{n:04d}-QĐ/KT")
    note = factory.Sequence(lambda n: f"Ghi chú sự kiện kiểm thử {n:04d}")
    old_name = factory.LazyAttribute(lambda o: o.organization.name)
    new_name = factory.Sequence(lambda n: f"Tên mới kiểm thử {n:04d}")

    @classmethod
    def markers(cls, event: OrgEvent) -> list[str]:
        return [event.note, event.new_name, event.decision_number]


class TermFactory(DjangoModelFactory[Term]):
    class Meta:
        model = Term

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Khóa kiểm thử {n:04d}")
    # About 2020–2025, a day later for each term made, so that several factory-made committees
    # of one organization satisfy the one-term-per-start-date constraint. Terms that overlap
    # like this are refused by create_term; tests of that rule use the service.
    starts_on = factory.Sequence(lambda n: dt.date(2020, 10, 1) + dt.timedelta(days=n % 1000))
    ends_on = factory.LazyAttribute(
        lambda o: o.starts_on.replace(year=o.starts_on.year + 5) - dt.timedelta(days=1)
    )

    @classmethod
    def markers(cls, term: Term) -> list[str]:
        return [term.name]


class CommitteeFactory(DjangoModelFactory[Committee]):
    class Meta:
        model = Committee

    organization = factory.SubFactory(OrganizationFactory)
    term = factory.SubFactory(TermFactory, organization=factory.SelfAttribute("..organization"))
    name = factory.Sequence(lambda n: f"Cấp ủy kiểm thử {n:04d}")


class CommitteeSeatFactory(DjangoModelFactory[CommitteeSeat]):
    class Meta:
        model = CommitteeSeat

    committee = factory.SubFactory(CommitteeFactory)
    holder_name = factory.Sequence(lambda n: f"Nguyễn Văn Kiểm Thử {n:04d}")
    role = SeatRole.MEMBER
    started_on = factory.LazyAttribute(lambda o: o.committee.term.starts_on)

    @classmethod
    def markers(cls, seat: CommitteeSeat) -> list[str]:
        return [seat.holder_name]


class AssignmentFactory(DjangoModelFactory[Assignment]):
    """The unit followed defaults to the committee's own organization: enough for scoping tests;
    `assign_unit` is what refuses that in real use."""

    class Meta:
        model = Assignment

    seat = factory.SubFactory(CommitteeSeatFactory)
    organization = factory.SelfAttribute("seat.committee.organization")
    started_on = factory.LazyAttribute(lambda o: o.seat.started_on)

    @classmethod
    def markers(cls, assignment: Assignment) -> list[str]:
        return [assignment.seat.holder_name]


# --- "Bad input changes nothing" ------------------------------------------------------------


def state_of_tree() -> dict[str, Any]:
    """Everything a failed tree service might have touched, in a comparable form."""
    return {
        "organizations": Organization.objects.count(),
        "events": OrgEvent.objects.count(),
        "audit": AuditEvent.objects.count(),
        "rows": list(
            Organization.objects.order_by("pk").values_list(
                "pk", "path", "numchild", "name", "short_name", "active_to", "merged_into_id"
            )
        ),
        "terms": Term.objects.count(),
        "committees": Committee.objects.count(),
        "seats": list(CommitteeSeat.objects.order_by("pk").values_list("pk", "ended_on")),
        "assignments": list(Assignment.objects.order_by("pk").values_list("pk", "ended_on")),
    }


@contextmanager
def nothing_changes() -> Iterator[None]:
    """Assert that the block leaves the tree, its history, committees and the audit log as
    they were (a refused write must be rolled back whole)."""
    before = state_of_tree()
    yield
    assert state_of_tree() == before
