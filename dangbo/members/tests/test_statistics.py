"""Statistics of the roll (issue 4 §5): the SQL tables agree with a count made by walking every
member's history in Python, today and on a past day, in a bounded number of queries."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import FOUNDED, Tree, make_org
from dangbo.accounts.models import User
from dangbo.core.clock import today
from dangbo.core.workdays import add_years
from dangbo.members import services
from dangbo.members.bands import AGE_BANDS, PARTY_AGE_BANDS
from dangbo.members.models import (
    ON_ROLL,
    EducationLevel,
    Ethnicity,
    EventKind,
    Member,
    MemberEvent,
    Religion,
    Sex,
    TheoryLevel,
)
from dangbo.members.queries import member_state, party_age
from dangbo.members.regulations import age_in_months
from dangbo.members.statistics import Period, Read, Statistics, member_statistics, report
from dangbo.members.statistics.tables import (
    NO_PARTY_AGE,
    OTHER,
    TOP_CATALOG_COLUMNS,
    UNKNOWN,
)
from dangbo.members.tests.factories import MemberFactory
from dangbo.members.tests.helpers import admit
from dangbo.orgs.models import Organization, OrgKind
from dangbo.orgs.services import Decision

pytestmark = pytest.mark.django_db

PAST = date(2024, 6, 30)
YEAR_2024 = Period(date(2024, 1, 1), date(2024, 12, 31))
# A handful of GROUP BY queries plus the user's grants, the child units and their names then.
MAX_QUERIES = 12


@dataclass
class Roll:
    tree: Tree
    school: Organization  # a đảng bộ cơ sở under the commune
    teachers: Organization  # its cell
    members: list[Member]


def _random_members(tree: Tree, cells: list[Organization], count: int, seed: int) -> list[Member]:
    rng = random.Random(seed)
    ethnicities = list(Ethnicity.objects.order_by("position")[:8])
    religions = list(Religion.objects.order_by("position")[:4])
    members = []
    for n in range(count):
        decided = date(1970, 1, 1) + timedelta(days=rng.randrange(0, 53 * 365))
        decided = min(decided, date(2023, 6, 1))
        admitted = decided + timedelta(days=rng.randrange(3, 30))
        official = add_years(admitted, 1) if rng.random() < 0.8 else None
        born = add_years(decided, -rng.randrange(18, 45)) - timedelta(days=rng.randrange(0, 365))
        members.append(
            MemberFactory.create(
                organization=rng.choice(cells),
                full_name=f"Đảng viên thống kê {seed}-{n:03d}",
                sex=rng.choice(Sex.values),
                birth_date=born,
                decision_date=decided,
                admitted_on=admitted,
                official_on=official,
                # Skewed so that some ethnic groups are frequent and the rest fall in "khác".
                ethnicity=rng.choice([*ethnicities[:3] * 3, *ethnicities, None]),
                religion=rng.choice([*religions, None]),
                education_level=rng.choice([*EducationLevel.values, ""]),
                theory_level=rng.choice(TheoryLevel.values),
            )
        )
    return members


def _lifecycle(tree: Tree, teachers: Organization, members: list[Member]) -> list[Member]:
    """Events before and after PAST, so that the past day and today differ."""
    d = Decision
    moving, removed, expelled, died, outside, exempt = members[:6]
    transfer = services.start_transfer(
        actor=None, member=moving, to_organization=tree.cell_b, letter_issued_on=date(2025, 3, 3)
    )
    services.receive_transfer(actor=None, transfer=transfer, received_on=date(2025, 3, 10))
    services.remove_member(actor=None, member=removed, decision=d(date(2024, 2, 5), "1"))
    services.expel_member(actor=None, member=expelled, decision=d(date(2025, 1, 6), "2"))
    services.record_death(actor=None, member=died, died_on=date(2024, 10, 2))
    leaving = services.start_transfer(
        actor=None, member=outside, to_outside="Đảng bộ tỉnh bạn", letter_issued_on=date(2024, 4, 1)
    )
    services.receive_transfer(actor=None, transfer=leaving, received_on=date(2024, 4, 8))
    services.exempt_member(actor=None, member=exempt, decision=d(date(2023, 5, 2), "3"))
    # Struck off for eight years, then re-admitted: party age leaves the gap out.
    returning = MemberFactory.create(
        organization=teachers,
        full_name="Đảng viên trở lại",
        birth_date=date(1970, 2, 1),
        decision_date=date(1995, 1, 3),
        admitted_on=date(1995, 1, 10),
        official_on=date(1996, 1, 10),
    )
    services.remove_member(actor=None, member=returning, decision=d(date(2012, 1, 3), "4"))
    services.readmit_member(
        actor=None,
        member=returning,
        organization=teachers,
        decision=d(date(2020, 1, 10), "5", decided_on=date(2020, 1, 3)),
    )
    services.confirm_official(
        actor=None, member=returning, decision_number="6", decided_on=date(2021, 1, 15)
    )
    newcomer = admit(
        tree.cell_a, decided_on=date(2024, 3, 1), ceremony=date(2024, 3, 15), sex=Sex.FEMALE
    )
    return [returning, newcomer]


@pytest.fixture
def roll(tree: Tree) -> Roll:
    return build_roll(tree)


def build_roll(tree: Tree) -> Roll:
    """Three cells (one under a đảng bộ cơ sở) with 40 random members and a life of events,
    and one member in another branch of the province."""
    school = make_org(
        tree.commune, OrgKind.GRASSROOTS_COMMITTEE, "Đảng bộ Trường học", "TN.AB.TH", FOUNDED
    )
    teachers = make_org(school, OrgKind.CELL, "Chi bộ Giáo viên", "TN.AB.TH.1", FOUNDED)
    cells = [tree.cell_a, tree.cell_b, teachers]
    members = _random_members(tree, cells, 40, seed=4)
    members += _lifecycle(tree, teachers, members)
    # Someone in another branch of the province: never in the commune's tables.
    agency_cell = make_org(tree.agencies, OrgKind.CELL, "Chi bộ Văn phòng", "TN.CQD.1", FOUNDED)
    MemberFactory.create(organization=agency_cell, full_name="Đảng viên cơ quan")
    return Roll(tree, school, teachers, members)


# --- The hand count ---------------------------------------------------------------------------


def _age_band(born: date, day: date) -> str:
    years = age_in_months(born, day) // 12
    return next(
        key for key, _, low, high in AGE_BANDS if years >= low and (high is None or years <= high)
    )


def _party_age_band(member: Member, day: date) -> str:
    age = party_age(member, day)
    if age is None:
        return NO_PARTY_AGE
    return next(
        key
        for key, _, low, high in PARTY_AGE_BANDS
        if age.years >= low and (high is None or age.years <= high)
    )


def hand_count(unit: Organization, day: date, period: Period) -> dict[int, Counter[str]]:
    """Counts per child unit (by id), walking every member's events one by one."""
    length = (unit.depth + 1) * Organization.steplen
    by_path = {o.path: o.pk for o in Organization.objects.all()}
    orgs = {o.pk: o for o in Organization.objects.all()}
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    for member in Member.objects.all():
        state = member_state(member, day)
        if state.status not in ON_ROLL or state.organization_id is None:
            continue
        path = orgs[state.organization_id].path
        if not path.startswith(unit.path):
            continue
        found = counts[by_path[path[:length]]]
        for table in ("status", "sex", "age", "education", "theory", "party_age"):
            found[f"{table}.total"] += 1
        found[f"status.{state.status}"] += 1
        found[f"sex.{member.sex}"] += 1
        found[f"age.{_age_band(member.birth_date, day)}"] += 1
        found[f"education.{member.education_level or UNKNOWN}"] += 1
        found[f"theory.{member.theory_level}"] += 1
        found[f"party_age.{_party_age_band(member, day)}"] += 1
        found[f"ethnicity.{member.ethnicity.code if member.ethnicity else UNKNOWN}"] += 1
        found[f"religion.{member.religion.code if member.religion else UNKNOWN}"] += 1
    kinds = {
        EventKind.ADMITTED: "admitted.admitted",
        EventKind.CONFIRMED_OFFICIAL: "admitted.confirmed",
        EventKind.REMOVED: "leaving.removed",
        EventKind.EXPELLED: "leaving.expelled",
        EventKind.DIED: "leaving.died",
    }
    for event in MemberEvent.objects.filter(superseded=False):
        if not period.start <= event.effective_on <= period.end:
            continue
        path = orgs[event.organization_id].path
        if not path.startswith(unit.path):
            continue
        key = kinds.get(EventKind(event.kind))
        if event.kind == EventKind.TRANSFER_OUT and event.counterpart_id is None:
            key = "leaving.transferred_out"
        if key is not None:
            counts[by_path[path[:length]]][key] += 1
    return counts


