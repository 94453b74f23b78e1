"""The bulk roll's code paths that seed their own data: determinism, the province path (COPY
on PostgreSQL), and the writer's refusal of rows it cannot complete."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, transaction

from dangbo.audit.models import AuditEvent
from dangbo.audit.verify import verify_chain
from dangbo.core.bulk_rows import TableWriter
from dangbo.demo.tests.test_roll import assert_caches_are_what_replay_gives, seed
from dangbo.members.models import Member, MemberEvent
from dangbo.orgs.models import Organization

pytestmark = pytest.mark.django_db


def test_a_column_without_value_or_default_is_refused_before_writing() -> None:
    with pytest.raises(ValueError, match=r"Member\.full_name needs a value"):
        TableWriter(Member, ("id",), 10)


def _roll_of(seed_value: int) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    with transaction.atomic():
        seed(size="small", seed=seed_value, without_party_life=True)
        members = list(
            Member.objects.order_by("pk").values_list(
                "full_name", "birth_date", "status", "organization__code", "national_id"
            )
        )
        events = list(
            MemberEvent.objects.order_by("pk").values_list(
                "member__full_name", "kind", "effective_on", "decision_number"
            )
        )
        transaction.set_rollback(True)
    return members, events


def test_the_same_seed_gives_the_same_roll() -> None:
    first = _roll_of(5)
    second = _roll_of(5)
    other = _roll_of(6)

    assert len(first[0]) > 500 and len(first[1]) > 4 * 500
    assert first == second
    assert first[0] != other[0]


def test_national_path_writes_each_province_in_turn_with_unique_numbers() -> None:
    """A sliver of the national size (PostgreSQL only): two provinces, one commune each."""
    if connection.vendor != "postgresql":
        pytest.skip("the national size runs on PostgreSQL only")
    output = seed(
        size="national", interactive=False, provinces=2, communes=1, without_party_life=True
    )

    count = assert_caches_are_what_replay_gives()
    roots = Organization.objects.filter(depth=1)
    assert roots.count() == 2
    for root in roots:
        assert Member.objects.filter(organization__path__startswith=root.path).exists()
    # One summary per province, and CCCD unique across them (people move between provinces).
    assert AuditEvent.objects.filter(action="member.bulk_create").count() == 2
    ids = Member.objects.exclude(national_id=None).values_list("national_id", flat=True)
    assert len(set(ids)) == len(ids) > 0.9 * count
    assert verify_chain().intact
    assert "Đảng viên:" in output
