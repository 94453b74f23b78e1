"""Today's statistics read from the counts kept per unit (members.statistics.tallies): they
give the same tables as counting the roll live, after every kind of change of the roll, and
step aside when they cannot answer."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from conftest import FOUNDED, Tree, make_org
from dangbo.accounts.models import User
from dangbo.core.clock import today
from dangbo.members import services
from dangbo.members.models import ON_ROLL, Ethnicity, Member, RollTally, RollTallyState, Sex
from dangbo.members.services.bulk import update_member_facts
from dangbo.members.statistics import Read, member_statistics, report, tallies
from dangbo.members.tests.helpers import admit
from dangbo.members.tests.test_statistics import (
    YEAR_2024,
    Roll,
    build_roll,
    check_against_hand_count,
)
from dangbo.orgs.models import Organization, OrgKind
from dangbo.orgs.services import Decision

pytestmark = pytest.mark.django_db


@pytest.fixture
def roll(tree: Tree) -> Roll:
    return build_roll(tree)


def _units(r: Roll) -> list[Organization]:
    return [r.tree.root, r.tree.commune, r.school, r.teachers, r.tree.cell_a, r.tree.cell_b]


def assert_tallies_agree_with_the_roll(r: Roll, user: User) -> None:
    """Every unit's tables from the tallies are those counted live from the roll."""
    for unit in _units(r):
        kept = tallies.tallied_counts(user, unit)
        assert kept is not None, f"the tallies did not answer for {unit.name}"
        tallied = member_statistics(user, unit, today(), YEAR_2024)
        live = member_statistics(user, unit, today(), YEAR_2024, read=Read.CACHE)
        assert tallied == live, unit.name


def test_the_tallies_give_the_hand_count(roll: Roll, province_admin: User) -> None:
    built = tallies.rebuild()

    assert built.day == today()
    # Every unit with someone on the roll below it has a row: the four cells, the school,
    # the commune, the agencies' branch and the province.
    assert built.units == RollTally.objects.count() == 8
    check_against_hand_count(province_admin, roll.tree.commune, today(), YEAR_2024)
    assert_tallies_agree_with_the_roll(roll, province_admin)
    root = RollTally.objects.get(organization=roll.tree.root)
    assert root.tree["status.total"] == Member.objects.filter(status__in=ON_ROLL).count()