def sql_counts(stats: Statistics) -> dict[int, Counter[str]]:
    """The tables as the same {unit: {"<table>.<column>": n}}; the catalog tables, whose
    "khác" column cannot be split back, are compared on their own."""
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    for table in stats.tables:
        if table.key in ("ethnicity", "religion"):
            continue
        for row in table.rows:
            assert row.organization_id is not None
            for column, value in row.as_dict(table.columns).items():
                if value and not (table.key == "leaving" and column == "total"):
                    counts[row.organization_id][f"{table.key}.{column}"] += value
    return counts


def _without_catalogs(counts: dict[int, Counter[str]]) -> dict[int, Counter[str]]:
    return {
        unit: Counter(
            {k: v for k, v in found.items() if v and not k.startswith(("ethnicity", "religion"))}
        )
        for unit, found in counts.items()
        if any(v for k, v in found.items() if not k.startswith(("ethnicity", "religion")))
    }


def assert_catalog_tables_agree(stats: Statistics, expected: dict[int, Counter[str]]) -> None:
    for key in ("ethnicity", "religion"):
        table = stats.table(key)
        codes = Counter[str]()
        for found in expected.values():
            for k, v in found.items():
                if k.startswith(f"{key}.") and not k.endswith(f".{UNKNOWN}"):
                    codes[k.split(".", 1)[1]] += v
        shown = [c.key for c in table.columns[1 : 1 + TOP_CATALOG_COLUMNS]]
        shown = [c for c in shown if c not in (OTHER, UNKNOWN)]
        # The columns are the most frequent entries, the rest in "khác".
        assert (
            sorted((codes[c] for c in shown), reverse=True)
            == sorted(codes.values(), reverse=True)[: len(shown)]
        )
        for row in table.rows:
            assert row.organization_id is not None
            want = expected.get(row.organization_id, Counter())
            got = row.as_dict(table.columns)
            for code in shown:
                assert got[code] == want[f"{key}.{code}"], (key, code, row.label)
            rest = sum(
                v
                for k, v in want.items()
                if k.startswith(f"{key}.") and k.split(".", 1)[1] not in {*shown, UNKNOWN}
            )
            assert got.get(OTHER, 0) == rest, (key, row.label)
            assert got.get(UNKNOWN, 0) == want[f"{key}.{UNKNOWN}"], (key, row.label)
            assert got["total"] == want["status.total"], (key, row.label)


