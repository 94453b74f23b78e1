"""Exporting and re-importing gives back the same state (issue #5, section 4).

A roll of members of many shapes is built with the member services in cells A and B,
exported through the page as the province's administrator (who may read personal fields),
then brought back through the import engine under the commune: as it stands, every row is
"unchanged"; into a database where the roll was never written (the members are built inside a
savepoint that is rolled back after the export), the import recreates every record field by
field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.core.clock import today
from dangbo.core.workdays import add_months
from dangbo.imports import engine, services
from dangbo.imports.models import ImportJob, JobStatus
from dangbo.members import services as member_services
from dangbo.members.models import (
    EducationLevel,
    Ethnicity,
    Member,
    MemberStatus,
    Religion,
    Sex,
    TheoryLevel,
)
from dangbo.orgs.services import Decision

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ")
MIDDLE = ("Văn", "Thị", "Hữu", "Ngọc", "Minh", "Thanh")
GIVEN = ("An", "Bình", "Cường", "Dũng", "Én", "Giang", "Hạnh", "Khoa", "Lộc", "Mỹ", "Ơn", "Ửng")
ETHNICITIES = ("Kinh", "Khơ-me", "Hoa", "Tày", None)
RELIGIONS = ("Không", "Phật giáo", "Công giáo", "Phật giáo Hòa Hảo", None)
THEORY = tuple(TheoryLevel.values)
EDUCATION = ("", *EducationLevel.values)
# What a re-import must give back: every fact, the state and the key dates.
COMPARED = (
    "full_name", "other_name", "sex", "birth_date", "birth_year_only", "birth_place",
    "hometown", "ethnicity_id", "religion_id", "national_id", "phone", "permanent_address",
    "current_address", "occupation", "general_education", "education_level", "specialty",
    "academic_title", "theory_level", "foreign_language", "it_skill", "admitted_at",
    "card_number", "dossier_number", "party_position", "government_position",
    "mass_org_position", "sponsor_1_name", "sponsor_2_name", "status", "organization_id",
    "decision_date", "admitted_on", "official_on",
)  # fmt: skip


@dataclass
class Roll:
    members: list[Member]
    exempt: Member | None = None
    removed: Member | None = None


def _name(i: int) -> str:
    return f"{FAMILY[i % 10]} {MIDDLE[i % 6]} {GIVEN[i % 12]} {i:02d}"


def _facts(i: int) -> dict[str, Any]:
    ethnicity = ETHNICITIES[i % 5]
    religion = RELIGIONS[(i // 2) % 5]
    year_only = i % 7 == 3
    birth = date(1950 + i, 1, 1) if year_only else date(1950 + i, 1 + i % 12, 1 + i % 28)
    facts: dict[str, Any] = {
        "full_name": _name(i),
        "sex": Sex.FEMALE if i % 3 == 1 else Sex.MALE,
        "birth_date": birth,
        "birth_year_only": year_only,
        "theory_level": THEORY[i % len(THEORY)],
        "education_level": EDUCATION[i % len(EDUCATION)],
    }
    if ethnicity:
        facts["ethnicity"] = Ethnicity.objects.get(name=ethnicity)
    if religion:
        facts["religion"] = Religion.objects.get(name=religion)
    if i % 3 == 0:
        facts["national_id"] = f"0{(i + 1) * 7919:011d}"  # leading zero, 12 digits
    if i % 2 == 0:
        facts["phone"] = f"09{i:08d}"
    if i % 4 == 0:
        facts["permanent_address"] = f'Ấp {i}, xã An Bình, "khu {i}"; tỉnh Thử Nghiệm'
        facts["current_address"] = f"Số {i} đường 3/2, phường Một"
    if i % 5 != 4:
        facts.update(
            other_name=f"Bí danh {i}" if i % 5 == 0 else "",
            birth_place=f"Xã Tân Phú, huyện Cái Nước {i}",
            hometown="Cà Mau",
            occupation=("Giáo viên", "Nông dân", "Công chức", "Hưu trí")[i % 4],
            general_education=("12/12", "9/12", "10/10")[i % 3],
            specialty="Kế toán" if i % 2 else "",
            academic_title="Thạc sĩ" if i % 6 == 0 else "",
            foreign_language="Tiếng Anh B1" if i % 3 == 0 else "",
            it_skill="Cơ bản",
            admitted_at="Chi bộ Ấp Một" if i % 2 else "Đảng bộ trường Đại học Cần Thơ",
            dossier_number=f"00{i:04d}",
            party_position="Bí thư chi bộ" if i == 0 else "",
            government_position="Trưởng ấp" if i % 8 == 1 else "",
            mass_org_position="Chi hội trưởng hội Nông dân" if i % 9 == 2 else "",
            sponsor_1_name=f"Người giới thiệu {i}A",
            sponsor_2_name=f"Người giới thiệu {i}B" if i % 2 else "",
        )
    return facts


def build_roll(tree: Tree, count: int = 30, *, start: int = 0, leavers: bool = False) -> Roll:
    """`count` members alternately in cells A and B: official members admitted years ago
    and probationary ones admitted this year, some with a card, some known only by their
    birth year. With `leavers`, one more is exempted (still on the roll) and one removed
    (off the roll, never exported)."""
    day = today()
    members = []
    for i in range(start, start + count):
        probationary = i % 6 == 5
        if probationary:
            decision_date = day - timedelta(days=90 + i)
            admitted_on = decision_date + timedelta(days=10)
            official_on = None
        else:
            decision_date = date(2000 + i % 20, 1 + i % 12, 10)
            admitted_on = decision_date + timedelta(days=i % 20)
            official_on = add_months(admitted_on, 12)
        member = member_services.create_member(
            actor=None,
            organization=tree.cell_a if i % 2 == 0 else tree.cell_b,
            data=_facts(i),
            decision_date=decision_date,
            admitted_on=admitted_on,
            official_on=official_on,
        )
        if i % 4 == 1:
            member_services.issue_card(
                actor=None,
                member=member,
                card_number=f"0{i:07d}",
                issued_on=official_on or admitted_on,
            )
        members.append(member)
    roll = Roll(members)
    if leavers:
        extra = [
            member_services.create_member(
                actor=None,
                organization=tree.cell_a,
                data=_facts(start + count + k),
                decision_date=date(2015, 3, 1),
                admitted_on=date(2015, 3, 15),
                official_on=date(2016, 3, 15),
            )
            for k in (0, 1)
        ]
        month_ago = day - timedelta(days=30)
        decided = Decision(effective_on=month_ago, decided_on=month_ago)
        member_services.exempt_member(actor=None, member=extra[0], decision=decided)
        member_services.remove_member(actor=None, member=extra[1], decision=decided)
        roll.exempt, roll.removed = extra
        roll.members.append(extra[0])
    return roll


def export(client: Client, name: str, unit_id: int, fmt: str) -> bytes:
    response = client.get(reverse(f"imports:{name}"), {"org": str(unit_id), "format": fmt})
    assert response.status_code == 200, response.content[:500]
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


def import_file(
    tree: Tree, data: bytes, fmt: str, action: str, actor: User | None = None, spec: str = "members"
) -> ImportJob:
    job, _ = services.upload_file(
        actor=actor,
        organization=tree.commune,
        spec=spec,
        file_name=f"xuat.{fmt}",
        data=data,
    )
    return engine.run(job, action, actor=actor)


def state(members: Any) -> dict[str, dict[str, Any]]:
    return {
        row["full_name"]: row for row in Member.objects.filter(pk__in=members).values(*COMPARED)
    }


@pytest.fixture
def admin_client(client_for: Any, province_admin: User) -> Client:
    client: Client = client_for(province_admin)
    return client


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_exported_roll_imports_back_as_unchanged(
    tree: Tree, admin_client: Client, fmt: str
) -> None:
    roll = build_roll(tree, leavers=True)
    data = export(admin_client, "members-export", tree.commune.pk, fmt)

    job = import_file(tree, data, fmt, "check")

    assert job.status == JobStatus.CHECKED, job.message
    assert job.errors == []
    assert job.counts["invalid"] == 0
    assert job.counts["unchanged"] == len(roll.members) == 31, job.counts
    assert job.counts["new"] == job.counts["updated"] == 0


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_importing_the_export_into_a_roll_without_them_recreates_every_record(
    tree: Tree, admin_client: Client, province_admin: User, fmt: str
) -> None:
    with transaction.atomic():
        roll = build_roll(tree)
        before = state([m.pk for m in roll.members])
        data = export(admin_client, "members-export", tree.commune.pk, fmt)
        transaction.set_rollback(True)
    assert not Member.objects.exists()

    job = import_file(tree, data, fmt, "commit", actor=province_admin)

    assert job.status == JobStatus.DONE, (job.message, job.errors[:3])
    assert job.counts["new"] == len(before) == 30
    after = state(Member.objects.values("pk"))
    assert after.keys() == before.keys()
    for name, original in before.items():
        assert after[name] == original, name
    statuses = {row["status"] for row in after.values()}
    assert statuses == {MemberStatus.OFFICIAL, MemberStatus.PROBATIONARY}
    assert any(row["birth_year_only"] for row in after.values())


def test_the_unit_list_imports_back_as_unchanged(tree: Tree, admin_client: Client) -> None:
    for fmt in ("xlsx", "csv"):
        data = export(admin_client, "organizations-export", tree.commune.pk, fmt)

        job = import_file(tree, data, fmt, "check", spec="organizations")

        assert job.status == JobStatus.CHECKED, job.message
        assert job.errors == []
        assert job.counts["unchanged"] == 3  # the commune and its two cells
