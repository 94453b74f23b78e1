"""The three sizes of `seed_demo`: small (by hand, with history), province, national."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from dangbo.demo.bulk import BulkTreeWriter, PlannedUnit
from dangbo.demo.generator import Seeder, national_commune_counts
from dangbo.demo.names import CA_MAU_COMMUNES, HAMLET_NAMES, PROVINCES
from dangbo.demo.plans import (
    CELL_TERM,
    NEW_STRUCTURE,
    OLD_STRUCTURE,
    UPPER_TERM,
    cell_seats,
    seat_plan,
)
from dangbo.orgs import services as org_services
from dangbo.orgs.models import Organization, OrgKind
from dangbo.orgs.services import Decision

CELLS_DECIDED = date(2025, 7, 1)

# The small demo's history: three wards of the former thành phố Cà Mau merged into phường
# An Xuyên on 01/07/2025, when the district level ended. (name, cells)
OLD_WARDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Phường 1", ("Chi bộ khóm 1", "Chi bộ khóm 2")),
    ("Phường 2", ("Chi bộ khóm 1", "Chi bộ khóm 2")),
    ("Phường 9", ("Chi bộ khóm 1",)),
)
# Quarters renumbered after the merger, so phường An Xuyên has one khóm of each number:
# (ward index, cell index) → new name.
RENUMBERED = {(1, 0): "Chi bộ khóm 3", (1, 1): "Chi bộ khóm 4", (2, 0): "Chi bộ khóm 5"}


def cells_decision(number: int) -> Decision:
    """The commune's own decision setting up its cells."""
    return Decision(
        effective_on=NEW_STRUCTURE,
        number=f"{number:02d}-QĐ/ĐU",
        decided_on=CELLS_DECIDED,
        note="Thành lập các chi bộ trực thuộc.",
    )


def seed_small(s: Seeder) -> None:
    """≈ 30 units through the services only, with the 2025 merger in their history."""
    root, province_seats = s.province_root("CM", "tỉnh", "Cà Mau")
    old = Decision(
        effective_on=OLD_STRUCTURE,
        number="",
        note="Dữ liệu mẫu: đơn vị trước sắp xếp tổ chức bộ máy năm 2025.",
    )
    city = s.create(
        root,
        OrgKind.UPPER,
        "Đảng bộ thành phố Cà Mau",
        "CM.TPCM",
        old,
        short_name="Thành ủy Cà Mau",
    )
    wards, old_cells = [], []
    for ward_name, cell_names in OLD_WARDS:
        code = f"CM.TPCM.P{ward_name.split()[-1]}"
        ward = s.create(city, OrgKind.GRASSROOTS_COMMITTEE, f"Đảng bộ {ward_name}", code, old)
        wards.append(ward)
        old_cells.append(
            [
                s.create(ward, OrgKind.CELL, cell, f"{code}.{c:02d}", old)
                for c, cell in enumerate(cell_names, start=1)
            ]
        )

    front, uppers = s.agencies(root, "CM", "tỉnh", "Cà Mau", bulk=False)

    hamlets = s.rng.sample(HAMLET_NAMES, 2)
    own_cells: dict[str, list[tuple[str, str]]] = {
        "An Xuyên": [(OrgKind.GRASSROOTS_CELL, "Chi bộ Trạm Y tế phường An Xuyên")],
        "Lý Văn Lâm": [
            (OrgKind.CELL, "Chi bộ khóm 1"),
            (OrgKind.CELL, "Chi bộ khóm 2"),
            (OrgKind.GRASSROOTS_CELL, "Chi bộ Trường THCS Lý Văn Lâm"),
        ],
        "Đầm Dơi": [
            (OrgKind.CELL, f"Chi bộ ấp {hamlets[0]}"),
            (OrgKind.CELL, f"Chi bộ ấp {hamlets[1]}"),
            (OrgKind.GRASSROOTS_CELL, "Chi bộ Trạm Y tế xã Đầm Dơi"),
        ],
    }
    communes = []
    for index, (word, name) in enumerate(CA_MAU_COMMUNES[:3], start=1):
        code = f"CM.{'P' if word == 'phường' else 'X'}{index:03d}"
        commune = s.create(root, OrgKind.UPPER, f"Đảng bộ {word} {name}", code, s.decision())
        s.committee(commune, UPPER_TERM, seat_plan(s.rng, s.shape.upper_seats))
        units = [
            PlannedUnit(
                kind=kind,
                name=cell,
                code=f"{code}.{c:03d}",
                term=CELL_TERM,
                seats=cell_seats(s.rng),
            )
            for c, (kind, cell) in enumerate(own_cells[name], start=1)
        ]
        s.create_tree(commune, units, cells_decision(index))
        communes.append(commune)
    an_xuyen = communes[0]

    # 01/07/2025: the wards merge into phường An Xuyên, their quarters are renumbered and the
    # district-level đảng bộ ends.
    org_services.merge_organizations(
        actor=None,
        sources=wards,
        target=an_xuyen,
        decision=Decision(
            effective_on=NEW_STRUCTURE,
            number=s.decision().number,
            decided_on=date(2025, 6, 27),
            note="Hợp nhất Phường 1, Phường 2, Phường 9 thành phường An Xuyên.",
        ),
    )
    for (w, c), new_name in RENUMBERED.items():
        org_services.rename_organization(
            actor=None,
            org=old_cells[w][c],
            name=new_name,
            decision=Decision(
                effective_on=NEW_STRUCTURE,
                number="02-QĐ/ĐU",
                decided_on=CELLS_DECIDED,
                note="Đánh số lại các khóm sau khi hợp nhất phường.",
            ),
        )
    org_services.dissolve_organization(
        actor=None,
        org=city,
        decision=Decision(
            effective_on=NEW_STRUCTURE,
            number=s.decision().number,
            decided_on=date(2025, 6, 27),
            note="Kết thúc hoạt động của đảng bộ cấp huyện từ 01/07/2025.",
        ),
    )
    bithu_cell = old_cells[0][0]
    s.link_bithu(bithu_cell)
    for cells in old_cells:
        for cell in cells:
            if cell.pk != bithu_cell.pk:
                s.committee(cell, CELL_TERM, cell_seats(s.rng))
    s.assign(province_seats, uppers + communes)
    s.finish_logins(root, front, bithu_cell)
    s.roll(root)