def check_against_hand_count(
    user: User, unit: Organization, day: date, period: Period
) -> Statistics:
    stats = member_statistics(user, unit, day, period)
    expected = hand_count(unit, day, period)
    assert sql_counts(stats) == _without_catalogs(expected)
    assert_catalog_tables_agree(stats, expected)
    for table in stats.tables:  # the total row adds up the rows
        for i, _ in enumerate(table.columns):
            assert table.total.values[i] == sum(r.values[i] for r in table.rows)
    return stats


def test_statistics_agree_with_a_hand_count_today(roll: Roll, province_admin: User) -> None:
    stats = check_against_hand_count(province_admin, roll.tree.commune, today(), YEAR_2024)

    assert [r.organization_id for r in stats.tables[0].rows] == [
        roll.tree.cell_b.pk,  # "Chi bộ Ấp Hai" before "Chi bộ Ấp Một": Vietnamese order
        roll.tree.cell_a.pk,
        roll.school.pk,
    ]
    status = stats.table("status")
    assert status.total.values[0] == 42 - 4  # removed, expelled, died, out of the system
    assert stats.table("party_age").total.values[0] == 38


def test_statistics_agree_with_a_hand_count_on_a_past_day(
    roll: Roll, province_admin: User, django_assert_max_num_queries: object
) -> None:
    stats = check_against_hand_count(province_admin, roll.tree.commune, PAST, YEAR_2024)
    user = User.objects.get(pk=province_admin.pk)
    with django_assert_max_num_queries(MAX_QUERIES):  # type: ignore[operator]
        # With the gap correction's two queries: a re-admitted member is in the commune.
        member_statistics(user, roll.tree.commune, PAST, YEAR_2024)

    # On 30/06/2024 the expelled member (2025) and the one who died in October were still
    # there; the one struck off in February and the one transferred out in April were not.
    assert stats.table("status").total.values[0] == 42 - 2
    leaving = stats.table("leaving").total.as_dict(stats.table("leaving").columns)
    assert leaving == {
        "total": 3,
        "removed": 1,
        "expelled": 0,
        "died": 1,
        "transferred_out": 1,
    }
    assert stats.table("admitted").total.values[0] == 1  # the newcomer of March 2024


