"""seed_demo builds a valid, deterministic, audited demo; demo_totp only runs in demo mode."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from dangbo.access.models import Grant, Role
from dangbo.accounts.models import User
from dangbo.audit.models import AuditEvent
from dangbo.audit.verify import verify_chain
from dangbo.demo.bulk import BulkTreeWriter, PlannedUnit
from dangbo.demo.logins import CAST, DEFAULT_PASSWORD
from dangbo.demo.plans import PROVINCE
from dangbo.demo.tests.test_roll import assert_caches_are_what_replay_gives
from dangbo.orgs.models import (
    Assignment,
    CommitteeSeat,
    Organization,
    OrgEvent,
    OrgEventKind,
    OrgKind,
    SeatRole,
)
from dangbo.orgs.queries import children_as_of, snapshots
from dangbo.orgs.services import Decision

pytestmark = pytest.mark.django_db


def seed(**options: Any) -> str:
    out = io.StringIO()
    # The year of party life has its own tests (test_party_life.py); these check the rest.
    call_command("seed_demo", stdout=out, **{"without_party_life": True, **options})
    return out.getvalue()


def no_tree_problems() -> bool:
    return all(not ids for ids in Organization.objects.find_problems())


def test_small_demo_builds_about_thirty_units_with_a_sound_tree_and_audit_chain() -> None:
    output = seed(size="small", seed=1)

    assert 25 <= Organization.objects.count() <= 40
    root = Organization.objects.get(depth=1)
    assert (root.name, root.code, root.kind) == ("Đảng bộ tỉnh Cà Mau", "CM", OrgKind.PROVINCE)
    assert no_tree_problems()
    report = verify_chain()
    assert report.intact, report.problem
    assert report.checked == AuditEvent.objects.count() > 0
    # Every unit has its CREATED event: the history is complete.
    created = OrgEvent.objects.filter(kind=OrgEventKind.CREATED)
    assert created.count() == Organization.objects.count()
    assert re.search(r"Đảng viên: [\d.]+ hồ sơ", output)
    assert "Tổng thời gian:" in output.splitlines()[-1]


def test_small_demo_has_committees_for_the_2025_2030_term_and_phu_trach() -> None:
    seed(size="small", seed=1)

    root = Organization.objects.get(depth=1)
    province_seats = CommitteeSeat.objects.filter(committee__organization=root)
    assert province_seats.filter(role=SeatRole.SECRETARY).count() == 1
    assert province_seats.first() is not None
    assert {s.committee.term.name for s in province_seats} == {"2025–2030"}
    active = Organization.objects.filter(active_to__isnull=True)
    without_committee = active.exclude(committees__isnull=False)
    assert not without_committee.exists(), list(without_committee.values_list("name", flat=True))
    # Each đảng bộ cấp trên and commune is followed by a member of the province committee.
    followed = set(Assignment.objects.values_list("organization__name", flat=True))
    assert {"Đảng bộ Ủy ban MTTQ tỉnh", "Đảng bộ phường An Xuyên", "Đảng bộ xã Đầm Dơi"} <= followed


def test_each_demo_login_exists_with_its_role_password_and_unit() -> None:
    seed(size="small", seed=1)

    root = Organization.objects.get(depth=1)
    for username, role in CAST:
        user = User.objects.get(username=username)
        assert user.check_password(DEFAULT_PASSWORD)
        assert Grant.objects.filter(user=user, role=role, valid_to__isnull=True).count() == 1
    assert Grant.objects.get(user__username="quantri").organization == root
    assert Grant.objects.get(user__username="chixem").organization.kind == OrgKind.UPPER
    cell = Grant.objects.get(user__username="bithu").organization
    assert cell.kind == OrgKind.CELL
    assert Grant.objects.get(user__username="dangvien", role=Role.MEMBER).organization == cell
    # The secretary login holds the cell's Bí thư seat; the committee login a province seat.
    assert CommitteeSeat.objects.filter(
        user__username="bithu", role=SeatRole.SECRETARY, committee__organization=cell
    ).exists()
    capuy_seats = CommitteeSeat.objects.filter(user__username="capuy")
    assert capuy_seats.filter(committee__organization=root).exists()
    assert TOTPDevice.objects.filter(user__username="quantri", confirmed=True).count() == 1


def test_running_seed_demo_twice_changes_nothing_the_second_time() -> None:
    seed(size="small", seed=1)

    def counts() -> tuple[int, int, int]:
        return Organization.objects.count(), User.objects.count(), AuditEvent.objects.count()

    before = counts()
    output = seed(size="small", seed=1)

    assert "Cơ sở dữ liệu đã có dữ liệu; bỏ qua." in output
    assert "Tài khoản dùng thử đã có: quantri, vanphong" in output
    assert counts() == before


def test_tree_as_of_30_06_2025_shows_the_wards_before_their_merger() -> None:
    seed(size="small", seed=1)
    root = Organization.objects.get(depth=1)

    before = {s.name for s in snapshots(Organization.objects.all(), date(2025, 6, 30))}
    after = {s.name for s in snapshots(Organization.objects.all(), date(2025, 7, 1))}

    assert {
        "Đảng bộ thành phố Cà Mau",
        "Đảng bộ Phường 1",
        "Đảng bộ Phường 2",
        "Đảng bộ Phường 9",
    } <= before
    assert "Đảng bộ phường An Xuyên" not in before
    assert "Đảng bộ Phường 1" not in after
    assert "Đảng bộ phường An Xuyên" in after
    top_before = {s.name for s in children_as_of(root, date(2025, 6, 30))}
    assert top_before == {"Đảng bộ thành phố Cà Mau"}
    # The renumbered quarter is "khóm 1" of Phường 2 before, "khóm 3" of An Xuyên after.
    renamed = Organization.objects.get(name="Chi bộ khóm 3", code__startswith="CM.TPCM.P2")
    ward2 = Organization.objects.get(name="Đảng bộ Phường 2")
    old = [s for s in children_as_of(ward2, date(2025, 6, 30)) if s.id == renamed.pk]
    assert old and old[0].name == "Chi bộ khóm 1"
    assert ward2.merged_into is not None and ward2.merged_into.name == "Đảng bộ phường An Xuyên"


def _seed_and_roll_back(seed_value: int) -> tuple[list[tuple[str, str]], list[str]]:
    """What a seed produces, then undone, so one test can compare two runs."""
    with transaction.atomic():
        seed(size="small", seed=seed_value)
        orgs = list(Organization.objects.order_by("code").values_list("code", "name"))
        people = list(
            CommitteeSeat.objects.order_by(
                "committee__organization__code", "role", "holder_name"
            ).values_list("holder_name", flat=True)
        )
        transaction.set_rollback(True)
    return orgs, people


def test_the_same_seed_gives_the_same_codes_names_and_people() -> None:
    first = _seed_and_roll_back(7)
    assert not Organization.objects.exists()
    second = _seed_and_roll_back(7)
    other = _seed_and_roll_back(8)

    assert first == second
    # The shape of the small tree is fixed; hamlet names and people depend on the seed.
    assert [code for code, _ in first[0]] == [code for code, _ in other[0]]
    assert first[1] != other[1]


def test_province_bulk_path_keeps_tree_roll_history_and_audit_chain_sound() -> None:
    output = seed(size="province", seed=3, communes=3)

    total = Organization.objects.count()
    communes = Organization.objects.filter(depth=2, code__regex=r"^CM\.[PX]\d{3}$")
    assert communes.count() == 3
    low, high = PROVINCE.cells_per_commune
    assert all(low <= c.numchild <= high for c in communes)
    assert 150 <= total <= 400
    assert no_tree_problems()
    assert verify_chain().intact
    assert OrgEvent.objects.filter(kind=OrgEventKind.CREATED).count() == total
    batches = AuditEvent.objects.filter(action="org.bulk_create")
    bulk_count = sum(e.after["count"] for e in batches)
    assert batches.exists() and bulk_count > total * 0.9
    # Bulk units are findable like any other: name_folded is filled.
    assert Organization.objects.filter(name_folded__contains="chi bo tram y te").count() == 3
    # Cells got their chi ủy in bulk, with exactly one Bí thư each.
    cells = Organization.objects.filter(kind=OrgKind.CELL)
    secretaries = CommitteeSeat.objects.filter(
        role=SeatRole.SECRETARY, committee__organization__kind=OrgKind.CELL
    )
    assert secretaries.count() == cells.count()
    assert "tạo theo lô" in output
    # The roll, in bulk too (on PostgreSQL through COPY): ≈ 51 records a cell on average,
    # caches equal to the replay of the events, one audit summary.
    members = assert_caches_are_what_replay_gives()
    member_cells = Organization.objects.filter(kind__in=(OrgKind.CELL, OrgKind.GRASSROOTS_CELL))
    assert 35 * member_cells.count() <= members <= 70 * member_cells.count()
    assert AuditEvent.objects.filter(action="member.bulk_create").count() == 1


def test_bulk_writer_refuses_a_kind_that_cannot_stand_under_the_parent() -> None:
    root = Organization.objects.add_root(
        {
            "kind": OrgKind.PROVINCE,
            "name": "Đảng bộ tỉnh X",
            "code": "X",
            "active_from": date(2025, 7, 1),
        }
    )
    writer = BulkTreeWriter(
        actor=None, parent=root, decision=Decision(effective_on=date(2025, 7, 1))
    )

    with pytest.raises(ValueError, match="Chi bộ trực thuộc không thể trực thuộc"):
        writer.add(PlannedUnit(kind=OrgKind.CELL, name="Chi bộ ấp 1", code="X.1"))
    writer.close()

    assert Organization.objects.count() == 1


def test_a_weak_demo_password_is_refused_and_nothing_is_written(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DANGBO_DEMO_PASSWORD", "12345")

    with pytest.raises(CommandError, match="Không tạo được dữ liệu mẫu"):
        seed(size="small", seed=1)

    assert not Organization.objects.exists()
    assert not User.objects.exists()


def test_national_size_is_refused_on_sqlite() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("on PostgreSQL the national size would really run")
    with pytest.raises(CommandError, match="PostgreSQL"):
        seed(size="national", interactive=False)
    assert not Organization.objects.exists()


@override_settings(DEBUG=False)
def test_demo_totp_refuses_outside_demo_mode_and_prints_a_valid_code_inside_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    user = User.objects.create_user(username="thu", password=DEFAULT_PASSWORD)
    device = TOTPDevice.objects.create(user=user, name="Thử", confirmed=True)
    monkeypatch.delenv("DANGBO_DEMO", raising=False)

    with pytest.raises(CommandError, match="chỉ dùng cho bản chạy thử"):
        call_command("demo_totp", "thu", stdout=io.StringIO(), stderr=io.StringIO())

    monkeypatch.setenv("DANGBO_DEMO", "1")
    out = io.StringIO()
    call_command("demo_totp", "thu", stdout=out, stderr=io.StringIO())
    code = out.getvalue().strip()
    assert len(code) == 6 and code.isdigit()
    assert device.verify_token(code)


def test_demo_totp_names_an_unknown_login() -> None:
    with override_settings(DEBUG=True), pytest.raises(CommandError, match="Không có tài khoản"):
        call_command("demo_totp", "khongco", stdout=io.StringIO(), stderr=io.StringIO())
