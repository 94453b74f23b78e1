"""The member file of bench/imports.py: 100,000 invented members as a real roll's xlsx.

Written once with openpyxl's write-only mode and kept in var/bench/, named after
GENERATOR_VERSION (raise it when the rows change) and the cell codes it spreads the rows over.
The 16 columns are the ones dangbo.imports.specs.members reads, headed as people head them;
names carry their diacritics; CCCD and card numbers are unique and stored as text; dates are
date cells in half the rows and dd/mm/yyyy text in the other half; about 10 % of the members
are still probationary (no official date). The first rows are the same whatever the count, so
the 1,000- and 10,000-row files are the start of the 100,000-row one.
"""

from __future__ import annotations

import hashlib
import random
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from loadtest import ROOT, VAR, log

GENERATOR_VERSION = "2"
REFERENCE_DAY = date(2026, 6, 30)  # every generated date is on or before it
HEADERS = (
    "STT", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Tôn giáo", "Quê quán", "Số CCCD",
    "Số thẻ đảng viên", "Mã chi bộ", "Ngày vào Đảng", "Ngày chính thức", "Lý luận chính trị",
    "Chức vụ Đảng", "Nghề nghiệp", "Điện thoại",
)  # fmt: skip


def _weighted(rng: Any, pairs: tuple[tuple[str, float], ...]) -> str:
    return str(rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0])


ETHNICITIES = (("Kinh", 90.0), ("Khơ-me", 6.0), ("Hoa", 4.0))
RELIGIONS = (
    ("Không", 80.0), ("Phật giáo", 12.0), ("Công giáo", 3.0), ("Cao Đài", 3.0),
    ("Phật giáo Hòa Hảo", 2.0),
)  # fmt: skip
THEORY = (
    ("Sơ cấp", 50.0), ("Trung cấp", 25.0), ("Chưa qua đào tạo", 15.0), ("Cao cấp", 8.0),
    ("Cử nhân", 2.0),
)  # fmt: skip
POSITIONS = (
    ("Đảng viên", 85.0), ("Chi ủy viên", 8.0), ("Phó Bí thư chi bộ", 4.0),
    ("Bí thư chi bộ", 3.0),
)  # fmt: skip
OCCUPATIONS = (
    "Nông dân", "Giáo viên", "Công chức", "Viên chức", "Cán bộ hưu trí", "Công nhân",
    "Buôn bán", "Bác sĩ", "Điều dưỡng", "Kỹ sư", "Bộ đội", "Công an", "Ngư dân", "Kế toán",
)  # fmt: skip
# CCCD province codes other than those of the seeded roll (096 Cà Mau, 095, 020): no clash.
PROVINCES = ("091", "094", "089", "092", "079", "001", "086", "087")


def cell_codes_key(codes: list[str]) -> str:
    return hashlib.sha256("\n".join(codes).encode()).hexdigest()[:10]


def workbook_path(rows: int, codes: list[str]) -> Path:
    return VAR / f"members-v{GENERATOR_VERSION}-{rows}-{cell_codes_key(codes)}.xlsx"


def member_rows(count: int, codes: list[str]) -> Iterator[list[Any]]:
    """The rows of the file, the same first rows whatever `count` is."""
    sys.path.insert(0, str(ROOT))
    from dangbo.core.text import fold
    from dangbo.core.workdays import add_months
    from dangbo.demo.names import CA_MAU_COMMUNES, person_name

    rng = random.Random(f"imports-bench-{GENERATOR_VERSION}")
    # Name, birth date and cell identify a member who has neither card nor CCCD on record:
    # two such rows would be one person to the import, so each triple appears once.
    people: set[tuple[str, date, str]] = set()
    for i in range(count):
        female = rng.random() < 0.38
        probationary = rng.random() < 0.10
        if probationary:
            admitted = REFERENCE_DAY - timedelta(days=rng.randint(30, 330))
            official = None
        else:
            admitted = date(rng.randint(1970, 2024), rng.randint(1, 12), rng.randint(1, 28))
            official = add_months(admitted, 12) + timedelta(days=rng.randint(0, 90))
            if official > REFERENCE_DAY:
                admitted -= timedelta(days=800)
                official -= timedelta(days=800)
        name, code = person_name(rng, female), codes[rng.randrange(len(codes))]
        age = rng.randint(19, 45)
        birth = date(admitted.year - age, rng.randint(1, 12), rng.randint(1, 28))
        while (fold(name), birth, code) in people:
            birth -= timedelta(days=1)
        people.add((fold(name), birth, code))
        kind, commune = CA_MAU_COMMUNES[rng.randrange(len(CA_MAU_COMMUNES))]
        century_sex = (0 if birth.year < 2000 else 2) + (1 if female else 0)
        national_id = (
            f"{PROVINCES[i % len(PROVINCES)]}{century_sex}{birth.year % 100:02d}"
            f"{(i * 7919 + 13) % 1_000_000:06d}"
        )
        yield [
            i + 1,
            name,
            birth,
            "Nữ" if female else "Nam",
            _weighted(rng, ETHNICITIES),
            _weighted(rng, RELIGIONS),
            f"{kind} {commune}, tỉnh Cà Mau",
            national_id,
            f"97{(i * 3571 + 7) % 1_000_000:06d}",
            code,
            admitted,
            official,
            _weighted(rng, THEORY),
            _weighted(rng, POSITIONS),
            rng.choice(OCCUPATIONS),
            f"0{rng.choice('3789')}{rng.randrange(10**8):08d}",
        ]


def write_workbook(path: Path, rows: int, codes: list[str]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Danh sách đảng viên")
    sheet.append(list(HEADERS))
    for row in member_rows(rows, codes):
        as_cells = row[0] % 2 == 1  # half the rows hold real date cells, half typed text
        for index in (2, 10, 11):
            value = row[index]
            if value is None:
                continue
            if as_cells:
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "DD/MM/YYYY"
                row[index] = cell
            else:
                row[index] = value.strftime("%d/%m/%Y")
        sheet.append(row)
    temporary = path.with_suffix(".tmp")
    book.save(temporary)
    temporary.replace(path)


def ensure_workbook(rows: int, codes: list[str]) -> Path:
    path = workbook_path(rows, codes)
    if not path.exists():
        log(f"generating {path.name} ({rows:,} rows)…")
        started = time.perf_counter()
        VAR.mkdir(parents=True, exist_ok=True)
        write_workbook(path, rows, codes)
        log(f"  {path.stat().st_size / 2**20:.1f} MB in {time.perf_counter() - started:.0f} s")
    return path