def test_the_statistics_read_the_tallies_instead_of_the_roll(
    roll: Roll, province_admin: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    tallies.rebuild()
    counted_live: list[Any] = []
    real = report.roll_counts

    def spy(*args: Any, **kwargs: Any) -> Any:
        counted_live.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(report, "roll_counts", spy)

    member_statistics(province_admin, roll.tree.root, today(), YEAR_2024)
    assert counted_live == []
    member_statistics(province_admin, roll.tree.root, date(2025, 1, 1), YEAR_2024)
    assert len(counted_live) == 1  # a past day is counted from the roll


def test_each_kind_of_change_is_caught_up(roll: Roll, province_admin: User) -> None:
    tallies.rebuild()
    tree = roll.tree
    moving, leaving, edited, corrected = Member.objects.filter(
        organization=tree.cell_a, status="official"
    ).order_by("pk")[:4]

    transfer = services.start_transfer(
        actor=None, member=moving, to_organization=roll.teachers, letter_issued_on=today()
    )
    assert_tallies_agree_with_the_roll(roll, province_admin)  # pending: still in cell A
    services.receive_transfer(actor=None, transfer=transfer, received_on=today())
    assert_tallies_agree_with_the_roll(roll, province_admin)

    services.remove_member(actor=None, member=leaving, decision=Decision(today(), "9"))
    assert_tallies_agree_with_the_roll(roll, province_admin)

    _first, other = Ethnicity.objects.order_by("code")[:2]
    services.update_member(
        actor=None,
        member=edited,
        data={"sex": Sex.FEMALE if edited.sex == Sex.MALE else Sex.MALE, "ethnicity": other},
    )
    assert_tallies_agree_with_the_roll(roll, province_admin)

    admit(tree.cell_b, decided_on=today() - timedelta(days=3), ceremony=today())
    assert_tallies_agree_with_the_roll(roll, province_admin)

    # A correction voids a transfer received: the member is back in cell A.
    moved_in = moving.events.get(kind="transfer_in", superseded=False)
    services.correct_event(actor=None, event=moved_in, reason="Nhập nhầm", void=True)
    assert_tallies_agree_with_the_roll(roll, province_admin)

    # Bulk changes are audited at the unit they were made at: its subtree is recounted.
    update_member_facts(
        actor=None,
        changes=[(corrected.pk, {"birth_date": date(1960, 1, 1)})],
        organization=tree.commune,
        source={"file": "sua.xlsx"},
    )
    assert_tallies_agree_with_the_roll(roll, province_admin)


def test_catching_up_moves_the_audit_mark_not_the_time_of_the_rebuild(
    roll: Roll, province_admin: User
) -> None:
    tallies.rebuild()
    built = RollTallyState.objects.get()
    admit(roll.tree.cell_b, decided_on=today() - timedelta(days=3), ceremony=today())
    assert tallies.catch_up()
    caught_up = RollTallyState.objects.get()
    assert caught_up.audit_seq > built.audit_seq
    assert (caught_up.built_at, caught_up.built_seconds) == (built.built_at, built.built_seconds)


def test_a_change_of_the_tree_drops_the_tallies_and_the_statistics_count_live(
    roll: Roll, province_admin: User
) -> None:
    tallies.rebuild()
    tree = roll.tree
    merged_into = make_org(tree.commune, OrgKind.CELL, "Chi bộ Ấp Mới", "TN.AB.M", FOUNDED)
    services.merge_organizations_with_members(
        actor=None,
        sources=[tree.cell_a, tree.cell_b],
        target=merged_into,
        decision=Decision(today(), "10-QĐ/HU"),
    )

    assert tallies.tallied_counts(province_admin, tree.commune) is None
    assert not RollTallyState.objects.exists()
    check_against_hand_count(province_admin, tree.commune, today(), YEAR_2024)
    tallies.rebuild()
    assert tallies.tallied_counts(province_admin, tree.commune) is not None
    stats = member_statistics(province_admin, tree.commune, today(), YEAR_2024)
    assert stats == member_statistics(
        province_admin, tree.commune, today(), YEAR_2024, read=Read.CACHE
    )


def test_tallies_of_another_day_are_not_read(roll: Roll, province_admin: User) -> None:
    tallies.rebuild()
    RollTallyState.objects.update(day=today() - timedelta(days=1))

    assert tallies.tallied_counts(province_admin, roll.tree.commune) is None
    check_against_hand_count(province_admin, roll.tree.commune, today(), YEAR_2024)


def test_a_secretary_reads_the_tallies_of_her_cell_and_a_member_counts_live(
    roll: Roll, secretary_a: User, member_a: User
) -> None:
    me = Member.objects.filter(organization=roll.tree.cell_a, status="official").first()
    assert me is not None
    services.update_member(actor=None, member=me, data={"user": member_a})
    tallies.rebuild()

    assert tallies.tallied_counts(secretary_a, roll.tree.cell_a) is not None
    assert member_statistics(secretary_a, roll.tree.cell_a, today(), YEAR_2024) == (
        member_statistics(secretary_a, roll.tree.cell_a, today(), YEAR_2024, read=Read.CACHE)
    )
    # A member's grant sees only her own record, so the cell's counts are not hers to read.
    assert tallies.tallied_counts(member_a, roll.tree.cell_a) is None
    mine = member_statistics(member_a, roll.tree.cell_a, today(), YEAR_2024)
    assert mine.table("status").total.values[0] == 1


def test_the_command_rebuilds_and_says_how_many_units(roll: Roll) -> None:
    out = StringIO()
    call_command("refresh_roll_tallies", stdout=out)

    assert "Đã đếm số liệu đảng viên của 8 tổ chức" in out.getvalue()
    state = RollTallyState.objects.get()
    assert state.day == today()