def seed_province(s: Seeder, communes: int | None = None) -> None:
    """≈ 3,000 units: the top levels through the services, the cells in bulk."""
    root, province_seats = s.province_root("CM", "tỉnh", "Cà Mau")
    front, uppers = s.agencies(root, "CM", "tỉnh", "Cà Mau", bulk=True)
    names = s.commune_names("CM", communes)
    created: list[Organization] = []
    bithu_cell: Organization | None = None
    for index, (word, name) in enumerate(names, start=1):
        plan = s.commune_plan("CM", word, name, index, committees=True)
        commune = s.create(root, plan.kind, plan.name, plan.code, s.decision())
        s.committee(commune, UPPER_TERM, seat_plan(s.rng, s.shape.upper_seats))
        cell_plan = s.bithu_cell_plan(plan) if index == 1 else None
        s.bulk_tree(commune, plan.children, cells_decision(index))
        if cell_plan is not None:
            bithu_cell = Organization.objects.get(code=cell_plan.code)
            s.link_bithu(bithu_cell)
        created.append(commune)
        if index % 10 == 0:
            s.log(f"  … {index}/{len(names)} xã, phường")
    s.assign(province_seats, uppers + created)
    assert bithu_cell is not None
    s.finish_logins(root, front, bithu_cell)
    s.log("  … đảng viên")
    s.roll(root)


def seed_national(
    s: Seeder, commune_limit: int | None = None, provinces: int | None = None
) -> None:
    """≈ 322,000 units and 5.6 million members of 34 provinces, one transaction per province,
    batches of `s.batch_size` rows: memory stays bounded whatever the size. `commune_limit`
    (per province) and `provinces` cut it down (same code path) for tests and trials."""
    counts = national_commune_counts(s.rng)
    chosen = PROVINCES[:provinces] if provinces else PROVINCES
    for number, (code, word, name) in enumerate(chosen, start=1):
        with transaction.atomic():
            root, province_seats = s.province_root(code, word, name)
            front, uppers = s.agencies(root, code, word, name, bulk=True)
            count = None if code == "CM" else counts[code]
            if commune_limit is not None:
                count = min(commune_limit, count or commune_limit)
            names = s.commune_names(code, count)
            bithu_code = ""
            decision = s.decision()
            with_committees = s.shape.cell_committees
            with BulkTreeWriter(
                actor=None,
                parent=root,
                decision=decision,
                batch_size=s.batch_size,
                stats=s.result.bulk,
            ) as writer:
                for index, (kind_word, commune_name) in enumerate(names, start=1):
                    plan = s.commune_plan(code, kind_word, commune_name, index, with_committees)
                    plan.term, plan.seats = UPPER_TERM, seat_plan(s.rng, s.shape.upper_seats)
                    if code == "CM" and index == 1:
                        bithu_code = s.bithu_cell_plan(plan).code
                    writer.add(plan)
            communes = list(
                Organization.objects.filter(path__startswith=root.path, depth=2)
                .exclude(pk__in=[u.pk for u in uppers])
                .order_by("path")
            )
            s.assign(province_seats, uppers + communes)
            if code == "CM":
                bithu_cell = Organization.objects.get(code=bithu_code)
                s.link_bithu(bithu_cell)
                s.finish_logins(root, front, bithu_cell)
            s.roll(root)
        s.log(f"  … {number}/{len(chosen)} {word} {name}: {len(names)} xã, phường")
