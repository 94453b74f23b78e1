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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import factory
import pytest
from django.core.exceptions import ValidationError
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


# --- Terms, committees and seats made through their services ------------------------------------


def dissolve(org: Organization, on: dt.date) -> Organization:
    """End `org` on `on` by `dissolve_organization` without an actor."""
    return services.dissolve_organization(
        actor=None, org=org, decision=services.Decision(effective_on=on)
    )


def make_term(org: Organization, starts_on: dt.date, ends_on: dt.date, name: str = "") -> Term:
    """A term made by `create_term` without an actor (an empty name is read from the years)."""
    return services.create_term(
        actor=None, org=org, name=name, starts_on=starts_on, ends_on=ends_on
    )


def make_committee(
    org: Organization, starts_on: dt.date, ends_on: dt.date, name: str = ""
) -> Committee:
    """The committee of `org` for a new term, both made by their services without an actor."""
    term = make_term(org, starts_on, ends_on, name)
    return services.create_committee(actor=None, term=term)


def make_seat(
    committee: Committee,
    holder_name: str = "Nguyễn Văn An",
    role: str = SeatRole.MEMBER,
    started_on: dt.date | None = None,
    ended_on: dt.date | None = None,
) -> CommitteeSeat:
    """A seat made by `add_seat` without an actor, from the first day of the term unless told."""
    return services.add_seat(
        actor=None,
        committee=committee,
        holder_name=holder_name,
        role=role,
        started_on=started_on or committee.term.starts_on,
        ended_on=ended_on,
    )


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


def refused(call: Callable[..., object], /, *args: Any, **kwargs: Any) -> dict[str, list[str]]:
    """The field messages with which a service refuses `call(*args, **kwargs)`, after checking
    that the refusal changed nothing."""
    with nothing_changes(), pytest.raises(ValidationError) as exc:
        call(*args, **kwargs)
    return exc.value.message_dict