def test_the_cache_and_the_event_history_give_the_same_tables(
    roll: Roll, province_admin: User
) -> None:
    units = (roll.tree.root, roll.tree.commune, roll.school, roll.tree.cell_a)
    for unit in units:
        cached = member_statistics(province_admin, unit, today(), YEAR_2024, read=Read.CACHE)
        replayed = member_statistics(province_admin, unit, today(), YEAR_2024, read=Read.EVENTS)
        assert cached == replayed, unit.name
    # A past day: the members nothing happened to since (from the cache) and the others
    # (from their events) add up to what the events alone say.
    for day in (PAST, date(2025, 2, 1), date(2012, 6, 30)):
        for unit in units:
            mixed = member_statistics(province_admin, unit, day, YEAR_2024)
            replayed = member_statistics(province_admin, unit, day, YEAR_2024, read=Read.EVENTS)
            assert mixed == replayed, (unit.name, day)


def test_a_cell_has_one_row_of_its_own_and_the_province_one_per_branch(
    roll: Roll, province_admin: User
) -> None:
    cell = check_against_hand_count(province_admin, roll.teachers, PAST, YEAR_2024)
    province = check_against_hand_count(province_admin, roll.tree.root, PAST, YEAR_2024)

    assert [(r.organization_id, r.own) for r in cell.tables[0].rows] == [(roll.teachers.pk, True)]
    assert {r.organization_id for r in province.tables[0].rows} == {
        roll.tree.commune.pk,
        roll.tree.agencies.pk,
    }


@pytest.mark.parametrize("day", [None, PAST])
def test_without_catalogs_the_other_tables_are_the_same(
    roll: Roll, province_admin: User, day: date | None
) -> None:
    """The dashboard skips the ethnic group and religion grouping; nothing else changes."""
    as_of = day or today()
    full = member_statistics(province_admin, roll.tree.commune, as_of, YEAR_2024)
    lean = member_statistics(province_admin, roll.tree.commune, as_of, YEAR_2024, catalogs=False)
    catalog_keys = {"ethnicity", "religion"}
    for table in full.tables:
        if table.key in catalog_keys:
            assert lean.table(table.key).total.values[0] == 0
        else:
            assert lean.table(table.key) == table, table.key


def test_only_the_tables_asked_for_are_counted(roll: Roll, province_admin: User) -> None:
    """The dashboard counts status, sex and age band alone: those equal the full count; the
    other fixed tables stay empty (party age without its gap correction too)."""
    full = member_statistics(province_admin, roll.tree.root, today(), YEAR_2024)
    lean = member_statistics(
        province_admin, roll.tree.root, today(), YEAR_2024, tables=("sex", "age")
    )
    for key in ("status", "sex", "age", "admitted", "leaving"):
        assert lean.table(key) == full.table(key), key
    assert full.table("education").total.values[0] > 0
    for key in ("education", "theory", "party_age"):
        assert set(lean.table(key).total.values) == {0}, key


def test_party_age_leaves_out_the_years_struck_off(roll: Roll, province_admin: User) -> None:
    stats = member_statistics(province_admin, roll.teachers, date(2025, 6, 1), YEAR_2024)

    # Decision 1995, struck off 2012 to 2020: 22 years of party age, not 30.
    returning = Member.objects.get(full_name="Đảng viên trở lại")
    assert party_age(returning, date(2025, 6, 1)) is not None
    row = stats.table("party_age").rows[0].as_dict(stats.table("party_age").columns)
    expected = Counter(
        _party_age_band(m, date(2025, 6, 1))
        for m in Member.objects.filter(organization=roll.teachers, status__in=ON_ROLL)
    )
    assert row["20-29"] == expected["20-29"] >= 1
    assert row["30-39"] == expected["30-39"]


def test_the_number_of_queries_does_not_grow_with_members_or_units(
    tree: Tree, province_admin: User, django_assert_max_num_queries: object
) -> None:
    def queries() -> int:
        user = User.objects.get(pk=province_admin.pk)  # grants not yet read
        with CaptureQueriesContext(connection) as captured:
            member_statistics(user, tree.root, PAST, YEAR_2024)
            member_statistics(user, tree.root, today(), YEAR_2024)
        return len(captured)

    _random_members(tree, [tree.cell_a], 3, seed=1)
    few = queries()
    for n in range(4):
        extra = make_org(tree.commune, OrgKind.CELL, f"Chi bộ thêm {n}", f"TN.AB.X{n}", FOUNDED)
        _random_members(tree, [extra, tree.cell_b], 10, seed=10 + n)
    many = queries()

    assert few == many
    user = User.objects.get(pk=province_admin.pk)
    with django_assert_max_num_queries(MAX_QUERIES):  # type: ignore[operator]
        member_statistics(user, tree.root, PAST, YEAR_2024)


def test_a_secretary_counts_only_her_cell(roll: Roll, secretary_a: User) -> None:
    stats = member_statistics(secretary_a, roll.tree.cell_a, PAST, YEAR_2024)
    expected = hand_count(roll.tree.cell_a, PAST, YEAR_2024)

    assert stats.table("status").total.values[0] == expected[roll.tree.cell_a.pk]["status.total"]
    # Asked about the whole commune (the view would answer 404 first), she still counts
    # nothing outside cell A.
    wider = member_statistics(secretary_a, roll.tree.commune, PAST, YEAR_2024)
    counted = {r.organization_id for r in wider.tables[0].rows if r.values[0]}
    assert counted == {roll.tree.cell_a.pk}


def test_a_self_service_member_counts_only_herself(roll: Roll, member_a: User, tree: Tree) -> None:
    me = MemberFactory.create(organization=tree.cell_a, full_name="Chính tôi")
    services.update_member(actor=None, member=me, data={"user": member_a})

    for day in (today(), PAST):
        stats = member_statistics(member_a, tree.cell_a, day, YEAR_2024)
        assert stats.table("status").total.values[0] == 1


def test_the_gap_correction_reads_histories_only_when_someone_on_the_roll_ever_left(
    roll: Roll, province_admin: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The main GROUP BY counts who on the roll was ever struck off or expelled; with nobody,
    # the correction's two queries are skipped.
    looked_at: list[int] = []
    real = report.correct_party_age_gaps

    def spy(*args: Any) -> int:
        looked_at.append(real(*args))
        return looked_at[-1]

    monkeypatch.setattr(report, "correct_party_age_gaps", spy)
    member_statistics(province_admin, roll.tree.cell_b, today(), YEAR_2024)
    assert looked_at == []
    member_statistics(province_admin, roll.tree.commune, today(), YEAR_2024)
    assert looked_at == [1]  # the member struck off in 2012 and re-admitted in 2020
